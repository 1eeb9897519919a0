// Exports: the filtered view as CSV (for a spreadsheet) and GeoJSON (for a GIS), and one
// alert as a CAP 1.2 document (routes.hpp).
#include "alertbus/client/cap.hpp"
#include "dashboard_app.hpp"
#include "http_support.hpp"
#include "route_support.hpp"
#include "routes.hpp"
#include "view/alert_page.hpp"
#include "view/case_item.hpp"
#include "view/export.hpp"

namespace alertbus::dashboard {
namespace {

// Cases in one export at most (pages of the broker's 1,000).
constexpr std::size_t kExportMax = 20000;

// The filtered view's cases as the pages show them (CaseItem, with the places the case
// projection keeps), or the failure answered.
std::optional<nlohmann::ordered_json> all_filtered(DashboardApp& app, const Officer& officer,
                                                   const httplib::Request& request,
                                                   httplib::Response& response) {
  std::optional<v1::CaseQuery> query = filters_of(request, response, app.areas());
  if (!query) {
    return std::nullopt;
  }
  query->set_page_size(1000);
  std::vector<v1::AlertCase> cases;
  const Status status = officer.gateway->with_client([&](client::Client& client) {
    StatusOr<std::vector<v1::AlertCase>> answer = client.all_cases(*query, kExportMax);
    if (answer.ok()) {
      cases = std::move(answer).value();
    }
    return answer.status();
  });
  if (!status.ok()) {
    send_status(response, status);
    return std::nullopt;
  }
  const std::shared_ptr<const alertctl::Names> names = app.names();
  const Language language = request_language(request);
  nlohmann::ordered_json items = nlohmann::ordered_json::array();
  for (const v1::AlertCase& alert_case : cases) {
    items.push_back(case_item(alert_case, officer.viewer, *names, language, false, 0, app.areas()));
  }
  return items;
}

void attachment(httplib::Response& response, const std::string& name) {
  response.set_header("Content-Disposition", "attachment; filename=\"" + name + "\"");
}

void cap_of(DashboardApp& app, const Officer& officer, const httplib::Request& request,
            httplib::Response& response) {
  const std::string reference = request.matches[1];
  std::optional<v1::StoredEvent> stored;
  const Status status = officer.gateway->with_client([&](client::Client& client) {
    StatusOr<v1::StoredEvent> answer = client.get_by_reference(reference);
    if (answer.ok()) {
      stored = std::move(answer).value();
    }
    return answer.status();
  });
  if (!status.ok()) {
    send_status(response, status);
    return;
  }
  v1::Event event;
  if (!event.ParseFromString(stored->event())) {
    send_error(response, 500, "INTERNAL", "Không đọc được sự kiện đã lưu",
               "The stored event cannot be read");
    return;
  }
  client::CapContext context;
  context.sender_name = app.names()->unit(event.sender_unit());
  attachment(response, reference + ".xml");
  response.set_content(client::to_cap(*stored, event, context), "application/xml; charset=utf-8");
}

}  // namespace

void add_export_routes(httplib::Server& server, DashboardApp& app) {
  server.Get("/api/export/cases.csv",
             with_officer(app, [&app](const Officer& officer, const httplib::Request& request,
                                      httplib::Response& response) {
               if (auto items = all_filtered(app, officer, request, response)) {
                 attachment(response, "canh-bao.csv");
                 response.set_content(cases_csv(*items, request_language(request)),
                                      "text/csv; charset=utf-8");
               }
             }));
  server.Get("/api/export/cases.geojson",
             with_officer(app, [&app](const Officer& officer, const httplib::Request& request,
                                      httplib::Response& response) {
               if (auto items = all_filtered(app, officer, request, response)) {
                 attachment(response, "canh-bao.geojson");
                 response.set_content(cases_geojson(*items).dump(),
                                      "application/geo+json; charset=utf-8");
               }
             }));
  server.Get(R"(/api/alerts/([A-Za-z0-9-]{1,40})/cap\.xml)",
             with_officer(app, [&app](const Officer& officer, const httplib::Request& request,
                                      httplib::Response& response) {
               cap_of(app, officer, request, response);
             }));
}

}  // namespace alertbus::dashboard
