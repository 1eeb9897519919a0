// compute_case(), update_for_time() and check_transition(): every transition of an alert and
// of its receiving provinces, every refused transition, deadlines with an injected clock,
// and that the order of the events does not matter.
#include "alertbus/protocol/casework.hpp"

#include <algorithm>
#include <random>

#include <catch2/catch.hpp>

#include "support/sample_events.hpp"

namespace alertbus {
namespace {

using protocol::CaseContext;
using protocol::CaseEvent;
using protocol::compute_case;

constexpr std::int64_t kHour = 3600LL * 1000;
constexpr std::int64_t kT0 = 1'780'000'000'000;  // 2026-05-28, the alert's sent_at.

void at(std::int64_t ms, google::protobuf::Timestamp* time) {
  time->set_seconds(ms / 1000);
  time->set_nanos(static_cast<int>(ms % 1000) * 1000000);
}

std::int64_t ms_of(const google::protobuf::Timestamp& time) {
  return time.seconds() * 1000 + time.nanos() / 1000000;
}

// A case under construction: Bắc Giang's CNTY alert, then follow-ups at hours after kT0.
struct Story {
  std::vector<CaseEvent> events;
  CaseContext context;

  Story() {
    v1::Event alert = testing::sample_animal_disease();  // bac-giang/cnty, SEVERE or less.
    alert.set_severity(v1::MODERATE);
    at(kT0, alert.mutable_sent_at());
    events.push_back(CaseEvent{alert, "BG-2026-00001", "bac-giang"});
    context.nodes = {"bac-giang", "hai-duong", "quang-ninh"};
  }

  const v1::Event& alert() const { return events.front().event; }

  v1::Event& add(v1::EventType type, const std::string& unit, double hours) {
    v1::Event event = testing::sample_follow_up(alert(), type);
    event.set_sender_unit(unit);
    at(kT0 + static_cast<std::int64_t>(hours * kHour), event.mutable_sent_at());
    events.push_back(CaseEvent{event, "", protocol::node_of_unit(unit)});
    return events.back().event;
  }

  // The broker of `node` stored the alert `hours` after it was sent.
  void receipt(const std::string& node, double hours) {
    v1::Event& event = add(v1::RECEIPT, node + "/broker", hours);
    event.mutable_follow_up()->clear_text();
  }

