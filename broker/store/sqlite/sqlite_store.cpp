#include "store/sqlite/sqlite_store.hpp"

#include <cstdio>
#include <fcntl.h>
#include <unistd.h>

#include "alertbus/protocol/clock.hpp"
#include "alertbus/protocol/log_hash.hpp"
#include "alertbus/protocol/owner_only.hpp"
#include "store/log_entry.hpp"
#include "store/sqlite/schema.hpp"

// SqliteStore is one class in three files: opening the file (here), the commit path
// (sqlite_store_commit.cpp) and the reads (sqlite_store_reads.cpp), each file with its SQL.

namespace alertbus::broker {
namespace {

// Called by SQLite after each commit with the WAL's size in pages.
int record_wal_pages(void* pages, sqlite3* /*db*/, const char* /*name*/, int count) {
  *static_cast<int*>(pages) = count;
  return SQLITE_OK;
}

}  // namespace

SqliteStore::~SqliteStore() {
  if (marker_fd_ >= 0) {
    close(marker_fd_);
  }
}

StatusOr<std::unique_ptr<SqliteStore>> SqliteStore::open(const SqliteStoreOptions& options) {
  std::unique_ptr<SqliteStore> store(new SqliteStore(options));
  if (Status status = store->initialise(); !status.ok()) {
    return status;
  }
  return store;
}

Status SqliteStore::initialise() {
  // Owner-only whatever the process's umask: it holds every alert. An existing file keeps
  // its mode (node/data_dir.hpp refuses a loose one at start).
  protocol::create_owner_only_file(options_.path);
  auto db = Database::open(options_.path);
  if (!db.ok()) {
    return db.status();
  }
  db_ = std::move(db).value();
  // busy_timeout: the writer's and the loop's connections meet on checkpoints.
  if (Status status = db_.exec(
          "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000;"
          " PRAGMA wal_autocheckpoint = 0; PRAGMA cache_size = -" +
          std::to_string(options_.cache_kib) + ";");
      !status.ok()) {
    return status;
  }
  // Our own hook instead of auto-checkpoints: it only records the WAL size, and
  // maybe_checkpoint() decides (checkpointing after every commit would cost two more fsyncs).
  sqlite3_wal_hook(db_.get(), &record_wal_pages, &wal_pages_);
  if (Status status = migrate(db_); !status.ok()) {
    return status;
  }
  if (Status status = prepare_write_statements(); !status.ok()) {
    return status;
  }
  if (Status status = prepare_read_statements(); !status.ok()) {
    return status;
  }
  if (Status status = load_identity(); !status.ok()) {
    return status;
  }
  auto head = head_seq();
  if (!head.ok()) {
    return head.status();
  }
  head_seq_ = head.value();
  if (head_seq_ > 0) {
    auto last = received_at_from(head_seq_);
    if (!last.ok()) {
      return last.status();
    }
    last_received_at_ms_ = last.value().value_or(0);
  }
  if (Status status = load_last_hash(); !status.ok()) {
    return status;
  }
  if (!options_.head_marker_path.empty()) {
    return check_head_marker();
  }
  return {};
}

Status SqliteStore::check_head_marker() {
  char text[64] = {};
  const int fd = ::open(options_.head_marker_path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    const ssize_t n = read(fd, text, sizeof text - 1);
    close(fd);
    unsigned long long marker_epoch = 0;
    unsigned long long marker_head = 0;
    if (n > 0 && std::sscanf(text, "%llu %llu", &marker_epoch, &marker_head) == 2 &&
        marker_epoch == epoch_ && marker_head > head_seq_) {
      const std::uint64_t epoch = new_log_epoch();
      auto update = Statement::prepare(db_, "UPDATE meta SET value = ?1 WHERE key = 'epoch'");
      if (!update.ok()) {
        return update.status();
      }
      const std::string epoch_text = std::to_string(epoch);
      update->bind_text(1, epoch_text);
      if (update->step() != SQLITE_DONE) {
        return db_.failure("cannot start a new epoch");
      }
      restored_ = Restore{marker_head, epoch_};
      epoch_ = epoch;
    }
  }
  marker_fd_ = ::open(options_.head_marker_path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  if (marker_fd_ < 0) {
    return Status::error(v1::STORE_FAILURE, "cannot write " + options_.head_marker_path,
                         "không ghi được " + options_.head_marker_path);
  }
  write_head_marker();
  return {};
}

// The chain continues from the last row's hash (all zero for an empty log). Every row has
// one (the migration hashed the rows stored before the chain); a missing or malformed one
// means the log was altered outside the broker, and appending after it would hide that.
Status SqliteStore::load_last_hash() {
  last_hash_ = {};
  if (head_seq_ == 0) {
    return {};
  }
  auto select = Statement::prepare(db_, "SELECT hash FROM log WHERE seq = ?1");
  if (!select.ok()) {
    return select.status();
  }
  select->bind(1, head_seq_);
  const int rc = select->step();
  if (rc != SQLITE_ROW) {
    return db_.failure("cannot read the last log hash");
  }
  const auto hash = protocol::log_hash_from_bytes(select->column_blob(0));
  if (!hash) {
    const std::string seq = std::to_string(head_seq_);
    return Status::error(v1::STORE_FAILURE,
                         "log row " + seq +
                             " has no valid hash: the log was altered outside alertbusd; see"
                             " alertctl audit verify",
                         "dòng nhật ký " + seq +
                             " không có mã băm hợp lệ: nhật ký đã bị sửa ngoài alertbusd; xem"
                             " alertctl audit verify");
  }
  last_hash_ = *hash;
  return {};
}

// Fixed width (42 bytes at offset 0, inside one sector), rewritten in place after each commit.
// No fsync: after a power cut the marker may be older than the database, never newer, so it
// can miss a restore but never report one that did not happen.
void SqliteStore::write_head_marker() {
  if (marker_fd_ < 0) {
    return;
  }
  char text[48];
  std::snprintf(text, sizeof text, "%020llu %020llu\n", static_cast<unsigned long long>(epoch_),
                static_cast<unsigned long long>(head_seq_));
  (void)!pwrite(marker_fd_, text, 42, 0);
}

Status SqliteStore::prepare_statements(std::span<const StatementSql> entries) {
  for (const StatementSql& entry : entries) {
    auto prepared = Statement::prepare(db_, entry.sql);
    if (!prepared.ok()) {
      return prepared.status();
    }
    *entry.statement = std::move(prepared).value();
  }
  return {};
}

// The node id and epoch live in `meta`. A new database gets the configured node id and a
// random epoch; an existing one must belong to the configured node.
Status SqliteStore::load_identity() {
  auto select = Statement::prepare(db_, "SELECT key, value FROM meta");
  if (!select.ok()) {
    return select.status();
  }
  std::string stored_node;
  std::string stored_epoch;
  while (select->step() == SQLITE_ROW) {
    const std::string key = select->column_text(0);
    if (key == "node_id") {
      stored_node = select->column_text(1);
    } else if (key == "epoch") {
      stored_epoch = select->column_text(1);
    }
  }
  select->reset();
  if (stored_node.empty()) {
    if (options_.node_id.empty()) {
      return Status::error(v1::STORE_FAILURE, "a new database needs a node id",
                           "cơ sở dữ liệu mới cần mã nút");
    }
    const std::uint64_t epoch = new_log_epoch();
    auto insert = Statement::prepare(db_, "INSERT INTO meta (key, value) VALUES (?1, ?2)");
    if (!insert.ok()) {
      return insert.status();
    }
    const std::string epoch_text = std::to_string(epoch);
    const std::string created = std::to_string(now_ms());
    const std::pair<const char*, const std::string*> rows[] = {
        {"node_id", &options_.node_id}, {"epoch", &epoch_text}, {"created_at_ms", &created}};
    for (const auto& [key, value] : rows) {
      insert->bind_text(1, key);
      insert->bind_text(2, *value);
      if (insert->step() != SQLITE_DONE) {
        return db_.failure("cannot write node identity");
      }
      insert->reset();
    }
    stored_node = options_.node_id;
    stored_epoch = epoch_text;
  } else if (!options_.node_id.empty() && stored_node != options_.node_id) {
    return Status::error(v1::STORE_FAILURE,
                         "database " + options_.path + " belongs to node '" + stored_node +
                             "', not '" + options_.node_id + "'",
                         "cơ sở dữ liệu " + options_.path + " thuộc nút '" + stored_node +
                             "', không phải '" + options_.node_id + "'");
  }
  node_id_ = stored_node;
  epoch_ = std::stoull(stored_epoch);
  return {};
}

std::int64_t SqliteStore::now_ms() const {
  if (options_.clock) {
    return options_.clock();
  }
  return protocol::now_unix_ms();
}

}  // namespace alertbus::broker
