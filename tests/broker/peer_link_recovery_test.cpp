// The recovery of a node's own events from a peer (federation/peer_link.hpp, recovering_) has
// an end the peer cannot move (issue 12, item 4): the head the peer reported when recovery
// began, taken once, and a window in time. After it, "this node's own" events from the peer
// are refused like any event of a third node. With this node's signing key in the registry,
// its own events of an earlier epoch are taken only once a checkpoint it signed covers them
// (OwnRecovery), and the link's cursor stays before those it holds.
#include <thread>

#include <catch2/catch.hpp>

#include "alertbus/protocol/checkpoint.hpp"
#include "new_event.hpp"
#include "peer_link_fixture.hpp"
#include "test_registry.hpp"

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

// An event of this node's of its earlier epoch 7 at origin seq `origin_seq`, signed by its
// unit, as the peer holds it at its seq `seq`.
v1::StoredEvent signed_own(const testing::TestRegistry& registry, std::uint64_t seq,
                           std::uint64_t origin_seq) {
  v1::StoredEvent stored = own_event(seq);
  stored.mutable_origin()->set_seq(origin_seq);
  stored.set_signer("bac-giang/cnty");
  stored.set_signature(registry.sign(stored.event(), "bac-giang/cnty"));
  return stored;
}

// Quảng Ninh's own event at its seq `seq`, signed by its unit.
v1::StoredEvent signed_theirs(const testing::TestRegistry& registry, std::uint64_t seq) {
  v1::StoredEvent stored = from_quang_ninh(testing::sample_unsafe_food(), seq);
  stored.set_signer("quang-ninh/qlcl");
  stored.set_signature(registry.sign(stored.event(), "quang-ninh/qlcl"));
  return stored;
}

// The peer's answer to CheckpointRequest `request`: bac-giang's checkpoint over `events` (all
// its own of epoch 7 up to origin seq `seq`), signed by `signer`'s node key.
v1::Frame checkpoint_answer(const testing::TestRegistry& registry, const v1::Frame& request,
                            const std::vector<v1::StoredEvent>& events, std::uint64_t seq,
                            const std::string& signer = "bac-giang") {
  protocol::LogHash digest{};
  for (const v1::StoredEvent& stored : events) {
    digest = protocol::origin_digest_step(digest, stored.origin().seq(), stored.event_id(),
                                          stored.event(), stored.signature(), stored.signer());
  }
  v1::Frame reply;
  reply.set_request_id(request.request_id());
  v1::Checkpoint* checkpoint = reply.mutable_checkpoint();
  checkpoint->set_node("bac-giang");
  checkpoint->set_epoch(7);
  checkpoint->set_seq(seq);
  checkpoint->set_count(events.size());
  checkpoint->set_digest(std::string(protocol::log_hash_bytes(digest)));
  checkpoint->mutable_signed_at()->set_seconds(1767225600);
  protocol::sign_checkpoint(checkpoint, registry.signing_key(signer));
  return reply;
}

// The one CheckpointRequest among `frames`.
v1::Frame checkpoint_request(const std::vector<v1::Frame>& frames) {
  std::vector<v1::Frame> found;
  for (const v1::Frame& frame : frames) {
    if (frame.has_checkpoint_request()) {
      found.push_back(frame);
    }
  }
  REQUIRE(found.size() == 1);
  return found[0];
}

