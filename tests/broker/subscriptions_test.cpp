// Subscriptions (delivery/subscriptions.hpp) over a MemoryStore, with a sender that parses
// and records the frames: catch-up in order within credit, filters, durable cursors committed to
// the store, takeover, a peer that blocks or is gone, the ring of recent rows, delivery sizes.
#include "delivery/subscriptions.hpp"

#include <map>

#include <catch2/catch.hpp>

#include "bac_giang_log.hpp"
#include "ingest/ingest.hpp"
#include "new_event.hpp"
#include "store/memory/memory_store.hpp"
#include "support/sample_events.hpp"

namespace alertbus::broker {
namespace {

// A log, its ring of recent rows and the subscriptions over them; frames sent are recorded
// per connection, and the sender answers `next_result` (kSent by default).
class Delivering {
 public:
  explicit Delivering(std::size_t ring = 0,
                      std::size_t budget = Subscriptions::kDefaultConnectionBudget)
      : store_(bac_giang_log()),
        recent_(ring),
        subscriptions_(
            store_, recent_,
            [this](const std::string& routing_id, std::string_view bytes) {
              if (next_result_ != SendResult::kSent) {
                return next_result_;
              }
              v1::Frame frame;
              REQUIRE(frame.ParseFromArray(bytes.data(), static_cast<int>(bytes.size())));
              frames_[routing_id].push_back(frame);
              return SendResult::kSent;
            },
            budget) {}

  // Commits `events` (ring too when it has room for them) and returns the head seq.
  std::uint64_t commit(const std::vector<v1::Event>& events) {
    std::vector<NewEvent> prepared;
    for (const v1::Event& event : events) {
      prepared.push_back(new_event(event));
    }
    return commit(prepared, {});
  }

  std::uint64_t commit(const std::vector<NewEvent>& events,
                       const std::vector<CursorUpdate>& cursors) {
    std::vector<AppendResult> results;
    std::vector<LogRow> appended;
    REQUIRE(store_.commit(events, cursors, &results, &appended).ok());
    recent_.append(std::move(appended));
    return store_.head_seq().value();
  }

  Subscriptions::Spec spec(const std::string& routing_id, std::uint64_t id,
                           std::uint32_t credit) const {
    Subscriptions::Spec spec;
    spec.routing_id = routing_id;
    spec.id = id;
    spec.credit = credit;
    return spec;
  }

  // The seqs delivered to `routing_id` since the last call, Delivery by Delivery.
  std::vector<std::vector<std::uint64_t>> deliveries(const std::string& routing_id) {
    std::vector<std::vector<std::uint64_t>> seqs;
    for (const v1::Frame& frame : frames_[routing_id]) {
      if (frame.has_delivery()) {
        seqs.emplace_back();
        for (const v1::StoredEvent& event : frame.delivery().events()) {
          seqs.back().push_back(event.seq());
        }
      }
    }
    frames_[routing_id].clear();
    return seqs;
  }

  // The seqs delivered to `routing_id` since the last call, all in one list.
  std::vector<std::uint64_t> delivered(const std::string& routing_id) {
    std::vector<std::uint64_t> all;
    for (const auto& delivery : deliveries(routing_id)) {
      all.insert(all.end(), delivery.begin(), delivery.end());
    }
    return all;
  }

  std::vector<v1::Frame>& frames(const std::string& routing_id) { return frames_[routing_id]; }

