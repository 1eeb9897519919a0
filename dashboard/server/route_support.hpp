// What several route files share: a handler that first finds the request's officer, and a
// case query or a case's events through the officer's unit.
//
// Threading: handlers run on the HTTP workers.
#pragma once

#include <functional>
#include <httplib.h>
#include <optional>
#include <vector>

#include "alertbus/v1/frame.pb.h"

#include "dashboard_app.hpp"

namespace alertbus::dashboard {

using OfficerHandler =
    std::function<void(const Officer&, const httplib::Request&, httplib::Response&)>;

// A handler that answers 401 without a session (403 for a POST without its CSRF token) and
// otherwise calls `handler` with the officer.
httplib::Server::Handler with_officer(DashboardApp& app, OfficerHandler handler);

// The filters of the request's query string as a case query, or the 422 answered.
std::optional<v1::CaseQuery> filters_of(const httplib::Request& request,
                                        httplib::Response& response,
                                        const protocol::AreaTable* areas);

// One page of cases at the officer's unit, or the failure answered.
std::optional<v1::CaseList> query_cases(const Officer& officer, const v1::CaseQuery& query,
                                        httplib::Response& response);

// The case of one alert by reference and its events, or the failure answered (404 when the
// node does not hold it, or the unit may not read it).
struct AlertCaseEvents {
  v1::AlertCase alert_case;
  std::vector<v1::StoredEvent> events;
};

std::optional<AlertCaseEvents> alert_case_events(const Officer& officer,
                                                 const std::string& reference,
                                                 httplib::Response& response);

}  // namespace alertbus::dashboard
