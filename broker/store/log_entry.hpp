// LogEntry: what a Store makes of a NewEvent it appends, shared by every Store so that they
// agree to the byte: the position the store assigns (seq; for an event that originates
// here, the origin position), the path as stored, the row's link in the hash chain
// (alertbus/protocol/log_hash.hpp) and the LogRow that commit() hands back and reads return.
// Also the few things a store reads out of the log: a receipt's receipts_through_seq, and a
// new log epoch.
//
// Threading: pure functions and plain values (new_log_epoch() draws from libsodium's
// thread-safe generator).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "alertbus/protocol/log_hash.hpp"
#include "store/store.hpp"

namespace alertbus::broker {

// The fields of a log row that the store assigns; the rest are the NewEvent's.
struct LogEntry {
  std::uint64_t seq = 0;
  std::string origin_node;
  std::uint64_t origin_epoch = 0;
  std::uint64_t origin_seq = 0;
  std::string reference;
  std::int64_t received_at_ms = 0;
  // When the origin stored an event from a peer (its OriginPosition.stored_at), 0 when the
  // peer did not say (an older broker) and for an event that originates here (then it is
  // received_at_ms).
  std::int64_t origin_stored_ms = 0;
  std::string path;  // NewEvent::path comma-joined, as the log stores and hashes it.
};

// The entry of `event` appended at `seq`. An event that originates here (its origin node is
// empty) gets origin (self_node, self_epoch, seq) and `local_reference`; an event from a
// peer keeps its origin position and reference (`local_reference` is then unused).
LogEntry log_entry_of(const NewEvent& event, std::uint64_t seq, const std::string& self_node,
                      std::uint64_t self_epoch, std::string local_reference,
                      std::int64_t received_at_ms);

// The row's link in the hash chain: the hash of (event, entry) chained after `prev`, the
// hash of the row before (all zero before the first row).
protocol::LogHash chain_hash(const protocol::LogHash& prev, const NewEvent& event,
                             const LogEntry& entry);

// The appended row as commit() hands it back (`appended`).
LogRow log_row_of(const NewEvent& event, const LogEntry& entry);

// The path's stored text: {"quang-ninh", "hai-duong"} -> "quang-ninh,hai-duong".
std::string join_path(const std::vector<std::string>& path);

// The stored text back into StoredEvent.path (appended to it); "" adds nothing.
void split_path(std::string_view text, v1::StoredEvent* stored);

// A new log epoch: random, positive in SQLite's signed INTEGER, never 0.
std::uint64_t new_log_epoch();

// receipts_through_seq of a stored RECEIPT's event bytes; 0 when they do not parse (altered
// in the store: every receipt is then checked again) or carry none (an older receipt).
std::uint64_t receipts_through_of(std::string_view event_bytes);

}  // namespace alertbus::broker
