// PeerLink's checkpoint requests (docs/PROTOCOL.md, "Federation between brokers", step 5):
// the peer's own checkpoints, verified and kept; and, while it recovers this node's own events
// of earlier epochs, this node's checkpoints that the peer keeps, which OwnRecovery checks
// those events against.
#include <spdlog/spdlog.h>

#include "alertbus/protocol/checkpoint.hpp"
#include "federation/peer_link.hpp"

namespace alertbus::broker {

void PeerLink::maybe_request_checkpoint() {
  const Clock::time_point now = Clock::now();
  if (state_ != State::kStreaming || checkpoint_request_id_ != 0 || now < next_checkpoint_ ||
      committed_.seq < peer_origin_head_) {
    return;
  }
  next_checkpoint_ = now + std::chrono::milliseconds(options_.checkpoint_interval_ms);
  checkpoint_request_id_ = next_request_id_++;
  v1::Frame frame;
  frame.set_request_id(checkpoint_request_id_);
  frame.mutable_checkpoint_request();
  (void)send(frame);
}

void PeerLink::on_checkpoint(const v1::Checkpoint& checkpoint, std::vector<Batch>* batches) {
  const protocol::Registry* registry = ingest_.registry().get();
  const protocol::Principal* node = registry ? registry->find(peer_.id) : nullptr;
  std::string why;
  if (checkpoint.node() != peer_.id) {
    why = "it names node '" + checkpoint.node() + "'";
  } else if (registry != nullptr && (node == nullptr || !node->signing_public)) {
    why = "the registry holds no signing key for the node";
  } else if (node != nullptr && !protocol::verify_checkpoint(checkpoint, *node->signing_public)) {
    why = "its signature does not verify";
  }
  if (!why.empty()) {
    spdlog::error("link from {}: checkpoint (epoch {}, seq {}) refused: {}", peer_.id,
                  checkpoint.epoch(), checkpoint.seq(), why);
    record_error("checkpoint refused: " + why, "điểm kiểm tra bị từ chối: " + why);
    return;
  }
  ++checkpoints_kept_;
  Batch batch;
  batch.cursor.name = peer_.id;
  batch.cursor.checkpoint = std::make_shared<const v1::Checkpoint>(checkpoint);
  batches->push_back(std::move(batch));
}

const protocol::Key32* PeerLink::self_key() const {
  const protocol::Registry* registry = ingest_.registry().get();
  const protocol::Principal* self = registry ? registry->find(options_.self_id) : nullptr;
  return self != nullptr && self->signing_public ? &*self->signing_public : nullptr;
}

void PeerLink::ask_own_checkpoint() {
  if (state_ != State::kStreaming || own_request_id_ != 0) {
    return;
  }
  const std::optional<OwnRecovery::Ask> ask = own_.next_ask();
  if (!ask) {
    return;
  }
  own_ask_ = *ask;
  own_request_id_ = next_request_id_++;
  own_.asked(*ask);
  v1::Frame frame;
  frame.set_request_id(own_request_id_);
  v1::CheckpointRequest* request = frame.mutable_checkpoint_request();
  request->set_node(options_.self_id);
  request->set_epoch(ask->epoch);
  request->set_at_or_after_seq(ask->at_or_after_seq);
  (void)send(frame);
}

void PeerLink::on_own_checkpoint(const v1::Checkpoint* checkpoint, const std::string& why) {
  own_request_id_ = 0;
  const std::uint64_t unverified = own_.unverified();
  if (checkpoint != nullptr) {
    own_.on_checkpoint(own_ask_, *checkpoint, self_key());
  } else {
    own_.on_no_checkpoint(own_ask_, why);
  }
  note_unverified(unverified);
  release_own();
  ask_own_checkpoint();
  maybe_end_recovery();
}

void PeerLink::release_own() {
  std::optional<OwnRecovery::Release> release = own_.take_release();
  if (!release) {
    return;
  }
  // Submitted after every Delivery read so far, so committed after them; its cursor passes
  // what it releases, not what OwnRecovery still holds.
  auto batch = remote_batch();
  batch->events = std::move(release->events);
  batch->release = release->id;
  ingest_.submit(std::move(batch));
}

void PeerLink::note_unverified(std::uint64_t unverified_before) {
  if (own_.unverified() != unverified_before) {
    record_error(
        "this node's own events from the peer do not match the checkpoints it signed:"
        " not taken",
        "sự kiện của chính nút này từ nút ngang hàng không khớp với điểm kiểm tra nút"
        " này đã ký: không nhận");
  }
}

}  // namespace alertbus::broker
