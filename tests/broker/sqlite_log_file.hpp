// Reads the log of an alertbus.db file directly, with its own connection and query,
// independently of SqliteStore: for tests that check what the file holds.
#pragma once

#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "alertbus/protocol/log_hash.hpp"

namespace alertbus::testing {

inline std::string text_column(sqlite3_stmt* statement, int index) {
  const auto* text = sqlite3_column_text(statement, index);
  return text == nullptr
             ? std::string()
             : std::string(reinterpret_cast<const char*>(text),
                           static_cast<std::size_t>(sqlite3_column_bytes(statement, index)));
}

inline std::string blob_column(sqlite3_stmt* statement, int index) {
  const void* blob = sqlite3_column_blob(statement, index);
  return blob == nullptr
             ? std::string()
             : std::string(static_cast<const char*>(blob),
                           static_cast<std::size_t>(sqlite3_column_bytes(statement, index)));
}

// Reads the log of the database at `path` in seq order, checks that seqs are 1, 2, ... and
// that every stored hash is the hash of its row chained after the one before, and returns
// the stored hashes.
inline std::vector<protocol::LogHash> checked_chain(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT seq, event_id, origin_node, origin_epoch, origin_seq,"
                             " reference, received_at_ms, via, path, event, signature, signer,"
                             " hash FROM log ORDER BY seq",
                             -1, &statement, nullptr) == SQLITE_OK);
  std::vector<protocol::LogHash> hashes;
  protocol::LogHash prev{};
  while (sqlite3_step(statement) == SQLITE_ROW) {
    const std::string event_id = text_column(statement, 1);
    const std::string origin_node = text_column(statement, 2);
    const std::string reference = text_column(statement, 5);
    const std::string via = text_column(statement, 7);
    const std::string path_text = text_column(statement, 8);
    const std::string event = blob_column(statement, 9);
    const std::string signature = blob_column(statement, 10);
    const std::string signer = text_column(statement, 11);
    protocol::LogHashInput row;
    row.seq = static_cast<std::uint64_t>(sqlite3_column_int64(statement, 0));
    row.event_id = event_id;
    row.origin_node = origin_node;
    row.origin_epoch = static_cast<std::uint64_t>(sqlite3_column_int64(statement, 3));
    row.origin_seq = static_cast<std::uint64_t>(sqlite3_column_int64(statement, 4));
    row.reference = reference;
    row.received_at_ms = sqlite3_column_int64(statement, 6);
    row.via = via;
    row.path = path_text;
    row.event = event;
    row.signature = signature;
    row.signer = signer;
    INFO("seq " << row.seq);
    CHECK(row.seq == hashes.size() + 1);
    const auto stored = protocol::log_hash_from_bytes(blob_column(statement, 12));
    REQUIRE(stored.has_value());
    CHECK(*stored == protocol::log_row_hash(prev, row));
    prev = *stored;
    hashes.push_back(*stored);
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return hashes;
}

// The value of a query returning one integer, e.g. "SELECT count(*) FROM peer_checkpoints".
inline std::int64_t scalar_of(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
  const std::int64_t value = sqlite3_column_int64(statement, 0);
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return value;
}

}  // namespace alertbus::testing
