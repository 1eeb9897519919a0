#include "store/sqlite/schema.hpp"

#include <array>
#include <cstdint>
#include <spdlog/spdlog.h>
#include <string>
#include <utility>
#include <vector>

#include "alertbus/protocol/log_hash.hpp"
#include "alertbus/protocol/log_schema.hpp"
#include "store/sqlite/area_keys_migration.hpp"

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

// Migration 5: the log becomes a hash chain (alertbus/protocol/log_hash.hpp): `hash` is
// the row's link, `signer` the principal that signed it. hash is NULL-able only so that
// ALTER TABLE can add it; every row gets one, those already stored from backfill_log_hashes.
// The backfill updates the log, so the update trigger is dropped and recreated around it,
// inside the migration's transaction (IF EXISTS: a log whose trigger someone dropped gets it
// back rather than a node that cannot start).
constexpr const char* kMigration5 = R"sql(
ALTER TABLE log ADD COLUMN signer TEXT NOT NULL DEFAULT '';
ALTER TABLE log ADD COLUMN hash BLOB;
DROP TRIGGER IF EXISTS log_is_append_only_update;
)sql";

constexpr const char* kMigration5After = R"sql(
CREATE TRIGGER log_is_append_only_update BEFORE UPDATE ON log
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
)sql";

// Hashes the rows already stored, in seq order, as SqliteStore would have on append. Reads
// a chunk, then writes it: bounded memory, and no update under a running SELECT.
Status backfill_log_hashes(Database& db) {
  auto select = Statement::prepare(
      db,
      "SELECT seq, event_id, origin_node, origin_epoch, origin_seq, reference, received_at_ms,"
      " via, path, event, signature, signer FROM log WHERE seq > ?1 ORDER BY seq LIMIT 1024");
  if (!select.ok()) {
    return select.status();
  }
  auto update = Statement::prepare(db, "UPDATE log SET hash = ?1 WHERE seq = ?2");
  if (!update.ok()) {
    return update.status();
  }
  protocol::LogHash prev{};
  std::uint64_t after = 0;
  std::vector<std::pair<std::uint64_t, protocol::LogHash>> chunk;
  do {
    chunk.clear();
    {
      StatementReset reset(*select);
      select->bind(1, after);
      int rc = SQLITE_ROW;
      while ((rc = select->step()) == SQLITE_ROW) {
        const std::string event_id = select->column_text(1);
        const std::string origin_node = select->column_text(2);
        const std::string reference = select->column_text(5);
        const std::string via = select->column_text(7);
        const std::string path = select->column_text(8);
        const std::string event = select->column_blob(9);
        const std::string signature = select->column_blob(10);
        const std::string signer = select->column_text(11);
        protocol::LogHashInput row;
        row.seq = select->column_uint64(0);
        row.event_id = event_id;
        row.origin_node = origin_node;
        row.origin_epoch = select->column_uint64(3);
        row.origin_seq = select->column_uint64(4);
        row.reference = reference;
        row.received_at_ms = select->column_int64(6);
        row.via = via;
        row.path = path;
        row.event = event;
        row.signature = signature;
        row.signer = signer;
        prev = protocol::log_row_hash(prev, row);
        chunk.emplace_back(row.seq, prev);
        after = row.seq;
      }
      if (rc != SQLITE_DONE) {
        return db.failure("cannot read the log to hash it");
      }
    }
    for (const auto& [seq, hash] : chunk) {
      StatementReset reset(*update);
      update->bind_blob(1, protocol::log_hash_bytes(hash));
      update->bind(2, seq);
      if (update->step() != SQLITE_DONE) {
        return db.failure("cannot store a log hash");
      }
    }
  } while (!chunk.empty());
  return {};
}

// A migration: `sql`, then `code` (if any), then `sql_after` (if any), in one transaction.
struct Migration {
  const char* sql;
  Status (*code)(Database& db) = nullptr;
  const char* sql_after = nullptr;
};

