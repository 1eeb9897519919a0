#include "casework/notices.hpp"

#include "alertbus/protocol/event_id.hpp"
#include "alertbus/protocol/validation.hpp"
#include "store/event_facts.hpp"

namespace alertbus::broker {
namespace {

std::int64_t ms_of(const google::protobuf::Timestamp& time) {
  return to_unix_ms(time);
}

}  // namespace

NoticeIssuer::NoticeIssuer(std::string self_node, std::optional<protocol::SigningKey> signing,
                           std::string escalate_to)
    : self_(std::move(self_node)), signing_(signing), escalate_to_(std::move(escalate_to)) {}

StatusOr<NewEvent> NoticeIssuer::receipts(v1::AlertKind kind, v1::MessageStatus status,
                                          const std::vector<v1::ReceiptEntry>& entries,
                                          const std::string& area_codes, v1::Severity severity,
                                          std::uint64_t through_seq, std::int64_t now_ms) const {
  v1::Event event;
  event.set_type(v1::RECEIPT);
  event.set_kind(kind);
  event.set_status(status);
  set_unix_ms(now_ms, event.mutable_sent_at());
  v1::FollowUp* details = event.mutable_follow_up();
  details->set_alert_event_id(entries.front().alert_event_id());
  for (const v1::ReceiptEntry& entry : entries) {
    *details->add_receipts() = entry;
  }
  details->set_receipts_through_seq(through_seq);
  event.add_references(entries.front().alert_event_id());
  return finish(std::move(event), area_codes, severity, now_ms);
}

StatusOr<NewEvent> NoticeIssuer::overdue(const v1::AlertCase& alert_case,
                                         const std::vector<std::string>& nodes,
                                         std::int64_t now_ms) const {
  v1::Event event;
  event.set_type(v1::OVERDUE);
  event.set_kind(alert_case.kind());
  event.set_status(alert_case.status());
  set_unix_ms(now_ms, event.mutable_sent_at());
  v1::FollowUp* details = event.mutable_follow_up();
  details->set_alert_event_id(alert_case.event_id());
  std::string names;
  for (const std::string& node : nodes) {
    details->add_overdue_nodes(node);
    names += (names.empty() ? "" : ", ") + node;
  }
  details->set_escalated_to(escalate_to_);
  details->set_text("Quá hạn xác nhận cảnh báo " + alert_case.reference() + " (" +
                    alert_case.title() + "): " + names +
                    " / Acknowledgement overdue: " + alert_case.reference() + ": " + names);
  event.add_references(alert_case.event_id());
  return finish(std::move(event), area_codes_of(alert_case.areas()), alert_case.severity(), now_ms);
}

std::vector<std::string> NoticeIssuer::nodes_to_notify(const v1::AlertCase& alert_case,
                                                       std::int64_t now_ms) const {
  std::vector<std::string> nodes;
  if (alert_case.origin_node() != self_ || alert_case.alert_missing()) {
    return nodes;
  }
  for (const v1::ReceiverCase& entry : alert_case.receivers()) {
    if (entry.overdue() && !entry.has_overdue_notified_at()) {
      nodes.push_back(entry.node());
    }
  }
  if (alert_case.state() == v1::ALERT_ACTIVE && alert_case.has_follow_up_due() &&
      ms_of(alert_case.follow_up_due()) < now_ms &&
      ms_of(alert_case.follow_up_overdue_notified_at()) < ms_of(alert_case.follow_up_due())) {
    nodes.push_back(self_);
  }
  return nodes;
}

StatusOr<NewEvent> NoticeIssuer::finish(v1::Event event, const std::string& area_codes,
                                        v1::Severity severity, std::int64_t now_ms) const {
  event.set_event_id(protocol::new_event_id());
  event.set_sender_unit(self_ + "/broker");
  event.set_language("vi");
  // A notice the broker cannot validate is a bug here, not bad input: refuse to store it.
  if (Status status = protocol::validate_event(event, protocol::ValidationOptions{now_ms});
      !status.ok()) {
    return status;
  }
  NewEvent notice;
  notice.event_id = event.event_id();
  notice.event_bytes = event.SerializeAsString();
  if (signing_) {
    notice.signature = protocol::sign_message(notice.event_bytes, *signing_);
    notice.signer = self_;
  }
  notice.facts = facts_of(event);
  notice.facts.area_codes = area_codes;
  notice.facts.severity = severity;
  return notice;
}

}  // namespace alertbus::broker
