// CaseItem and Receiver (case_item.hpp).
#include "dashboard/view/case_item.hpp"

#include <algorithm>

namespace alertbus::dashboard {
namespace {

using protocol::Vocabulary;

json unit_or_null(const std::string& id, const alertctl::Names& names) {
  return id.empty() ? json(nullptr) : unit_ref(id, names);
}

}  // namespace

bool waiting_for(const v1::AlertCase& alert_case, const Viewer& viewer) {
  if (alert_case.state() != v1::ALERT_ACTIVE && alert_case.state() != v1::ALERT_STABLE) {
    return false;
  }
  if (std::find(viewer.kinds.begin(), viewer.kinds.end(), alert_case.kind()) ==
      viewer.kinds.end()) {
    return false;
  }
  return std::any_of(alert_case.receivers().begin(), alert_case.receivers().end(),
                     [&](const v1::ReceiverCase& receiver) {
                       return receiver.node() == viewer.node_id &&
                              receiver.state() < v1::RECEIVER_ACKNOWLEDGED;
                     });
}

json receiver_json(const v1::ReceiverCase& receiver, const alertctl::Names& names,
                   Language language) {
  return json{
      {"node", node_ref(receiver.node(), names)},
      {"state", named(Vocabulary::kReceiverState, receiver.state(), language)},
      {"delivered_at", iso_time(receiver.delivered_at(), receiver.has_delivered_at())},
      {"acknowledged_at", iso_time(receiver.acknowledged_at(), receiver.has_acknowledged_at())},
      {"acknowledged_by", unit_or_null(receiver.acknowledged_by(), names)},
      {"action_taken_at", iso_time(receiver.action_taken_at(), receiver.has_action_taken_at())},
      {"action_taken_by", unit_or_null(receiver.action_taken_by(), names)},
      {"closed_at", iso_time(receiver.closed_at(), receiver.has_closed_at())},
      {"acknowledge_due", iso_time(receiver.acknowledge_due(), receiver.has_acknowledge_due())},
      {"due_text",
       vietnam_text(receiver.acknowledge_due(), receiver.has_acknowledge_due(), language)},
      {"overdue", receiver.overdue()},
  };
}

json case_item(const v1::AlertCase& alert_case, const Viewer& viewer, const alertctl::Names& names,
               Language language, bool unread, std::uint64_t position,
               const protocol::AreaTable* areas) {
  json area_list = json::array();
  for (const v1::Area& area : alert_case.areas()) {
    area_list.push_back(area_json(area, areas, language));
  }
  json snippet = json::array();
  for (const v1::TextSpan& span : alert_case.snippet()) {
    snippet.push_back(json{{"text", span.text()}, {"match", span.match()}});
  }
  json points = json::array();
  for (const v1::GeoPoint& point : alert_case.points()) {
    points.push_back(json{{"lat", point.latitude()}, {"lon", point.longitude()}});
  }
  json receivers = json::array();
  for (const v1::ReceiverCase& receiver : alert_case.receivers()) {
    receivers.push_back(receiver_json(receiver, names, language));
  }
  return json{
      {"reference", alert_case.reference()},
      {"kind", named(Vocabulary::kKind, alert_case.kind(), language)},
      {"severity", named(Vocabulary::kSeverity, alert_case.severity(), language)},
      {"state", named(Vocabulary::kAlertState, alert_case.state(), language)},
      {"title", alert_case.title()},
      {"sent_at", iso_time(alert_case.sent_at(), alert_case.has_sent_at())},
      {"sent_text", vietnam_text(alert_case.sent_at(), alert_case.has_sent_at(), language)},
      {"origin", node_ref(alert_case.origin_node(), names)},
      {"sender", unit_ref(alert_case.sender_unit(), names)},
      {"areas", std::move(area_list)},
      {"points", std::move(points)},
      {"points_left_out", alert_case.points_left_out()},
      {"border_distance_km",
       alert_case.border_distance_km() > 0 ? json(alert_case.border_distance_km()) : json(nullptr)},
      {"overdue", alert_case.overdue()},
      {"waiting_for_me", waiting_for(alert_case, viewer)},
      {"unread", unread},
      {"danger_level", alert_case.danger_level()},
      {"follow_up_count", alert_case.follow_up_count()},
      {"last_event_at", iso_time(alert_case.last_event_at(), alert_case.has_last_event_at())},
      {"snippet", std::move(snippet)},
      {"receivers", std::move(receivers)},
      {"position", position},
  };
}

}  // namespace alertbus::dashboard
