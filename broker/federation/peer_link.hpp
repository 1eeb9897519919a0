// PeerLink: the federation link that pulls, from one peer, the events that originated there
// (docs/ARCHITECTURE.md, Federation).
//
// The link is an ordinary client of the peer, through a LinkChannel (in the broker a DEALER
// connected to the peer's client endpoint, ZmqLinkChannel; in unit tests, frames handed in
// and out by the test). It pings to learn the peer's epoch, then subscribes to events whose origin
// is the peer (in relay mode: to every event it holds), starting after its own cursor. Each
// Delivery becomes a Batch once Ingest's pool has checked its events again (decoded, validated,
// verified: a RemoteBatch, handed back through checked() in order, the loop not waiting), plus
// the link cursor, which the loop commits in one transaction; only after that commit does the link
// acknowledge the Delivery and return its credit. The cursor lives here, not at the peer, so a node
// restored from a backup asks again for whatever its backup lacks.
//
// An epoch other than the cursor's means the peer's log was replaced (wiped, or a new
// database): the link logs it loudly and pulls the peer's events from the beginning again;
// the permanent dedup on event id keeps what was already stored from being stored twice.
//
// While it recovers this node's own events (recovering_), those of this node's earlier log
// epochs are taken only once they match a checkpoint this node signed (OwnRecovery, which holds
// them until then; the cursor stays before them).
//
// Silence for heartbeat_interval x heartbeat_misses, a handshake not finished in that time, a
// Pong that reports no subscription (the peer restarted), an Error from the peer or a failed
// commit makes the link drop its socket and start again with a new one after a pause
// (one heartbeat interval); no restart of the broker is ever needed. The liveness rules are the
// client library's too (alertbus/protocol/heartbeat.hpp), and so is the socket's setup
// (ZmqLinkChannel on alertbus/protocol/dealer_session.hpp).
//
// Threading: loop thread only (it owns its channel and uses the loop's Ingest).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/heartbeat.hpp"
#include "config/config.hpp"
#include "federation/link_channel.hpp"
#include "federation/own_recovery.hpp"
#include "ingest/ingest.hpp"
#include "store/store.hpp"

namespace alertbus::broker {

class PeerLink {
 public:
  struct Options {
    std::uint32_t credit = 1024;
    int heartbeat_interval_ms = 2000;
    int heartbeat_misses = 3;
    bool relay = false;  // Pull every event the peer holds (see BrokerConfig::relay).
    int max_hops = 8;
    std::string self_id;
    // This node's log epoch: its own events of that epoch are all in its log already (it
    // stored them first), so none is taken from a peer (a duplicate, or a forgery that would
    // take one of this node's next origin positions).
    std::uint64_t self_epoch = 0;
    int checkpoint_interval_ms = 60000;
    // The longest the recovery of this node's own events lasts, from its first confirmed
    // subscription, whatever head the peer reports (see recovering_).
    int recovery_window_ms = 600000;
    // This node's log (read on the loop thread): where the recovery of an earlier epoch's
    // own events starts. Null: taken as empty.
    Store* log = nullptr;
    // The most bytes of own events held in memory waiting for a checkpoint (OwnRecovery).
    std::size_t own_recovery_max_bytes = OwnRecovery::kDefaultMaxStagedBytes;
    std::size_t index = 0;  // Which of the loop's links this is (RemoteBatch::link).
  };

  // The events of one Delivery (those that passed validation), with the link cursor to
  // commit with them. subscription_id 0: nothing to acknowledge (a cursor-only batch).
  struct Batch {
    std::vector<NewEvent> events;
    CursorUpdate cursor;
    std::uint64_t subscription_id = 0;
    std::uint32_t credit = 0;
    std::vector<std::string> alert_ids;  // Alerts registered in flight with Ingest.
    // What the DeliveryAck acknowledges (0: nothing): the Delivery's last seq, beyond the
    // cursor when the link holds some of its events in memory (OwnRecovery).
    std::uint64_t ack_seq = 0;
    std::uint64_t release = 0;  // OwnRecovery's release the events include (0: none).
  };

  // `channel`: how the link reaches the peer (opened at each connection attempt).
  // `stored`: the cursor committed by an earlier run, if any.
  PeerLink(PeerConfig peer, std::unique_ptr<LinkChannel> channel, Ingest& ingest,
           std::optional<Cursor> stored, const Options& options);
  PeerLink(const PeerLink&) = delete;
  PeerLink& operator=(const PeerLink&) = delete;

  const PeerConfig& peer() const { return peer_; }

  // The socket to poll for input; null while the link waits to reconnect.
  void* poll_handle();

  // Reads every waiting frame. A Delivery's events go to Ingest's pool for their checks
  // (a RemoteBatch, back through checked()); cursor-only batches are appended to *batches.
  void read(std::vector<Batch>* batches);

  // A RemoteBatch of this link's is checked: unless the link dropped or subscribed again
  // since it read the Delivery (then its events come again on the new subscription), phase 2
  // runs and the Delivery becomes a batch appended to *batches. An event whose signer the
  // registry does not know holds the link there (the cursor stops before it).
  void checked(RemoteBatch& checked, std::vector<Batch>* batches);

  // Heartbeats, silence detection, reconnection. Call every loop iteration.
  void tick();

