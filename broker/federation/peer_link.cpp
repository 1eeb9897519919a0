#include "federation/peer_link.hpp"

#include <algorithm>
#include <iterator>
#include <optional>
#include <spdlog/spdlog.h>

#include "alertbus/logging/log_format.hpp"
#include "alertbus/protocol/checkpoint.hpp"
#include "alertbus/protocol/clock.hpp"
#include "alertbus/protocol/utf8.hpp"
#include "store/event_facts.hpp"

namespace alertbus::broker {
namespace {

std::int64_t wall_ms() {
  return protocol::now_unix_ms();
}

// How much of a peer's text a log line or the link's last error shows.
constexpr std::size_t kShownTextBytes = 512;

}  // namespace

std::string PeerLink::shown_id(const std::string& id) {
  return protocol::utf8_prefix(id, 64);
}

PeerLink::PeerLink(PeerConfig peer, std::unique_ptr<LinkChannel> channel, Ingest& ingest,
                   std::optional<Cursor> stored, const Options& options)
    : peer_(std::move(peer)),
      channel_(std::move(channel)),
      ingest_(ingest),
      options_(options),
      next_attempt_(Clock::now()),
      heartbeat_(std::chrono::milliseconds(options.heartbeat_interval_ms),
                 options.heartbeat_misses),
      committed_(stored.value_or(Cursor{})),
      behind_since_ms_(wall_ms()),
      recovering_(!options.relay),
      own_(options.self_id, peer_.id, options.log, options.own_recovery_max_bytes) {
  if (peer_.name.empty()) {
    peer_.name = peer_.id;
  }
  if (recovering_ && self_key() == nullptr) {
    const logging::LogSubject subject(logging::Field::kPeer, peer_.id);
    spdlog::warn(
        "link from {}: the registry holds no signing key of this node: its own events of"
        " earlier log epochs taken back from this peer are checked by their signatures only,"
        " not against the checkpoints it signed",
        peer_.id);
  }
}

void* PeerLink::poll_handle() {
  return state_ == State::kWaiting ? nullptr : channel_->poll_handle();
}

void PeerLink::connect() {
  // The registry in force now, so a reloaded one applies at the next connection.
  if (Status opened = channel_->open(ingest_.registry().get()); !opened.ok()) {
    channel_->close();
    record_error("cannot connect: " + opened.message(),
                 "không kết nối được: " + opened.message_vi());
    next_attempt_ = Clock::now() + std::chrono::milliseconds(options_.heartbeat_interval_ms);
    return;
  }
  state_ = State::kPinging;
  // The first Ping asks for the peer's epoch (on_pong); it is due at once.
  heartbeat_.start(Clock::now());
  ping_if_due(Clock::now());
}

void PeerLink::ping_if_due(Clock::time_point now) {
  if (heartbeat_.ping_due(now)) {
    (void)send(protocol::ping_frame(next_request_id_++, committed_.seq));
  }
}

void PeerLink::drop(const std::string& why_en, const std::string& why_vi) {
  spdlog::warn("link from {}: {}; reconnecting in {} ms", peer_.id, why_en,
               options_.heartbeat_interval_ms);
  record_error(why_en, why_vi);
  channel_->close();
  state_ = State::kWaiting;
  checkpoint_request_id_ = 0;
  own_request_id_ = 0;
  subscription_id_ = 0;
  ++reconnects_;
  next_attempt_ = Clock::now() + std::chrono::milliseconds(options_.heartbeat_interval_ms);
}

void PeerLink::record_error(const std::string& en, const std::string& vi) {
  last_error_ = en;
  last_error_vi_ = vi;
  last_error_at_ms_ = wall_ms();
}

bool PeerLink::send(const v1::Frame& frame) {
  return state_ != State::kWaiting && channel_->send(frame);
}

void PeerLink::tick() {
  const logging::LogSubject subject(logging::Field::kPeer, peer_.id);
  const Clock::time_point now = Clock::now();
  if (state_ == State::kWaiting) {
    if (now >= next_attempt_) {
      connect();
    }
    return;
  }
  const auto timeout =
      std::chrono::milliseconds(options_.heartbeat_interval_ms * options_.heartbeat_misses);
  if (heartbeat_.silent(now)) {
    const std::string ms = std::to_string(timeout.count());
    drop("peer silent for " + ms + " ms", "nút ngang hàng im lặng quá " + ms + " ms");
    return;
  }
  if (state_ != State::kStreaming && now - heartbeat_.connected_at() > timeout) {
    const std::string ms = std::to_string(timeout.count());
    drop("subscription not confirmed within " + ms + " ms",
         "không được xác nhận đăng ký trong " + ms + " ms");
    return;
  }
  maybe_end_recovery();
  maybe_request_checkpoint();
  ask_own_checkpoint();
  ping_if_due(now);
}

void PeerLink::read(std::vector<Batch>* batches) {
  const logging::LogSubject subject(logging::Field::kPeer, peer_.id);
  while (state_ != State::kWaiting) {
    std::optional<StatusOr<v1::Frame>> frame = channel_->receive();
    if (!frame) {
      return;
    }
    if (!frame->ok()) {
      drop(frame->status().message(), frame->status().message_vi());
      return;
    }
    on_frame(frame->value(), batches);
  }
}

void PeerLink::on_frame(v1::Frame& frame, std::vector<Batch>* batches) {
  heartbeat_.heard(Clock::now());
  last_contact_ms_ = wall_ms();
  switch (frame.body_case()) {
    case v1::Frame::kPong:
      on_pong(frame.pong(), batches);
      return;
    case v1::Frame::kSubscribed:
      if (state_ == State::kSubscribing && frame.request_id() == subscription_id_) {
        state_ = State::kStreaming;
        heartbeat_.expect_subscription(true);
        spdlog::info("link from {}: receiving its events{} after seq {} (epoch {})", peer_.id,
                     recovering_ ? " and this node's own" : "",
                     frame.subscribed().start_after_seq(), committed_.epoch);
        if (recovering_ && !recover_until_) {
          recover_until_ = frame.subscribed().head_seq();
          recovery_ends_by_ = Clock::now() + std::chrono::milliseconds(options_.recovery_window_ms);
        }
        maybe_end_recovery();
      }
      return;
    case v1::Frame::kDelivery:
      if (state_ == State::kStreaming && frame.delivery().subscription_id() == subscription_id_) {
        on_delivery(*frame.mutable_delivery());
      }
      return;
    case v1::Frame::kCheckpoint:
      if (own_request_id_ != 0 && frame.request_id() == own_request_id_) {
        on_own_checkpoint(&frame.checkpoint(), "");
      } else if (frame.request_id() == checkpoint_request_id_) {
        checkpoint_request_id_ = 0;
        on_checkpoint(frame.checkpoint(), batches);
      }
      return;
    case v1::Frame::kError: {
      const v1::Error& error = frame.error();
      if (own_request_id_ != 0 && frame.request_id() == own_request_id_) {
        on_own_checkpoint(nullptr, v1::ErrorCode_Name(error.code()) + ": " +
                                       protocol::utf8_prefix(error.message(), kShownTextBytes));
        return;
      }
      if (checkpoint_request_id_ != 0 && frame.request_id() == checkpoint_request_id_) {
        // A peer without a signing key gives none: not a reason to drop the link.
        checkpoint_request_id_ = 0;
        spdlog::debug("link from {}: no checkpoint: {}", peer_.id, error.message());
        return;
      }
      if (state_ == State::kSubscribing && frame.request_id() == subscription_id_ &&
          error.code() == v1::INVALID_SUBSCRIPTION && committed_.seq > 0) {
        // Our cursor is beyond the peer's head in the same epoch: its log went back (a
        // restored backup whose restore it did not notice). Pull everything again.
        spdlog::error(
            "link from {}: the peer's log ends before seq {} that was received from it: its"
            " database went back. Pulling all its events again; those already here are"
            " recognised by event id",
            peer_.id, committed_.seq);
        restart_from_zero(committed_.epoch, batches);
      }
      drop(
          "the peer answered " + v1::ErrorCode_Name(error.code()) + ": " + error.message(),
          "nút ngang hàng trả lời " + v1::ErrorCode_Name(error.code()) + ": " + error.message_vi());
      return;
    }
    default:
      return;
  }
}

void PeerLink::on_pong(const v1::Pong& pong, std::vector<Batch>* batches) {
  peer_epoch_ = pong.epoch();
  peer_head_seq_ = pong.head_seq();
  peer_origin_head_ = pong.origin_head_seq();
  if (state_ != State::kPinging) {
    update_lag();
    if (heartbeat_.subscription_lost(pong)) {
      drop("the peer no longer holds the link's subscription (it restarted)",
           "nút ngang hàng không còn giữ đăng ký của liên kết (đã khởi động lại)");
    }
    return;
  }
  if (committed_.epoch != 0 && committed_.epoch != pong.epoch()) {
    spdlog::error(
        "link from {}: the peer's log epoch changed from {} to {}: its database was replaced."
        " Pulling all its events again; those already here are recognised by event id",
        peer_.id, committed_.epoch, pong.epoch());
    record_error("the peer's log epoch changed from " + std::to_string(committed_.epoch) + " to " +
                     std::to_string(pong.epoch()) + "; resynchronising",
                 "kỷ nguyên nhật ký của nút ngang hàng đổi từ " + std::to_string(committed_.epoch) +
                     " sang " + std::to_string(pong.epoch()) + "; đang đồng bộ lại");
    restart_from_zero(pong.epoch(), batches);
  }
  committed_.epoch = pong.epoch();
  update_lag();
  subscribe();
}

void PeerLink::restart_from_zero(std::uint64_t epoch, std::vector<Batch>* batches) {
  ++epoch_changes_;
  committed_ = Cursor{0, epoch};
  // Store the reset cursor now, so that a restart does not count the change twice.
  Batch batch;
  batch.cursor = CursorUpdate{peer_.id, 0, false, true, epoch};
  batches->push_back(std::move(batch));
}

void PeerLink::subscribe() {
  subscription_id_ = next_request_id_++;
  heartbeat_.expect_subscription(false);
  received_seq_ = committed_.seq;
  acked_seq_ = committed_.seq;
  own_.reset();  // What it held comes again: the cursor is before it.
  v1::Frame frame;
  frame.set_request_id(subscription_id_);
  v1::Subscribe* subscribe = frame.mutable_subscribe();
  if (!options_.relay) {
    subscribe->mutable_filter()->add_origin_nodes(peer_.id);
    if (recovering_) {
      subscribe->mutable_filter()->add_origin_nodes(options_.self_id);
    }
  }
  subscribe->set_after_seq(committed_.seq);
  subscribe->set_credit(options_.credit);
  state_ = State::kSubscribing;
  (void)send(frame);
}

bool PeerLink::recovering_now() const {
  return recovering_ && (!recover_until_ || Clock::now() < recovery_ends_by_);
}

void PeerLink::maybe_end_recovery() {
  if (!recovering_ || state_ != State::kStreaming || !recover_until_) {
    return;
  }
  // Caught up: everything up to that head committed or held by OwnRecovery, which awaits no
  // answer that could release more.
  const bool caught_up = std::max(committed_.seq, acked_seq_) >= *recover_until_ && !own_.busy();
  if (!caught_up && recovering_now()) {
    return;
  }
  recovering_ = false;
  (void)own_.end();  // Not covered by a checkpoint the peer keeps: not taken (logged).
  if (caught_up) {
    spdlog::info("link from {}: this node's own events held there are back; now only its events",
                 peer_.id);
  } else {
    spdlog::warn(
        "link from {}: the recovery of this node's own events ended after {} ms at seq {} of"
        " the {} the peer reported; now only its events",
        peer_.id, options_.recovery_window_ms, committed_.seq, *recover_until_);
  }
  v1::Frame frame;
  frame.mutable_unsubscribe()->set_subscription_id(subscription_id_);
  (void)send(frame);
  subscribe();  // Deliveries still on their way for the old subscription are ignored.
}

void PeerLink::refuse(const v1::StoredEvent& stored, const Status& why) {
  ++events_refused_;
  if (why.code() == v1::INVALID_SIGNATURE || why.code() == v1::PERMISSION_DENIED) {
    ++events_bad_signature_;
  }
  // The id and the reason may carry the peer's text: cut, as a client's refusals are.
  const std::string id = shown_id(stored.event_id());
  const logging::LogSubject event(logging::Field::kEvent, id);
  spdlog::error("link from {}: event {} (seq {}) refused: {}", peer_.id, id, stored.seq(),
                protocol::utf8_prefix(why.to_string(), kShownTextBytes));
  record_error(
      "event " + id + " refused: " + protocol::utf8_prefix(why.message(), kShownTextBytes),
      "sự kiện " + id + " bị từ chối: " + protocol::utf8_prefix(why.message_vi(), kShownTextBytes));
}

std::unique_ptr<RemoteBatch> PeerLink::remote_batch() {
  auto batch = std::make_unique<RemoteBatch>();
  batch->link = options_.index;
  batch->via = peer_.id;
  batch->subscription_id = subscription_id_;
  batch->registry = ingest_.registry();
  batch->now_ms = wall_ms();
  const std::optional<std::uint64_t> held = own_.first_staged_seq();
  batch->cursor_seq = held ? std::min(received_seq_, *held - 1) : received_seq_;
  batch->cursor_epoch = committed_.epoch;
  return batch;
}

void PeerLink::on_delivery(v1::Delivery& delivery) {
  std::vector<v1::StoredEvent> events;
  const bool recovering = recovering_now();
  // Own events of an earlier epoch wait for this node's checkpoints, when it can verify them.
  const bool verifying = recovering && self_key() != nullptr;
  const std::uint64_t unverified = own_.unverified();
  for (v1::StoredEvent& stored : *delivery.mutable_events()) {
    if (stored.seq() <= received_seq_) {
      continue;  // Already received on this subscription.
    }
    received_seq_ = stored.seq();
    // Between Pongs, deliveries show how far the peer's log reaches.
    peer_head_seq_ = std::max(peer_head_seq_, stored.seq());
    peer_origin_head_ = std::max(peer_origin_head_, stored.seq());
    // The path here: the peer's, then the peer.
    if (stored.path_size() + 1 > options_.max_hops) {
      ++events_beyond_max_hops_;
      continue;
    }
    if (stored.origin().node() == options_.self_id && options_.self_epoch != 0 &&
        stored.origin().epoch() == options_.self_epoch) {
      // Of this node's current epoch: here already, by construction. A genuine one is a
      // duplicate; any other, forged.
      ++events_duplicate_;
      continue;
    }
    if (verifying && stored.origin().node() == options_.self_id) {
      if (own_.stage(std::move(stored)) == OwnRecovery::Staged::kHeld) {
        ++events_duplicate_;
      }
      continue;
    }
    if (!options_.relay && stored.origin().node() != peer_.id &&
        !(recovering && stored.origin().node() == options_.self_id)) {
      refuse(stored, Status::error(v1::INVALID_VALUE,
                                   "originated at '" + stored.origin().node() +
                                       "', neither the peer nor here",
                                   "có nguồn gốc từ '" + stored.origin().node() +
                                       "', không phải nút ngang hàng hay nút này"));
      continue;
    }
    events.push_back(std::move(stored));
  }
  std::optional<OwnRecovery::Release> release = own_.take_release();
  // After the release: the cursor may pass the events released, which are in this batch.
  auto batch = remote_batch();
  batch->credit = static_cast<std::uint32_t>(delivery.events_size());
  batch->ack_seq = received_seq_;
  batch->events = std::move(events);
  if (release) {
    batch->release = release->id;
    std::move(release->events.begin(), release->events.end(), std::back_inserter(batch->events));
  }
  ingest_.submit(std::move(batch));
  note_unverified(unverified);
  ask_own_checkpoint();
}

void PeerLink::checked(RemoteBatch& checked, std::vector<Batch>* batches) {
  const logging::LogSubject subject(logging::Field::kPeer, peer_.id);
  if (state_ != State::kStreaming || checked.subscription_id != subscription_id_) {
    // The link dropped or subscribed again since: the new subscription starts after the
    // committed cursor, so these events come again.
    return;
  }
  ingest_.admit_remote(checked.results);
  Batch batch;
  batch.subscription_id = checked.subscription_id;
  batch.credit = checked.credit;
  batch.release = checked.release;
  std::uint64_t cursor_seq = checked.cursor_seq;
  std::uint64_t ack_seq = checked.ack_seq;
  std::optional<std::string> held;
  bool held_for_clock = false;
  for (std::size_t i = 0; i < checked.events.size(); ++i) {
    StatusOr<NewEvent>& prepared = checked.results[i];
    if (!prepared.ok() && must_wait(prepared.status(), checked.events[i], peer_.id)) {
      // Signed by a principal this node's registry does not know (yet), or stored by the
      // peer after this node's now: skipping it would lose it for good when the registry or
      // the clock merely lags. Keep the cursor before it and wait.
      // Before it and before every event after it (those OwnRecovery released come last,
      // from earlier Deliveries).
      for (std::size_t j = i; j < checked.events.size(); ++j) {
        cursor_seq = std::min(cursor_seq, checked.events[j].seq() - 1);
      }
      ack_seq = cursor_seq;
      received_seq_ = cursor_seq;
      own_.cancel(batch.release);  // Not all stored: asked and checked again after the drop.
      held = "event " + shown_id(checked.events[i].event_id()) + ": " +
             protocol::utf8_prefix(prepared.status().message(), kShownTextBytes);
      held_for_clock = prepared.status().field() == kOriginStoredAtField;
      for (std::size_t j = i; j < checked.events.size(); ++j) {
        if (checked.results[j].ok() && checked.results[j].value().facts.type == v1::ALERT) {
          ingest_.committed(checked.results[j].value().event_id);  // Not in flight after all.
        }
      }
      break;
    }
    if (!prepared.ok()) {
      refuse(checked.events[i], prepared.status());
      continue;
    }
    if (prepared.value().facts.type == v1::ALERT) {
      batch.alert_ids.push_back(prepared.value().event_id);
    }
    batch.events.push_back(std::move(prepared).value());
  }
  batch.cursor = CursorUpdate{peer_.id, cursor_seq, false, true, checked.cursor_epoch};
  batch.ack_seq = ack_seq;
  batches->push_back(std::move(batch));
  if (held) {
    spdlog::error(
        "link from {}: {}; the link waits at this event until the registry knows the"
        " signer (update it and send SIGHUP) or this node's clock reaches the event's",
        peer_.id, *held);
    if (held_for_clock) {
      drop("waiting for this node's clock: " + *held,
           "đang chờ đồng hồ của nút này: " + *held + " (kiểm tra đồng hồ của hai nút)");
    } else {
      drop("waiting for the registry: " + *held,
           "đang chờ danh bạ khóa: " + *held + " (cập nhật danh bạ rồi gửi SIGHUP)");
    }
  }
}

}  // namespace alertbus::broker
