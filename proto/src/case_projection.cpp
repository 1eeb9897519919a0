#include "alertbus/protocol/case_projection.hpp"

#include <algorithm>
#include <limits>

#include "alertbus/protocol/areas.hpp"
#include "alertbus/protocol/clock.hpp"
#include "alertbus/protocol/text_fold.hpp"

namespace alertbus::protocol {

const CaseContext& stored_case_context() {
  static const CaseContext context = [] {
    CaseContext empty;
    empty.deadlines.rules = {};
    return empty;
  }();
  return context;
}

StatusOr<CaseEvent> case_event_of(const v1::StoredEvent& stored) {
  CaseEvent entry;
  if (!entry.event.ParseFromString(stored.event())) {
    return Status::error(
        v1::INTERNAL, "stored event at seq " + std::to_string(stored.seq()) + " does not parse",
        "sự kiện đã lưu ở vị trí " + std::to_string(stored.seq()) + " không đọc được");
  }
  entry.reference = stored.reference();
  entry.origin_node = stored.origin().node();
  entry.stored_ms = to_unix_ms(stored.received_at());
  if (stored.origin().has_stored_at()) {
    entry.stored_ms = std::min(entry.stored_ms, to_unix_ms(stored.origin().stored_at()));
  }
  return entry;
}

void set_origin_stored_at(std::int64_t origin_stored_ms, std::int64_t received_at_ms,
                          std::string_view via, v1::StoredEvent* stored) {
  if (origin_stored_ms != 0) {
    set_unix_ms(origin_stored_ms, stored->mutable_origin()->mutable_stored_at());
  } else if (via.empty()) {
    set_unix_ms(received_at_ms, stored->mutable_origin()->mutable_stored_at());
  }
}

const std::string& case_id_of(const v1::Event& event) {
  return event.type() == v1::ALERT ? event.event_id() : event.follow_up().alert_event_id();
}

std::vector<std::pair<std::string, std::int64_t>> receipt_coverage(const CaseEvent& receipt) {
  // Each entry as the case counts it, so that a case computed again from the gathered
  // receipts (project_case) counts it the same.
  const std::int64_t receipt_ms = counted_ms(receipt);
  const v1::FollowUp& details = receipt.event.follow_up();
  std::vector<std::pair<std::string, std::int64_t>> covered;
  if (details.receipts().empty()) {
    covered.emplace_back(details.alert_event_id(), receipt_ms);
  }
  for (const v1::ReceiptEntry& entry : details.receipts()) {
    covered.emplace_back(entry.alert_event_id(),
                         std::min(to_unix_ms(entry.stored_at()), receipt_ms));
  }
  return covered;
}

CaseOrder receipts_only_order() {
  return CaseOrder{true, std::numeric_limits<std::int64_t>::min(), ""};
}

v1::AlertCase project_case(const std::string& case_id, std::vector<CaseEvent> events,
                           std::span<const std::pair<std::string, std::int64_t>> receipts,
                           v1::AlertKind receipt_kind) {
  // A receipt applies the same whatever covers it (casework.hpp): one per node at its
  // earliest time gives the case every receipt would.
  for (const auto& [node, stored_at_ms] : receipts) {
    CaseEvent receipt;
    receipt.event.set_type(v1::RECEIPT);
    receipt.event.set_kind(receipt_kind);
    receipt.event.set_sender_unit(node + "/broker");
    set_unix_ms(stored_at_ms, receipt.event.mutable_sent_at());
    receipt.event.mutable_follow_up()->set_alert_event_id(case_id);
    events.push_back(std::move(receipt));
  }
  return compute_case(events, stored_case_context());
}

SearchText case_search_text(const CaseEvent& entry) {
  const v1::Event& event = entry.event;
  SearchText text;
  for (const std::string* part :
       {&event.title(), &event.description(), &event.follow_up().text()}) {
    if (!part->empty()) {
      text.written += *part;
      text.written += '\n';
    }
  }
  for (const v1::Area& area : event.areas()) {
    text.written += area.name();
    text.written += '\n';
  }
  text.folded = fold_for_search(entry.reference + "\n" + text.written);
  return text;
}

CaseColumns case_columns(const v1::AlertCase& alert_case) {
  CaseColumns columns;
  columns.event_id = alert_case.event_id();
  columns.reference = alert_case.reference();
  columns.kind = static_cast<int>(alert_case.kind());
  columns.origin_node = alert_case.origin_node();
  columns.sender_unit = alert_case.sender_unit();
  columns.severity = static_cast<int>(alert_case.severity());
  columns.state = static_cast<int>(alert_case.state());
  columns.sent_at_ms = to_unix_ms(alert_case.sent_at());
  columns.area_codes = area_codes_of(alert_case.areas());
  // The alert's own areas, then those its body reaches (area_codes_of's leading space kept).
  columns.area_codes += area_codes_of(alert_case.related_areas()).substr(1);
  columns.alert_missing = alert_case.alert_missing();
  return columns;
}

std::string area_codes_of(const google::protobuf::RepeatedPtrField<v1::Area>& areas) {
  std::string codes = " ";
  for (const v1::Area& area : areas) {
    codes += area_key(area.scheme(), area.code());
    codes += ' ';
  }
  return codes;
}

}  // namespace alertbus::protocol
