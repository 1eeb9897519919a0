// The SQLite schema of a node's database, as forward migrations: SQL, and C++ code where SQL
// is not enough (migration 5 hashes the rows already stored into the log's hash chain).
//
// The version lives in PRAGMA user_version. Rule: a released migration is never edited;
// a change is a new migration appended to the list in schema.cpp. Opening a database whose
// version is newer than this build knows is refused (downgrades are not supported).
//
// Threading: called once, by whoever opens the database first (the writer).
#pragma once

#include "alertbus/protocol/status.hpp"
#include "alertbus/sqlite/sqlite_handle.hpp"

namespace alertbus::broker {

using sqlite::Database;
using sqlite::Statement;
using sqlite::StatementReset;

// The schema version this build writes.
int current_schema_version();

// Brings `db` to current_schema_version(), each migration in its own transaction.
Status migrate(Database& db);

}  // namespace alertbus::broker
