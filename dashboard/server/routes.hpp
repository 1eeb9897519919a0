// The HTTP routes of alertbus-dashboard (docs/DASHBOARD.md), one file per group:
//   routes_session.cpp  login, logout, me
//   routes_cases.cpp    vocabulary, inbox, cases, an alert's page, read marks
//   routes_actions.cpp  forms, posting an alert, acting on one
//   routes_live.cpp     the live stream (SSE) and the network
//   routes_export.cpp   CSV, GeoJSON and CAP
//   routes_reports.cpp  the periodic reports
//   routes_pages.cpp    the pages and static files, the security headers, 503 beyond the cap
// Threading: handlers run on the HTTP workers.
#pragma once

#include <httplib.h>

namespace alertbus::dashboard {

class DashboardApp;
struct Officer;

void add_routes(httplib::Server& server, DashboardApp& app);

void add_session_routes(httplib::Server& server, DashboardApp& app);
void add_case_routes(httplib::Server& server, DashboardApp& app);
void add_action_routes(httplib::Server& server, DashboardApp& app);
void add_live_routes(httplib::Server& server, DashboardApp& app);
void add_export_routes(httplib::Server& server, DashboardApp& app);
void add_report_routes(httplib::Server& server, DashboardApp& app);
void add_page_routes(httplib::Server& server, DashboardApp& app);

}  // namespace alertbus::dashboard
