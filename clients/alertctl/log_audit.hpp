// The check behind `alertctl audit verify`: recompute a node's log hash chain
// (alertbus/protocol/log_hash.hpp) straight from its SQLite file and find the first row
// where it breaks.
//
// The file is opened read-only, so the check runs beside a running alertbusd (WAL mode: it
// reads one consistent snapshot and never blocks the broker's commits). One prepared query
// steps through the log in seq order; memory does not grow with the log.
//
// Threading: any thread; one call at a time per database handle it opens itself.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "alertbus/protocol/log_hash.hpp"
#include "alertbus/protocol/status.hpp"

namespace alertbus::alertctl {

// The first row where the chain breaks.
struct ChainBreak {
  enum class Problem {
    kHashMismatch,   // The stored hash is not the hash of the row after the one before it.
    kMissingHash,    // The row has no hash.
    kMalformedHash,  // The stored hash is not 32 bytes.
    kSeqGap,         // seq is not the previous seq + 1 (rows removed or inserted).
  };

  Problem problem = Problem::kHashMismatch;
  std::uint64_t seq = 0;           // The broken row.
  std::uint64_t expected_seq = 0;  // The seq the chain expected there (previous + 1).
  std::string event_id;
  std::string reference;
  std::string stored_hash;    // Hex; empty when missing. Raw hex of the blob if malformed.
  std::string computed_hash;  // Hex of the recomputed hash (kHashMismatch only).
};

struct ChainReport {
  std::uint64_t intact_rows = 0;  // Rows verified before the break (all rows if none).
  std::uint64_t last_seq = 0;     // The seq of the last intact row (0: none).
  protocol::LogHash head{};       // The hash of the last intact row (all zero: none).
  std::optional<ChainBreak> broken;
};

// Verifies the log of the alertbus database at `path` (a node's `<data_dir>/alertbus.db`).
// A broken chain is a report, not an error. Errors: NOT_FOUND when there is no such
// file; INVALID_VALUE when it is not an alertbus database or predates the chain (schema
// version below 5, i.e. not yet opened by an alertbusd with the chain); STORE_FAILURE when
// SQLite fails while reading.
StatusOr<ChainReport> verify_log_chain(const std::string& path);

// One peer checkpoint (the latest per node and epoch) against this node's copies.
struct CheckpointCheck {
  std::string node;
  std::uint64_t epoch = 0;
  std::uint64_t seq = 0;
  std::uint64_t count = 0;  // Events the origin counted up to seq.
  std::uint64_t held = 0;   // Of those, held here.
  std::int64_t signed_at_ms = 0;
  bool digest_matches = false;       // The recomputed origin digest equals the signed one.
  std::optional<bool> signature_ok;  // Unset when no registry was given.
};

// Recomputes, for the latest checkpoint of every peer and epoch in the database's
// peer_checkpoints, the origin digest of the copies held here (alertbus/protocol/
// checkpoint.hpp) and, when `registry_path` is not empty, checks the node's signature.
// Errors as verify_log_chain(), plus INVALID_VALUE for a registry that does not load.
StatusOr<std::vector<CheckpointCheck>> check_peer_checkpoints(const std::string& path,
                                                              const std::string& registry_path);

// Events stored under one id: another origin's event kept beside the first (an id reused;
// broker/store/store.hpp, LogRow::id_conflict).
struct SharedId {
  struct Holder {
    std::uint64_t seq = 0;
    std::string reference;
    std::string origin_node;
  };

  std::string event_id;
  std::vector<Holder> holders;  // In seq order: the first keeps the id in casework.
};

// Every event id that more than one event of the log at `path` holds. Errors as
// verify_log_chain().
StatusOr<std::vector<SharedId>> find_shared_ids(const std::string& path);

}  // namespace alertbus::alertctl