// A link of bac-giang's, which holds its signing key in the registry, from quang-ninh
// (epoch 7, head `head`), recovering.
PeerLink& start_verifying(Linking& linking, const testing::TestRegistry& registry,
                          std::uint64_t head, PeerLink::Options options = {}) {
  linking.ingest_.set_registry(registry.registry());
  PeerLink& link = linking.start(options);
  link.tick();
  linking.sent();
  REQUIRE(linking.receive(Linking::pong(7, head, 0)).empty());
  REQUIRE(asks_for_own_events(linking.subscribed(head)));
  return link;
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

TEST_CASE(
    "Own events of an earlier epoch come back only once a checkpoint this node signed covers "
    "them") {
  const testing::TestRegistry registry;
  Linking linking;
  PeerLink& link = start_verifying(linking, registry, 3);
  const v1::StoredEvent lost = signed_own(registry, 1, 1);
  const v1::StoredEvent theirs = signed_theirs(registry, 2);
  const v1::StoredEvent unchecked = signed_own(registry, 3, 4);  // After the last checkpoint.
  std::vector<PeerLink::Batch> batches = linking.deliver({lost, theirs, unchecked});
  REQUIRE(batches.size() == 1);
  REQUIRE(batches[0].events.size() == 1);
  CHECK(batches[0].events[0].event_id == theirs.event_id());
  CHECK(batches[0].cursor.seq == 0);  // Before the first own event held.
  REQUIRE(linking.commit(batches).ok());
  std::vector<v1::Frame> frames = linking.sent();
  const v1::Frame request = checkpoint_request(frames);
  CHECK(request.checkpoint_request().node() == "bac-giang");
  CHECK(request.checkpoint_request().epoch() == 7);
  CHECK(request.checkpoint_request().at_or_after_seq() == 1);
  bool acked = false;
  for (const v1::Frame& frame : frames) {
    if (frame.has_delivery_ack()) {
      CHECK(frame.delivery_ack().up_to_seq() == 3);  // The peer frees its budget.
      acked = true;
    }
  }
  CHECK(acked);
  CHECK(linking.store_.find_by_id(lost.event_id()).value() == std::nullopt);

  // The peer keeps this node's checkpoint at origin seq 1: `lost` matches it.
  batches = linking.receive(checkpoint_answer(registry, request, {lost}, 1));
  REQUIRE(batches.size() == 1);
  REQUIRE(batches[0].events.size() == 1);
  CHECK(batches[0].events[0].event_id == lost.event_id());
  CHECK(batches[0].cursor.seq == 2);  // Still before `unchecked`.
  REQUIRE(linking.commit(batches).ok());
  CHECK(linking.store_.find_by_id(lost.event_id()).value().has_value());
  CHECK(linking.store_.load_link_cursor("quang-ninh").value()->seq == 2);

  // None after it: `unchecked` is not taken, and the recovery ends (caught up).
  const v1::Frame next = checkpoint_request(linking.sent());
  CHECK(next.checkpoint_request().at_or_after_seq() == 2);
  v1::Frame none;
  none.set_request_id(next.request_id());
  none.mutable_error()->set_code(v1::NOT_FOUND);
  CHECK(linking.receive(none).empty());
  const v1::PeerLinkStatus status = link.status();
  CHECK(status.reconnects() == 0);  // No reason to drop the link.
  CHECK(status.own_events_recovered() == 1);
  CHECK(status.own_events_left_at_peer() == 1);
  CHECK(status.own_events_unverified() == 0);
  const std::optional<v1::Subscribe> again = last_subscribe(linking.sent());
  REQUIRE(again.has_value());
  CHECK_FALSE(asks_for_own_events(*again));
  CHECK(again->after_seq() == 2);
  CHECK(linking.store_.find_by_id(unchecked.event_id()).value() == std::nullopt);
}

TEST_CASE("A peer answering with a checkpoint signed by another key gets no own event taken") {
  const testing::TestRegistry registry;
  Linking linking;
  PeerLink& link = start_verifying(linking, registry, 5);
  // Validly signed by this node's unit, but never stored here: the peer holds a stolen key.
  const v1::StoredEvent forged = signed_own(registry, 1, 1);
  std::vector<PeerLink::Batch> batches = linking.deliver({forged});
  REQUIRE(batches.size() == 1);
  CHECK(batches[0].events.empty());
  REQUIRE(linking.commit(batches).ok());
  const v1::Frame request = checkpoint_request(linking.sent());
  // The peer signs a checkpoint "of this node's" with its own key.
  batches = linking.receive(checkpoint_answer(registry, request, {forged}, 1, "quang-ninh"));
  CHECK(batches.empty());
  v1::PeerLinkStatus status = link.status();
  CHECK(status.own_events_unverified() == 1);
  CHECK(status.own_events_recovered() == 0);
  CHECK(status.last_error().find("do not match the checkpoints") != std::string::npos);
  CHECK(status.connected());
  // That epoch is over at this peer: later own events of it are not taken either, and the
  // cursor is no longer held.
  batches = linking.deliver({signed_own(registry, 2, 2), signed_theirs(registry, 3)});
  REQUIRE(batches.size() == 1);
  REQUIRE(batches[0].events.size() == 1);
  CHECK(batches[0].cursor.seq == 3);
  REQUIRE(linking.commit(batches).ok());
  CHECK(link.status().own_events_unverified() == 2);
  CHECK(linking.store_.find_by_id(forged.event_id()).value() == std::nullopt);
}

TEST_CASE("The cursor stays before own events held for a checkpoint: a restart reads them again") {
  const testing::TestRegistry registry;
  Linking linking;
  start_verifying(linking, registry, 9);
  const v1::StoredEvent lost = signed_own(registry, 2, 1);
  std::vector<PeerLink::Batch> batches =
      linking.deliver({signed_theirs(registry, 1), lost, signed_theirs(registry, 3)});
  REQUIRE(batches.size() == 1);
  CHECK(batches[0].events.size() == 2);
  CHECK(batches[0].cursor.seq == 1);
  REQUIRE(linking.commit(batches).ok());
  CHECK(linking.store_.load_link_cursor("quang-ninh").value()->seq == 1);
  // The broker stops before any checkpoint came: started again, the link asks from seq 1 on.
  PeerLink& again = linking.start();
  again.tick();
  linking.sent();
  REQUIRE(linking.receive(Linking::pong(7, 9, 0)).empty());
  const v1::Subscribe resumed = linking.subscribed(9);
  CHECK(asks_for_own_events(resumed));
  CHECK(resumed.after_seq() == 1);
}

TEST_CASE("A link held for the registry keeps its cursor before own events released with it") {
  const testing::TestRegistry registry;
  Linking linking;
  PeerLink::Options options;
  options.heartbeat_interval_ms = 100;  // Reconnects 100 ms after a drop.
  PeerLink& link = start_verifying(linking, registry, 9, options);
  const v1::StoredEvent first = signed_own(registry, 1, 1);
  const v1::StoredEvent second = signed_own(registry, 3, 2);
  std::vector<PeerLink::Batch> batches = linking.deliver({first});
  REQUIRE(linking.commit(batches).ok());
  // The checkpoint counts both; the second is not here yet.
  CHECK(linking
            .receive(
                checkpoint_answer(registry, checkpoint_request(linking.sent()), {first, second}, 2))
            .empty());
  // A Delivery whose first event waits for the registry (a signer it does not know), then
  // the second own event: both own events are released into this Delivery's batch, after it.
  v1::Event by_new_unit = testing::sample_unsafe_food();
  by_new_unit.set_sender_unit("quang-ninh/new-unit");
  v1::StoredEvent unknown = from_quang_ninh(by_new_unit, 2);
  unknown.set_signer("quang-ninh/new-unit");
  unknown.set_signature(registry.sign(unknown.event(), "quang-ninh/qlcl"));
  batches = linking.deliver({unknown, second});
  REQUIRE(batches.size() == 1);
  CHECK(batches[0].events.empty());
  CHECK(batches[0].cursor.seq == 0);  // Before `first` too, not only before `unknown`.
  REQUIRE(linking.commit(batches).ok());
  CHECK_FALSE(link.status().connected());  // Waiting for the registry.
  CHECK(linking.store_.load_link_cursor("quang-ninh").value()->seq == 0);
  CHECK(linking.store_.find_by_id(first.event_id()).value() == std::nullopt);
  // Connected again, the own events come again and are checked again (the release that was
  // not stored whole does not count as stored).
  std::this_thread::sleep_for(std::chrono::milliseconds(150));
  link.tick();
  linking.sent();
  REQUIRE(linking.receive(Linking::pong(7, 9, 0)).empty());
  CHECK(linking.subscribed(9).after_seq() == 0);
  batches = linking.deliver({first});
  REQUIRE(linking.commit(batches).ok());
  CHECK(checkpoint_request(linking.sent()).checkpoint_request().at_or_after_seq() == 1);
}

}  // namespace alertbus::broker
