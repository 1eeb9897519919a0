// SqliteStore: the Store on one SQLite file, WAL mode with synchronous=FULL.
//
// Every commit() is one transaction and one fsync of the WAL (group commit: the writer
// passes every ready publish in one call). The log table is append-only (triggers) and a
// hash chain: each appended row stores the hash of itself and the row before
// (alertbus/protocol/log_hash.hpp).
// SQLite's auto-checkpoint is off: once the WAL grows past a threshold the store asks for a
// checkpoint, which a Checkpointer runs on its own thread (or, without one, the store runs
// itself after the commit).
//
// One class in three files: sqlite_store.cpp opens the file (identity, head marker, the
// chain's head), sqlite_store_commit.cpp is the commit path, sqlite_store_reads.cpp the reads.
//
// Threading: one thread per SqliteStore; open one per thread on the same file.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>

#include "alertbus/protocol/log_hash.hpp"
#include "alertbus/sqlite/sqlite_handle.hpp"
#include "store/log_entry.hpp"
#include "store/store.hpp"

namespace alertbus::broker {

using sqlite::Database;
using sqlite::Statement;
using sqlite::StatementReset;

struct SqliteStoreOptions {
  // Database file path.
  std::string path;
  // This node's id; stored when the database is created, checked on every later open.
  std::string node_id;
  // Prefix of reference numbers, e.g. "BG" gives "BG-2026-00042".
  std::string reference_prefix = "XX";
  // Offset of the local time zone used for the reference year (Vietnam: UTC+7).
  int reference_utc_offset_hours = 7;
  // Current time in Unix milliseconds; tests inject a clock.
  std::function<std::int64_t()> clock;
  // WAL pages after which a commit asks for a checkpoint (see maybe_checkpoint()).
  int checkpoint_pages = 4000;
  // Runs checkpoints on another thread (Checkpointer::request); empty: the store runs them
  // after its commits.
  std::function<void()> request_checkpoint;
  // If set (the writer's store): a small file beside the database where every commit
  // records (epoch, head seq), without fsync. At open, a marker of the same epoch whose head
  // is beyond the database's means the database is older than the log this node last had:
  // it was restored from a backup. The store then starts a new epoch, so that the events it
  // issues from now on never take origin positions its peers already hold.
  std::string head_marker_path;
  // SQLite's page cache of this connection, KiB: the writer's (8 MB holds the indexes' pages
  // each commit touches, the event-id index's above all); the readers take 2 MB or less.
  int cache_kib = 8000;
  // Test-only fault injection: called before each write step inside commit(); returning
  // true makes that step fail as if the disk had failed.
  std::function<bool()> inject_write_fault;
};

class SqliteStore final : public Store {
 public:
  // Opens or creates the database, applies migrations, sets pragmas. STORE_FAILURE when the
  // file cannot be opened, belongs to another node, or has a newer schema.
  static StatusOr<std::unique_ptr<SqliteStore>> open(const SqliteStoreOptions& options);

  ~SqliteStore() override;
  SqliteStore(const SqliteStore&) = delete;
  SqliteStore& operator=(const SqliteStore&) = delete;

  const std::string& node_id() const override { return node_id_; }

  std::uint64_t epoch() const override { return epoch_; }

  // Set when open() found the database older than the head marker and started a new epoch:
  // the head the marker had recorded, and the epoch the database had.
  struct Restore {
    std::uint64_t marker_head = 0;
    std::uint64_t old_epoch = 0;
  };

  const std::optional<Restore>& restored() const { return restored_; }

  Status commit(std::span<const NewEvent> events, std::span<const CursorUpdate> cursors,
                std::vector<AppendResult>* results, std::vector<LogRow>* appended) override;
  StatusOr<std::uint64_t> head_seq() override;
  StatusOr<std::uint64_t> event_count() override;
  Status read_after(std::uint64_t after_seq, std::size_t limit, std::vector<LogRow>* rows) override;
  StatusOr<std::uint64_t> seq_before_time(std::int64_t unix_ms) override;
  StatusOr<std::optional<LogRow>> find_by_id(const std::string& event_id) override;
  StatusOr<std::optional<LogRow>> find_by_reference(const std::string& reference) override;
  StatusOr<std::optional<Cursor>> load_cursor(const std::string& name) override;
  StatusOr<std::optional<Cursor>> load_link_cursor(const std::string& peer) override;
  Status read_origin(const std::string& node, std::uint64_t epoch, std::uint64_t after_origin_seq,
                     std::size_t limit, std::vector<LogRow>* rows) override;
  StatusOr<std::uint64_t> last_local_seq() override;
  StatusOr<std::optional<v1::Checkpoint>> first_peer_checkpoint(
      const std::string& node, std::uint64_t epoch, std::uint64_t at_or_after_seq) override;
  Status read_case_events(const std::string& alert_event_id, std::uint64_t up_to_seq,
                          std::vector<LogRow>* rows) override;
  StatusOr<std::uint64_t> last_receipt_through() override;
  Status alerts_without_receipt(std::uint64_t after_seq, std::size_t limit,
                                std::vector<LogRow>* rows) override;