  v1::AlertCase compute(std::int64_t now_ms = 0) const {
    CaseContext copy = context;
    copy.now_ms = now_ms;
    return compute_case(events, copy);
  }
};

const v1::ReceiverCase& receiver(const v1::AlertCase& alert_case, const std::string& node) {
  for (const v1::ReceiverCase& entry : alert_case.receivers()) {
    if (entry.node() == node) {
      return entry;
    }
  }
  FAIL("no receiver " << node);
  throw std::logic_error("unreachable");
}

std::uint32_t count_of(const v1::AlertCase& alert_case, v1::EventType type) {
  for (const v1::FollowUpCount& entry : alert_case.follow_ups()) {
    if (entry.type() == type) {
      return entry.count();
    }
  }
  return 0;
}

}  // namespace

TEST_CASE("A new alert is active, and every other node is a pending receiver", "[casework]") {
  Story story;
  const v1::AlertCase alert_case = story.compute();
  CHECK(alert_case.event_id() == story.alert().event_id());
  CHECK(alert_case.reference() == "BG-2026-00001");
  CHECK(alert_case.origin_node() == "bac-giang");
  CHECK(alert_case.state() == v1::ALERT_ACTIVE);
  CHECK(alert_case.state_changed_by() == "bac-giang/cnty");
  REQUIRE(alert_case.receivers_size() == 2);
  CHECK(alert_case.receivers(0).node() == "hai-duong");
  CHECK(alert_case.receivers(1).node() == "quang-ninh");
  CHECK(alert_case.receivers(0).state() == v1::RECEIVER_PENDING);
  // Animal disease: 24 h to acknowledge, whatever the severity.
  CHECK(ms_of(alert_case.receivers(0).acknowledge_due()) == kT0 + 24 * kHour);
  CHECK(ms_of(alert_case.follow_up_due()) == kT0 + 7 * 24 * kHour);
  CHECK(alert_case.follow_up_count() == 0);
}

TEST_CASE("Receivers move from delivered to acknowledged, action taken and closed", "[casework]") {
  Story story;
  story.receipt("hai-duong", 0.5);
  story.receipt("hai-duong", 0.75);  // A second receipt (after a wipe): the first counts.
  story.receipt("bac-giang", 0.1);   // The origin's own: ignored.
  v1::AlertCase alert_case = story.compute();
  CHECK(receiver(alert_case, "hai-duong").state() == v1::RECEIVER_DELIVERED);
  CHECK(ms_of(receiver(alert_case, "hai-duong").delivered_at()) == kT0 + kHour / 2);
  CHECK(alert_case.follow_up_count() == 0);  // Receipts are not follow-ups.
  CHECK(alert_case.receivers_size() == 2);
  CHECK(receiver(alert_case, "quang-ninh").state() == v1::RECEIVER_PENDING);

  story.add(v1::ACKNOWLEDGE, "hai-duong/cnty", 2);
  story.add(v1::ACKNOWLEDGE, "hai-duong/qlcl", 3);      // A second unit: the first one counts.
  story.add(v1::MEASURES_TAKEN, "quang-ninh/cnty", 5);  // Measures imply acknowledgement.
  alert_case = story.compute();
  CHECK(receiver(alert_case, "hai-duong").state() == v1::RECEIVER_ACKNOWLEDGED);
  CHECK(receiver(alert_case, "hai-duong").acknowledged_by() == "hai-duong/cnty");
  CHECK(ms_of(receiver(alert_case, "hai-duong").acknowledged_at()) == kT0 + 2 * kHour);
  CHECK(receiver(alert_case, "quang-ninh").state() == v1::RECEIVER_ACTION_TAKEN);
  CHECK(receiver(alert_case, "quang-ninh").acknowledged_by() == "quang-ninh/cnty");
  CHECK(ms_of(receiver(alert_case, "quang-ninh").action_taken_at()) == kT0 + 5 * kHour);
  CHECK(count_of(alert_case, v1::ACKNOWLEDGE) == 2);
  CHECK(alert_case.follow_up_count() == 3);
  CHECK(alert_case.state() == v1::ALERT_ACTIVE);

  story.add(v1::CLOSE, "bac-giang/cnty", 30);
  alert_case = story.compute();
  CHECK(alert_case.state() == v1::ALERT_RESOLVED);
  CHECK(ms_of(alert_case.state_changed_at()) == kT0 + 30 * kHour);
  for (const v1::ReceiverCase& entry : alert_case.receivers()) {
    CHECK(entry.state() == v1::RECEIVER_CLOSED);
    CHECK(ms_of(entry.closed_at()) == kT0 + 30 * kHour);
  }
  CHECK_FALSE(alert_case.has_follow_up_due());
}

TEST_CASE("The origin node's own acknowledgement changes no receiver", "[casework]") {
  Story story;
  story.add(v1::ACKNOWLEDGE, "bac-giang/qlcl", 1);
  const v1::AlertCase alert_case = story.compute();
  CHECK(receiver(alert_case, "hai-duong").state() == v1::RECEIVER_PENDING);
  CHECK(receiver(alert_case, "quang-ninh").state() == v1::RECEIVER_PENDING);
  CHECK(alert_case.follow_up_count() == 1);
}

TEST_CASE("Stable, a new outbreak, reclassification and the issuer's states", "[casework]") {
  Story story;
  story.add(v1::ADDITIONAL_INFO, "bac-giang/cnty", 48).mutable_follow_up()->set_stable(true);
  v1::AlertCase alert_case = story.compute();
  CHECK(alert_case.state() == v1::ALERT_STABLE);
  CHECK_FALSE(alert_case.has_follow_up_due());  // Weekly follow-ups end when stable.

  story.add(v1::NEW_OUTBREAK, "bac-giang/cnty", 72);
  alert_case = story.compute();
  CHECK(alert_case.state() == v1::ALERT_ACTIVE);
  CHECK(ms_of(alert_case.follow_up_due()) == kT0 + 72 * kHour + 7 * 24 * kHour);

  story.add(v1::RECLASSIFY, "bac-giang/cnty", 73);  // sample: new_severity EXTREME.
  alert_case = story.compute();
  CHECK(alert_case.severity() == v1::EXTREME);

  SECTION("cancel") {
    story.add(v1::CANCEL, "bac-giang/cnty", 80);
    alert_case = story.compute();
    CHECK(alert_case.state() == v1::ALERT_CANCELLED);
    CHECK(alert_case.state_changed_by() == "bac-giang/cnty");
  }
  SECTION("withdraw") {
    story.add(v1::WITHDRAW, "bac-giang/cnty", 80);
    CHECK(story.compute().state() == v1::ALERT_WITHDRAWN);
  }
  SECTION("a resolved alert found false is cancelled") {
    story.add(v1::CLOSE, "bac-giang/cnty", 80);
    story.add(v1::CANCEL, "bac-giang/cnty", 90);
    CHECK(story.compute().state() == v1::ALERT_CANCELLED);
  }
}

TEST_CASE("Only the issuing province's new outbreak reopens a stable case", "[casework]") {
  Story story;
  story.add(v1::ADDITIONAL_INFO, "bac-giang/cnty", 48).mutable_follow_up()->set_stable(true);
  story.add(v1::NEW_OUTBREAK, "hai-duong/cnty", 60);  // A neighbour's report: information.
  v1::AlertCase alert_case = story.compute();
  CHECK(alert_case.state() == v1::ALERT_STABLE);
  CHECK(count_of(alert_case, v1::NEW_OUTBREAK) == 1);
  CHECK(alert_case.state_changed_by() == "bac-giang/cnty");
  story.add(v1::NEW_OUTBREAK, "bac-giang/ttyt-luc-ngan", 70);  // Another unit of Bắc Giang.
  alert_case = story.compute();
  CHECK(alert_case.state() == v1::ALERT_ACTIVE);
  CHECK(alert_case.state_changed_by() == "bac-giang/ttyt-luc-ngan");
}

TEST_CASE("A follow-up dated before its alert counts at the alert's time", "[casework]") {
  Story story;
  story.add(v1::ACKNOWLEDGE, "hai-duong/cnty", -7 * 24);  // A week before the alert.
  story.add(v1::MEASURES_TAKEN, "hai-duong/cnty", -1);
  const v1::AlertCase alert_case = story.compute(kT0 + 2 * kHour);
  const v1::ReceiverCase& hai_duong = receiver(alert_case, "hai-duong");
  CHECK(ms_of(hai_duong.acknowledged_at()) == kT0);
  CHECK(ms_of(hai_duong.action_taken_at()) == kT0);
  story.add(v1::CLOSE, "bac-giang/cnty", -3);
  CHECK(ms_of(story.compute().state_changed_at()) == kT0);
  // Folding event by event gives the same times.
  v1::AlertCase extended;
  for (const CaseEvent& event : story.events) {
    protocol::extend_case(&extended, event);
  }
  protocol::complete_case(&extended, story.context);
  CHECK(ms_of(extended.state_changed_at()) == kT0);
  CHECK(ms_of(receiver(extended, "hai-duong").acknowledged_at()) == kT0);
}

TEST_CASE("Only the issuing unit closes, cancels, withdraws, reclassifies or reports stable",
          "[casework]") {
  Story story;
  const v1::AlertCase open_case = story.compute();
  for (v1::EventType type :
       {v1::CLOSE, v1::CANCEL, v1::WITHDRAW, v1::RECLASSIFY, v1::ADDITIONAL_INFO}) {
    for (const char* unit : {"hai-duong/cnty", "bac-giang/qlcl"}) {
      CAPTURE(v1::EventType_Name(type), unit);
      v1::Event follow_up = testing::sample_follow_up(story.alert(), type);
      follow_up.set_sender_unit(unit);
      if (type == v1::ADDITIONAL_INFO) {
        follow_up.mutable_follow_up()->set_stable(true);
      }
      const Status refused = protocol::check_transition(open_case, follow_up);
      CHECK(refused.code() == v1::INVALID_TRANSITION);
      CHECK_THAT(refused.message(), Catch::Contains("only the issuing unit bac-giang/cnty"));
      CHECK_THAT(refused.message_vi(), Catch::Contains("chỉ đơn vị phát cảnh báo"));

      // Relayed from elsewhere all the same, the case ignores it.
      Story relayed;
      relayed.events.push_back(CaseEvent{follow_up, "", protocol::node_of_unit(unit)});
      relayed.events[1].event.mutable_follow_up()->set_alert_event_id(relayed.alert().event_id());
      const v1::AlertCase ignored = relayed.compute();
      CHECK(ignored.state() == v1::ALERT_ACTIVE);
      CHECK(ignored.severity() == v1::MODERATE);
      CHECK(ignored.ignored_follow_ups() == 1);
      CHECK(ignored.follow_up_count() == 0);
    }
  }
  // The issuer may.
  v1::Event close = testing::sample_follow_up(story.alert(), v1::CLOSE);
  close.set_sender_unit("bac-giang/cnty");
  CHECK(protocol::check_transition(open_case, close).ok());
}

TEST_CASE("Nothing applies after a cancellation or withdrawal, little after a close",
          "[casework]") {
  for (v1::EventType ending : {v1::CANCEL, v1::WITHDRAW}) {
    Story story;
    story.add(ending, "bac-giang/cnty", 1);
    const v1::AlertCase ended = story.compute();
    for (v1::EventType type :
         {v1::ACKNOWLEDGE, v1::ADDITIONAL_INFO, v1::MEASURES_TAKEN, v1::CLOSE, v1::CANCEL}) {
      CAPTURE(v1::EventType_Name(ending), v1::EventType_Name(type));
      v1::Event follow_up = testing::sample_follow_up(story.alert(), type);
      follow_up.set_sender_unit(type == v1::CLOSE || type == v1::CANCEL ? "bac-giang/cnty"
                                                                        : "hai-duong/cnty");
      const Status refused = protocol::check_transition(ended, follow_up);
      CHECK(refused.code() == v1::INVALID_TRANSITION);
      CHECK_THAT(refused.message(), Catch::Contains("accepts no further follow-ups"));
    }
    story.add(v1::ACKNOWLEDGE, "hai-duong/cnty", 2);
    const v1::AlertCase after = story.compute();
    CHECK(after.ignored_follow_ups() == 1);
    CHECK(receiver(after, "hai-duong").state() == v1::RECEIVER_CLOSED);
    CHECK_FALSE(receiver(after, "hai-duong").has_acknowledged_at());
  }

  Story story;
  story.add(v1::CLOSE, "bac-giang/cnty", 1);
  const v1::AlertCase resolved = story.compute();
  for (v1::EventType type : {v1::CLOSE, v1::RECLASSIFY, v1::NEW_OUTBREAK, v1::WITHDRAW}) {
    CAPTURE(v1::EventType_Name(type));
    v1::Event follow_up = testing::sample_follow_up(story.alert(), type);
    follow_up.set_sender_unit("bac-giang/cnty");
    const Status refused = protocol::check_transition(resolved, follow_up);
    CHECK(refused.code() == v1::INVALID_TRANSITION);
    CHECK_THAT(refused.message(), Catch::Contains("is resolved"));
  }
  for (v1::EventType type : {v1::ACKNOWLEDGE, v1::MEASURES_TAKEN, v1::ADDITIONAL_INFO}) {
    CAPTURE(v1::EventType_Name(type));
    v1::Event follow_up = testing::sample_follow_up(story.alert(), type);
    follow_up.set_sender_unit("quang-ninh/cnty");
    CHECK(protocol::check_transition(resolved, follow_up).ok());
  }
  // A late acknowledgement still records when the receiver acknowledged.
  story.add(v1::ACKNOWLEDGE, "quang-ninh/cnty", 2);
  const v1::AlertCase late = story.compute();
  CHECK(receiver(late, "quang-ninh").state() == v1::RECEIVER_CLOSED);
  CHECK(ms_of(receiver(late, "quang-ninh").acknowledged_at()) == kT0 + 2 * kHour);
}

TEST_CASE("Overdue and expired with an injected clock", "[casework]") {
  Story story;
  story.add(v1::ACKNOWLEDGE, "hai-duong/cnty", 3);

  // Before the 24 h deadline: nobody is overdue.
  v1::AlertCase alert_case = story.compute(kT0 + 23 * kHour);
  CHECK_FALSE(alert_case.overdue());
  CHECK_FALSE(receiver(alert_case, "quang-ninh").overdue());

  // After it: Quảng Ninh, which has not acknowledged, is; Hải Dương is not.
  alert_case = story.compute(kT0 + 25 * kHour);
  CHECK(alert_case.overdue());
  CHECK(receiver(alert_case, "quang-ninh").overdue());
  CHECK_FALSE(receiver(alert_case, "hai-duong").overdue());

  // complete_case() on a case stored without time and nodes gives the same answer.
  CaseContext bare;
  bare.deadlines.rules = {};
  v1::AlertCase stored = compute_case(story.events, bare);
  CHECK(stored.receivers_size() == 1);  // Only Hải Dương, which acknowledged.
  CHECK_FALSE(stored.receivers(0).has_acknowledge_due());
  CaseContext later = story.context;
  later.now_ms = kT0 + 25 * kHour;
  protocol::complete_case(&stored, later);
  CHECK(stored.receivers_size() == 2);
  CHECK(stored.overdue());
  CHECK(stored.SerializeAsString() == story.compute(kT0 + 25 * kHour).SerializeAsString());

  // Weekly follow-up: the issuer's silence for a week makes the case overdue.
  story.add(v1::ACKNOWLEDGE, "quang-ninh/cnty", 26);
  CHECK_FALSE(story.compute(kT0 + 7 * 24 * kHour - 1).overdue());
  CHECK(story.compute(kT0 + 7 * 24 * kHour + 1).overdue());
  story.add(v1::ADDITIONAL_INFO, "bac-giang/cnty", 6 * 24);
  CHECK_FALSE(story.compute(kT0 + 7 * 24 * kHour + 1).overdue());

  // Deadlines come from the context: 1 h for this test.
  Story strict;
  strict.context.deadlines.rules[v1::ANIMAL_DISEASE].acknowledge_ms = kHour;
  CHECK(strict.compute(kT0 + 2 * kHour).overdue());

  // Expiry: an open alert past `expires` is EXPIRED (and nobody is overdue any more);
  // a cancelled one stays cancelled.
  Story expiring;
  at(kT0 + 10 * kHour, expiring.events[0].event.mutable_expires());
  CHECK(expiring.compute(kT0 + 9 * kHour).state() == v1::ALERT_ACTIVE);
  const v1::AlertCase expired = expiring.compute(kT0 + 30 * kHour);
  CHECK(expired.state() == v1::ALERT_EXPIRED);
  CHECK_FALSE(expired.overdue());
  expiring.add(v1::CANCEL, "bac-giang/cnty", 1);
  CHECK(expiring.compute(kT0 + 30 * kHour).state() == v1::ALERT_CANCELLED);
}

TEST_CASE("Severity and kind choose the deadline", "[casework]") {
  const protocol::Deadlines deadlines = protocol::Deadlines::defaults();
  CHECK(deadlines.acknowledge_ms(v1::ANIMAL_DISEASE, v1::MINOR) == 24 * kHour);
  CHECK(deadlines.acknowledge_ms(v1::UNSAFE_FOOD, v1::MODERATE) == 48 * kHour);
  CHECK(deadlines.acknowledge_ms(v1::UNSAFE_FOOD, v1::SEVERE) == 24 * kHour);
  CHECK(deadlines.acknowledge_ms(v1::FOREST_FIRE, v1::EXTREME) == kHour);
  CHECK(deadlines.acknowledge_ms(v1::CROP_PEST, v1::SEVERE) == 48 * kHour);
  CHECK(deadlines.follow_up_ms(v1::ANIMAL_DISEASE) == 7 * 24 * kHour);
  CHECK(deadlines.follow_up_ms(v1::UNSAFE_FOOD) == 0);
  CHECK(deadlines.acknowledge_ms(v1::ALERT_KIND_UNSPECIFIED, v1::EXTREME) == 0);
}

TEST_CASE("The case does not depend on the order the log holds the events in", "[casework]") {
  Story story;
  story.receipt("quang-ninh", 0.2);
  story.add(v1::ACKNOWLEDGE, "hai-duong/cnty", 1);
  story.add(v1::MEASURES_TAKEN, "quang-ninh/cnty", 2);
  story.add(v1::ADDITIONAL_INFO, "bac-giang/cnty", 3).mutable_follow_up()->set_stable(true);
  story.add(v1::CLOSE, "hai-duong/cnty", 4);  // Ignored: not the issuer.
  story.add(v1::CLOSE, "bac-giang/cnty", 5);
  story.add(v1::RECLASSIFY, "bac-giang/cnty", 6);  // Ignored: resolved.
  const v1::AlertCase expected = story.compute(kT0 + 100 * kHour);
  CHECK(expected.state() == v1::ALERT_RESOLVED);
  CHECK(expected.ignored_follow_ups() == 2);

  std::mt19937 random(42);
  for (int round = 0; round < 20; ++round) {
    std::shuffle(story.events.begin(), story.events.end(), random);
    const v1::AlertCase shuffled = story.compute(kT0 + 100 * kHour);
    CHECK(shuffled.SerializeAsString() == expected.SerializeAsString());
  }
}

TEST_CASE("Follow-ups whose alert is not held yet", "[casework]") {
  Story story;
  story.add(v1::ACKNOWLEDGE, "hai-duong/cnty", 1);
  story.add(v1::CLOSE, "bac-giang/cnty", 2);
  story.events.erase(story.events.begin());
  const v1::AlertCase partial = story.compute(kT0 + 100 * kHour);
  CHECK(partial.alert_missing());
  CHECK(partial.event_id() == story.events[0].event.follow_up().alert_event_id());
  CHECK(partial.state() == v1::ALERT_STATE_UNSPECIFIED);
  CHECK(receiver(partial, "hai-duong").state() == v1::RECEIVER_ACKNOWLEDGED);
  CHECK(partial.follow_up_count() == 2);
  CHECK_FALSE(partial.overdue());
}

}  // namespace alertbus

