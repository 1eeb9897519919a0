// Shared pieces of the routes (route_support.hpp).
#include "route_support.hpp"

#include <utility>

#include "http_support.hpp"
#include "view/filters.hpp"

namespace alertbus::dashboard {

httplib::Server::Handler with_officer(DashboardApp& app, OfficerHandler handler) {
  return [&app, handler = std::move(handler)](const httplib::Request& request,
                                              httplib::Response& response) {
    if (const std::optional<Officer> officer = app.require_officer(request, response)) {
      handler(*officer, request, response);
    }
  };
}

std::optional<v1::CaseQuery> filters_of(const httplib::Request& request,
                                        httplib::Response& response,
                                        const protocol::AreaTable* areas) {
  Checked<v1::CaseQuery> query = case_query(request.params, areas);
  if (!query.ok()) {
    send_field_errors(response, query.errors);
    return std::nullopt;
  }
  return std::move(*query.value);
}

std::optional<v1::CaseList> query_cases(const Officer& officer, const v1::CaseQuery& query,
                                        httplib::Response& response) {
  std::optional<v1::CaseList> list;
  const Status status = officer.gateway->with_client([&](client::Client& client) {
    StatusOr<v1::CaseList> answer = client.cases(query);
    if (answer.ok()) {
      list = std::move(answer).value();
    }
    return answer.status();
  });
  if (!status.ok()) {
    send_status(response, status);
    return std::nullopt;
  }
  return list;
}

std::optional<AlertCaseEvents> alert_case_events(const Officer& officer,
                                                 const std::string& reference,
                                                 httplib::Response& response) {
  v1::CaseQuery query;
  query.set_reference(reference);
  std::optional<v1::CaseList> list = query_cases(officer, query, response);
  if (!list) {
    return std::nullopt;
  }
  if (list->cases().empty()) {
    send_error(response, 404, "NOT_FOUND", "Không có cảnh báo " + reference,
               "No alert " + reference);
    return std::nullopt;
  }
  AlertCaseEvents found;
  found.alert_case = list->cases(0);
  const Status status = officer.gateway->with_client([&](client::Client& client) {
    StatusOr<std::vector<v1::StoredEvent>> answer = client.case_events(reference);
    if (answer.ok()) {
      found.events = std::move(answer).value();
    }
    return answer.status();
  });
  if (!status.ok()) {
    send_status(response, status);
    return std::nullopt;
  }
  return found;
}

}  // namespace alertbus::dashboard
