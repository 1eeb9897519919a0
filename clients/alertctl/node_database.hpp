// Opening a node's database files for alertctl's audit (log_audit.hpp,
// projection_audit.hpp): read-only, never created, with a busy timeout, and the failures
// named in both languages.
//
// Threading: any thread; a Database it returns is used by one thread at a time.
#pragma once

#include <string>

#include "alertbus/protocol/status.hpp"
#include "alertbus/sqlite/sqlite_handle.hpp"

namespace alertbus::alertctl {

// Opens the alertbus database at `path` read-only and checks its schema version; `minimum`
// is the first version that has what the caller reads, `lacking_en`/`lacking_vi` say what an
// older one lacks. NOT_FOUND when there is no such file; INVALID_VALUE when it is not an
// alertbus database or older than `minimum`.
StatusOr<sqlite::Database> open_node_database(const std::string& path, int minimum,
                                              const std::string& lacking_en,
                                              const std::string& lacking_vi);

// Opens the SQLite file at `path` read-only, waiting for the broker's brief locks rather than
// failing. NOT_FOUND when there is no such file.
StatusOr<sqlite::Database> open_read_only(const std::string& path);

// STORE_FAILURE: SQLite failed reading `path` (its message in both texts).
Status read_failure(const sqlite::Database& db, const std::string& path);

// INVALID_VALUE: `path` is not a node's alertbus.db, for the reason given.
Status not_a_log(const std::string& path, const std::string& detail_en,
                 const std::string& detail_vi);

}  // namespace alertbus::alertctl
