// MemoryStore: the Store contract kept in memory, for unit tests of the broker's parts
// (ingest, subscriptions, links, the writer) without a file. NOT for production: nothing
// survives the process, and memory grows with the log.
//
// It honours the contract exactly as SqliteStore does (tests/broker/store_contract_test.cpp
// runs the same cases over both): seqs 1, 2, ...; permanent dedup by event id (the original's
// seq and reference, the reference number drawn for the duplicate given back); an event from
// a peer whose origin position another event holds is refused alone (origin_conflict), one
// from here fails the commit; references, origin positions, path and hash chain made by the
// same shared code (store/log_entry.hpp, store/reference_number.hpp); received_at never
// earlier than the row before; cursors, link cursors and peers' checkpoints in the same
// all-or-nothing commit.
//
// Faults for tests: `inject_write_fault` is asked before each write step of a commit, as
// SqliteStore's is (each event, each cursor, each reference series drawn from, then the
// commit itself), and fail_next_commits(n) fails the next n commits outright. A failed
// commit returns STORE_FAILURE and changes nothing.
//
// Threading: any thread. One mutex guards the log, which connect() shares with further
// MemoryStore objects, the way SqliteStores opened on one file share it (the broker's writer
// commits through one while the loop reads through another).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "alertbus/protocol/log_hash.hpp"
#include "store/store.hpp"

namespace alertbus::broker {

struct MemoryStoreOptions {
  // This node's id (required).
  std::string node_id;
  // The log's epoch; 0: a random one, as a new SQLite log gets.
  std::uint64_t epoch = 0;
  // Prefix of reference numbers, e.g. "BG" gives "BG-2026-00042".
  std::string reference_prefix = "XX";
  // Offset of the local time zone used for the reference year (Vietnam: UTC+7).
  int reference_utc_offset_hours = 7;
  // Current time in Unix milliseconds; empty: the wall clock.
  std::function<std::int64_t()> clock;
  // Called before each write step inside commit(); returning true makes that step fail as
  // if the disk had failed (SqliteStoreOptions::inject_write_fault, step for step).
  std::function<bool()> inject_write_fault;
};

class MemoryStore final : public Store {
 public:
  // An empty log. The node id must not be empty.
  explicit MemoryStore(MemoryStoreOptions options);

  // Another store on the same log (as a second SqliteStore opened on the same file): its
  // reads see every commit made through any of them.
  std::unique_ptr<MemoryStore> connect() const;

  // The next `count` commits (through any store of this log) fail with STORE_FAILURE and
  // change nothing; commits with nothing to do are not counted.
  void fail_next_commits(int count);

  // The stored hash of each row, in seq order (the hash chain, for tests that check it).
  std::vector<protocol::LogHash> row_hashes() const;

  // Rows this store object's read_after() has returned so far (what a reader cost).
  std::size_t rows_read() const { return rows_read_; }

  // The peers' signed checkpoints committed so far, in (node, epoch, seq) order.
  std::vector<v1::Checkpoint> peer_checkpoints() const;

  const std::string& node_id() const override;
  std::uint64_t epoch() const override;
  Status commit(std::span<const NewEvent> events, std::span<const CursorUpdate> cursors,
                std::vector<AppendResult>* results, std::vector<LogRow>* appended) override;
  StatusOr<std::uint64_t> head_seq() override;
  StatusOr<std::uint64_t> event_count() override;
  Status read_after(std::uint64_t after_seq, std::size_t limit, std::vector<LogRow>* rows) override;
  StatusOr<std::uint64_t> seq_before_time(std::int64_t unix_ms) override;
  StatusOr<std::optional<LogRow>> find_by_id(const std::string& event_id) override;
  StatusOr<std::optional<LogRow>> find_by_reference(const std::string& reference) override;
  StatusOr<std::optional<Cursor>> load_cursor(const std::string& name) override;
  StatusOr<std::uint64_t> last_local_seq() override;
  StatusOr<std::optional<Cursor>> load_link_cursor(const std::string& peer) override;
  Status read_origin(const std::string& node, std::uint64_t epoch, std::uint64_t after_origin_seq,
                     std::size_t limit, std::vector<LogRow>* rows) override;
  StatusOr<std::optional<v1::Checkpoint>> first_peer_checkpoint(
      const std::string& node, std::uint64_t epoch, std::uint64_t at_or_after_seq) override;
  Status read_case_events(const std::string& alert_event_id, std::uint64_t up_to_seq,
                          std::vector<LogRow>* rows) override;
  StatusOr<std::uint64_t> last_receipt_through() override;
  Status alerts_without_receipt(std::uint64_t after_seq, std::size_t limit,
                                std::vector<LogRow>* rows) override;

 private:
  struct Log;  // The log and everything committed with it (memory_store.cpp).

  explicit MemoryStore(std::shared_ptr<Log> log) : log_(std::move(log)) {}

  std::shared_ptr<Log> log_;
  std::size_t rows_read_ = 0;
};

}  // namespace alertbus::broker