  // The connection, for tests that inspect pragmas. Same thread rule as the store.
  sqlite3* database_for_tests() const { return db_.get(); }

 private:
  explicit SqliteStore(SqliteStoreOptions options) : options_(std::move(options)) {}

  struct StatementSql {
    Statement* statement;
    std::string sql;
  };

  Status initialise();
  Status prepare_statements(std::span<const StatementSql> entries);
  Status prepare_write_statements();  // sqlite_store_commit.cpp
  Status prepare_read_statements();   // sqlite_store_reads.cpp
  Status load_identity();
  Status load_last_hash();
  Status append_one(const NewEvent& event, std::int64_t now_ms, AppendResult* result,
                    std::vector<LogRow>* appended);
  // The rows already under event.event_id: sets result->duplicate (the same bytes) or
  // result->id_conflict (not to be stored beside them), and answers whether any row holds
  // the id (so that a stored event is flagged LogRow::id_conflict).
  StatusOr<bool> find_id_holders(const NewEvent& event, const LogEntry& entry,
                                 AppendResult* result);
  // Steps a bound statement selecting kRowColumns into *rows (cleared first).
  Status read_rows(Statement& statement, std::vector<LogRow>* rows);
  Status apply_cursor(const CursorUpdate& update, std::int64_t now_ms);
  // The reference `event` takes (reference_number.hpp): drawn from its series, or empty.
  StatusOr<std::string> next_reference(const NewEvent& event, std::int64_t now_ms);
  // Gives back the number of `reference` (if any) drawn for an event that is not stored.
  void give_back_reference(std::string_view reference);
  Status save_reference_counters();
  Status step_write(Statement& statement, const char* what);
  void maybe_checkpoint();
  std::int64_t now_ms() const;
  StatusOr<std::optional<LogRow>> find_one(Statement& statement);
  Status check_head_marker();
  void write_head_marker();
  // received_at of the first row with seq >= `seq`, if any.
  StatusOr<std::optional<std::int64_t>> received_at_from(std::uint64_t seq);

  SqliteStoreOptions options_;
  Database db_;
  std::string node_id_;
  std::uint64_t epoch_ = 0;
  std::uint64_t head_seq_ = 0;  // Valid after open; kept in step by commit().
  // received_at of the last row: a commit never stamps an earlier time, so received_at is
  // non-decreasing in seq even when the clock steps back, and seq_before_time() can bisect.
  std::int64_t last_received_at_ms_ = 0;
  // The hash of the last row (all zero while the log is empty): the next row chains from it.
  // Like head_seq_, put back when a commit fails.
  protocol::LogHash last_hash_{};
  int wal_pages_ = 0;  // WAL size after the last commit (set by SQLite's hook).
  int marker_fd_ = -1;
  std::optional<Restore> restored_;
  std::map<std::string, std::int64_t> reference_counters_;  // "BG-2026" -> last number.
  std::set<std::string> dirty_counters_;                    // Counters changed in this transaction.
  Statement insert_event_;
  Statement find_duplicate_;
  Statement find_alert_reference_;
  Statement read_after_;
  Statement read_case_events_;
  Statement last_receipt_;
  Statement alerts_without_receipt_;
  Statement find_by_id_;
  Statement find_by_reference_;
  Statement first_at_or_after_;
  Statement head_seq_query_;
  Statement count_query_;
  Statement load_counter_;
  Statement save_counter_;
  Statement load_cursor_;
  Statement save_cursor_;
  Statement delete_cursor_;
  Statement load_link_cursor_;
  Statement last_local_seq_;
  Statement save_link_cursor_;
  Statement read_origin_;
  Statement first_peer_checkpoint_;
  Statement save_checkpoint_;
};

}  // namespace alertbus::broker