namespace alertbus {

TEST_CASE("Overdue notices are recorded per node, and are not follow-ups", "[casework]") {
  Story story;
  v1::Event& notice = story.add(v1::OVERDUE, "bac-giang/broker", 25);
  notice.mutable_follow_up()->add_overdue_nodes("quang-ninh");
  notice.mutable_follow_up()->add_overdue_nodes("bac-giang");  // The issuer's follow-up.
  v1::AlertCase alert_case = story.compute(kT0 + 26 * kHour);
  CHECK(ms_of(receiver(alert_case, "quang-ninh").overdue_notified_at()) == kT0 + 25 * kHour);
  CHECK_FALSE(receiver(alert_case, "hai-duong").has_overdue_notified_at());
  CHECK(ms_of(alert_case.follow_up_overdue_notified_at()) == kT0 + 25 * kHour);
  CHECK(alert_case.follow_up_count() == 0);
  CHECK(alert_case.follow_ups().empty());
  // A notice after a cancellation is still a fact of the record.
  story.add(v1::CANCEL, "bac-giang/cnty", 27);
  story.add(v1::OVERDUE, "bac-giang/broker", 28)
      .mutable_follow_up()
      ->add_overdue_nodes("hai-duong");
  alert_case = story.compute(kT0 + 30 * kHour);
  CHECK(alert_case.ignored_follow_ups() == 0);
  CHECK(receiver(alert_case, "hai-duong").has_overdue_notified_at());
}

}  // namespace alertbus

