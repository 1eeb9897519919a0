// The hash chain of a node's event log: each row's hash covers the previous row's hash and
// the row, so altering, inserting or removing a row breaks every link from there on.
// alertbusd computes it on append (broker/store/log_entry.cpp, for every Store;
// broker/store/sqlite/schema.cpp for rows stored before the chain existed); `alertctl audit
// verify` recomputes it.
//
// Definition (version 1; also in docs/ARCHITECTURE.md, "The log's hash chain"):
//
//   hash(row) = BLAKE2b-256 (libsodium crypto_generichash, 32-byte output, no key) over
//     "alertbus.log.v1"        the ASCII domain tag, 15 bytes, no terminator
//     prev_hash                32 bytes: the hash of the row before; all zero for seq 1
//     seq                      u64 little-endian
//     event_id                 length-prefixed: u32 little-endian byte count, then the bytes
//     origin_node              length-prefixed
//     origin_epoch             u64 little-endian
//     origin_seq               u64 little-endian
//     reference                length-prefixed
//     received_at_ms           i64 little-endian (two's complement)
//     via                      length-prefixed
//     path                     length-prefixed: the comma-joined text as stored ("a,b")
//     event                    length-prefixed: the event bytes exactly as stored
//     signature                length-prefixed
//     signer                   length-prefixed
//     origin_stored_ms         i64 little-endian, only in a row that has one (an event from
//                              a peer whose origin said when it stored it: schema 9 on);
//                              a row without it ends at signer, as before
//
// The log's other columns (kind, type, severity, area codes, the alert followed, sent_at)
// are derived from the event bytes and are not hashed separately.
//
// Threading: pure functions, thread-safe.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace alertbus::protocol {

// The 32-byte hash of one log row.
using LogHash = std::array<unsigned char, 32>;

// The domain tag that starts every hashed row; a new definition gets a new tag.
inline constexpr std::string_view kLogHashDomain = "alertbus.log.v1";

// One log row as hashed. The views must outlive the call only.
struct LogHashInput {
  std::uint64_t seq = 0;
  std::string_view event_id;
  std::string_view origin_node;
  std::uint64_t origin_epoch = 0;
  std::uint64_t origin_seq = 0;
  std::string_view reference;
  std::int64_t received_at_ms = 0;
  std::string_view via;
  std::string_view path;  // Comma-joined, as in the log's `path` column.
  std::string_view event;
  std::string_view signature;
  std::string_view signer;
  std::int64_t origin_stored_ms = 0;  // 0: the row has none (not hashed).
};

// The hash of `row` chained after `prev` (all zero before the first row). About 1 µs for a
// 600-byte event; allocates nothing.
LogHash log_row_hash(const LogHash& prev, const LogHashInput& row);

// Lowercase hex, 64 characters.
std::string log_hash_hex(const LogHash& hash);

// The hash in a stored 32-byte blob; nullopt when `bytes` is not 32 bytes long.
std::optional<LogHash> log_hash_from_bytes(std::string_view bytes);

// The hash as a view of its bytes (to bind as a blob).
inline std::string_view log_hash_bytes(const LogHash& hash) {
  return {reinterpret_cast<const char*>(hash.data()), hash.size()};
}

}  // namespace alertbus::protocol
