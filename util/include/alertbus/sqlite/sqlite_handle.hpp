// RAII handles for SQLite: a connection and a prepared statement with typed bind/column
// helpers. SQLite result codes become Status(STORE_FAILURE) with SQLite's message.
//
// The one SQLite wrapper of the project (library alertbus_sqlite): the broker's log and
// projection stores, alertctl's audit of a node's database file and the benchmark's raw
// SQLite figures all open and query SQLite through it.
//
// Threading: a Database and its Statements are used by one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "alertbus/protocol/status.hpp"

namespace alertbus::sqlite {

class Database {
 public:
  enum class Mode {
    kReadWriteCreate,  // Creates the file if needed.
    kReadOnly,         // Never writes, never creates: a missing file fails.
  };

  // Opens the file at `path`. Fails with STORE_FAILURE and SQLite's message.
  static StatusOr<Database> open(const std::string& path, Mode mode = Mode::kReadWriteCreate);

  sqlite3* get() const { return db_.get(); }

  // Runs one or more SQL statements without results.
  Status exec(std::string_view sql);

  // STORE_FAILURE carrying `what` and SQLite's last error message.
  Status failure(std::string_view what) const;

  // SQLite's last error message on this connection.
  std::string error_message() const;

  // Waits up to `timeout` for another connection's lock instead of failing at once with
  // SQLITE_BUSY.
  void set_busy_timeout(std::chrono::milliseconds timeout);

 private:
  struct Closer {
    void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
  };

  std::unique_ptr<sqlite3, Closer> db_;
};

class Statement {
 public:
  Statement() = default;
  // Prepares `sql` on `db` (persistent: it is reused many times).
  static StatusOr<Statement> prepare(const Database& db, std::string_view sql);

  // Binds are 1-based, as in SQLite.
  void bind(int index, std::int64_t value);

  void bind(int index, std::uint64_t value) { bind(index, static_cast<std::int64_t>(value)); }

  void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }

  // The bytes are not copied: they must stay as they are until the statement is reset.
  void bind_text(int index, std::string_view value);
  void bind_blob(int index, std::string_view value);
  void bind_null(int index);

  // Steps once: SQLITE_ROW, SQLITE_DONE, or an error code.
  int step();
  // Resets and clears bindings for the next use.
  void reset();

  // Columns are 0-based, as in SQLite.
  std::int64_t column_int64(int index) const;

  std::uint64_t column_uint64(int index) const {
    return static_cast<std::uint64_t>(column_int64(index));
  }

  int column_int(int index) const;
  std::string column_text(int index) const;
  std::string column_blob(int index) const;
  // The same without a copy, valid until the next step() or reset().
  std::string_view column_text_view(int index) const;
  std::string_view column_blob_view(int index) const;
  bool column_is_null(int index) const;

  sqlite3_stmt* get() const { return stmt_.get(); }

 private:
  struct Finalizer {
    void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
  };

  std::unique_ptr<sqlite3_stmt, Finalizer> stmt_;
};

// Resets a statement when it goes out of scope, so an early return leaves it reusable.
class StatementReset {
 public:
  explicit StatementReset(Statement& statement) : statement_(statement) {}

  ~StatementReset() { statement_.reset(); }

  StatementReset(const StatementReset&) = delete;
  StatementReset& operator=(const StatementReset&) = delete;

 private:
  Statement& statement_;
};

}  // namespace alertbus::sqlite
