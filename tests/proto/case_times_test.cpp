// Case times come from what the nodes stored (issue 12, item 5; protocol/casework.hpp,
// counted_ms()): a sender's sent_at counts only within kClaimToleranceMs before the earliest
// known store time and never after it, so an acknowledgement sent days late cannot look
// timely, an alert cannot be dated before it reached anyone, and a future date cannot top
// the case list.
#include <catch2/catch.hpp>

#include "alertbus/protocol/case_projection.hpp"
#include "alertbus/protocol/casework.hpp"
#include "alertbus/protocol/clock.hpp"
#include "support/sample_events.hpp"

namespace alertbus {
namespace {

using protocol::CaseEvent;

constexpr std::int64_t kMinute = 60 * 1000;
constexpr std::int64_t kHour = 60 * kMinute;
constexpr std::int64_t kDay = 24 * kHour;
constexpr std::int64_t kT0 = 1'780'000'000'000;  // 2026-05-28: the alert stored at Bắc Giang.

// An event sent (claimed) at `sent_ms` and stored at `stored_ms`.
CaseEvent stored(v1::Event event, std::int64_t sent_ms, std::int64_t stored_ms,
                 const std::string& origin_node, const std::string& reference = "") {
  protocol::set_unix_ms(sent_ms, event.mutable_sent_at());
  return CaseEvent{std::move(event), reference, origin_node, stored_ms};
}

const v1::ReceiverCase& receiver(const v1::AlertCase& alert_case, const std::string& node) {
  for (const v1::ReceiverCase& entry : alert_case.receivers()) {
    if (entry.node() == node) {
      return entry;
    }
  }
  FAIL("no receiver " << node);
  return alert_case.receivers(0);
}

std::int64_t ms(const google::protobuf::Timestamp& time) {
  return protocol::to_unix_ms(time);
}

struct Fire {
  v1::Event alert = testing::sample_forest_fire();  // bac-giang/kiem-lam.
  protocol::CaseContext context;

  Fire() {
    alert.set_severity(v1::SEVERE);  // Acknowledge within 1 h.
    context.nodes = {"bac-giang", "hai-duong", "quang-ninh"};
  }

  CaseEvent alert_at(std::int64_t sent_ms, std::int64_t stored_ms) const {
    return stored(alert, sent_ms, stored_ms, "bac-giang", "BG-2026-00001");
  }

  CaseEvent ack(const std::string& unit, std::int64_t sent_ms, std::int64_t stored_ms) const {
    v1::Event event = testing::sample_follow_up(alert, v1::ACKNOWLEDGE);
    event.set_sender_unit(unit);
    return stored(event, sent_ms, stored_ms, protocol::node_of_unit(unit));
  }
};

}  // namespace

TEST_CASE(
    "An acknowledgement stored three days late counts when it was stored, not when it claims") {
  Fire fire;
  fire.context.now_ms = kT0 + 3 * kDay + kHour;
  const std::vector<CaseEvent> events{
      fire.alert_at(kT0, kT0),
      // Claims ten minutes after the alert; Hải Dương stored it three days later.
      fire.ack("hai-duong/kiem-lam", kT0 + 10 * kMinute, kT0 + 3 * kDay)};
  const v1::AlertCase alert_case = protocol::compute_case(events, fire.context);
  const v1::ReceiverCase& hai_duong = receiver(alert_case, "hai-duong");
  CHECK(ms(hai_duong.acknowledged_at()) == kT0 + 3 * kDay - protocol::kClaimToleranceMs);
  // Acknowledged after its deadline (1 h): a report's "time to acknowledge" is ~3 days.
  CHECK(ms(hai_duong.acknowledged_at()) > ms(hai_duong.acknowledge_due()));
}

TEST_CASE("An acknowledgement within the clocks' tolerance keeps its own time") {
  Fire fire;
  const std::vector<CaseEvent> events{
      fire.alert_at(kT0, kT0),
      fire.ack("hai-duong/kiem-lam", kT0 + 20 * kMinute, kT0 + 25 * kMinute),
      // Quảng Ninh's clock runs 3 min ahead of its node's: never after the store time.
      fire.ack("quang-ninh/kiem-lam", kT0 + 33 * kMinute, kT0 + 30 * kMinute)};
  const v1::AlertCase alert_case = protocol::compute_case(events, fire.context);
  CHECK(ms(receiver(alert_case, "hai-duong").acknowledged_at()) == kT0 + 20 * kMinute);
  CHECK(ms(receiver(alert_case, "quang-ninh").acknowledged_at()) == kT0 + 30 * kMinute);
}

TEST_CASE("An alert backdated or dated ahead is timed by its store, and its deadlines with it") {
  Fire fire;
  // Claims 5 h before it was stored: the acknowledgement deadline starts at most 10 min
  // before the store, not at the claim (which would make every receiver overdue at once).
  const v1::AlertCase backdated = protocol::compute_case(
      std::vector<CaseEvent>{fire.alert_at(kT0 - 5 * kHour, kT0)}, fire.context);
  CHECK(ms(backdated.sent_at()) == kT0 - protocol::kClaimToleranceMs);
  CHECK(ms(receiver(backdated, "hai-duong").acknowledge_due()) ==
        kT0 - protocol::kClaimToleranceMs + kHour);
  // Dated 23 h ahead of its store: it counts at the store (and sorts there in lists).
  const v1::AlertCase ahead = protocol::compute_case(
      std::vector<CaseEvent>{fire.alert_at(kT0 + 23 * kHour, kT0)}, fire.context);
  CHECK(ms(ahead.sent_at()) == kT0);
  CHECK(ms(ahead.last_event_at()) == kT0);
}

TEST_CASE("A receipt's entry counts no later than the receipt itself was stored") {
  Fire fire;
  v1::Event receipt = testing::sample_follow_up(fire.alert, v1::RECEIPT);
  receipt.set_sender_unit("hai-duong/broker");
  receipt.mutable_follow_up()->clear_text();
  v1::ReceiptEntry* entry = receipt.mutable_follow_up()->add_receipts();
  entry->set_alert_event_id(fire.alert.event_id());
  protocol::set_unix_ms(kT0 + 2 * kDay, entry->mutable_stored_at());  // Claimed.
  const std::vector<CaseEvent> events{fire.alert_at(kT0, kT0),
                                      stored(receipt, kT0 + kMinute, kT0 + kMinute, "hai-duong")};
  const v1::AlertCase alert_case = protocol::compute_case(events, fire.context);
  CHECK(ms(receiver(alert_case, "hai-duong").delivered_at()) == kT0 + kMinute);
}

TEST_CASE("The store time of an event is the earliest known: its origin's or this node's") {
  v1::StoredEvent row;
  testing::sample_animal_disease().SerializeToString(row.mutable_event());
  row.set_reference("HD-2026-00001");
  row.mutable_origin()->set_node("hai-duong");
  protocol::set_unix_ms(kT0 + kHour, row.mutable_received_at());
  CHECK(protocol::case_event_of(row).value().stored_ms == kT0 + kHour);  // Only this node's.
  protocol::set_unix_ms(kT0, row.mutable_origin()->mutable_stored_at());
  CHECK(protocol::case_event_of(row).value().stored_ms == kT0);
  // An origin whose clock runs ahead cannot date it after this node stored it.
  protocol::set_unix_ms(kT0 + 5 * kHour, row.mutable_origin()->mutable_stored_at());
  CHECK(protocol::case_event_of(row).value().stored_ms == kT0 + kHour);
}

}  // namespace alertbus
