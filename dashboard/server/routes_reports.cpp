// The periodic reports (routes.hpp): the same report as `alertctl report`, over the officer's
// unit's connection (so its read scope holds), as HTML to read in a tab, or PDF, Excel, CSV
// (one table) or Markdown to download.
#include <spdlog/spdlog.h>

#include "alertbus/logging/log_format.hpp"
#include "alertbus/protocol/clock.hpp"
#include "alertctl/report_build.hpp"
#include "dashboard_app.hpp"
#include "http_support.hpp"
#include "route_support.hpp"
#include "routes.hpp"

namespace alertbus::dashboard {
namespace {

// The HTML report carries its own stylesheet inline and no script: it may style itself and
// nothing else.
constexpr const char* kReportPolicy =
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'none'";

void report(const Officer& officer, const httplib::Request& request, httplib::Response& response) {
  const std::string format =
      request.has_param("format") ? request.get_param_value("format") : "html";
  if (format != "html" && format != "md" && format != "csv" && format != "pdf" &&
      format != "xlsx") {
    send_error(response, 422, "INVALID_VALUE", "Định dạng báo cáo: html, pdf, xlsx, csv hoặc md",
               "Report format: html, pdf, xlsx, csv or md", "format");
    return;
  }
  StatusOr<alertctl::ReportPeriod> period =
      alertctl::parse_period(request.get_param_value("period"));
  if (!period.ok()) {
    send_error(response, 422, "INVALID_VALUE", period.status().message_vi(),
               period.status().message(), "period");
    return;
  }
  // The unit's own report (what it sent and received), or the whole network's.
  const std::string unit =
      request.get_param_value("scope") == "unit" ? officer.viewer.unit_id : std::string();
  std::optional<alertctl::Report> built;
  const Status status = officer.gateway->with_client([&](client::Client& client) {
    StatusOr<alertctl::Report> answer =
        alertctl::build_report(client, *period, protocol::now_unix_ms(), unit);
    if (answer.ok()) {
      built = std::move(answer).value();
    }
    return answer.status();
  });
  if (!status.ok()) {
    send_status(response, status);
    return;
  }
  const Language language = request_language(request);
  const std::string name = "bao-cao-" + period->label;
  const logging::LogSubject subject(logging::Field::kPrincipal, officer.user);
  spdlog::info("dashboard: {} ({}) made the report {} {} ({})", officer.user, officer.name,
               period->label, unit.empty() ? "of the network" : unit, format);
  if (format == "html") {
    response.set_header("Content-Security-Policy", kReportPolicy);
    response.set_content(alertctl::report_html(*built, language), "text/html; charset=utf-8");
    return;
  }
  if (format == "md") {
    response.set_header("Content-Disposition", "attachment; filename=\"" + name + ".md\"");
    response.set_content(alertctl::report_markdown(*built, language),
                         "text/markdown; charset=utf-8");
    return;
  }
  if (format == "csv") {
    const std::string table =
        request.has_param("table") ? request.get_param_value("table") : "alerts";
    StatusOr<std::string> csv = alertctl::report_csv(*built, language, table);
    if (!csv.ok()) {
      send_error(response, 422, "INVALID_VALUE", csv.status().message_vi(), csv.status().message(),
                 "table");
      return;
    }
    response.set_header("Content-Disposition",
                        "attachment; filename=\"" + name + "-" + table + ".csv\"");
    response.set_content(*csv, "text/csv; charset=utf-8");
    return;
  }
  StatusOr<std::string> document = format == "pdf" ? alertctl::report_pdf(*built, language)
                                                   : alertctl::report_xlsx(*built, language);
  if (!document.ok()) {
    send_status(response, document.status());
    return;
  }
  response.set_header("Content-Disposition",
                      "attachment; filename=\"" + name + "." + format + "\"");
  response.set_content(*document, format == "pdf" ? "application/pdf"
                                                  : "application/vnd.openxmlformats-officedocument."
                                                    "spreadsheetml.sheet");
}

}  // namespace

void add_report_routes(httplib::Server& server, DashboardApp& app) {
  server.Get(
      "/api/report",
      with_officer(app, [](const Officer& officer, const httplib::Request& request,
                           httplib::Response& response) { report(officer, request, response); }));
}

}  // namespace alertbus::dashboard
