// Linking: a node (bac-giang) with its log in memory and a PeerLink from quang-ninh over a
// LinkChannel of the test's, its batches committed and reported back as the loop does; the
// fixture of peer_link_test.cpp.
#pragma once

#include <deque>
#include <memory>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "bac_giang_log.hpp"
#include "federation/peer_link.hpp"
#include "store/memory/memory_store.hpp"
#include "support/sample_events.hpp"

namespace alertbus::broker {

// The peer's side of the link, as the test plays it.
struct Wire {
  std::deque<StatusOr<v1::Frame>> inbox;  // Frames from the peer, waiting to be read.
  std::vector<v1::Frame> sent;            // Frames the link sent, oldest first.
  int opens = 0;
  bool open = false;
};

class TestChannel final : public LinkChannel {
 public:
  explicit TestChannel(std::shared_ptr<Wire> wire) : wire_(std::move(wire)) {}

  Status open(const protocol::Registry* /*registry*/) override {
    ++wire_->opens;
    wire_->open = true;
    return {};
  }

  void close() override {
    wire_->open = false;
    wire_->inbox.clear();
  }

  bool send(const v1::Frame& frame) override {
    if (!wire_->open) {
      return false;
    }
    wire_->sent.push_back(frame);
    return true;
  }

  std::optional<StatusOr<v1::Frame>> receive() override {
    if (!wire_->open || wire_->inbox.empty()) {
      return std::nullopt;
    }
    StatusOr<v1::Frame> frame = std::move(wire_->inbox.front());
    wire_->inbox.pop_front();
    return frame;
  }

  void* poll_handle() override { return nullptr; }

 private:
  std::shared_ptr<Wire> wire_;
};

// The events of Quảng Ninh's log, epoch 7: seq n holds origin seq n.
inline v1::StoredEvent from_quang_ninh(const v1::Event& event, std::uint64_t seq) {
  v1::StoredEvent stored;
  stored.set_seq(seq);
  stored.set_event_id(event.event_id());
  stored.mutable_origin()->set_node("quang-ninh");
  stored.mutable_origin()->set_epoch(7);
  stored.mutable_origin()->set_seq(seq);
  stored.set_reference("QN-2026-0000" + std::to_string(seq));
  event.SerializeToString(stored.mutable_event());
  return stored;
}

// A node (bac-giang) with its log in memory and a link from quang-ninh over a TestChannel.
class Linking {
 public:
  Linking() : store_(bac_giang_log()), ingest_(store_, 64 * 1024, "bac-giang", 0) {}

  // A new link (as at a start of the broker), from the cursor the store holds.
  PeerLink& start(PeerLink::Options link_options = {}) {
    link_options.self_id = "bac-giang";
    link_options.self_epoch = store_.epoch();
    link_options.log = &store_;
    wire_ = std::make_shared<Wire>();
    PeerConfig peer;
    peer.id = "quang-ninh";
    peer.endpoint = "tcp://quang-ninh.invalid:7302";
    link_ = std::make_unique<PeerLink>(peer, std::make_unique<TestChannel>(wire_), ingest_,
                                       store_.load_link_cursor("quang-ninh").value(), link_options);
    return *link_;
  }

  // The frames the link sent since the last call.
  std::vector<v1::Frame> sent() {
    std::vector<v1::Frame> frames;
    frames.swap(wire_->sent);
    return frames;
  }

  // The peer sends `frame`; the link reads it, and its Deliveries, once checked by Ingest's
  // pool, come back to it (as the loop does). Returns the batches made.
  std::vector<PeerLink::Batch> receive(v1::Frame frame) {
    wire_->inbox.push_back(std::move(frame));
    std::vector<PeerLink::Batch> batches;
    link_->read(&batches);
    ingest_.wait_checks();
    while (std::unique_ptr<CheckBatch> checked = ingest_.take_checked()) {
      REQUIRE(checked->kind == CheckBatch::Kind::kRemote);
      link_->checked(static_cast<RemoteBatch&>(*checked), &batches);
    }
    return batches;
  }

