// OwnRecovery: what a PeerLink takes back of this node's own events of its EARLIER log epochs
// (after a restore from a backup or a wipe) is only what matches the checkpoints this node
// signed of them and its peers kept (docs/ARCHITECTURE.md, Federation, "Recovery checked
// against checkpoints"; issue 12, item 4).
//
// Per earlier epoch E met on the link, it holds:
// - the verified position: the origin seq k of the last of this node's own events of E held
//   here, their count and their origin digest (alertbus/protocol/checkpoint.hpp), computed
//   from the log at the first event of E (so a restart in the middle of a recovery goes on
//   from what was stored), then moved by each release;
// - the events of E from the peer beyond k, staged in memory in origin order (at most
//   max_staged_bytes of event bytes in all, beyond which that epoch's recovery from this peer
//   stops: they stay at the peer), for at most kMaxEpochs epochs (events of further ones are
//   not taken);
// - the checkpoint asked for next: the first one the peer keeps of (this node, E) at or after
//   origin seq k + 1 (CheckpointRequest naming a node).
// When the staged events up to the checkpoint's seq S are as many as it counts beyond k and
// extend the digest at k to the checkpoint's, they are released (handed to the link for its
// next batch) and k = S; then the next checkpoint is asked for. A count or digest that does
// not match, two events at one origin position, or a checkpoint that is not this node's own
// for E (signature, node, epoch, seq) drop the staged events of E and stop that epoch's
// recovery from this peer: logged at error, counted as unverified. What is still staged when
// the recovery ends (beyond the last checkpoint the peer keeps: the last interval before the
// loss) is not taken: logged and counted as left at the peer.
//
// Origin seqs of a node's own events are its log seqs, so they have gaps (the rows of other
// origins): the count in a checkpoint, not contiguity, tells when every event up to its seq
// is at hand.
//
// Threading: the thread of the link that owns it (the loop thread).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/keys.hpp"
#include "alertbus/protocol/log_hash.hpp"
#include "store/store.hpp"

namespace alertbus::broker {

class OwnRecovery {
 public:
  static constexpr std::size_t kDefaultMaxStagedBytes = 64 * 1024 * 1024;
  // The most earlier epochs one link recovers: a node has had a few (one per restore or
  // wipe); a hostile peer naming a new epoch with each event must not grow the link's memory.
  static constexpr std::size_t kMaxEpochs = 64;

  // `self_id`: this node. `peer_id`: the peer the link pulls from (named in the logs).
  // `log`: this node's log, where each epoch's verified position starts (null: empty).
  OwnRecovery(std::string self_id, std::string peer_id, Store* log,
              std::size_t max_staged_bytes = kDefaultMaxStagedBytes);

  enum class Staged {
    kStaged,    // Held in memory until a checkpoint covers it.
    kHeld,      // At or before the verified position: this node holds it already (a duplicate).
    kNotTaken,  // That epoch's recovery from this peer stopped: not taken (and counted).
  };
  // An event of this node's of an earlier epoch, from the peer (in the peer's log order).
  Staged stage(v1::StoredEvent event);

  // The peer seq of the first event staged (the link's cursor must stay before it), if any.
  std::optional<std::uint64_t> first_staged_seq() const;

  struct Ask {
    std::uint64_t epoch = 0;
    std::uint64_t at_or_after_seq = 0;
  };

  // A checkpoint to ask the peer for, if one is needed; the link asks it and calls asked().
  std::optional<Ask> next_ask() const;
  void asked(const Ask& ask);

  // The peer's answer to `ask`: `key`, this node's signing public key (null: none, the
  // checkpoint cannot be verified and is refused).
  void on_checkpoint(const Ask& ask, const v1::Checkpoint& checkpoint, const protocol::Key32* key);
  // The peer keeps no checkpoint for `ask` (or refused to say): no more of that epoch.
  void on_no_checkpoint(const Ask& ask, const std::string& why);

  struct Release {
    std::uint64_t id = 0;  // committed(id) once the batch holding them is stored.
    std::vector<v1::StoredEvent> events;
  };

  // The events verified since the last call, if any, for the link's next batch.
  std::optional<Release> take_release();
  // The batch holding release `id` is committed: the verified position stays there even
  // when the link starts a new subscription.
  void committed(std::uint64_t id);

  // The batch holding release `id` will not be stored whole (the link drops): committed(id)
  // then moves nothing.
  void cancel(std::uint64_t id) { pending_.erase(id); }

  // A new subscription (the link dropped, or subscribed again): the peer sends everything
  // after the link cursor again, which is before every staged event, so the staged events
  // are dropped and each epoch goes back to its committed position. Answers in flight are
  // lost with the old connection.
  void reset();

  // Whether an answer or a commit is awaited that may release more: the recovery does not end
  // while it is.
  bool busy() const;

  // The recovery ends: what is staged is not taken (logged, counted). Returns how many.
  std::uint64_t end();

  std::uint64_t recovered() const { return recovered_; }

  std::uint64_t unverified() const { return unverified_; }

  std::uint64_t left_at_peer() const { return left_at_peer_; }

  std::size_t staged_bytes() const { return staged_bytes_; }

 private:
  struct Position {
    std::uint64_t seq = 0;    // Origin seq of the last event.
    std::uint64_t count = 0;  // Events up to it.
    protocol::LogHash digest{};
  };

  struct Epoch {
    Position committed;                               // Stored here.
    Position released;                                // Handed to the link (>= committed).
    std::map<std::uint64_t, v1::StoredEvent> staged;  // By origin seq, all > released.seq.
    std::size_t staged_bytes = 0;
    std::optional<v1::Checkpoint> checkpoint;  // Verified, seq > released.seq.
    bool asking = false;
    bool exhausted = false;  // The peer keeps no checkpoint beyond released.seq.
    bool stopped = false;
    bool over_bound = false;  // Stopped for memory, not for a mismatch.
  };

  // The epoch's state, its position computed from the log at the first meeting.
  Epoch& epoch(std::uint64_t epoch);
  // Releases what the epoch's checkpoint covers, if all of it is staged and matches.
  void try_release(std::uint64_t e, Epoch& epoch);
  // A mismatch or a refused checkpoint: the epoch's staged events dropped, its recovery
  // from this peer over.
  void fail(std::uint64_t e, Epoch& epoch, const std::string& why);
  void drop_staged(Epoch& epoch);

  std::string self_id_;
  std::string peer_id_;
  Store* log_;
  std::size_t max_staged_bytes_;
  std::size_t staged_bytes_ = 0;
  std::map<std::uint64_t, Epoch> epochs_;
  // Released, not yet taken by the link; then per release id, until committed.
  std::vector<v1::StoredEvent> ready_;
  std::vector<std::pair<std::uint64_t, Position>> ready_marks_;
  std::map<std::uint64_t, std::vector<std::pair<std::uint64_t, Position>>> pending_;
  std::uint64_t next_release_id_ = 1;
  std::uint64_t recovered_ = 0;
  std::uint64_t unverified_ = 0;
  std::uint64_t left_at_peer_ = 0;
  bool warned_epochs_ = false;
};

}  // namespace alertbus::broker