  MemoryStore store_;
  RecentEvents recent_;
  SendResult next_result_ = SendResult::kSent;
  std::map<std::string, std::vector<v1::Frame>> frames_;
  Subscriptions subscriptions_;
};

std::vector<std::uint64_t> range(std::uint64_t first, std::uint64_t last) {
  std::vector<std::uint64_t> seqs;
  for (std::uint64_t seq = first; seq <= last; ++seq) {
    seqs.push_back(seq);
  }
  return seqs;
}

}  // namespace

TEST_CASE(
    "A subscription catches up from the store in order, within its credit, and goes on "
    "when credit returns") {
  Delivering delivering;
  std::uint64_t head = 0;
  for (int i = 0; i < 10; ++i) {
    head = delivering.commit({testing::sample_crop_pest()});
  }
  delivering.subscriptions_.add(delivering.spec("desk", 1, 3));
  CHECK_FALSE(delivering.subscriptions_.pump(head));  // No credit left.
  CHECK(delivering.delivered("desk") == range(1, 3));
  CHECK_FALSE(delivering.subscriptions_.pump(head));
  CHECK(delivering.delivered("desk").empty());
  std::optional<CursorUpdate> cursor;
  REQUIRE(delivering.subscriptions_.ack("desk", 1, 3, 5, &cursor).ok());
  CHECK_FALSE(cursor.has_value());  // Transient: no cursor to store.
  delivering.subscriptions_.pump(head);
  CHECK(delivering.delivered("desk") == range(4, 8));
  REQUIRE(delivering.subscriptions_.ack("desk", 1, 8, 100, &cursor).ok());
  CHECK_FALSE(delivering.subscriptions_.pump(head));  // Caught up.
  CHECK(delivering.delivered("desk") == range(9, 10));
  // Live: new rows reach it at the next pump.
  head = delivering.commit({testing::sample_crop_pest()});
  delivering.subscriptions_.pump(head);
  CHECK(delivering.delivered("desk") == range(11, 11));
}

TEST_CASE("A subscription starts after the seq it asks for and sees only what its filter matches") {
  Delivering delivering;
  std::uint64_t head = 0;
  for (int i = 0; i < 4; ++i) {
    head = delivering.commit({testing::sample_crop_pest(), testing::sample_unsafe_food()});
  }
  v1::Filter proto;
  proto.add_kinds(v1::UNSAFE_FOOD);
  Subscriptions::Spec spec = delivering.spec("desk", 7, 2);
  spec.filter = EventFilter::from_proto(proto).value();
  spec.after_seq = 2;
  delivering.subscriptions_.add(std::move(spec));
  delivering.subscriptions_.pump(head);
  CHECK(delivering.delivered("desk") == std::vector<std::uint64_t>{4, 6});
  std::optional<CursorUpdate> cursor;
  REQUIRE(delivering.subscriptions_.ack("desk", 7, 6, 10, &cursor).ok());
  CHECK_FALSE(delivering.subscriptions_.pump(head));
  CHECK(delivering.delivered("desk") == std::vector<std::uint64_t>{8});
}

TEST_CASE("A follow-up without areas reaches a subscriber filtering on its alert's area") {
  // Ingest gives the follow-up its alert's areas; the filter then matches the stored row.
  Delivering delivering;
  Ingest ingest(delivering.store_, 64 * 1024, "bac-giang", 0);
  const v1::Event alert = testing::sample_animal_disease();  // Area 24.
  const v1::Event acknowledge = testing::sample_follow_up(alert, v1::ACKNOWLEDGE);
  std::vector<v1::Publish> publishes(3);
  alert.SerializeToString(publishes[0].mutable_event());
  acknowledge.SerializeToString(publishes[1].mutable_event());
  testing::sample_unsafe_food().SerializeToString(publishes[2].mutable_event());  // Area 22.
  std::vector<Ingest::PublishRequest> requests;
  for (v1::Publish& publish : publishes) {
    requests.push_back({&publish, nullptr});
  }
  std::vector<StatusOr<NewEvent>> prepared;
  ingest.prepare_publishes(requests, testing::now_unix_ms(), &prepared);
  std::vector<NewEvent> accepted;
  for (StatusOr<NewEvent>& one : prepared) {
    REQUIRE(one.ok());
    accepted.push_back(std::move(one).value());
  }
  const std::uint64_t head = delivering.commit(accepted, {});
  v1::Filter proto;
  proto.add_area_codes("VN-2025:24");
  Subscriptions::Spec spec = delivering.spec("desk", 1, 10);
  spec.filter = EventFilter::from_proto(proto).value();
  delivering.subscriptions_.add(std::move(spec));
  delivering.subscriptions_.pump(head);
  CHECK(delivering.delivered("desk") == std::vector<std::uint64_t>{1, 2});
}

TEST_CASE(
    "A durable subscription's acknowledgement becomes a cursor the store keeps, never "
    "beyond what was sent") {
  Delivering delivering;
  std::uint64_t head = 0;
  for (int i = 0; i < 6; ++i) {
    head = delivering.commit({testing::sample_crop_pest()});
  }
  Subscriptions::Spec spec = delivering.spec("desk", 1, 4);
  spec.durable_name = "bac-giang-desk";
  delivering.subscriptions_.add(std::move(spec));
  delivering.subscriptions_.pump(head);
  CHECK(delivering.delivered("desk") == range(1, 4));
  std::optional<CursorUpdate> cursor;
  REQUIRE(delivering.subscriptions_.ack("desk", 1, 100, 0, &cursor).ok());
  REQUIRE(cursor.has_value());
  CHECK(cursor->name == "bac-giang-desk");
  CHECK(cursor->seq == 4);  // Only what was sent.
  CHECK(delivering.subscriptions_.attached_durable_position("bac-giang-desk") == 4u);
  delivering.commit({}, {*cursor});
  const auto stored = delivering.store_.load_cursor("bac-giang-desk").value();
  REQUIRE(stored.has_value());
  CHECK(stored->seq == 4);
  CHECK(stored->epoch == delivering.store_.epoch());
  // The same position again is no new cursor.
  cursor.reset();
  REQUIRE(delivering.subscriptions_.ack("desk", 1, 3, 2, &cursor).ok());
  CHECK_FALSE(cursor.has_value());
  CHECK_FALSE(delivering.subscriptions_.attached_durable_position("wall").has_value());
}

TEST_CASE("A second subscriber with the same durable name takes over from the first") {
  Delivering delivering;
  const std::uint64_t head = delivering.commit({testing::sample_crop_pest()});
  Subscriptions::Spec first = delivering.spec("old", 5, 10);
  first.durable_name = "desk";
  delivering.subscriptions_.add(std::move(first));
  Subscriptions::Spec second = delivering.spec("new", 9, 10);
  second.durable_name = "desk";
  delivering.subscriptions_.add(std::move(second));
  REQUIRE(delivering.frames("old").size() == 1);
  const v1::Frame& taken = delivering.frames("old")[0];
  CHECK(taken.request_id() == 5);
  CHECK(taken.error().code() == v1::SUBSCRIPTION_TAKEN_OVER);
  delivering.frames("old").clear();
  CHECK(delivering.subscriptions_.size() == 1);
  delivering.subscriptions_.pump(head);
  CHECK(delivering.delivered("old").empty());
  CHECK(delivering.delivered("new") == range(1, 1));
  std::optional<CursorUpdate> cursor;
  CHECK(delivering.subscriptions_.ack("old", 5, 1, 1, &cursor).code() == v1::UNKNOWN_SUBSCRIPTION);
}

TEST_CASE(
    "A subscriber whose send would block gets the same events later, and one gone is dropped") {
  Delivering delivering;
  const std::uint64_t head =
      delivering.commit({testing::sample_crop_pest(), testing::sample_crop_pest()});
  delivering.subscriptions_.add(delivering.spec("slow", 1, 10));
  delivering.next_result_ = SendResult::kBusy;
  CHECK_FALSE(delivering.subscriptions_.pump(head));
  delivering.next_result_ = SendResult::kSent;
  delivering.subscriptions_.pump(head);
  CHECK(delivering.delivered("slow") == range(1, 2));  // Nothing lost, nothing twice.
  delivering.subscriptions_.add(delivering.spec("gone", 1, 10));
  delivering.next_result_ = SendResult::kGone;
  delivering.subscriptions_.pump(head);
  CHECK(delivering.subscriptions_.count_for("gone") == 0);
  CHECK(delivering.subscriptions_.count_for("slow") == 1);
}

TEST_CASE(
    "A subscription near the head is served from the ring of recent rows, one behind it "
    "from the store") {
  Delivering delivering(4);
  std::uint64_t head = 0;
  for (int i = 0; i < 10; ++i) {
    head = delivering.commit({testing::sample_crop_pest()});
  }
  // Mark the ring's copies (rows 7..10), so the source of each delivered row shows.
  std::vector<LogRow> marked;
  for (std::size_t i = 0; i < delivering.recent_.size(); ++i) {
    marked.push_back(delivering.recent_.at(i));
    marked.back().stored.set_via("ring");
  }
  delivering.recent_ = RecentEvents(4);
  delivering.recent_.append(std::move(marked));
  Subscriptions::Spec near = delivering.spec("near", 1, 100);
  near.after_seq = 6;
  delivering.subscriptions_.add(std::move(near));
  delivering.subscriptions_.add(delivering.spec("far", 1, 100));
  delivering.subscriptions_.pump(head);
  for (const v1::Frame& frame : delivering.frames("near")) {
    for (const v1::StoredEvent& event : frame.delivery().events()) {
      CHECK(event.via() == "ring");
    }
  }
  CHECK(delivering.delivered("near") == range(7, 10));
  for (const v1::Frame& frame : delivering.frames("far")) {
    for (const v1::StoredEvent& event : frame.delivery().events()) {
      CHECK(event.via().empty());  // Read from the store in one chunk.
    }
  }
  CHECK(delivering.delivered("far") == range(1, 10));
}

TEST_CASE(
    "Catch-up of an unfiltered subscription reads from the store only what its credit allows") {
  Delivering delivering;  // No ring: every row comes from the store.
  std::vector<v1::Event> events;
  for (int i = 0; i < 50; ++i) {
    events.push_back(alertbus::testing::sample_crop_pest());
  }
  const std::uint64_t head = delivering.commit(events);
  delivering.subscriptions_.add(delivering.spec("c", 1, 5));
  (void)delivering.subscriptions_.pump(head);
  CHECK(delivering.delivered("c") == range(1, 5));
  CHECK(delivering.store_.rows_read() == 5);
}

TEST_CASE("A Delivery carries at most 256 events") {
  Delivering delivering;
  std::vector<NewEvent> events;
  for (int i = 0; i < 300; ++i) {
    events.push_back(new_event(testing::sample_crop_pest()));
  }
  const std::uint64_t head = delivering.commit(events, {});
  delivering.subscriptions_.add(delivering.spec("desk", 1, 1000));
  delivering.subscriptions_.pump(head);
  const auto deliveries = delivering.deliveries("desk");
  REQUIRE(deliveries.size() == 2);
  CHECK(deliveries[0] == range(1, 256));
  CHECK(deliveries[1] == range(257, 300));
}

TEST_CASE("Subscriptions end one by one or with their connection, and unknown ones are refused") {
  Delivering delivering;
  Subscriptions::Spec durable = delivering.spec("desk", 1, 10);
  durable.durable_name = "desk-cases";
  delivering.subscriptions_.add(std::move(durable));
  delivering.subscriptions_.add(delivering.spec("desk", 2, 10));
  delivering.subscriptions_.add(delivering.spec("wall", 1, 10));
  CHECK(delivering.subscriptions_.count_for("desk") == 2);
  std::string name;
  REQUIRE(delivering.subscriptions_.remove("desk", 1, &name).ok());
  CHECK(name == "desk-cases");
  CHECK_FALSE(delivering.subscriptions_.attached_durable_position("desk-cases").has_value());
  CHECK(delivering.subscriptions_.remove("desk", 1, &name).code() == v1::UNKNOWN_SUBSCRIPTION);
  delivering.subscriptions_.drop_connection("desk");
  CHECK(delivering.subscriptions_.count_for("desk") == 0);
  CHECK(delivering.subscriptions_.size() == 1);
}

TEST_CASE(
    "A connection that does not acknowledge is paused at its byte budget, whatever its credit") {
  constexpr std::size_t kBudget = 20 * 1024;
  Delivering delivering(0, kBudget);
  std::vector<v1::Event> events;
  for (int i = 0; i < 600; ++i) {
    events.push_back(testing::sample_crop_pest());
  }
  const std::uint64_t head = delivering.commit(events);
  Subscriptions& subscriptions = delivering.subscriptions_;
  subscriptions.add(delivering.spec("reader", 1, 10000));
  subscriptions.add(delivering.spec("reader", 2, 10000));
  subscriptions.add(delivering.spec("other", 1, 10000));
  subscriptions.pump(head);
  // One delivery (256 events, far over the budget) goes while nothing is held; then nothing
  // more to that connection, on either subscription. Another connection has its own budget.
  CHECK(delivering.delivered("reader") == range(1, 256));
  CHECK(delivering.delivered("other") == range(1, 256));
  const std::size_t held = subscriptions.unacknowledged_bytes("reader");
  CHECK(held > kBudget);
  CHECK(held < (1U << 20) + kBudget);
  CHECK(subscriptions.budget_pauses() > 0);
  for (int i = 0; i < 3; ++i) {
    CHECK_FALSE(subscriptions.pump(head));  // Paused: nothing to send, no busy loop.
  }
  CHECK(delivering.delivered("reader").empty());
  CHECK(subscriptions.unacknowledged_bytes("reader") == held);
  // Credit alone releases nothing; an acknowledgement of what was sent does.
  std::optional<CursorUpdate> cursor;
  REQUIRE(subscriptions.ack("reader", 1, 0, 256, &cursor).ok());
  subscriptions.pump(head);
  CHECK(delivering.delivered("reader").empty());
  REQUIRE(subscriptions.ack("reader", 1, 256, 0, &cursor).ok());
  CHECK(subscriptions.unacknowledged_bytes("reader") == 0);
  subscriptions.pump(head);
  CHECK(delivering.delivered("reader") == range(257, 512));
  // Ending the connection's subscriptions releases what they held.
  subscriptions.drop_connection("reader");
  CHECK(subscriptions.unacknowledged_bytes("reader") == 0);
}

TEST_CASE("A delivery's budget is released by acknowledging its last event, filtered rows aside") {
  Delivering delivering(0, 1);  // Every delivery waits for the one before.
  std::vector<v1::Event> events;
  for (int i = 0; i < 6; ++i) {
    events.push_back(i % 2 == 0 ? testing::sample_crop_pest() : testing::sample_forest_fire());
  }
  const std::uint64_t head = delivering.commit(events);
  Subscriptions::Spec spec = delivering.spec("desk", 1, 2);
  v1::Filter pests;
  pests.add_kinds(v1::CROP_PEST);
  spec.filter = EventFilter::from_proto(pests).value();
  delivering.subscriptions_.add(std::move(spec));
  delivering.subscriptions_.pump(head);
  CHECK(delivering.delivered("desk") == std::vector<std::uint64_t>{1, 3});
  std::optional<CursorUpdate> cursor;
  // The client acknowledges the last event it received (3), not the row scanned after it.
  REQUIRE(delivering.subscriptions_.ack("desk", 1, 3, 2, &cursor).ok());
  CHECK(delivering.subscriptions_.unacknowledged_bytes("desk") == 0);
  delivering.subscriptions_.pump(head);
  CHECK(delivering.delivered("desk") == std::vector<std::uint64_t>{5});
}

}  // namespace alertbus::broker