  // Connects and answers the handshake: Pong (epoch, origin head), then Subscribed. Returns
  // the Subscribe the link sent.
  v1::Subscribe stream(std::uint64_t epoch, std::uint64_t origin_head) {
    link_->tick();
    std::vector<v1::Frame> frames = sent();
    REQUIRE(frames.size() == 1);
    REQUIRE(frames[0].has_ping());
    REQUIRE(receive(pong(epoch, origin_head, 0)).empty());
    const v1::Subscribe first = subscribed(origin_head);
    if (!wire_->sent.empty()) {
      // Nothing to recover (the cursor is at the peer's head): it subscribed again, to the
      // peer's own events only.
      subscribed(origin_head);
    }
    return first;
  }

  // Confirms the Subscribe the link just sent; returns it.
  v1::Subscribe subscribed(std::uint64_t head) {
    std::vector<v1::Frame> frames = sent();
    REQUIRE(!frames.empty());
    REQUIRE(frames.back().has_subscribe());
    subscription_id_ = frames.back().request_id();
    v1::Frame confirm;
    confirm.set_request_id(subscription_id_);
    confirm.mutable_subscribed()->set_subscription_id(subscription_id_);
    confirm.mutable_subscribed()->set_start_after_seq(frames.back().subscribe().after_seq());
    confirm.mutable_subscribed()->set_head_seq(head);
    REQUIRE(receive(confirm).empty());
    return frames.back().subscribe();
  }

  static v1::Frame pong(std::uint64_t epoch, std::uint64_t origin_head,
                        std::uint32_t subscriptions) {
    v1::Frame frame;
    frame.mutable_pong()->set_epoch(epoch);
    frame.mutable_pong()->set_head_seq(origin_head);
    frame.mutable_pong()->set_origin_head_seq(origin_head);
    frame.mutable_pong()->set_subscriptions(subscriptions);
    return frame;
  }

  // A Delivery of `events` on the current subscription; returns the batches made.
  std::vector<PeerLink::Batch> deliver(const std::vector<v1::StoredEvent>& events) {
    v1::Frame frame;
    frame.mutable_delivery()->set_subscription_id(subscription_id_);
    for (const v1::StoredEvent& event : events) {
      *frame.mutable_delivery()->add_events() = event;
    }
    return receive(frame);
  }

  // Commits the batches in one transaction as the loop does and reports each to the link.
  // Returns the commit's status and results.
  Status commit(std::vector<PeerLink::Batch>& batches, std::vector<AppendResult>* results) {
    std::vector<NewEvent> events;
    std::vector<CursorUpdate> cursors;
    std::vector<std::size_t> firsts;
    for (PeerLink::Batch& batch : batches) {
      firsts.push_back(events.size());
      for (NewEvent& event : batch.events) {
        events.push_back(std::move(event));
      }
      cursors.push_back(batch.cursor);
    }
    std::vector<LogRow> appended;
    const Status status = store_.commit(events, cursors, results, &appended);
    for (const LogRow& row : appended) {
      ingest_.row_committed(row);
    }
    for (std::size_t i = 0; i < batches.size(); ++i) {
      const std::size_t count =
          (i + 1 < batches.size() ? firsts[i + 1] : events.size()) - firsts[i];
      std::span<const AppendResult> mine;
      if (status.ok()) {
        mine = std::span<const AppendResult>(*results).subspan(firsts[i], count);
      }
      link_->committed(batches[i], status, mine);
    }
    return status;
  }

  Status commit(std::vector<PeerLink::Batch>& batches) {
    std::vector<AppendResult> results;
    return commit(batches, &results);
  }

  MemoryStore store_;
  Ingest ingest_;
  std::shared_ptr<Wire> wire_;
  std::unique_ptr<PeerLink> link_;
  std::uint64_t subscription_id_ = 0;
};

}  // namespace alertbus::broker
