// Reading: the pick-lists, the inbox, the case list, an alert's page, read marks (routes.hpp).
#include <algorithm>
#include <unordered_set>

#include "dashboard_app.hpp"
#include "http_support.hpp"
#include "route_support.hpp"
#include "routes.hpp"
#include "view/alert_page.hpp"
#include "view/case_item.hpp"
#include "view/filters.hpp"
#include "view/vocabulary_json.hpp"

namespace alertbus::dashboard {
namespace {

// Open alerts looked through for "waiting for my acknowledgement", newest first.
constexpr std::uint32_t kWaitingScan = 1000;
// Of those, the newest sent with the inbox (the count covers them all): an officer with a
// thousand alerts waiting narrows them with the filters, and the answer stays small.
constexpr std::size_t kWaitingShown = 100;

// The references among `cases` the officer has not read.
std::unordered_set<std::string> unread_of(DashboardApp& app, const Officer& officer,
                                          const std::vector<const v1::AlertCase*>& cases) {
  std::vector<std::string> references;
  for (const v1::AlertCase* alert_case : cases) {
    references.push_back(alert_case->reference());
  }
  StatusOr<std::vector<std::string>> read_list = app.store().read_set(officer.user, references);
  std::unordered_set<std::string> read;
  if (read_list.ok()) {
    read.insert(read_list.value().begin(), read_list.value().end());
  }
  std::unordered_set<std::string> unread;
  for (std::string& reference : references) {
    if (!read.contains(reference)) {
      unread.insert(std::move(reference));
    }
  }
  return unread;
}

// The pages' CaseItems of the first `limit` of `cases`.
nlohmann::ordered_json items(DashboardApp& app, const Officer& officer,
                             const std::vector<const v1::AlertCase*>& cases, Language language,
                             std::uint64_t position, const std::unordered_set<std::string>& unread,
                             std::size_t limit = SIZE_MAX) {
  const std::shared_ptr<const alertctl::Names> names = app.names();
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (std::size_t i = 0; i < cases.size() && i < limit; ++i) {
    const v1::AlertCase& alert_case = *cases[i];
    list.push_back(case_item(alert_case, officer.viewer, *names, language,
                             unread.contains(alert_case.reference()), position, app.areas()));
  }
  return list;
}

void inbox(DashboardApp& app, const Officer& officer, const httplib::Request& request,
           httplib::Response& response) {
  std::optional<v1::CaseQuery> query = filters_of(request, response, app.areas());
  if (!query) {
    return;
  }
  const std::uint64_t position = officer.feed->head();
  std::optional<v1::CaseList> feed = query_cases(officer, *query, response);
  if (!feed) {
    return;
  }
  // Waiting for my acknowledgement: the open alerts of the unit's kinds from the other nodes
  // that my province has not acknowledged, with the first page of the feed.
  // Hold the shared directory while its nodes are read.
  const std::shared_ptr<const DirectoryNames> directory = app.directory();
  std::vector<std::string> other_nodes;
  for (const v1::Directory::Node& node : directory->directory.nodes()) {
    if (node.id() != officer.viewer.node_id) {
      other_nodes.push_back(node.id());
    }
  }
  const std::optional<v1::CaseQuery> open =
      waiting_query(*query, officer.viewer.kinds, other_nodes, kWaitingScan);
  std::vector<v1::AlertCase> waiting_cases;
  bool waiting_scan_full = false;  // More open alerts than one scan reads: the count is "N+".
  if (open) {
    std::optional<v1::CaseList> open_cases = query_cases(officer, *open, response);
    if (!open_cases) {
      return;
    }
    waiting_scan_full = !open_cases->next_page_token().empty();
    for (v1::AlertCase& alert_case : *open_cases->mutable_cases()) {
      if (waiting_for(alert_case, officer.viewer)) {
        waiting_cases.push_back(std::move(alert_case));
      }
    }
  }
  std::vector<const v1::AlertCase*> waiting;
  for (const v1::AlertCase& alert_case : waiting_cases) {
    waiting.push_back(&alert_case);
  }
  std::vector<const v1::AlertCase*> latest;
  for (const v1::AlertCase& alert_case : feed->cases()) {
    latest.push_back(&alert_case);
  }
  // The count covers every waiting alert found (a case both waiting and in the feed once);
  // the list, the newest kWaitingShown of them.
  std::vector<const v1::AlertCase*> all = waiting;
  all.insert(all.end(), latest.begin(), latest.end());
  const std::unordered_set<std::string> unread = unread_of(app, officer, all);
  const Language language = request_language(request);
  nlohmann::ordered_json answer;
  answer["waiting"] = items(app, officer, waiting, language, position, unread, kWaitingShown);
  answer["waiting_total"] = waiting.size();
  answer["waiting_more"] = waiting_scan_full;
  answer["feed"] = items(app, officer, latest, language, position, unread);
  answer["next_page"] = feed->next_page_token();
  answer["unread"] = unread.size();
  answer["position"] = std::max<std::uint64_t>(position, feed->as_of_seq());
  send_json(response, 200, answer);
}

void cases(DashboardApp& app, const Officer& officer, const httplib::Request& request,
           httplib::Response& response) {
  std::optional<v1::CaseQuery> query = filters_of(request, response, app.areas());
  if (!query) {
    return;
  }
  const std::uint64_t position = officer.feed->head();
  std::optional<v1::CaseList> list = query_cases(officer, *query, response);
  if (!list) {
    return;
  }
  std::vector<const v1::AlertCase*> found;
  for (const v1::AlertCase& alert_case : list->cases()) {
    found.push_back(&alert_case);
  }
  nlohmann::ordered_json answer;
  answer["cases"] = items(app, officer, found, request_language(request), position,
                          unread_of(app, officer, found));
  answer["next_page"] = list->next_page_token();
  answer["position"] = std::max<std::uint64_t>(position, list->as_of_seq());
  send_json(response, 200, answer);
}

void alert(DashboardApp& app, const Officer& officer, const httplib::Request& request,
           httplib::Response& response) {
  const std::optional<AlertCaseEvents> found =
      alert_case_events(officer, request.matches[1], response);
  if (found) {
    send_json(response, 200,
              alert_page(found->alert_case, found->events, officer.viewer, *app.names(),
                         request_language(request), app.areas()));
  }
}

}  // namespace

void add_case_routes(httplib::Server& server, DashboardApp& app) {
  server.Get(
      "/api/vocabulary", with_officer(app, [&app](const Officer&, const httplib::Request& request,
                                                  httplib::Response& response) {
        send_json(response, 200,
                  vocabulary(request_language(request), app.areas(), app.directory()->directory));
      }));
  server.Get("/api/inbox",
             with_officer(app, [&app](const Officer& officer, const httplib::Request& request,
                                      httplib::Response& response) {
               inbox(app, officer, request, response);
             }));
  server.Get("/api/cases",
             with_officer(app, [&app](const Officer& officer, const httplib::Request& request,
                                      httplib::Response& response) {
               cases(app, officer, request, response);
             }));
  server.Get(R"(/api/alerts/([A-Za-z0-9-]{1,40}))",
             with_officer(app, [&app](const Officer& officer, const httplib::Request& request,
                                      httplib::Response& response) {
               alert(app, officer, request, response);
             }));
  server.Post(R"(/api/alerts/([A-Za-z0-9-]{1,40})/read)",
              with_officer(app, [&app](const Officer& officer, const httplib::Request& request,
                                       httplib::Response& response) {
                const Status marked = app.store().mark_read(officer.user, request.matches[1].str(),
                                                            std::chrono::system_clock::now());
                if (!marked.ok()) {
                  send_status(response, marked);
                  return;
                }
                response.status = 204;
              }));
}

}  // namespace alertbus::dashboard
