// PeerLink (federation/peer_link.hpp) without sockets: a LinkChannel of the test's hands the
// link the peer's frames and keeps what the link sends; its batches are committed into a
// MemoryStore and reported back as the loop does. Handshake and subscription, deliveries
// into batches whose commit moves the link cursor and acknowledges, recovery of this node's
// own events, an epoch change, refusals (third node, hops, origin conflict), a signer the
// registry lacks, a failed commit, the peer's checkpoints, a peer that restarted.
#include "federation/peer_link.hpp"

#include <thread>

#include <catch2/catch.hpp>

#include "alertbus/protocol/checkpoint.hpp"
#include "peer_link_fixture.hpp"
#include "support/sample_events.hpp"
#include "test_registry.hpp"

namespace alertbus::broker {

TEST_CASE(
    "A link subscribes after its cursor, and each Delivery it commits moves the link cursor "
    "and is acknowledged") {
  Linking linking;
  PeerLink& link = linking.start();
  const v1::Subscribe subscribe = linking.stream(7, 3);
  // First it asks for the peer's events and this node's own held there (recovery).
  CHECK(subscribe.after_seq() == 0);
  CHECK(std::vector<std::string>(subscribe.filter().origin_nodes().begin(),
                                 subscribe.filter().origin_nodes().end()) ==
        std::vector<std::string>{"quang-ninh", "bac-giang"});
  CHECK(subscribe.credit() == 1024);
  const v1::Event alert = testing::sample_unsafe_food();
  std::vector<PeerLink::Batch> batches =
      linking.deliver({from_quang_ninh(alert, 1),
                       from_quang_ninh(testing::sample_follow_up(alert, v1::ACKNOWLEDGE), 2),
                       from_quang_ninh(testing::sample_unsafe_food(), 3)});
  REQUIRE(batches.size() == 1);
  const PeerLink::Batch& batch = batches[0];
  CHECK(batch.events.size() == 3);
  CHECK(batch.events[0].via == "quang-ninh");
  CHECK(batch.cursor.link);
  CHECK(batch.cursor.name == "quang-ninh");
  CHECK(batch.cursor.seq == 3);
  CHECK(batch.cursor.epoch == 7);
  CHECK(batch.credit == 3);
  CHECK(batch.alert_ids.size() == 2);
  CHECK(linking.sent().empty());  // Nothing acknowledged before the commit.

  std::vector<AppendResult> results;
  REQUIRE(linking.commit(batches, &results).ok());
  CHECK(linking.store_.event_count().value() == 3);
  const auto cursor = linking.store_.load_link_cursor("quang-ninh").value();
  REQUIRE(cursor.has_value());
  CHECK(cursor->seq == 3);
  CHECK(cursor->epoch == 7);
  std::vector<v1::Frame> frames = linking.sent();
  REQUIRE(frames.size() >= 1);
  REQUIRE(frames[0].has_delivery_ack());
  CHECK(frames[0].delivery_ack().up_to_seq() == 3);
  CHECK(frames[0].delivery_ack().credit() == 3);
  // Caught up with the peer's head: recovery ends, and the link asks for the peer's only.
  REQUIRE(frames.size() == 3);
  CHECK(frames[1].unsubscribe().subscription_id() == frames[0].delivery_ack().subscription_id());
  REQUIRE(frames[2].has_subscribe());
  CHECK(frames[2].subscribe().after_seq() == 3);
  CHECK(frames[2].subscribe().filter().origin_nodes_size() == 1);
  linking.wire_->sent = frames;  // Confirm the new subscription.
  linking.subscribed(3);
  const v1::PeerLinkStatus status = link.status();
  CHECK(status.connected());
  CHECK(status.events_stored() == 3);
  CHECK(status.cursor_seq() == 3);
  CHECK(status.peer_epoch() == 7);
  CHECK(status.lag_events() == 0);
}

TEST_CASE("A link started again resumes after the cursor its last commit stored") {
  Linking linking;
  linking.start();
  linking.stream(7, 2);
  std::vector<PeerLink::Batch> batches =
      linking.deliver({from_quang_ninh(testing::sample_unsafe_food(), 1),
                       from_quang_ninh(testing::sample_unsafe_food(), 2)});
  REQUIRE(linking.commit(batches).ok());
  linking.start();  // The broker restarts.
  linking.link_->tick();
  const std::vector<v1::Frame> frames = linking.sent();
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].ping().last_seq() == 2);
  REQUIRE(linking.receive(Linking::pong(7, 2, 0)).empty());
  const v1::Subscribe subscribe = linking.subscribed(2);
  CHECK(subscribe.after_seq() == 2);
  CHECK(linking.link_->status().cursor_seq() == 2);
}

