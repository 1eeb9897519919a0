// The schema of the dashboard's state database (dashboard.db, see state_store.hpp) and its
// migrations. The version is PRAGMA user_version: migration N takes a file from version N-1
// to N in one transaction. A migration, once released, never changes: a new one is added.
//
// Threading: called by StateStore::open, before the store is shared.
#pragma once

#include "alertbus/protocol/status.hpp"
#include "alertbus/sqlite/sqlite_handle.hpp"

namespace alertbus::dashboard {

// The version this build writes.
int state_schema_version();

// Brings `db` to state_schema_version(). STORE_FAILURE when a migration fails (nothing of it
// is kept) or when the file is newer than this build.
Status migrate_state(sqlite::Database& db);

}  // namespace alertbus::dashboard