  // The commit of a batch from this link finished: on success the Delivery is acknowledged
  // and its credit returned; on failure the link starts again from its committed cursor.
  // `results`: one per event of the batch, in order.
  void committed(const Batch& batch, const Status& status, std::span<const AppendResult> results);

  v1::PeerLinkStatus status() const;

 private:
  // An event id as a peer sent it, cut (a valid one is 36 bytes).
  static std::string shown_id(const std::string& id);
  using Clock = std::chrono::steady_clock;
  enum class State { kWaiting, kPinging, kSubscribing, kStreaming };

  void connect();
  void drop(const std::string& why_en, const std::string& why_vi);
  void record_error(const std::string& en, const std::string& vi);
  void on_frame(v1::Frame& frame, std::vector<Batch>* batches);
  void on_pong(const v1::Pong& pong, std::vector<Batch>* batches);
  // Takes the Delivery's events (those not set aside at once) into a RemoteBatch.
  void on_delivery(v1::Delivery& delivery);
  // A checkpoint from the peer: verified against its registry key, then kept.
  void on_checkpoint(const v1::Checkpoint& checkpoint, std::vector<Batch>* batches);
  // Asks for the peer's checkpoint when caught up and the interval has passed.
  void maybe_request_checkpoint();
  // Counts, logs and records an event of the peer's that is not stored here.
  void refuse(const v1::StoredEvent& stored, const Status& why);
  bool send(const v1::Frame& frame);
  // Sends a Ping carrying the committed seq when the heartbeat says one is due.
  void ping_if_due(Clock::time_point now);
  void update_lag();
  // The peer's log was replaced or went back: pull it again from its start (epoch `epoch`),
  // storing the reset cursor with an otherwise empty batch.
  void restart_from_zero(std::uint64_t epoch, std::vector<Batch>* batches);
  void subscribe();
  // Recovery is complete once the cursor reaches recover_until_ or its window has passed:
  // subscribe again without this node's own events.
  void maybe_end_recovery();
  // Still recovering now (the window not passed).
  bool recovering_now() const;
  // This node's signing public key in the registry in force, or null (peer_link_checkpoints.cpp).
  const protocol::Key32* self_key() const;
  // A RemoteBatch of this link's current subscription, its cursor after what was received
  // (but before anything OwnRecovery holds).
  std::unique_ptr<RemoteBatch> remote_batch();
  // Own events of an earlier epoch: asks the peer for the checkpoint OwnRecovery needs next;
  // takes its answer (null: none, `why`); hands what it released to a batch.
  void ask_own_checkpoint();
  void on_own_checkpoint(const v1::Checkpoint* checkpoint, const std::string& why);
  void release_own();
  // Records an error when OwnRecovery refused events since `unverified_before`.
  void note_unverified(std::uint64_t unverified_before);

  PeerConfig peer_;
  std::unique_ptr<LinkChannel> channel_;
  Ingest& ingest_;
  Options options_;
  State state_ = State::kWaiting;
  Clock::time_point next_attempt_;  // kWaiting: when to connect again.
  protocol::Heartbeat heartbeat_;
  std::uint64_t next_request_id_ = 1;
  std::uint64_t subscription_id_ = 0;
  Cursor committed_;                // The cursor in the database (peer epoch, peer seq).
  std::uint64_t received_seq_ = 0;  // Last seq received on this subscription.
  // From the peer's last Pong.
  std::uint64_t peer_epoch_ = 0;
  std::uint64_t peer_head_seq_ = 0;
  std::uint64_t peer_origin_head_ = 0;
  std::optional<std::int64_t> last_contact_ms_;
  std::int64_t behind_since_ms_ = 0;  // When the link was last caught up (0: it is now).
  std::string last_error_;
  std::string last_error_vi_;
  std::int64_t last_error_at_ms_ = 0;
  std::uint64_t events_stored_ = 0;
  std::uint64_t events_duplicate_ = 0;
  // Under an id stored here with other bytes: kept beside it (another origin) or not stored.
  std::uint64_t events_id_conflict_ = 0;
  std::uint64_t events_refused_ = 0;
  std::uint64_t reconnects_ = 0;
  std::uint64_t epoch_changes_ = 0;
  std::uint64_t events_beyond_max_hops_ = 0;
  std::uint64_t events_bad_signature_ = 0;   // Of events_refused_: signature or authority.
  std::uint64_t checkpoint_request_id_ = 0;  // The request in flight, or 0.
  Clock::time_point next_checkpoint_;
  std::uint64_t checkpoints_kept_ = 0;
  // Pulling this node's own events back too: from start until caught up with the peer's head
  // at that time. They are duplicates unless this node's database lost them (restored from a
  // backup, wiped); a restart in the middle of that recovery resumes it from the cursor.
  // The peer's word sets the end once (its head at the first confirmed subscription: a
  // reconnection reporting more does not move it), and the window bounds it in time, so a
  // peer cannot keep this node accepting "its own" events (issue 12, item 4).
  bool recovering_ = false;
  std::optional<std::uint64_t> recover_until_;  // The peer's head when recovery began.
  Clock::time_point recovery_ends_by_;          // Set with recover_until_.
  std::uint64_t acked_seq_ = 0;                 // The last seq acknowledged on this subscription.
  OwnRecovery own_;
  std::uint64_t own_request_id_ = 0;  // OwnRecovery's CheckpointRequest in flight, or 0.
  OwnRecovery::Ask own_ask_;
};

}  // namespace alertbus::broker