TEST_CASE(
    "A peer whose log epoch changed is pulled again from its start, what is here already "
    "recognised by event id") {
  Linking linking;
  linking.start();
  linking.stream(7, 3);
  const std::vector<v1::StoredEvent> events{from_quang_ninh(testing::sample_unsafe_food(), 1),
                                            from_quang_ninh(testing::sample_unsafe_food(), 2),
                                            from_quang_ninh(testing::sample_unsafe_food(), 3)};
  std::vector<PeerLink::Batch> batches = linking.deliver(events);
  REQUIRE(linking.commit(batches).ok());

  PeerLink& link = linking.start();
  link.tick();
  linking.sent();
  // The peer's database was replaced: epoch 8. The reset cursor is stored at once.
  batches = linking.receive(Linking::pong(8, 3, 0));
  REQUIRE(batches.size() == 1);
  CHECK(batches[0].events.empty());
  CHECK(batches[0].cursor.seq == 0);
  CHECK(batches[0].cursor.epoch == 8);
  CHECK(batches[0].subscription_id == 0);
  const v1::Subscribe subscribe = linking.subscribed(3);
  CHECK(subscribe.after_seq() == 0);
  REQUIRE(linking.commit(batches).ok());
  CHECK(linking.store_.load_link_cursor("quang-ninh").value()->epoch == 8);
  batches = linking.deliver(events);
  std::vector<AppendResult> results;
  REQUIRE(linking.commit(batches, &results).ok());
  for (const AppendResult& result : results) {
    CHECK(result.duplicate);
  }
  CHECK(linking.store_.event_count().value() == 3);
  CHECK(linking.store_.load_link_cursor("quang-ninh").value()->seq == 3);
  const v1::PeerLinkStatus status = link.status();
  CHECK(status.epoch_changes() == 1);
  CHECK(status.events_duplicate() == 3);
  CHECK(status.events_stored() == 0);
  CHECK(status.last_error().find("epoch changed from 7 to 8") != std::string::npos);
}

TEST_CASE(
    "Events from a third node or beyond the hop limit are not stored, and the cursor moves "
    "past them") {
  Linking linking;
  PeerLink::Options options;
  options.max_hops = 2;
  PeerLink& link = linking.start(options);
  linking.stream(7, 3);
  v1::StoredEvent third_node = from_quang_ninh(testing::sample_forest_fire(), 2);
  third_node.mutable_origin()->set_node("hai-duong");
  v1::StoredEvent far = from_quang_ninh(testing::sample_unsafe_food(), 3);
  far.add_path("lang-son");
  far.add_path("quang-ninh");  // Two hops already: a third is beyond max_hops.
  std::vector<PeerLink::Batch> batches =
      linking.deliver({from_quang_ninh(testing::sample_unsafe_food(), 1), third_node, far});
  REQUIRE(batches.size() == 1);
  CHECK(batches[0].events.size() == 1);
  CHECK(batches[0].cursor.seq == 3);
  CHECK(batches[0].credit == 3);
  REQUIRE(linking.commit(batches).ok());
  CHECK(linking.store_.event_count().value() == 1);
  CHECK(linking.store_.load_link_cursor("quang-ninh").value()->seq == 3);
  const v1::PeerLinkStatus status = link.status();
  CHECK(status.events_refused() == 1);
  CHECK(status.events_beyond_max_hops() == 1);
  CHECK(status.last_error().find("neither the peer nor here") != std::string::npos);
}

TEST_CASE("An event at an origin position another event holds here is counted as refused") {
  Linking linking;
  PeerLink& link = linking.start();
  linking.stream(7, 2);
  std::vector<PeerLink::Batch> batches =
      linking.deliver({from_quang_ninh(testing::sample_unsafe_food(), 1)});
  REQUIRE(linking.commit(batches).ok());
  // The peer's log was restored without a new epoch: another event at origin seq 1.
  v1::StoredEvent impostor = from_quang_ninh(testing::sample_unsafe_food(), 2);
  impostor.mutable_origin()->set_seq(1);
  batches = linking.deliver({impostor});
  std::vector<AppendResult> results;
  REQUIRE(linking.commit(batches, &results).ok());
  REQUIRE(results.size() == 1);
  CHECK(results[0].origin_conflict);
  CHECK(linking.store_.event_count().value() == 1);
  CHECK_FALSE(linking.store_.find_by_id(impostor.event_id()).value().has_value());
  CHECK(link.status().events_refused() == 1);
  CHECK(link.status().events_stored() == 1);
}

