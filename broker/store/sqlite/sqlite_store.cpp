#include "store/sqlite/sqlite_store.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fcntl.h>
#include <limits>
#include <sodium.h>
#include <unistd.h>

#include "alertbus/protocol/clock.hpp"
#include "alertbus/protocol/log_hash.hpp"
#include "store/sqlite/schema.hpp"

namespace alertbus::broker {
namespace {

constexpr const char* kRowColumns =
    "seq, event_id, origin_node, origin_epoch, origin_seq, reference, kind, type, severity,"
    " area_codes, received_at_ms, via, event, signature, path, signer";

// Reads a row selected with kRowColumns.
LogRow row_from(const Statement& statement) {
  LogRow row;
  v1::StoredEvent& stored = row.stored;
  stored.set_seq(statement.column_uint64(0));
  stored.set_event_id(statement.column_text(1));
  stored.mutable_origin()->set_node(statement.column_text(2));
  stored.mutable_origin()->set_epoch(statement.column_uint64(3));
  stored.mutable_origin()->set_seq(statement.column_uint64(4));
  stored.set_reference(statement.column_text(5));
  stored.set_kind(static_cast<v1::AlertKind>(statement.column_int(6)));
  stored.set_type(static_cast<v1::EventType>(statement.column_int(7)));
  row.severity = static_cast<v1::Severity>(statement.column_int(8));
  row.area_codes = statement.column_text(9);
  set_unix_ms(statement.column_int64(10), stored.mutable_received_at());
  stored.set_via(statement.column_text(11));
  stored.set_event(statement.column_blob(12));
  stored.set_signature(statement.column_blob(13));
  const std::string path = statement.column_text(14);
  for (std::size_t start = 0; start < path.size();) {
    std::size_t end = path.find(',', start);
    if (end == std::string::npos) {
      end = path.size();
    }
    stored.add_path(path.substr(start, end - start));
    start = end + 1;
  }
  stored.set_signer(statement.column_text(15));
  return row;
}

// Called by SQLite after each commit with the WAL's size in pages.
int record_wal_pages(void* pages, sqlite3* /*db*/, const char* /*name*/, int count) {
  *static_cast<int*>(pages) = count;
  return SQLITE_OK;
}

// A new log epoch: random, positive in SQLite's signed INTEGER, never 0.
std::uint64_t random_epoch() {
  std::uint64_t epoch = 0;
  randombytes_buf(&epoch, sizeof epoch);
  return (epoch >> 1) | 1;
}

// The local calendar year of a time, for reference numbers.
int year_of(std::int64_t unix_ms, int utc_offset_hours) {
  using namespace std::chrono;
  const sys_days day =
      floor<days>(sys_time<milliseconds>(milliseconds(unix_ms)) + hours(utc_offset_hours));
  return static_cast<int>(year_month_day(day).year());
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
  if (Status status = prepare_statements(); !status.ok()) {
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
      const std::uint64_t epoch = random_epoch();
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
  marker_fd_ = ::open(options_.head_marker_path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
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

Status SqliteStore::prepare_statements() {
  struct Entry {
    Statement* statement;
    std::string sql;
  };

  const std::string columns = kRowColumns;
  const Entry entries[] = {
      {&insert_event_,
       "INSERT INTO log (seq, event_id, origin_node, origin_epoch, origin_seq, reference, kind,"
       " type, severity, area_codes, alert_event_id, sent_at_ms, received_at_ms, via, event,"
       " signature, path, signer, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11,"
       " ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19) ON CONFLICT DO NOTHING"},
      {&find_duplicate_, "SELECT seq, reference FROM log WHERE event_id = ?1"},
      {&read_after_, "SELECT " + columns + " FROM log WHERE seq > ?1 ORDER BY seq LIMIT ?2"},
      {&read_case_events_,
       "SELECT " + columns +
           " FROM log WHERE seq IN (SELECT seq FROM log WHERE event_id = ?1 AND type = 1"
           " UNION SELECT seq FROM log WHERE alert_event_id = ?1) AND seq <= ?2 ORDER BY seq"},
      // Alerts from elsewhere with no RECEIPT from this node yet (log_by_alert answers the
      // NOT EXISTS).
      {&alerts_without_receipt_,
       "SELECT " + columns +
           " FROM log AS a WHERE a.type = 1 AND a.origin_node != ?1 AND a.seq > ?2 AND NOT EXISTS"
           " (SELECT 1 FROM log AS r WHERE r.alert_event_id = a.event_id AND r.type = 15"
           " AND r.origin_node = ?1) ORDER BY a.seq LIMIT ?3"},
      {&find_by_id_, "SELECT " + columns + " FROM log WHERE event_id = ?1"},
      {&last_receipt_,
       "SELECT event FROM log WHERE type = 15 AND origin_node = ?1 ORDER BY seq DESC LIMIT 1"},
      {&find_by_reference_,
       "SELECT " + columns + " FROM log WHERE reference = ?1 ORDER BY seq LIMIT 1"},
      {&first_at_or_after_, "SELECT received_at_ms FROM log WHERE seq >= ?1 ORDER BY seq LIMIT 1"},
      {&head_seq_query_, "SELECT coalesce(max(seq), 0) FROM log"},
      {&count_query_, "SELECT count(*) FROM log"},
      {&load_counter_, "SELECT last FROM reference_counters WHERE prefix_year = ?1"},
      {&save_counter_,
       "INSERT INTO reference_counters (prefix_year, last) VALUES (?1, ?2)"
       " ON CONFLICT (prefix_year) DO UPDATE SET last = excluded.last"},
      {&load_cursor_, "SELECT seq, epoch FROM cursors WHERE name = ?1"},
      {&save_cursor_,
       "INSERT INTO cursors (name, seq, epoch, updated_at_ms) VALUES (?1, ?2, ?3, ?4)"
       " ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, epoch = excluded.epoch,"
       " updated_at_ms = excluded.updated_at_ms"},
      {&delete_cursor_, "DELETE FROM cursors WHERE name = ?1"},
      {&load_link_cursor_, "SELECT seq, epoch FROM link_cursors WHERE peer = ?1"},
      // Local events have origin_seq = seq; the origin index answers without a scan.
      {&last_local_seq_,
       "SELECT coalesce(max(origin_seq), 0) FROM log WHERE origin_node = ?1 AND"
       " origin_epoch = ?2"},
      {&save_link_cursor_,
       "INSERT INTO link_cursors (peer, epoch, seq, updated_at_ms) VALUES (?1, ?2, ?3, ?4)"
       " ON CONFLICT (peer) DO UPDATE SET epoch = excluded.epoch, seq = excluded.seq,"
       " updated_at_ms = excluded.updated_at_ms"},
      {&read_origin_,
       "SELECT " + columns +
           " FROM log WHERE origin_node = ?1 AND origin_epoch = ?2 AND origin_seq > ?3"
           " ORDER BY origin_seq LIMIT ?4"},
      {&save_checkpoint_,
       "INSERT INTO peer_checkpoints (node, epoch, seq, count, digest, signed_at_ms, signature,"
       " received_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING"},
  };
  for (const Entry& entry : entries) {
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
    const std::uint64_t epoch = random_epoch();
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

Status SqliteStore::step_write(Statement& statement, const char* what) {
  if (options_.inject_write_fault && options_.inject_write_fault()) {
    return Status::error(v1::STORE_FAILURE, std::string("injected fault: ") + what,
                         std::string("lỗi giả lập: ") + what);
  }
  if (statement.step() != SQLITE_DONE) {
    return db_.failure(what);
  }
  return {};
}

Status SqliteStore::commit(std::span<const NewEvent> events, std::span<const CursorUpdate> cursors,
                           std::vector<AppendResult>* results, std::vector<LogRow>* appended) {
  results->clear();
  appended->clear();
  if (events.empty() && cursors.empty()) {
    return {};
  }
  if (Status status = db_.exec("BEGIN IMMEDIATE"); !status.ok()) {
    return status;
  }
  const std::uint64_t head_before = head_seq_;
  const protocol::LogHash hash_before = last_hash_;
  const std::int64_t now = std::max(now_ms(), last_received_at_ms_);
  Status status;
  for (const NewEvent& event : events) {
    AppendResult result;
    status = append_one(event, now, &result, appended);
    if (!status.ok()) {
      break;
    }
    results->push_back(std::move(result));
  }
  for (std::size_t i = 0; status.ok() && i < cursors.size(); ++i) {
    status = apply_cursor(cursors[i], now);
  }
  if (status.ok()) {
    status = save_reference_counters();
  }
  if (status.ok() && options_.inject_write_fault && options_.inject_write_fault()) {
    status = Status::error(v1::STORE_FAILURE, "injected fault: commit", "lỗi giả lập: commit");
  }
  if (status.ok()) {
    status = db_.exec("COMMIT");
  }
  if (!status.ok()) {
    (void)db_.exec("ROLLBACK");
    head_seq_ = head_before;
    last_hash_ = hash_before;
    reference_counters_.clear();  // Reloaded from the database on next use.
    dirty_counters_.clear();
    results->clear();
    appended->clear();
    return status;
  }
  dirty_counters_.clear();
  if (head_seq_ != head_before) {
    last_received_at_ms_ = now;
    write_head_marker();
  }
  maybe_checkpoint();
  return {};
}

Status SqliteStore::append_one(const NewEvent& event, std::int64_t now, AppendResult* result,
                               std::vector<LogRow>* appended) {
  const std::uint64_t seq = head_seq_ + 1;
  const bool local = event.origin.node().empty();
  std::string reference = event.reference;
  if (local) {
    auto next = next_reference(now);
    if (!next.ok()) {
      return next.status();
    }
    reference = std::move(next).value();
  }
  const std::string& origin_node = local ? node_id_ : event.origin.node();
  const std::uint64_t origin_epoch = local ? epoch_ : event.origin.epoch();
  const std::uint64_t origin_seq = local ? seq : event.origin.seq();
  std::string path;
  for (const std::string& node : event.path) {
    if (!path.empty()) {
      path += ',';
    }
    path += node;
  }
  // Computed before the insert (the row carries it, and the log allows no update after);
  // kept only if the row is stored.
  protocol::LogHashInput hashed;
  hashed.seq = seq;
  hashed.event_id = event.event_id;
  hashed.origin_node = origin_node;
  hashed.origin_epoch = origin_epoch;
  hashed.origin_seq = origin_seq;
  hashed.reference = reference;
  hashed.received_at_ms = now;
  hashed.via = event.via;
  hashed.path = path;
  hashed.event = event.event_bytes;
  hashed.signature = event.signature;
  hashed.signer = event.signer;
  const protocol::LogHash hash = protocol::log_row_hash(last_hash_, hashed);
  {
    StatementReset reset(insert_event_);
    insert_event_.bind(1, seq);
    insert_event_.bind_text(2, event.event_id);
    insert_event_.bind_text(3, origin_node);
    insert_event_.bind(4, origin_epoch);
    insert_event_.bind(5, origin_seq);
    insert_event_.bind_text(6, reference);
    insert_event_.bind(7, static_cast<int>(event.facts.kind));
    insert_event_.bind(8, static_cast<int>(event.facts.type));
    insert_event_.bind(9, static_cast<int>(event.facts.severity));
    insert_event_.bind_text(10, event.facts.area_codes);
    insert_event_.bind_text(11, event.facts.alert_event_id);
    insert_event_.bind(12, event.facts.sent_at_ms);
    insert_event_.bind(13, now);
    insert_event_.bind_text(14, event.via);
    insert_event_.bind_blob(15, event.event_bytes);
    insert_event_.bind_blob(16, event.signature);
    insert_event_.bind_text(17, path);
    insert_event_.bind_text(18, event.signer);
    insert_event_.bind_blob(19, protocol::log_hash_bytes(hash));
    if (Status status = step_write(insert_event_, "cannot append event"); !status.ok()) {
      return status;
    }
  }
  if (sqlite3_changes(db_.get()) == 0) {
    // The id is already stored (permanent dedup): answer with the original position. The
    // reference number drawn for it is given back.
    if (local) {
      const std::string key = reference.substr(0, reference.rfind('-'));
      --reference_counters_[key];
    }
    StatementReset reset(find_duplicate_);
    find_duplicate_.bind_text(1, event.event_id);
    const int rc = find_duplicate_.step();
    if (rc == SQLITE_DONE && !local) {
      // Not this id: another event holds the origin position. Refused alone.
      result->origin_conflict = true;
      return {};
    }
    if (rc != SQLITE_ROW) {
      return db_.failure("cannot read duplicate event");
    }
    result->seq = find_duplicate_.column_uint64(0);
    result->reference = find_duplicate_.column_text(1);
    result->duplicate = true;
    return {};
  }
  head_seq_ = seq;
  last_hash_ = hash;
  result->seq = seq;
  result->reference = reference;
  result->duplicate = false;
  LogRow row;
  row.stored.set_seq(seq);
  row.stored.set_event_id(event.event_id);
  row.stored.mutable_origin()->set_node(origin_node);
  row.stored.mutable_origin()->set_epoch(origin_epoch);
  row.stored.mutable_origin()->set_seq(origin_seq);
  row.stored.set_reference(reference);
  set_unix_ms(now, row.stored.mutable_received_at());
  row.stored.set_via(event.via);
  row.stored.set_event(event.event_bytes);
  row.stored.set_signature(event.signature);
  row.stored.set_signer(event.signer);
  row.stored.set_kind(event.facts.kind);
  row.stored.set_type(event.facts.type);
  for (const std::string& node : event.path) {
    row.stored.add_path(node);
  }
  row.severity = event.facts.severity;
  row.area_codes = event.facts.area_codes;
  appended->push_back(std::move(row));
  return {};
}

StatusOr<std::string> SqliteStore::next_reference(std::int64_t now) {
  const std::string key = options_.reference_prefix + "-" +
                          std::to_string(year_of(now, options_.reference_utc_offset_hours));
  auto found = reference_counters_.find(key);
  if (found == reference_counters_.end()) {
    StatementReset reset(load_counter_);
    load_counter_.bind_text(1, key);
    std::int64_t last = 0;
    const int rc = load_counter_.step();
    if (rc == SQLITE_ROW) {
      last = load_counter_.column_int64(0);
    } else if (rc != SQLITE_DONE) {
      return db_.failure("cannot read reference counter");
    }
    found = reference_counters_.emplace(key, last).first;
  }
  const std::int64_t number = ++found->second;
  dirty_counters_.insert(key);
  char text[32];
  std::snprintf(text, sizeof text, "%05lld", static_cast<long long>(number));
  return key + "-" + text;
}

Status SqliteStore::save_reference_counters() {
  for (const std::string& key : dirty_counters_) {
    StatementReset reset(save_counter_);
    save_counter_.bind_text(1, key);
    save_counter_.bind(2, reference_counters_[key]);
    if (Status status = step_write(save_counter_, "cannot save reference counter"); !status.ok()) {
      return status;
    }
  }
  return {};
}

Status SqliteStore::apply_cursor(const CursorUpdate& update, std::int64_t now) {
  if (update.checkpoint) {
    const v1::Checkpoint& checkpoint = *update.checkpoint;
    StatementReset reset(save_checkpoint_);
    save_checkpoint_.bind_text(1, checkpoint.node());
    save_checkpoint_.bind(2, checkpoint.epoch());
    save_checkpoint_.bind(3, checkpoint.seq());
    save_checkpoint_.bind(4, checkpoint.count());
    save_checkpoint_.bind_blob(5, checkpoint.digest());
    save_checkpoint_.bind(6, to_unix_ms(checkpoint.signed_at()));
    save_checkpoint_.bind_blob(7, checkpoint.signature());
    save_checkpoint_.bind(8, now);
    return step_write(save_checkpoint_, "cannot save a peer's checkpoint");
  }
  if (update.link) {
    StatementReset reset(save_link_cursor_);
    save_link_cursor_.bind_text(1, update.name);
    save_link_cursor_.bind(2, update.epoch);
    save_link_cursor_.bind(3, update.seq);
    save_link_cursor_.bind(4, now);
    return step_write(save_link_cursor_, "cannot save link cursor");
  }
  if (update.forget) {
    StatementReset reset(delete_cursor_);
    delete_cursor_.bind_text(1, update.name);
    return step_write(delete_cursor_, "cannot delete cursor");
  }
  StatementReset reset(save_cursor_);
  save_cursor_.bind_text(1, update.name);
  save_cursor_.bind(2, update.seq);
  save_cursor_.bind(3, epoch_);
  save_cursor_.bind(4, now);
  return step_write(save_cursor_, "cannot save cursor");
}

// Checkpoints once the WAL is large, never on every commit: a checkpoint writes the pages
// back and fsyncs the database file. With a checkpointer, that work happens on its thread;
// but the WAL only restarts from its beginning when every frame has been copied at the
// moment the writer begins a transaction, which a steady stream of commits never allows.
// So at twice the threshold the store checkpoints itself, between two of its own
// transactions: only the frames the checkpointer has not copied yet are written. PASSIVE
// never waits; if the WAL keeps growing because readers hold old snapshots, RESTART waits
// (busy_timeout) for them so that the WAL is reused.
void SqliteStore::maybe_checkpoint() {
  const int threshold = options_.checkpoint_pages;
  if (wal_pages_ < threshold) {
    return;
  }
  if (options_.request_checkpoint && wal_pages_ < threshold * 2) {
    options_.request_checkpoint();
    return;
  }
  const int mode =
      wal_pages_ > threshold * 4 ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE;
  sqlite3_wal_checkpoint_v2(db_.get(), nullptr, mode, nullptr, nullptr);
}

StatusOr<std::uint64_t> SqliteStore::head_seq() {
  StatementReset reset(head_seq_query_);
  if (head_seq_query_.step() != SQLITE_ROW) {
    return db_.failure("cannot read head seq");
  }
  return head_seq_query_.column_uint64(0);
}

StatusOr<std::uint64_t> SqliteStore::event_count() {
  StatementReset reset(count_query_);
  if (count_query_.step() != SQLITE_ROW) {
    return db_.failure("cannot count events");
  }
  return count_query_.column_uint64(0);
}

Status SqliteStore::read_after(std::uint64_t after_seq, std::size_t limit,
                               std::vector<LogRow>* rows) {
  StatementReset reset(read_after_);
  read_after_.bind(1, after_seq);
  read_after_.bind(2, static_cast<std::int64_t>(limit));
  return read_rows(read_after_, rows);
}

Status SqliteStore::alerts_without_receipt(std::uint64_t after_seq, std::size_t limit,
                                           std::vector<LogRow>* rows) {
  StatementReset reset(alerts_without_receipt_);
  alerts_without_receipt_.bind_text(1, node_id_);
  alerts_without_receipt_.bind(2, after_seq);
  alerts_without_receipt_.bind(3, static_cast<std::int64_t>(limit));
  return read_rows(alerts_without_receipt_, rows);
}

StatusOr<std::optional<std::int64_t>> SqliteStore::received_at_from(std::uint64_t seq) {
  StatementReset reset(first_at_or_after_);
  first_at_or_after_.bind(1, seq);
  const int rc = first_at_or_after_.step();
  if (rc == SQLITE_ROW) {
    return std::optional<std::int64_t>(first_at_or_after_.column_int64(0));
  }
  if (rc != SQLITE_DONE) {
    return db_.failure("cannot search by time");
  }
  return std::optional<std::int64_t>();
}

// Bisects seq for the first row received at or after `unix_ms` (received_at is
// non-decreasing in seq): about 20 primary-key lookups for a million rows.
StatusOr<std::uint64_t> SqliteStore::seq_before_time(std::int64_t unix_ms) {
  auto head = head_seq();
  if (!head.ok()) {
    return head.status();
  }
  std::uint64_t low = 1;                  // The answer's successor is in [low, high].
  std::uint64_t high = head.value() + 1;  // high: no row at or after it is early enough.
  while (low < high) {
    const std::uint64_t middle = low + (high - low) / 2;
    auto received = received_at_from(middle);
    if (!received.ok()) {
      return received.status();
    }
    if (!received.value() || *received.value() >= unix_ms) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  return low - 1;
}

StatusOr<std::optional<LogRow>> SqliteStore::find_one(Statement& statement) {
  StatementReset reset(statement);
  const int rc = statement.step();
  if (rc == SQLITE_ROW) {
    return std::optional<LogRow>(row_from(statement));
  }
  if (rc != SQLITE_DONE) {
    return db_.failure("cannot read event");
  }
  return std::optional<LogRow>();
}

StatusOr<std::optional<LogRow>> SqliteStore::find_by_id(const std::string& event_id) {
  find_by_id_.bind_text(1, event_id);
  return find_one(find_by_id_);
}

StatusOr<std::optional<LogRow>> SqliteStore::find_by_reference(const std::string& reference) {
  find_by_reference_.bind_text(1, reference);
  return find_one(find_by_reference_);
}

StatusOr<std::optional<Cursor>> SqliteStore::load_cursor(const std::string& name) {
  StatementReset reset(load_cursor_);
  load_cursor_.bind_text(1, name);
  const int rc = load_cursor_.step();
  if (rc == SQLITE_ROW) {
    return std::optional<Cursor>(
        Cursor{load_cursor_.column_uint64(0), load_cursor_.column_uint64(1)});
  }
  if (rc != SQLITE_DONE) {
    return db_.failure("cannot read cursor");
  }
  return std::optional<Cursor>();
}

StatusOr<std::uint64_t> SqliteStore::last_local_seq() {
  StatementReset reset(last_local_seq_);
  last_local_seq_.bind_text(1, node_id_);
  last_local_seq_.bind(2, epoch_);
  if (last_local_seq_.step() != SQLITE_ROW) {
    return db_.failure("cannot read the last local seq");
  }
  return last_local_seq_.column_uint64(0);
}

StatusOr<std::optional<Cursor>> SqliteStore::load_link_cursor(const std::string& peer) {
  StatementReset reset(load_link_cursor_);
  load_link_cursor_.bind_text(1, peer);
  const int rc = load_link_cursor_.step();
  if (rc == SQLITE_ROW) {
    return std::optional<Cursor>(
        Cursor{load_link_cursor_.column_uint64(0), load_link_cursor_.column_uint64(1)});
  }
  if (rc != SQLITE_DONE) {
    return db_.failure("cannot read link cursor");
  }
  return std::optional<Cursor>();
}

Status SqliteStore::read_origin(const std::string& node, std::uint64_t epoch,
                                std::uint64_t after_origin_seq, std::size_t limit,
                                std::vector<LogRow>* rows) {
  StatementReset reset(read_origin_);
  read_origin_.bind_text(1, node);
  read_origin_.bind(2, epoch);
  read_origin_.bind(3, after_origin_seq);
  read_origin_.bind(4, static_cast<std::int64_t>(limit));
  return read_rows(read_origin_, rows);
}

Status SqliteStore::read_rows(Statement& statement, std::vector<LogRow>* rows) {
  rows->clear();
  int rc = SQLITE_ROW;
  while ((rc = statement.step()) == SQLITE_ROW) {
    rows->push_back(row_from(statement));
  }
  if (rc != SQLITE_DONE) {
    rows->clear();
    return db_.failure("cannot read the log");
  }
  return {};
}

StatusOr<std::uint64_t> SqliteStore::last_receipt_through() {
  StatementReset reset(last_receipt_);
  last_receipt_.bind_text(1, node_id_);
  const int rc = last_receipt_.step();
  if (rc == SQLITE_DONE) {
    return std::uint64_t{0};
  }
  v1::Event receipt;
  if (rc != SQLITE_ROW) {
    return db_.failure("cannot read the last receipt");
  }
  if (!receipt.ParseFromString(last_receipt_.column_blob(0))) {
    return std::uint64_t{0};  // Altered in the file: every receipt is checked again.
  }
  return receipt.follow_up().receipts_through_seq();
}

Status SqliteStore::read_case_events(const std::string& alert_event_id, std::uint64_t up_to_seq,
                                     std::vector<LogRow>* rows) {
  StatementReset reset(read_case_events_);
  read_case_events_.bind_text(1, alert_event_id);
  read_case_events_.bind(2, up_to_seq == 0 ? std::numeric_limits<std::int64_t>::max()
                                           : static_cast<std::int64_t>(up_to_seq));
  return read_rows(read_case_events_, rows);
}

}  // namespace alertbus::broker
