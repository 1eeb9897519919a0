// A node's SQLite files changed behind its broker's back, as an intruder with write access
// would change them: for the tests of alertctl's audit (tests/integration/audit_*test.cpp,
// tests/clients/projection_audit_test.cpp).
#pragma once

#include <string>

#include <catch2/catch.hpp>
#include <sqlite3.h>

namespace alertbus::testing {

// Runs SQL on the file (created if needed) as an intruder with write access would, outside
// the broker.
inline void tamper(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr) ==
          SQLITE_OK);
  char* error = nullptr;
  const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  INFO((error != nullptr ? error : ""));
  sqlite3_free(error);
  sqlite3_close(db);
  REQUIRE(rc == SQLITE_OK);
}

}  // namespace alertbus::testing