TEST_CASE("An event whose signer this node's registry lacks holds the link just before it") {
  const testing::TestRegistry registry;
  Linking linking;
  linking.ingest_.set_registry(registry.registry());
  PeerLink& link = linking.start();
  linking.stream(7, 3);
  auto signed_by = [&](const v1::Event& event, std::uint64_t seq, const std::string& signer) {
    v1::StoredEvent stored = from_quang_ninh(event, seq);
    stored.set_signer(signer);
    stored.set_signature(registry.sign(stored.event(), "quang-ninh/qlcl"));
    return stored;
  };
  v1::Event by_new_unit = testing::sample_unsafe_food();
  by_new_unit.set_sender_unit("quang-ninh/new-unit");
  std::vector<PeerLink::Batch> batches =
      linking.deliver({signed_by(testing::sample_unsafe_food(), 1, "quang-ninh/qlcl"),
                       signed_by(by_new_unit, 2, "quang-ninh/new-unit"),
                       signed_by(testing::sample_unsafe_food(), 3, "quang-ninh/qlcl")});
  REQUIRE(batches.size() == 1);
  CHECK(batches[0].events.size() == 1);
  CHECK(batches[0].events[0].signer == "quang-ninh/qlcl");
  CHECK(batches[0].cursor.seq == 1);  // Just before the event it waits at.
  const v1::PeerLinkStatus status = link.status();
  CHECK_FALSE(status.connected());
  CHECK(status.reconnects() == 1);
  CHECK(status.events_refused() == 0);
  CHECK(status.last_error().find("waiting for the registry") != std::string::npos);
  REQUIRE(linking.commit(batches).ok());
  CHECK(linking.store_.load_link_cursor("quang-ninh").value()->seq == 1);
  CHECK(linking.store_.event_count().value() == 1);
}

