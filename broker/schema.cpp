#include "schema.hpp"

#include <array>
#include <string>

namespace alertbus::broker {
namespace {

// Migration 1: the event log, reference counters, cursors, the alert projection.
constexpr const char* kMigration1 = R"sql(
CREATE TABLE meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- The append-only event log. seq is the local position; (origin_node, origin_epoch,
-- origin_seq) the position in the origin's log; event holds the exact published bytes.
CREATE TABLE log (
  seq            INTEGER PRIMARY KEY,
  event_id       TEXT    NOT NULL UNIQUE,
  origin_node    TEXT    NOT NULL,
  origin_epoch   INTEGER NOT NULL,
  origin_seq     INTEGER NOT NULL,
  reference      TEXT    NOT NULL,
  kind           INTEGER NOT NULL,
  type           INTEGER NOT NULL,
  severity       INTEGER NOT NULL,
  area_codes     TEXT    NOT NULL,
  alert_event_id TEXT    NOT NULL,
  sent_at_ms     INTEGER NOT NULL,
  received_at_ms INTEGER NOT NULL,
  via            TEXT    NOT NULL,
  event          BLOB    NOT NULL,
  signature      BLOB    NOT NULL,
  UNIQUE (origin_node, origin_epoch, origin_seq)
);
CREATE INDEX log_by_reference ON log (reference);
CREATE INDEX log_by_received_at ON log (received_at_ms);

CREATE TRIGGER log_is_append_only_update BEFORE UPDATE ON log
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER log_is_append_only_delete BEFORE DELETE ON log
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;

-- Last reference number used per "<prefix>-<year>".
CREATE TABLE reference_counters (
  prefix_year TEXT PRIMARY KEY,
  last        INTEGER NOT NULL
) WITHOUT ROWID;

-- Durable subscription cursors: everything up to seq is acknowledged.
CREATE TABLE cursors (
  name          TEXT PRIMARY KEY,
  seq           INTEGER NOT NULL,
  epoch         INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
) WITHOUT ROWID;

-- Projection: the status of each alert, rebuilt from the log at will.
CREATE TABLE alerts (
  event_id        TEXT PRIMARY KEY,
  seq             INTEGER NOT NULL,
  reference       TEXT    NOT NULL,
  kind            INTEGER NOT NULL,
  origin_node     TEXT    NOT NULL,
  sender_unit     TEXT    NOT NULL,
  severity        INTEGER NOT NULL,
  title           TEXT    NOT NULL,
  sent_at_ms      INTEGER NOT NULL,
  expires_at_ms   INTEGER NOT NULL,
  state           INTEGER NOT NULL,
  last_event_seq  INTEGER NOT NULL,
  follow_up_count INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// Migration 2: received_at_ms is never less than the row before it (the store keeps it
// monotonic), so a search by time bisects the seq range instead of keeping an index that
// every append would pay for.
constexpr const char* kMigration2 = R"sql(
DROP INDEX log_by_received_at;
)sql";

// Migration 3: federation link cursors, one per peer, written in the transaction that stores
// the events they cover.
constexpr const char* kMigration3 = R"sql(
CREATE TABLE link_cursors (
  peer          TEXT PRIMARY KEY,
  epoch         INTEGER NOT NULL,
  seq           INTEGER NOT NULL,
  updated_at_ms INTEGER NOT NULL
) WITHOUT ROWID;
)sql";

// Migration 4: the path an event took through the federation, as comma-separated node ids
// (origin first, ending with via); empty for events published here.
constexpr const char* kMigration4 = R"sql(
ALTER TABLE log ADD COLUMN path TEXT NOT NULL DEFAULT '';
)sql";

constexpr std::array kMigrations{kMigration1, kMigration2, kMigration3, kMigration4};

}  // namespace

int current_schema_version() {
  return static_cast<int>(kMigrations.size());
}

Status migrate(Database& db) {
  Statement version_query;
  {
    auto prepared = Statement::prepare(db, "PRAGMA user_version");
    if (!prepared.ok()) {
      return prepared.status();
    }
    version_query = std::move(prepared).value();
  }
  if (version_query.step() != SQLITE_ROW) {
    return db.failure("cannot read the schema version");
  }
  const int version = version_query.column_int(0);
  version_query.reset();
  if (version > current_schema_version()) {
    return Status::error(v1::STORE_FAILURE,
                         "database schema version " + std::to_string(version) +
                             " is newer than this build (" +
                             std::to_string(current_schema_version()) + "); upgrade alertbusd",
                         "phiên bản lược đồ cơ sở dữ liệu " + std::to_string(version) +
                             " mới hơn bản alertbusd này; hãy nâng cấp alertbusd");
  }
  for (int next = version; next < current_schema_version(); ++next) {
    std::string sql = "BEGIN IMMEDIATE;";
    sql += kMigrations[static_cast<std::size_t>(next)];
    sql += "PRAGMA user_version = " + std::to_string(next + 1) + "; COMMIT;";
    if (Status status = db.exec(sql); !status.ok()) {
      (void)db.exec("ROLLBACK");
      return status;
    }
  }
  return {};
}

}  // namespace alertbus::broker