namespace alertbus {

// The projector extends stored cases one event at a time (protocol::extend_case) instead of
// recomputing them from every event; this holds it to compute_case() on random histories.
TEST_CASE("Extending a case event by event equals computing it whole", "[casework]") {
  const std::vector<std::string> units = {"bac-giang/cnty", "bac-giang/ttbvtv", "hai-duong/cnty",
                                          "quang-ninh/cnty"};
  const std::vector<v1::EventType> types = {
      v1::ACKNOWLEDGE,  v1::MEASURES_TAKEN, v1::ADDITIONAL_INFO, v1::CORRECT,
      v1::REQUEST_INFO, v1::ANSWER_INFO,    v1::NEW_OUTBREAK,    v1::RECLASSIFY,
      v1::LEVEL_CHANGE, v1::CLOSE,          v1::CANCEL,          v1::WITHDRAW};
  std::mt19937 random(7);
  for (int round = 0; round < 200; ++round) {
    Story story;
    const int count = 1 + static_cast<int>(random() % 25);
    for (int i = 0; i < count; ++i) {
      const double hours = static_cast<double>(random() % 400) / 10.0;
      switch (random() % 8) {
        case 0:
          story.receipt(random() % 2 == 0 ? "hai-duong" : "quang-ninh", hours);
          break;
        case 1:
          story.add(v1::OVERDUE, "bac-giang/broker", hours)
              .mutable_follow_up()
              ->add_overdue_nodes(random() % 2 == 0 ? "hai-duong" : "bac-giang");
          break;
        default: {
          // Mostly the issuer's, so that its state changes are often allowed.
          const std::string& unit = random() % 2 == 0 ? units[0] : units[random() % units.size()];
          v1::Event& event = story.add(types[random() % types.size()], unit, hours);
          event.mutable_follow_up()->set_stable(random() % 5 == 0);
        }
      }
    }
    CaseContext stored;  // As the broker stores cases: no nodes, no deadlines, no clock.
    stored.nodes.clear();
    stored.deadlines.rules = {};
    const v1::AlertCase whole = compute_case(story.events, stored);

    std::vector<CaseEvent> ordered = story.events;
    std::sort(ordered.begin(), ordered.end(), [](const CaseEvent& a, const CaseEvent& b) {
      return protocol::case_order(a) < protocol::case_order(b);
    });
    v1::AlertCase extended;
    for (const CaseEvent& entry : ordered) {
      // The admission index's rule agrees with the case, event by event.
      const v1::AlertState expected = entry.event.type() == v1::ALERT
                                          ? v1::ALERT_ACTIVE
                                          : protocol::next_state(extended, entry.event);
      protocol::extend_case(&extended, entry);
      CHECK(extended.state() == expected);
    }
    protocol::complete_case(&extended, stored);
    REQUIRE(extended.SerializeAsString() == whole.SerializeAsString());

    // The same events completed for a context with nodes, deadlines and a clock agree too.
    protocol::complete_case(&extended, story.context);
    CHECK(extended.SerializeAsString() ==
          compute_case(story.events, story.context).SerializeAsString());
  }
}

TEST_CASE("An alert arriving after its follow-ups sorts before them", "[casework]") {
  Story story;
  story.add(v1::ACKNOWLEDGE, "hai-duong/cnty", 1);
  CHECK(protocol::case_order(story.events[0]) < protocol::case_order(story.events[1]));
  // A follow-up dated before the alert still sorts after it.
  story.add(v1::ADDITIONAL_INFO, "hai-duong/cnty", -5);
  CHECK(protocol::case_order(story.events[0]) < protocol::case_order(story.events[2]));
  CHECK(protocol::case_order(story.events[2]) < protocol::case_order(story.events[1]));
}

}  // namespace alertbus
