// Reads the log of an alertbus.db file directly, with its own connection and query,
// independently of SqliteStore (through the project's SQLite wrapper, read-only): for tests
// that check what the file holds.
#pragma once

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "alertbus/protocol/log_hash.hpp"
#include "alertbus/sqlite/sqlite_handle.hpp"

namespace alertbus::testing {

// The database at `path`, read-only.
inline sqlite::Database open_read_only(const std::string& path) {
  StatusOr<sqlite::Database> db = sqlite::Database::open(path, sqlite::Database::Mode::kReadOnly);
  INFO(db.status().to_string());
  REQUIRE(db.ok());
  return std::move(db).value();
}

inline sqlite::Statement prepared(const sqlite::Database& db, const char* sql) {
  StatusOr<sqlite::Statement> statement = sqlite::Statement::prepare(db, sql);
  INFO(statement.status().to_string());
  REQUIRE(statement.ok());
  return std::move(statement).value();
}

// Reads the log of the database at `path` in seq order, checks that seqs are 1, 2, ... and
// that every stored hash is the hash of its row chained after the one before, and returns
// the stored hashes.
inline std::vector<protocol::LogHash> checked_chain(const std::string& path) {
  const sqlite::Database db = open_read_only(path);
  // A log from before schema 9 has no origin_stored_ms: none of its rows hash one.
  const bool has_origin_stored =
      sqlite::Statement::prepare(db, "SELECT origin_stored_ms FROM log LIMIT 0").ok();
  const std::string sql = std::string(
                              "SELECT seq, event_id, origin_node, origin_epoch, origin_seq,"
                              " reference, received_at_ms, via, path, event, signature, signer,"
                              " hash, ") +
                          (has_origin_stored ? "origin_stored_ms" : "NULL") +
                          " FROM log ORDER BY seq";
  sqlite::Statement statement = prepared(db, sql.c_str());
  std::vector<protocol::LogHash> hashes;
  protocol::LogHash prev{};
  while (statement.step() == SQLITE_ROW) {
    protocol::LogHashInput row;
    row.seq = statement.column_uint64(0);
    row.event_id = statement.column_text_view(1);
    row.origin_node = statement.column_text_view(2);
    row.origin_epoch = statement.column_uint64(3);
    row.origin_seq = statement.column_uint64(4);
    row.reference = statement.column_text_view(5);
    row.received_at_ms = statement.column_int64(6);
    row.via = statement.column_text_view(7);
    row.path = statement.column_text_view(8);
    row.event = statement.column_blob_view(9);
    row.signature = statement.column_blob_view(10);
    row.signer = statement.column_text_view(11);
    row.origin_stored_ms = statement.column_is_null(13) ? 0 : statement.column_int64(13);
    INFO("seq " << row.seq);
    CHECK(row.seq == hashes.size() + 1);
    const auto stored = protocol::log_hash_from_bytes(statement.column_blob_view(12));
    REQUIRE(stored.has_value());
    CHECK(*stored == protocol::log_row_hash(prev, row));
    prev = *stored;
    hashes.push_back(*stored);
  }
  return hashes;
}

// The value of a query returning one integer, e.g. "SELECT count(*) FROM peer_checkpoints".
inline std::int64_t scalar_of(const std::string& path, const char* sql) {
  const sqlite::Database db = open_read_only(path);
  sqlite::Statement statement = prepared(db, sql);
  REQUIRE(statement.step() == SQLITE_ROW);
  return statement.column_int64(0);
}

}  // namespace alertbus::testing