// Migration 6: the signed checkpoints received from peers (docs/ARCHITECTURE.md,
// "Checkpoints"): each says which origin digest the peer's own events up to a seq have.
constexpr const char* kMigration6 = R"sql(
CREATE TABLE peer_checkpoints (
  node           TEXT    NOT NULL,
  epoch          INTEGER NOT NULL,
  seq            INTEGER NOT NULL,
  count          INTEGER NOT NULL,
  digest         BLOB    NOT NULL,
  signed_at_ms   INTEGER NOT NULL,
  signature      BLOB    NOT NULL,
  received_at_ms INTEGER NOT NULL,
  PRIMARY KEY (node, epoch, seq)
) WITHOUT ROWID;
)sql";

// Migration 7: casework (docs/ARCHITECTURE.md, "Casework"): each alert as a case, computed
// from all its events, and its full-text index of folded text. The follow-ups of an alert
// are found by log_by_alert. The `alerts` status table of migration 1 goes: the cases hold
// more. (Until migration 8 existed, this one also computed the cases of the log.)
constexpr const char* kMigration7 = R"sql(
CREATE INDEX log_by_alert ON log (alert_event_id);
CREATE TABLE cases (
  id            INTEGER PRIMARY KEY,
  event_id      TEXT    NOT NULL UNIQUE,
  reference     TEXT    NOT NULL,
  kind          INTEGER NOT NULL,
  origin_node   TEXT    NOT NULL,
  sender_unit   TEXT    NOT NULL,
  severity      INTEGER NOT NULL,
  state         INTEGER NOT NULL,
  sent_at_ms    INTEGER NOT NULL,
  area_codes    TEXT    NOT NULL,
  alert_missing INTEGER NOT NULL,
  body          BLOB    NOT NULL
);
CREATE INDEX cases_by_sent ON cases (sent_at_ms DESC, event_id);
CREATE INDEX cases_by_reference ON cases (reference);
CREATE VIRTUAL TABLE case_text USING fts5 (text, tokenize = 'unicode61 remove_diacritics 2');
-- The cases replace the status projection of migration 1.
DROP TABLE IF EXISTS alerts;
)sql";

// Migration 8: the cases move out of the log's file, behind the projector
// (casework/projection_db.hpp: their own file and schema, projected from the log off the
// commit path). log_by_alert stays: the projector and the admission index read a case's
// events through it. Migration 7 no longer computes the cases it creates, since this one
// drops them.
constexpr const char* kMigration8 = R"sql(
DROP TABLE IF EXISTS case_text;
DROP TABLE IF EXISTS cases;
)sql";

// Migration 9: when the origin stored an event from a peer (OriginPosition.stored_at), so
// that case times and revocations are judged by it wherever the event travelled. NULL for
// an event that originated here (its received_at_ms) and for rows stored before.
constexpr const char* kMigration9 = R"sql(
ALTER TABLE log ADD COLUMN origin_stored_ms INTEGER;
)sql";

// Migration 10: area_codes holds area keys, "<scheme>:<code>" (" VN-2025:24 "), not bare codes
// that the two schemes share (store/sqlite/area_keys_migration.hpp). The rewrite updates the
// log, so the update trigger is dropped and recreated around it, as in migration 5.
constexpr const char* kMigration10 = R"sql(
DROP TRIGGER IF EXISTS log_is_append_only_update;
)sql";

