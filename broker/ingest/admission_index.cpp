#include "ingest/admission_index.hpp"

#include <algorithm>

#include "alertbus/protocol/casework.hpp"

namespace alertbus::broker {

v1::AlertState AdmissionIndex::next_state(const std::string& alert_event_id, const Alert& alert,
                                          const v1::Event& follow_up) {
  v1::AlertCase alert_case;
  alert_case.set_event_id(alert_event_id);
  alert_case.set_sender_unit(alert.sender_unit);
  alert_case.set_origin_node(alert.origin_node);
  alert_case.set_state(alert.state);
  return protocol::next_state(alert_case, follow_up);
}

StatusOr<std::optional<AdmissionIndex::Alert>> AdmissionIndex::find(
    const std::string& alert_event_id) {
  if (auto found = alerts_.find(alert_event_id); found != alerts_.end()) {
    return std::optional<Alert>(found->second.alert);
  }
  if (Status status = log_.read_case_events(alert_event_id, 0, &rows_); !status.ok()) {
    return status;
  }
  const auto alert_row = std::find_if(
      rows_.begin(), rows_.end(), [](const LogRow& row) { return row.stored.type() == v1::ALERT; });
  Entry entry;
  v1::Event event;
  if (alert_row == rows_.end() || !event.ParseFromString(alert_row->stored.event())) {
    // Only follow-ups (their alert is on its way over another link), or nothing.
    return std::optional<Alert>();
  }
  entry.alert.kind = event.kind();
  entry.alert.severity = event.severity();
  entry.alert.area_codes = alert_row->area_codes;
  entry.alert.sender_unit = event.sender_unit();
  entry.alert.origin_node = alert_row->stored.origin().node();
  entry.alert.sent_at_ms = to_unix_ms(event.sent_at());
  for (const LogRow& row : rows_) {
    entry.read_through = std::max(entry.read_through, row.stored.seq());
    if (row.stored.type() != v1::ALERT && event.ParseFromString(row.stored.event())) {
      entry.alert.state = next_state(alert_event_id, entry.alert, event);
    }
  }
  if (alerts_.size() >= capacity_) {
    alerts_.clear();
  }
  const Alert alert = entry.alert;
  alerts_.emplace(alert_event_id, std::move(entry));
  return std::optional<Alert>(alert);
}

void AdmissionIndex::committed(const LogRow& row) {
  const v1::EventType type = row.stored.type();
  if (alerts_.empty() || type == v1::ALERT || type == v1::RECEIPT || type == v1::OVERDUE ||
      row.id_conflict) {
    // Notices change no state; an alert enters the index when first asked for; an event
    // under an id an earlier one holds is in no case.
    return;
  }
  v1::Event event;
  if (!event.ParseFromString(row.stored.event())) {
    return;
  }
  auto found = alerts_.find(event.follow_up().alert_event_id());
  if (found == alerts_.end() || row.stored.seq() <= found->second.read_through) {
    return;
  }
  Entry& entry = found->second;
  entry.alert.state = next_state(found->first, entry.alert, event);
  entry.read_through = row.stored.seq();
}

}  // namespace alertbus::broker
