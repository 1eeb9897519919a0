// Schema of dashboard.db (state_schema.hpp), version 1, and how a file is brought up to it:
// the same rule as the broker's store (broker/store/sqlite/schema.cpp).
#include "state/state_schema.hpp"

#include <array>
#include <string>

namespace alertbus::dashboard {
namespace {

using sqlite::Database;
using sqlite::Statement;

// Migration 1: sessions, read marks, case stream cursors, the action log.
constexpr const char* kMigration1 = R"sql(
-- Login sessions. token_hash is the SHA-256 of the cookie's token (never the token).
CREATE TABLE sessions (
  token_hash   BLOB    PRIMARY KEY,
  user         TEXT    NOT NULL,
  csrf         TEXT    NOT NULL,
  created_ms   INTEGER NOT NULL,
  last_seen_ms INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_by_user ON sessions (user);

-- Which alerts (by reference) each officer has opened; read_ms the first time.
CREATE TABLE reads (
  user      TEXT    NOT NULL,
  reference TEXT    NOT NULL,
  read_ms   INTEGER NOT NULL,
  PRIMARY KEY (user, reference)
) WITHOUT ROWID;

-- Durable positions of the case change streams followed, one per stream (a unit's).
CREATE TABLE cursors (
  stream   TEXT    PRIMARY KEY,
  position INTEGER NOT NULL
) WITHOUT ROWID;

-- Every officer's action, with who did it and what came of it.
CREATE TABLE actions (
  id           INTEGER PRIMARY KEY,
  at_ms        INTEGER NOT NULL,
  user         TEXT    NOT NULL,
  officer_name TEXT    NOT NULL,
  unit         TEXT    NOT NULL,
  action       TEXT    NOT NULL,
  reference    TEXT    NOT NULL,
  outcome      TEXT    NOT NULL
);
)sql";

const std::array kMigrations{kMigration1};

// Runs `sql` and sets the version to `version`, all or nothing.
Status apply(Database& db, const char* sql, int version) {
  if (Status status = db.exec("BEGIN IMMEDIATE"); !status.ok()) {
    return status;
  }
  Status status = db.exec(sql);
  if (status.ok()) {
    status = db.exec("PRAGMA user_version = " + std::to_string(version) + "; COMMIT;");
  }
  if (!status.ok()) {
    (void)db.exec("ROLLBACK");
  }
  return status;
}

}  // namespace

int state_schema_version() {
  return static_cast<int>(kMigrations.size());
}

Status migrate_state(Database& db) {
  int version = 0;
  {
    auto query = Statement::prepare(db, "PRAGMA user_version");
    if (!query.ok()) {
      return query.status();
    }
    if (query->step() != SQLITE_ROW) {
      return db.failure("cannot read the schema version");
    }
    version = query->column_int(0);
  }
  if (version > state_schema_version()) {
    return Status::error(
        v1::STORE_FAILURE,
        "dashboard database schema version " + std::to_string(version) +
            " is newer than this build (" + std::to_string(state_schema_version()) +
            "); upgrade alertbus-dashboard",
        "phiên bản lược đồ cơ sở dữ liệu của bảng điều khiển " + std::to_string(version) +
            " mới hơn bản này (" + std::to_string(state_schema_version()) +
            "); hãy nâng cấp alertbus-dashboard");
  }
  for (int next = version; next < state_schema_version(); ++next) {
    if (Status status = apply(db, kMigrations[static_cast<std::size_t>(next)], next + 1);
        !status.ok()) {
      return status;
    }
  }
  return {};
}

}  // namespace alertbus::dashboard