// Migration 11: an event's identity is its id with its origin, node and log epoch (issue
// 12): another origin's event under an id already stored is kept, not dropped (a reused id
// cannot suppress an alert), and flagged `id_conflict` (1: an earlier row holds the id; it
// takes no part in casework, which names alerts by id). UNIQUE (event_id) becomes UNIQUE
// (event_id, origin_node, origin_epoch), which SQLite changes only by rebuilding the table:
// the rows are copied as they are (the hash chain covers none of the table's shape), then
// the indexes and the append-only triggers are made again.
constexpr const char* kMigration11 = R"sql(
DROP TRIGGER IF EXISTS log_is_append_only_update;
DROP TRIGGER IF EXISTS log_is_append_only_delete;
CREATE TABLE log_v11 (
  seq              INTEGER PRIMARY KEY,
  event_id         TEXT    NOT NULL,
  origin_node      TEXT    NOT NULL,
  origin_epoch     INTEGER NOT NULL,
  origin_seq       INTEGER NOT NULL,
  reference        TEXT    NOT NULL,
  kind             INTEGER NOT NULL,
  type             INTEGER NOT NULL,
  severity         INTEGER NOT NULL,
  area_codes       TEXT    NOT NULL,
  alert_event_id   TEXT    NOT NULL,
  sent_at_ms       INTEGER NOT NULL,
  received_at_ms   INTEGER NOT NULL,
  via              TEXT    NOT NULL,
  event            BLOB    NOT NULL,
  signature        BLOB    NOT NULL,
  path             TEXT    NOT NULL DEFAULT '',
  signer           TEXT    NOT NULL DEFAULT '',
  hash             BLOB,
  origin_stored_ms INTEGER,
  id_conflict      INTEGER NOT NULL DEFAULT 0,
  UNIQUE (event_id, origin_node, origin_epoch),
  UNIQUE (origin_node, origin_epoch, origin_seq)
);
INSERT INTO log_v11 (seq, event_id, origin_node, origin_epoch, origin_seq, reference, kind, type,
  severity, area_codes, alert_event_id, sent_at_ms, received_at_ms, via, event, signature, path,
  signer, hash, origin_stored_ms)
SELECT seq, event_id, origin_node, origin_epoch, origin_seq, reference, kind, type, severity,
  area_codes, alert_event_id, sent_at_ms, received_at_ms, via, event, signature, path, signer,
  hash, origin_stored_ms FROM log ORDER BY seq;
DROP TABLE log;
ALTER TABLE log_v11 RENAME TO log;
CREATE INDEX log_by_reference ON log (reference);
CREATE INDEX log_by_alert ON log (alert_event_id);
CREATE TRIGGER log_is_append_only_update BEFORE UPDATE ON log
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
CREATE TRIGGER log_is_append_only_delete BEFORE DELETE ON log
BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;
)sql";

const std::array kMigrations{
    Migration{kMigration1},
    Migration{kMigration2},
    Migration{kMigration3},
    Migration{kMigration4},
    Migration{kMigration5, &backfill_log_hashes, kMigration5After},
    Migration{kMigration6},
    Migration{kMigration7},
    Migration{kMigration8},
    Migration{kMigration9},
    Migration{kMigration10, &rekey_log_area_codes, kMigration5After},
    Migration{kMigration11},
};
// alertctl's backup and restore read the version this build writes from the protocol header.
static_assert(
    kMigrations.size() == protocol::kLogSchemaVersion,
    "a new migration moves protocol::kLogSchemaVersion (alertbus/protocol/log_schema.hpp)");

// Runs `migration` and sets the version to `version`, all or nothing.
Status apply(Database& db, const Migration& migration, int version) {
  if (Status status = db.exec("BEGIN IMMEDIATE"); !status.ok()) {
    return status;
  }
  Status status = db.exec(migration.sql);
  if (status.ok() && migration.code != nullptr) {
    status = migration.code(db);
  }
  if (status.ok() && migration.sql_after != nullptr) {
    status = db.exec(migration.sql_after);
  }
  if (status.ok()) {
    status = db.exec("PRAGMA user_version = " + std::to_string(version) + "; COMMIT;");
  }
  if (!status.ok()) {
    (void)db.exec("ROLLBACK");
  }
  return status;
}

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
  if (version > 0 && version < current_schema_version()) {
    spdlog::info(
        "lược đồ cơ sở dữ liệu phiên bản {}, bản này dùng {}: nâng cấp từng bước / database "
        "schema version {}, this build uses {}: migrating step by step",
        version, current_schema_version(), version, current_schema_version());
  }
  for (int next = version; next < current_schema_version(); ++next) {
    if (Status status = apply(db, kMigrations[static_cast<std::size_t>(next)], next + 1);
        !status.ok()) {
      spdlog::error(
          "nâng lược đồ lên phiên bản {} thất bại, cơ sở dữ liệu vẫn ở phiên bản {} / migration "
          "to version {} failed, the database stays at version {}",
          next + 1, next, next + 1, next);
      return status;
    }
    if (version > 0) {
      spdlog::info("đã nâng lược đồ lên phiên bản {} / database schema migrated to version {}",
                   next + 1, next + 1);
    }
  }
  return {};
}

}  // namespace alertbus::broker
