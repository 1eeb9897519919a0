// PeerLink's report of itself: how far behind the peer it is, and the counts and last error
// that `alertctl peers` shows (PeerLinkStatus).
#include "alertbus/protocol/clock.hpp"
#include "federation/peer_link.hpp"
#include "store/event_facts.hpp"

namespace alertbus::broker {

void PeerLink::update_lag() {
  const bool caught_up = peer_epoch_ == committed_.epoch && committed_.seq >= peer_origin_head_;
  if (caught_up) {
    behind_since_ms_ = 0;
  } else if (behind_since_ms_ == 0) {
    behind_since_ms_ = protocol::now_unix_ms();
  }
}

v1::PeerLinkStatus PeerLink::status() const {
  v1::PeerLinkStatus status;
  status.set_peer_id(peer_.id);
  status.set_peer_name(peer_.name);
  status.set_endpoint(peer_.endpoint);
  status.set_peer_province_code(peer_.province_code);
  status.set_connected(state_ == State::kStreaming && !heartbeat_.silent(Clock::now()));
  status.set_peer_epoch(peer_epoch_);
  status.set_peer_head_seq(peer_head_seq_);
  status.set_cursor_seq(committed_.seq);
  const bool same_epoch = peer_epoch_ == committed_.epoch;
  const std::uint64_t done = same_epoch ? committed_.seq : 0;
  status.set_lag_events(peer_origin_head_ > done ? peer_origin_head_ - done : 0);
  if (behind_since_ms_ != 0) {
    status.set_lag_seconds(
        static_cast<std::uint64_t>((protocol::now_unix_ms() - behind_since_ms_) / 1000));
  }
  if (last_contact_ms_) {
    set_unix_ms(*last_contact_ms_, status.mutable_last_contact());
  }
  if (!last_error_.empty()) {
    status.set_last_error(last_error_);
    status.set_last_error_vi(last_error_vi_);
    set_unix_ms(last_error_at_ms_, status.mutable_last_error_at());
  }
  status.set_events_stored(events_stored_);
  status.set_events_duplicate(events_duplicate_);
  status.set_events_refused(events_refused_);
  status.set_events_id_conflict(events_id_conflict_);
  status.set_reconnects(reconnects_);
  status.set_epoch_changes(epoch_changes_);
  status.set_events_beyond_max_hops(events_beyond_max_hops_);
  status.set_events_refused_unauthorized(events_bad_signature_);
  status.set_checkpoints_received(checkpoints_kept_);
  status.set_own_events_recovered(own_.recovered());
  status.set_own_events_unverified(own_.unverified());
  status.set_own_events_left_at_peer(own_.left_at_peer());
  return status;
}

}  // namespace alertbus::broker
