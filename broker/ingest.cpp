#include "ingest.hpp"

#include "alertbus/protocol/codec.hpp"
#include "alertbus/protocol/validation.hpp"

namespace alertbus::broker {

StatusOr<v1::Event> Ingest::decode_valid(const std::string& bytes, std::int64_t now_ms,
                                         std::int64_t max_clock_skew_ms) const {
  auto decoded = protocol::decode_event(bytes, max_event_bytes_);
  if (!decoded.ok()) {
    return decoded.status();
  }
  protocol::ValidationOptions options;
  options.now_unix_ms = now_ms;
  options.max_clock_skew_ms = max_clock_skew_ms;
  if (Status status = protocol::validate_event(decoded.value(), options); !status.ok()) {
    return status;
  }
  return decoded;
}

StatusOr<NewEvent> Ingest::prepare(v1::Publish& publish, std::int64_t now_ms) {
  auto decoded =
      decode_valid(publish.event(), now_ms, protocol::ValidationOptions{}.max_clock_skew_ms);
  if (!decoded.ok()) {
    return decoded.status();
  }
  const v1::Event& event = decoded.value();
  NewEvent prepared;
  prepared.event_id = event.event_id();
  prepared.event_bytes = std::move(*publish.mutable_event());
  prepared.signature = std::move(*publish.mutable_signature());
  prepared.signer = std::move(*publish.mutable_signer());
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

StatusOr<NewEvent> Ingest::prepare_remote(const v1::StoredEvent& stored, const std::string& via,
                                          std::int64_t now_ms) {
  auto decoded = decode_valid(stored.event(), now_ms, 24 * 60 * 60 * 1000);
  if (!decoded.ok()) {
    return decoded.status();
  }
  const v1::Event& event = decoded.value();
  bool path_ok = stored.path_size() < 64;
  for (const std::string& node : stored.path()) {
    path_ok = path_ok && !node.empty() && node.size() <= 64 && node.find(',') == std::string::npos;
  }
  if (event.event_id() != stored.event_id() || stored.origin().node().empty() ||
      stored.origin().seq() == 0 || stored.reference().empty() || !path_ok) {
    return Status::error(v1::INVALID_VALUE,
                         "stored event " + stored.event_id() +
                             " does not match its bytes, lacks its origin or reference, or has"
                             " a malformed path",
                         "sự kiện " + stored.event_id() +
                             " không khớp với nội dung, thiếu nguồn gốc hay số hiệu, hoặc"
                             " đường đi không hợp lệ");
  }
  NewEvent prepared;
  prepared.event_id = event.event_id();
  prepared.event_bytes = stored.event();
  prepared.signature = stored.signature();
  prepared.signer = stored.signer();
  prepared.facts = facts_of(event);
  prepared.origin = stored.origin();
  prepared.reference = stored.reference();
  prepared.via = via;
  prepared.path.assign(stored.path().begin(), stored.path().end());
  prepared.path.push_back(via);
  if (event.type() != v1::ALERT) {
    auto alert = find_alert(prepared.facts.alert_event_id);
    if (!alert.ok()) {
      return alert.status();
    }
    if (alert.value()) {
      if (prepared.facts.area_codes == " ") {
        prepared.facts.area_codes = alert.value()->area_codes;
      }
      if (prepared.facts.severity == v1::SEVERITY_UNSPECIFIED) {
        prepared.facts.severity = alert.value()->severity;
      }
    }
  }
  return prepared;
}

StatusOr<std::optional<Ingest::AlertFacts>> Ingest::find_alert(const std::string& alert_event_id) {
  if (auto pending = in_flight_alerts_.find(alert_event_id); pending != in_flight_alerts_.end()) {
    return std::optional<AlertFacts>(pending->second);
  }
  auto found = reader_.find_by_id(alert_event_id);
  if (!found.ok()) {
    return found.status();
  }
  const std::optional<LogRow>& row = found.value();
  if (!row || row->stored.type() != v1::ALERT) {
    return std::optional<AlertFacts>();
  }
  return std::optional<AlertFacts>(AlertFacts{row->stored.kind(), row->severity, row->area_codes});
}

Status Ingest::check_follow_up(EventFacts* facts) {
  auto found = find_alert(facts->alert_event_id);
  if (!found.ok()) {
    return found.status();
  }
  if (!found.value()) {
    return Status::error(
        v1::UNKNOWN_REFERENCE,
        "follow-up refers to alert " + facts->alert_event_id + ", which this node does not hold",
        "thông tin tiếp theo tham chiếu đến cảnh báo " + facts->alert_event_id +
            " không có trên nút này",
        "follow_up.alert_event_id");
  }
  const AlertFacts& alert = *found.value();
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
