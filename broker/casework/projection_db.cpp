#include "casework/projection_db.hpp"

#include <spdlog/spdlog.h>

#include "alertbus/protocol/owner_only.hpp"

namespace alertbus::broker {
namespace {

constexpr const char* kSchema = R"sql(
CREATE TABLE projection_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  log_epoch INTEGER NOT NULL,
  projected_seq INTEGER NOT NULL
);
INSERT INTO projection_state (id, log_epoch, projected_seq) VALUES (1, 0, 0);
CREATE TABLE cases (
  id INTEGER PRIMARY KEY,
  event_id TEXT NOT NULL UNIQUE,
  reference TEXT NOT NULL,
  kind INTEGER NOT NULL,
  origin_node TEXT NOT NULL,
  sender_unit TEXT NOT NULL,
  severity INTEGER NOT NULL,
  state INTEGER NOT NULL,
  sent_at_ms INTEGER NOT NULL,
  area_codes TEXT NOT NULL,
  alert_missing INTEGER NOT NULL,
  body BLOB NOT NULL,
  last_follow_up INTEGER NOT NULL,
  last_sent_ms INTEGER NOT NULL,
  last_event_id TEXT NOT NULL,
  changed_seq INTEGER NOT NULL
);
CREATE INDEX cases_by_sent ON cases (sent_at_ms DESC, event_id);
CREATE INDEX cases_by_reference ON cases (reference);
CREATE INDEX cases_by_change ON cases (changed_seq);
CREATE TABLE case_receipts (
  case_id TEXT NOT NULL,
  node TEXT NOT NULL,
  stored_at_ms INTEGER NOT NULL,
  PRIMARY KEY (case_id, node)
) WITHOUT ROWID;
CREATE VIRTUAL TABLE case_text USING fts5 (
  text, exact, case_id UNINDEXED, tokenize = 'unicode61 remove_diacritics 0');
)sql";

constexpr const char* kDrop = R"sql(
DROP TABLE IF EXISTS projection_state;
DROP TABLE IF EXISTS cases;
DROP TABLE IF EXISTS case_text;
DROP TABLE IF EXISTS case_receipts;
)sql";

StatusOr<int> schema_version(Database& db) {
  auto query = Statement::prepare(db, "PRAGMA user_version");
  if (!query.ok()) {
    return query.status();
  }
  if (query->step() != SQLITE_ROW) {
    return db.failure("cannot read the projection's schema version");
  }
  return query->column_int(0);
}

}  // namespace

StatusOr<std::unique_ptr<ProjectionDb>> ProjectionDb::open(const std::string& path, bool writer) {
  protocol::create_owner_only_file(path);  // Whatever the umask: the log's cases.
  auto db = Database::open(path);
  if (!db.ok()) {
    return db.status();
  }
  std::unique_ptr<ProjectionDb> projection(new ProjectionDb(std::move(db).value()));
  Database& handle = projection->db_;
  if (Status status = handle.exec(
          "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;"
          " PRAGMA cache_size = -2000;");
      !status.ok()) {
    return status;
  }
  if (!writer) {
    return projection;
  }
  auto version = schema_version(handle);
  if (!version.ok()) {
    return version.status();
  }
  if (version.value() != kSchemaVersion) {
    // Derived data: another version is dropped and projected again from the log.
    if (version.value() != 0) {
      spdlog::info(
          "hồ sơ vụ việc theo lược đồ {}, bản này dùng {}: chiếu lại từ nhật ký / case records "
          "of schema {}, this build uses {}: projected again from the log",
          version.value(), kSchemaVersion, version.value(), kSchemaVersion);
    }
    const std::string sql = std::string("BEGIN IMMEDIATE;") + kDrop + kSchema +
                            "PRAGMA user_version = " + std::to_string(kSchemaVersion) + "; COMMIT;";
    if (Status status = handle.exec(sql); !status.ok()) {
      (void)handle.exec("ROLLBACK");
      return status;
    }
  }
  if (Status status = projection->prepare_writer(); !status.ok()) {
    return status;
  }
  return projection;
}