TEST_CASE("A failed commit drops the link, which keeps its stored cursor and connects again") {
  Linking linking;
  PeerLink::Options options;
  options.heartbeat_interval_ms = 20;
  PeerLink& link = linking.start(options);
  linking.stream(7, 1);
  std::vector<PeerLink::Batch> batches =
      linking.deliver({from_quang_ninh(testing::sample_unsafe_food(), 1)});
  linking.store_.fail_next_commits(1);
  CHECK(linking.commit(batches).code() == v1::STORE_FAILURE);
  CHECK(linking.sent().empty());  // Not acknowledged.
  CHECK_FALSE(linking.store_.load_link_cursor("quang-ninh").value().has_value());
  const v1::PeerLinkStatus status = link.status();
  CHECK_FALSE(status.connected());
  CHECK(status.reconnects() == 1);
  CHECK(status.cursor_seq() == 0);
  CHECK(status.last_error().find("cannot store the peer's events") != std::string::npos);
  link.tick();  // Too early: it waits one heartbeat interval.
  CHECK(linking.wire_->opens == 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  link.tick();
  CHECK(linking.wire_->opens == 2);
  const std::vector<v1::Frame> frames = linking.sent();
  REQUIRE(frames.size() == 1);
  CHECK(frames[0].ping().last_seq() == 0);
}

TEST_CASE(
    "A Delivery still being checked when its link drops makes no batch, and its events come "
    "again on the next subscription") {
  Linking linking;
  PeerLink::Options options;
  options.heartbeat_interval_ms = 20;
  PeerLink& link = linking.start(options);
  linking.stream(7, 2);
  // The Delivery and then an Error from the peer, read together: the Delivery's events are
  // with Ingest's pool when the link drops.
  v1::Frame delivery;
  delivery.mutable_delivery()->set_subscription_id(linking.subscription_id_);
  *delivery.mutable_delivery()->add_events() = from_quang_ninh(testing::sample_unsafe_food(), 1);
  *delivery.mutable_delivery()->add_events() = from_quang_ninh(testing::sample_unsafe_food(), 2);
  linking.wire_->inbox.push_back(delivery);
  v1::Frame error;
  error.set_request_id(linking.subscription_id_);
  Status::from_code(v1::INTERNAL).to_proto(error.mutable_error());
  linking.wire_->inbox.push_back(error);
  std::vector<PeerLink::Batch> batches;
  link.read(&batches);
  CHECK(batches.empty());
  CHECK(linking.ingest_.checks_pending() == 1);
  CHECK_FALSE(link.status().connected());
  // Checked after the drop: no batch, nothing in flight.
  std::unique_ptr<CheckBatch> checked = linking.ingest_.take_checked();
  REQUIRE(checked != nullptr);
  link.checked(static_cast<RemoteBatch&>(*checked), &batches);
  CHECK(batches.empty());
  // Connected again, the link asks for everything after its committed cursor (none yet).
  std::this_thread::sleep_for(std::chrono::milliseconds(40));
  linking.sent();
  const v1::Subscribe again = linking.stream(7, 2);
  CHECK(again.after_seq() == 0);
  batches = linking.deliver({from_quang_ninh(testing::sample_unsafe_food(), 1),
                             from_quang_ninh(testing::sample_unsafe_food(), 2)});
  REQUIRE(batches.size() == 1);
  CHECK(batches[0].events.size() == 2);
  CHECK(batches[0].cursor.seq == 2);
  REQUIRE(linking.commit(batches).ok());
  CHECK(linking.store_.event_count().value() == 2);
}

TEST_CASE(
    "A peer's checkpoint that verifies is committed with the next job, and one that does not "
    "is refused") {
  const testing::TestRegistry registry;
  Linking linking;
  linking.ingest_.set_registry(registry.registry());
  PeerLink::Options options;
  options.checkpoint_interval_ms = 0;
  PeerLink& link = linking.start(options);
  linking.stream(7, 0);  // Nothing to pull: caught up at once.
  auto answer = [&](bool valid) {
    link.tick();  // Caught up: asks for the peer's checkpoint.
    const std::vector<v1::Frame> frames = linking.sent();
    REQUIRE(frames.size() == 1);
    REQUIRE(frames[0].has_checkpoint_request());
    v1::Frame reply;
    reply.set_request_id(frames[0].request_id());
    v1::Checkpoint* checkpoint = reply.mutable_checkpoint();
    checkpoint->set_node("quang-ninh");
    checkpoint->set_epoch(7);
    checkpoint->set_seq(0);
    checkpoint->set_digest(std::string(32, '\0'));
    protocol::sign_checkpoint(checkpoint, registry.signing_key(valid ? "quang-ninh" : "hai-duong"));
    return linking.receive(reply);
  };
  std::vector<PeerLink::Batch> batches = answer(true);
  REQUIRE(batches.size() == 1);
  REQUIRE(batches[0].cursor.checkpoint != nullptr);
  REQUIRE(linking.commit(batches).ok());
  REQUIRE(linking.store_.peer_checkpoints().size() == 1);
  CHECK(linking.store_.peer_checkpoints()[0].node() == "quang-ninh");
  CHECK_FALSE(linking.store_.load_link_cursor("quang-ninh").value().has_value());  // No cursor.
  CHECK(link.status().checkpoints_received() == 1);
  CHECK(answer(false).empty());
  CHECK(link.status().checkpoints_received() == 1);
  CHECK(link.status().last_error().find("signature does not verify") != std::string::npos);
  CHECK(link.status().connected());  // A bad checkpoint is no reason to drop the link.
}

TEST_CASE("A Pong reporting no subscription while streaming drops the link") {
  Linking linking;
  PeerLink& link = linking.start();
  linking.stream(7, 0);
  REQUIRE(link.status().connected());
  CHECK(linking.receive(Linking::pong(7, 0, 1)).empty());
  CHECK(link.status().connected());
  CHECK(linking.receive(Linking::pong(7, 0, 0)).empty());
  CHECK_FALSE(link.status().connected());
  CHECK(link.status().reconnects() == 1);
  CHECK(link.status().last_error().find("restarted") != std::string::npos);
  CHECK_FALSE(linking.wire_->open);
}

TEST_CASE("A peer's oversized event id is cut in the link's error, as a client's text is") {
  Linking linking;
  PeerLink& link = linking.start();
  linking.stream(7, 1);
  v1::StoredEvent forged = from_quang_ninh(testing::sample_unsafe_food(), 1);
  forged.set_event_id(std::string(200'000, 'x'));  // Not the id in its bytes.
  std::vector<PeerLink::Batch> batches = linking.deliver({forged});
  REQUIRE(batches.size() == 1);
  CHECK(batches[0].events.empty());
  const v1::PeerLinkStatus status = link.status();
  CHECK(status.events_refused() == 1);
  CHECK(status.last_error().find("does not match its bytes") != std::string::npos);
  CHECK(status.last_error().size() < 1'000);
  CHECK(status.last_error_vi().size() < 1'000);
}

}  // namespace alertbus::broker
