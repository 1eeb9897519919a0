// PeerLink after the loop committed one of its batches: the results counted, the Delivery
// acknowledged and its credit returned, OwnRecovery told what is stored.
#include <algorithm>
#include <spdlog/spdlog.h>

#include "alertbus/logging/log_format.hpp"
#include "federation/peer_link.hpp"

namespace alertbus::broker {

void PeerLink::committed(const Batch& batch, const Status& status,
                         std::span<const AppendResult> results) {
  const logging::LogSubject subject(logging::Field::kPeer, peer_.id);
  for (const std::string& id : batch.alert_ids) {
    ingest_.committed(id);
  }
  if (!status.ok()) {
    drop("cannot store the peer's events: " + status.message(),
         "không lưu được sự kiện của nút ngang hàng: " + status.message_vi());
    return;
  }
  for (std::size_t i = 0; i < results.size(); ++i) {
    const AppendResult& result = results[i];
    if (result.id_conflict_kept) {
      ++events_stored_;
      ++events_id_conflict_;
      const std::string id =
          i < batch.events.size() ? shown_id(batch.events[i].event_id) : std::string();
      spdlog::error(
          "link from {}: event {} arrived under an id that another origin's event holds here,"
          " with other content: stored as {} beside it, so that neither suppresses the other;"
          " the earlier one keeps the id for casework ('alertctl audit checkpoints' lists both)",
          peer_.id, id, result.reference);
      record_error("event " + result.reference + " shares its id with an earlier event here",
                   "sự kiện " + result.reference + " trùng mã với một sự kiện đã có ở đây");
    } else if (result.origin_conflict) {
      ++events_refused_;
      spdlog::error(
          "link from {}: an event arrived with an origin position another event holds here;"
          " the peer's log was probably restored from a backup without a new epoch. That event"
          " is NOT stored here",
          peer_.id);
      record_error("origin position already taken here by another event",
                   "vị trí nguồn gốc đã thuộc về một sự kiện khác trên nút này");
    } else if (result.id_conflict) {
      ++events_refused_;
      ++events_id_conflict_;
      spdlog::error(
          "link from {}: an event arrived under the id of the event of the same origin stored"
          " here as {}, with other content: an origin stores one event per id, so the arriving"
          " one is NOT stored (compare with 'alertctl get {}' here and at the origin)",
          peer_.id, result.reference, result.reference);
      record_error(
          "an event arrived under an id stored here with other content (" + result.reference + ")",
          "một sự kiện đến với mã đã được lưu ở đây với nội dung khác (" + result.reference + ")");
    } else if (result.duplicate) {
      ++events_duplicate_;
    } else {
      ++events_stored_;
    }
  }
  if (batch.cursor.checkpoint) {
    return;  // Not a cursor.
  }
  if (batch.release != 0) {
    own_.committed(batch.release);
  }
  if (batch.cursor.epoch == committed_.epoch) {
    committed_.seq = std::max(committed_.seq, batch.cursor.seq);
  }
  update_lag();
  if (batch.subscription_id != 0 && batch.subscription_id == subscription_id_ &&
      state_ == State::kStreaming) {
    if (batch.ack_seq != 0) {
      // Up to the Delivery's last seq, even when the cursor stays before events OwnRecovery
      // holds: the peer frees its delivery budget.
      acked_seq_ = std::max(acked_seq_, batch.ack_seq);
      v1::Frame frame;
      v1::DeliveryAck* ack = frame.mutable_delivery_ack();
      ack->set_subscription_id(batch.subscription_id);
      ack->set_up_to_seq(batch.ack_seq);
      ack->set_credit(batch.credit);
      (void)send(frame);
    }
    maybe_end_recovery();
  }
}

}  // namespace alertbus::broker
