#include "ingest.hpp"

#include "alertbus/protocol/codec.hpp"
#include "alertbus/protocol/validation.hpp"

namespace alertbus::broker {

StatusOr<NewEvent> Ingest::prepare(v1::Publish& publish, std::int64_t now_ms) {
  auto decoded = protocol::decode_event(publish.event(), max_event_bytes_);
  if (!decoded.ok()) {
    return decoded.status();
  }
  const v1::Event& event = decoded.value();
  protocol::ValidationOptions options;
  options.now_unix_ms = now_ms;
  if (Status status = protocol::validate_event(event, options); !status.ok()) {
    return status;
  }
  NewEvent prepared;
  prepared.event_id = event.event_id();
  prepared.event_bytes = std::move(*publish.mutable_event());
  prepared.signature = std::move(*publish.mutable_signature());
  prepared.facts = facts_of(event);
  if (event.type() != v1::ALERT) {
    if (Status status = check_follow_up(&prepared.facts); !status.ok()) {
      return status;
    }
  }
  return prepared;
}

void Ingest::alert_in_flight(const NewEvent& alert) {
  if (alert.facts.type == v1::ALERT) {
    in_flight_alerts_[alert.event_id] =
        AlertFacts{alert.facts.kind, alert.facts.severity, alert.facts.area_codes};
  }
}

Status Ingest::check_follow_up(EventFacts* facts) {
  AlertFacts alert{};
  if (auto pending = in_flight_alerts_.find(facts->alert_event_id);
      pending != in_flight_alerts_.end()) {
    alert = pending->second;
  } else {
    auto found = reader_.find_by_id(facts->alert_event_id);
    if (!found.ok()) {
      return found.status();
    }
    const std::optional<LogRow>& row = found.value();
    if (!row || row->stored.type() != v1::ALERT) {
      return Status::error(
          v1::UNKNOWN_REFERENCE,
          "follow-up refers to alert " + facts->alert_event_id + ", which this node does not hold",
          "thông tin tiếp theo tham chiếu đến cảnh báo " + facts->alert_event_id +
              " không có trên nút này",
          "follow_up.alert_event_id");
    }
    alert = AlertFacts{row->stored.kind(), row->severity, row->area_codes};
  }
  if (alert.kind != facts->kind) {
    return Status::error(v1::KIND_MISMATCH,
                         "follow-up kind " + v1::AlertKind_Name(facts->kind) +
                             " differs from its alert's kind " + v1::AlertKind_Name(alert.kind),
                         "loại của thông tin tiếp theo (" + v1::AlertKind_Name(facts->kind) +
                             ") khác loại của cảnh báo (" + v1::AlertKind_Name(alert.kind) + ")",
                         "kind");
  }
  if (facts->area_codes == " ") {
    facts->area_codes = alert.area_codes;
  }
  if (facts->severity == v1::SEVERITY_UNSPECIFIED) {
    facts->severity = alert.severity;
  }
  return {};
}

}  // namespace alertbus::broker