Status ProjectionDb::prepare_writer() {
  struct Entry {
    Statement* statement;
    const char* sql;
  };

  const Entry entries[] = {
      {&load_case_,
       "SELECT body, last_follow_up, last_sent_ms, last_event_id, changed_seq FROM cases"
       " WHERE event_id = ?1"},
      {&save_case_,
       "INSERT INTO cases (event_id, reference, kind, origin_node, sender_unit, severity, state,"
       " sent_at_ms, area_codes, alert_missing, body, last_follow_up, last_sent_ms,"
       " last_event_id, changed_seq) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
       " ?13, ?14, ?15) ON CONFLICT (event_id) DO UPDATE SET reference = excluded.reference,"
       " kind = excluded.kind, origin_node = excluded.origin_node,"
       " sender_unit = excluded.sender_unit, severity = excluded.severity,"
       " state = excluded.state, sent_at_ms = excluded.sent_at_ms,"
       " area_codes = excluded.area_codes, alert_missing = excluded.alert_missing,"
       " body = excluded.body, last_follow_up = excluded.last_follow_up,"
       " last_sent_ms = excluded.last_sent_ms, last_event_id = excluded.last_event_id,"
       " changed_seq = excluded.changed_seq"},
      {&add_text_, "INSERT INTO case_text (text, exact, case_id) VALUES (?1, ?2, ?3)"},
      {&set_projected_, "UPDATE projection_state SET projected_seq = ?1 WHERE id = 1"},
      {&add_receipt_,
       "INSERT INTO case_receipts (case_id, node, stored_at_ms) VALUES (?1, ?2, ?3)"
       " ON CONFLICT (case_id, node) DO UPDATE SET"
       " stored_at_ms = min(stored_at_ms, excluded.stored_at_ms)"},
      {&load_receipts_, "SELECT node, stored_at_ms FROM case_receipts WHERE case_id = ?1"},
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

StatusOr<ProjectionDb::Watermark> ProjectionDb::watermark() {
  auto query =
      Statement::prepare(db_, "SELECT log_epoch, projected_seq FROM projection_state WHERE id = 1");
  if (!query.ok()) {
    return query.status();
  }
  if (query->step() != SQLITE_ROW) {
    return db_.failure("cannot read the projection's watermark");
  }
  return Watermark{query->column_uint64(0), query->column_uint64(1)};
}

StatusOr<std::uint64_t> ProjectionDb::count(std::string_view table) const {
  auto query = Statement::prepare(db_, "SELECT count(*) FROM " + std::string(table));
  if (!query.ok()) {
    return query.status();
  }
  if (query->step() != SQLITE_ROW) {
    return db_.failure("cannot count rows");
  }
  return query->column_uint64(0);
}

Status ProjectionDb::begin() {
  return db_.exec("BEGIN IMMEDIATE");
}

Status ProjectionDb::commit() {
  return db_.exec("COMMIT");
}

void ProjectionDb::rollback() {
  (void)db_.exec("ROLLBACK");
}

Status ProjectionDb::reset(std::uint64_t log_epoch) {
  return db_.exec(
      "DELETE FROM cases; DELETE FROM case_text; DELETE FROM case_receipts;"
      " UPDATE projection_state SET"
      " projected_seq = 0, log_epoch = " +
      std::to_string(static_cast<std::int64_t>(log_epoch)) + " WHERE id = 1;");
}

StatusOr<std::optional<StoredCase>> ProjectionDb::load_case(const std::string& event_id) {
  StatementReset reset(load_case_);
  load_case_.bind_text(1, event_id);
  const int rc = load_case_.step();
  if (rc == SQLITE_DONE) {
    return std::optional<StoredCase>();
  }
  StoredCase stored;
  if (rc != SQLITE_ROW || !stored.body.ParseFromString(load_case_.column_blob(0))) {
    return db_.failure("cannot read the case of " + event_id);
  }
  stored.last.follow_up = load_case_.column_int(1) != 0;
  stored.last.sent_ms = load_case_.column_int64(2);
  stored.last.event_id = load_case_.column_text(3);
  stored.changed_seq = load_case_.column_uint64(4);
  return std::optional<StoredCase>(std::move(stored));
}

Status ProjectionDb::save_case(const StoredCase& stored) {
  // Bound without copies (SQLITE_STATIC): these must outlive the step.
  const std::string body = stored.body.SerializeAsString();
  const protocol::CaseColumns columns = protocol::case_columns(stored.body);
  StatementReset reset(save_case_);
  save_case_.bind_text(1, columns.event_id);
  save_case_.bind_text(2, columns.reference);
  save_case_.bind(3, columns.kind);
  save_case_.bind_text(4, columns.origin_node);
  save_case_.bind_text(5, columns.sender_unit);
  save_case_.bind(6, columns.severity);
  save_case_.bind(7, columns.state);
  save_case_.bind(8, columns.sent_at_ms);
  save_case_.bind_text(9, columns.area_codes);
  save_case_.bind(10, columns.alert_missing ? 1 : 0);
  save_case_.bind_blob(11, body);
  save_case_.bind(12, stored.last.follow_up ? 1 : 0);
  save_case_.bind(13, stored.last.sent_ms);
  save_case_.bind_text(14, stored.last.event_id);
  save_case_.bind(15, stored.changed_seq);
  if (save_case_.step() != SQLITE_DONE) {
    return db_.failure("cannot store a case");
  }
  return {};
}

Status ProjectionDb::add_text(const std::string& case_id, const protocol::SearchText& text) {
  StatementReset reset(add_text_);
  add_text_.bind_text(1, text.folded);
  add_text_.bind_text(2, text.written);
  add_text_.bind_text(3, case_id);
  if (add_text_.step() != SQLITE_DONE) {
    return db_.failure("cannot update the search index");
  }
  return {};
}

Status ProjectionDb::add_receipt(const std::string& case_id, const std::string& node,
                                 std::int64_t stored_at_ms) {
  StatementReset reset(add_receipt_);
  add_receipt_.bind_text(1, case_id);
  add_receipt_.bind_text(2, node);
  add_receipt_.bind(3, stored_at_ms);
  if (add_receipt_.step() != SQLITE_DONE) {
    return db_.failure("cannot store a receipt");
  }
  return {};
}

Status ProjectionDb::load_receipts(const std::string& case_id,
                                   std::vector<std::pair<std::string, std::int64_t>>* receipts) {
  receipts->clear();
  StatementReset reset(load_receipts_);
  load_receipts_.bind_text(1, case_id);
  int rc = SQLITE_ROW;
  while ((rc = load_receipts_.step()) == SQLITE_ROW) {
    receipts->emplace_back(load_receipts_.column_text(0), load_receipts_.column_int64(1));
  }
  if (rc != SQLITE_DONE) {
    return db_.failure("cannot read the receipts of a case");
  }
  return {};
}

Status ProjectionDb::set_projected(std::uint64_t seq) {
  StatementReset reset(set_projected_);
  set_projected_.bind(1, seq);
  if (set_projected_.step() != SQLITE_DONE) {
    return db_.failure("cannot store the projection's watermark");
  }
  return {};
}

}  // namespace alertbus::broker
