// Store: the broker's durable event log and the cursors written with it (no projection:
// those live behind the projector, casework/projector.hpp).
//
// The log is append-only. Each event has a local seq (1, 2, ...), a permanent unique event
// id, and an origin position. commit() appends a batch of events and writes cursor updates
// in ONE transaction, so a cursor never moves without the events it covers, and either the
// whole batch is durable when commit() returns OK or nothing of it is.
//
// Threading: one thread per Store object. The broker opens two objects on the same file:
// the writer's (commit, cursors) and the loop's (reads). Reads see every committed batch.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "alertbus/v1/event.pb.h"
#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/status.hpp"
#include "store/event_facts.hpp"

namespace alertbus::broker {

// An event to append, already decoded and validated.
struct NewEvent {
  std::string event_id;
  std::string event_bytes;  // Stored exactly as received.
  std::string signature;
  std::string signer;  // The principal whose key made `signature`; empty if unsigned.
  EventFacts facts;
  // Set for events that originated elsewhere (federation); empty node = originates here,
  // and the store assigns origin (self, epoch, seq) and the reference.
  v1::OriginPosition origin;
  std::string reference;
  std::string via;
  std::vector<std::string> path;  // StoredEvent.path: origin first, ending with via.
};

// The outcome of one appended event.
struct AppendResult {
  std::uint64_t seq = 0;
  std::string reference;
  bool duplicate = false;  // The id was stored before; seq/reference are the original's.
  // Not stored: the id is stored with other bytes and this event cannot be kept beside it (a
  // publish here, or an event of the same origin log, node and epoch, as one holding the
  // id). seq and reference are the stored event's. Never with `duplicate`.
  bool id_conflict = false;
  // Stored, though an earlier row of another origin holds the id (an event's identity is its
  // id with its origin node and epoch): the row is flagged LogRow::id_conflict. seq and
  // reference are its own.
  bool id_conflict_kept = false;
  // Not stored: another event holds this origin position (an event from a peer whose log
  // was replaced without a new epoch). seq is 0. The rest of the batch is stored.
  bool origin_conflict = false;
};

// A log row as read back: the StoredEvent plus the indexed fields used by filters.
struct LogRow {
  v1::StoredEvent stored;
  v1::Severity severity = v1::SEVERITY_UNSPECIFIED;
  std::string area_codes;  // Area keys: " VN-2025:24 VN-2004:07360 " (event_facts.hpp).
  // Kept under an id that an earlier row of another origin holds: stored, relayed, delivered
  // and found by reference, but no part of casework, which names alerts by id (the earlier
  // row keeps the id there). `alertctl audit checkpoints` lists such ids.
  bool id_conflict = false;
};

struct Cursor {
  std::uint64_t seq = 0;    // Everything up to here is acknowledged.
  std::uint64_t epoch = 0;  // The log epoch the seq belongs to.
};

// A cursor to set in a commit: seq, or deletion when `forget`. A durable subscription's
// cursor (a position in this log) by default; with `link`, a federation link's cursor: the
// position in peer `name`'s log, of that log's `epoch`.
struct CursorUpdate {
  std::string name;
  std::uint64_t seq = 0;
  bool forget = false;
  bool link = false;
  std::uint64_t epoch = 0;
  // Set: not a cursor but peer `name`'s signed checkpoint, kept in peer_checkpoints (in the
  // same transaction as whatever else the commit holds).
  std::shared_ptr<const v1::Checkpoint> checkpoint{};
};

class Store {
 public:
  virtual ~Store() = default;

  // This log's identity: the node id and the epoch (random, set when the log is created).
  virtual const std::string& node_id() const = 0;
  virtual std::uint64_t epoch() const = 0;

  // Appends `events` and applies `cursors` in one transaction with one fsync.
  // On OK, `results` holds one AppendResult per event (in order) and `appended` the rows
  // that are new (duplicates excluded), in seq order. On failure nothing was written and
  // the outputs are empty. STORE_FAILURE: the disk or database failed; safe to retry.
  virtual Status commit(std::span<const NewEvent> events, std::span<const CursorUpdate> cursors,
                        std::vector<AppendResult>* results, std::vector<LogRow>* appended) = 0;

  // The highest seq in the log (0 when empty) and the number of events.
  virtual StatusOr<std::uint64_t> head_seq() = 0;
  virtual StatusOr<std::uint64_t> event_count() = 0;

  // Up to `limit` rows with seq > after_seq, in seq order. Bounded memory: callers page.
  virtual Status read_after(std::uint64_t after_seq, std::size_t limit,
                            std::vector<LogRow>* rows) = 0;

  // The last seq stored before `unix_ms` (so "start after it" starts at that time).
  virtual StatusOr<std::uint64_t> seq_before_time(std::int64_t unix_ms) = 0;

  // The first row stored under `event_id` (others of other origins may follow it: LogRow::
  // id_conflict; find them by reference).
  virtual StatusOr<std::optional<LogRow>> find_by_id(const std::string& event_id) = 0;
  // The alert (not follow-up) with this reference.
  virtual StatusOr<std::optional<LogRow>> find_by_reference(const std::string& reference) = 0;

  virtual StatusOr<std::optional<Cursor>> load_cursor(const std::string& name) = 0;
  // The seq of the last event that originated here (0 if none).
  virtual StatusOr<std::uint64_t> last_local_seq() = 0;
  // The cursor of the federation link from `peer`: the peer's epoch and the last of its
  // seqs stored here.
  virtual StatusOr<std::optional<Cursor>> load_link_cursor(const std::string& peer) = 0;

  // Up to `limit` rows that originated at `node` in its log epoch `epoch`, with origin seq
  // > after_origin_seq, in origin order (the origin index answers).
  virtual Status read_origin(const std::string& node, std::uint64_t epoch,
                             std::uint64_t after_origin_seq, std::size_t limit,
                             std::vector<LogRow>* rows) = 0;

  // The first checkpoint kept from peer `node` (peer_checkpoints) for its log epoch `epoch`
  // with seq >= at_or_after_seq, if any, as the peer signed it (CheckpointRequest naming a
  // node: a node recovering its own events checks them against what it signed).
  virtual StatusOr<std::optional<v1::Checkpoint>> first_peer_checkpoint(
      const std::string& node, std::uint64_t epoch, std::uint64_t at_or_after_seq) = 0;

  // The alert `alert_event_id` (if held) and every event that follows it, with seq <=
  // up_to_seq (0: all), in seq order (the log_by_alert index answers). Rows flagged
  // id_conflict are not part of any case.
  virtual Status read_case_events(const std::string& alert_event_id, std::uint64_t up_to_seq,
                                  std::vector<LogRow>* rows) = 0;

  // receipts_through_seq of the last RECEIPT this node issued (0 if none, or if it is an
  // older receipt without one): the alerts stored up to it are covered by receipts.
  virtual StatusOr<std::uint64_t> last_receipt_through() = 0;

  // Up to `limit` alerts with seq > after_seq that originated at another node and have no
  // RECEIPT from this node in the log yet, in seq order (notices.hpp); none flagged
  // id_conflict.
  virtual Status alerts_without_receipt(std::uint64_t after_seq, std::size_t limit,
                                        std::vector<LogRow>* rows) = 0;
};

}  // namespace alertbus::broker
