// The recovery of a node's own events from a peer (federation/peer_link.hpp, recovering_) has
// an end the peer cannot move (issue 12, item 4): the head the peer reported when recovery
// began, taken once, and a window in time. After it, "this node's own" events from the peer
// are refused like any event of a third node.
#include <thread>

#include <catch2/catch.hpp>

#include "new_event.hpp"
#include "peer_link_fixture.hpp"

namespace alertbus::broker {
namespace {

// An event of this node's (bac-giang) as the peer holds it, at the peer's seq `seq`.
v1::StoredEvent own_event(std::uint64_t seq) {
  v1::StoredEvent stored = from_quang_ninh(testing::sample_animal_disease(), seq);
  stored.mutable_origin()->set_node("bac-giang");
  stored.set_reference("BG-2026-0000" + std::to_string(seq));
  return stored;
}

bool asks_for_own_events(const v1::Subscribe& subscribe) {
  for (const std::string& node : subscribe.filter().origin_nodes()) {
    if (node == "bac-giang") {
      return true;
    }
  }
  return false;
}

// The last Subscribe among `frames`, if any.
std::optional<v1::Subscribe> last_subscribe(const std::vector<v1::Frame>& frames) {
  std::optional<v1::Subscribe> found;
  for (const v1::Frame& frame : frames) {
    if (frame.has_subscribe()) {
      found = frame.subscribe();
    }
  }
  return found;
}

}  // namespace

TEST_CASE("A peer reporting an endless head cannot keep this node recovering past the window") {
  Linking linking;
  PeerLink::Options options;
  options.recovery_window_ms = 300;
  PeerLink& link = linking.start(options);
  link.tick();
  REQUIRE(linking.sent().size() == 1);  // The Ping.
  REQUIRE(linking.receive(Linking::pong(7, 1'000'000'000, 0)).empty());
  // The fake peer's head: a billion events, never to be reached.
  const v1::Subscribe first = linking.subscribed(1'000'000'000);
  REQUIRE(asks_for_own_events(first));
  std::vector<PeerLink::Batch> batches = linking.deliver({own_event(1)});
  REQUIRE(batches.size() == 1);
  CHECK(batches[0].events.size() == 1);  // Within the window: taken back.
  REQUIRE(linking.commit(batches).ok());
  linking.sent();  // The DeliveryAck.

  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  link.tick();
  // Recovery over: subscribed again (after an Unsubscribe), to the peer's own events only.
  CHECK_FALSE(asks_for_own_events(linking.subscribed(1'000'000'000)));
  batches = linking.deliver({own_event(2)});
  REQUIRE(batches.size() == 1);
  CHECK(batches[0].events.empty());
  CHECK(link.status().events_refused() == 1);
  CHECK(link.status().last_error().find("neither the peer nor here") != std::string::npos);
  REQUIRE(linking.commit(batches).ok());
  CHECK(linking.store_.event_count().value() == 1);
}

TEST_CASE("A reconnection reporting a higher head does not extend the recovery") {
  Linking linking;
  PeerLink::Options options;
  options.heartbeat_interval_ms = 100;  // Reconnects 100 ms after a drop.
  PeerLink& link = linking.start(options);
  link.tick();
  linking.sent();
  REQUIRE(linking.receive(Linking::pong(7, 2, 0)).empty());
  REQUIRE(asks_for_own_events(linking.subscribed(2)));
  // The peer drops the subscription and, at the next connection, reports far more.
  REQUIRE(linking.receive(Linking::pong(7, 2, 0)).empty());
  REQUIRE_FALSE(link.status().connected());
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  link.tick();
  linking.sent();
  REQUIRE(linking.receive(Linking::pong(7, 1'000'000, 0)).empty());
  REQUIRE(asks_for_own_events(linking.subscribed(1'000'000)));
  // Caught up with the head reported first (2): recovery ends.
  std::vector<PeerLink::Batch> batches =
      linking.deliver({from_quang_ninh(testing::sample_unsafe_food(), 1), own_event(2)});
  REQUIRE(batches.size() == 1);
  CHECK(batches[0].events.size() == 2);
  REQUIRE(linking.commit(batches).ok());
  const std::optional<v1::Subscribe> again = last_subscribe(linking.sent());
  REQUIRE(again.has_value());
  CHECK_FALSE(asks_for_own_events(*again));
  CHECK(again->after_seq() == 2);
}

TEST_CASE("This node's own events of its current epoch are never taken from a peer") {
  Linking linking;
  PeerLink& link = linking.start();
  link.tick();
  linking.sent();
  REQUIRE(linking.receive(Linking::pong(7, 5, 0)).empty());
  REQUIRE(asks_for_own_events(linking.subscribed(5)));
  // Recovering: an event "of this node" in the epoch its log has now, at an origin position
  // beyond its head. Stored, it would take the position of this node's next event.
  v1::StoredEvent forged = own_event(1);
  forged.mutable_origin()->set_epoch(linking.store_.epoch());
  forged.mutable_origin()->set_seq(3);
  v1::StoredEvent lost = own_event(2);  // Of an earlier epoch: what recovery is for.
  std::vector<PeerLink::Batch> batches = linking.deliver({forged, lost});
  REQUIRE(batches.size() == 1);
  REQUIRE(batches[0].events.size() == 1);
  CHECK(batches[0].events[0].event_id == lost.event_id());
  REQUIRE(linking.commit(batches).ok());
  CHECK(link.status().events_refused() == 0);
  CHECK(link.status().events_duplicate() == 1);
  // This node's next event takes its next position as usual.
  const std::vector<NewEvent> next{new_event(testing::sample_animal_disease())};
  std::vector<AppendResult> results;
  std::vector<LogRow> appended;
  REQUIRE(linking.store_.commit(next, {}, &results, &appended).ok());
  CHECK(appended[0].stored.origin().seq() == 2);
}

}  // namespace alertbus::broker
