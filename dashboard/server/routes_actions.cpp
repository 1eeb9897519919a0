// Posting and acting: a kind's form, a new alert, a follow-up on an alert (routes.hpp). Every
// action is a signed event published with the officer's unit key; what the broker refuses
// comes back with its rule and field, in both languages, and every action, done or refused,
// is logged with the officer's name.
#include <spdlog/spdlog.h>

#include "alertbus/logging/log_format.hpp"
#include "alertctl/names.hpp"
#include "dashboard_app.hpp"
#include "http_support.hpp"
#include "route_support.hpp"
#include "routes.hpp"
#include "view/follow_up.hpp"
#include "view/form_schema.hpp"
#include "view/new_alert.hpp"

namespace alertbus::dashboard {
namespace {

constexpr std::chrono::seconds kPublishWait{10};

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void log_action(DashboardApp& app, const Officer& officer, const std::string& action,
                const std::string& reference, const std::string& outcome) {
  ActionRecord record;
  record.at_ms = now_ms();
  record.user = officer.user;
  record.officer_name = officer.name;
  record.unit = officer.viewer.unit_id;
  record.action = action;
  record.reference = reference;
  record.outcome = outcome;
  const logging::LogSubject subject(logging::Field::kPrincipal, officer.user);
  if (const StatusOr<std::int64_t> logged = app.store().log_action(record); !logged.ok()) {
    spdlog::error("dashboard: action not logged: {}", logged.status().to_string());
  }
  spdlog::info("dashboard: {} ({}, {}) {} {}: {}", officer.user, officer.name,
               officer.viewer.unit_id, action, reference.empty() ? "-" : reference, outcome);
}

// Publishes and answers: the broker's acknowledgement, or its refusal with rule and field.
std::optional<v1::PublishAck> publish(DashboardApp& app, const Officer& officer, v1::Event event,
                                      const std::string& action, const std::string& reference,
                                      httplib::Response& response) {
  StatusOr<v1::PublishAck> ack = officer.gateway->publish(std::move(event), kPublishWait);
  if (!ack.ok()) {
    log_action(app, officer, action, reference, "refused: " + ack.status().to_string());
    send_status(response, ack.status());
    return std::nullopt;
  }
  log_action(app, officer, action, ack->reference().empty() ? reference : ack->reference(),
             ack->duplicate() ? "stored before" : "stored");
  return std::move(ack).value();
}

void form_of(const httplib::Request& request, httplib::Response& response) {
  const std::optional<int> kind =
      alertctl::parse_name(alertctl::Vocabulary::kKind, request.matches[1].str());
  if (!kind || *kind == v1::ALERT_KIND_UNSPECIFIED) {
    send_error(response, 404, "NOT_FOUND", "Không có loại cảnh báo này", "No such alert kind");
    return;
  }
  send_json(response, 200, form(static_cast<v1::AlertKind>(*kind), request_language(request)));
}

void post_alert(DashboardApp& app, const Officer& officer, const httplib::Request& request,
                httplib::Response& response) {
  const std::optional<nlohmann::json> body = json_body(request, response);
  if (!body) {
    return;
  }
  Checked<v1::Event> made = new_alert_event(*body, officer.viewer, app.areas());
  if (!made.ok()) {
    log_action(app, officer, "post", "", "invalid: " + errors_json(made.errors).dump());
    send_field_errors(response, made.errors);
    return;
  }
  const std::optional<v1::PublishAck> ack =
      publish(app, officer, std::move(*made.value), "post", "", response);
  if (ack) {
    send_json(response, 201, nlohmann::json{{"reference", ack->reference()}});
  }
}

void act(DashboardApp& app, const Officer& officer, const httplib::Request& request,
         httplib::Response& response) {
  const std::string reference = request.matches[1];
  const std::optional<nlohmann::json> body = json_body(request, response);
  if (!body) {
    return;
  }
  const std::optional<AlertCaseEvents> found = alert_case_events(officer, reference, response);
  if (!found) {
    return;
  }
  const std::string type = body->value("type", "");
  Checked<v1::Event> event =
      follow_up_event(*body, found->alert_case, found->events, officer.viewer, *app.names());
  if (!event.ok()) {
    log_action(app, officer, type, reference, "refused: " + errors_json(event.errors).dump());
    send_field_errors(response, event.errors);
    return;
  }
  const std::optional<v1::PublishAck> ack =
      publish(app, officer, std::move(*event.value), type, reference, response);
  if (ack) {
    send_json(response, 200,
              nlohmann::json{{"reference", reference}, {"type", type}, {"seq", ack->seq()}});
  }
}

}  // namespace

void add_action_routes(httplib::Server& server, DashboardApp& app) {
  server.Get(R"(/api/forms/([a-z-]{1,40}))",
             with_officer(app, [](const Officer&, const httplib::Request& request,
                                  httplib::Response& response) { form_of(request, response); }));
  server.Post("/api/alerts",
              with_officer(app, [&app](const Officer& officer, const httplib::Request& request,
                                       httplib::Response& response) {
                post_alert(app, officer, request, response);
              }));
  server.Post(R"(/api/alerts/([A-Za-z0-9-]{1,40})/actions)",
              with_officer(app, [&app](const Officer& officer, const httplib::Request& request,
                                       httplib::Response& response) {
                act(app, officer, request, response);
              }));
}

}  // namespace alertbus::dashboard
