// SqliteStore beyond the Store contract (store_contract_test.cpp runs that over every
// store): the file, its append-only triggers, WAL with synchronous FULL, reopening (epoch,
// counters, cursors, the last time, the chain's head), the node a file belongs to, and the
// migrations of older files.
#include "store/sqlite/sqlite_store.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "alertbus/protocol/log_hash.hpp"
#include "new_event.hpp"
#include "sqlite_log_file.hpp"
#include "store/sqlite/schema.hpp"
#include "store_fixtures.hpp"
#include "support/sample_events.hpp"
#include "temp_dir.hpp"

namespace alertbus::broker {
namespace {

using alertbus::testing::checked_chain;
using alertbus::testing::TempDir;

SqliteStoreOptions options_for(const TempDir& dir) {
  SqliteStoreOptions options;
  options.path = dir.file("alertbus.db");
  options.node_id = "bac-giang";
  options.reference_prefix = "BG";
  return options;
}

std::unique_ptr<SqliteStore> open_store(const SqliteStoreOptions& options) {
  auto store = SqliteStore::open(options);
  INFO(store.status().to_string());
  REQUIRE(store.ok());
  return std::move(store).value();
}

Status commit(Store& store, const std::vector<NewEvent>& events,
              const std::vector<CursorUpdate>& cursors, std::vector<AppendResult>* results) {
  std::vector<LogRow> appended;
  return store.commit(events, cursors, results, &appended);
}

// Vietnam time 2026-06-15 10:00 = 03:00 UTC.
constexpr std::int64_t kMidJune2026 = 1781492400000;

}  // namespace

TEST_CASE("The log refuses updates and deletes") {
  TempDir dir;
  auto store = open_store(options_for(dir));
  std::vector<AppendResult> results;
  REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(dir.file("alertbus.db").c_str(), &raw) == SQLITE_OK);
  char* error = nullptr;
  CHECK(sqlite3_exec(raw, "UPDATE log SET reference = 'forged'", nullptr, nullptr, &error) ==
        SQLITE_CONSTRAINT);
  CHECK(std::string(error).find("append-only") != std::string::npos);
  sqlite3_free(error);
  CHECK(sqlite3_exec(raw, "DELETE FROM log", nullptr, nullptr, nullptr) == SQLITE_CONSTRAINT);
  sqlite3_close(raw);
  CHECK(store->event_count().value() == 1);
}

TEST_CASE("A reopened store keeps its events, epoch, counters and cursors") {
  TempDir dir;
  const SqliteStoreOptions options = options_for(dir);
  std::uint64_t epoch = 0;
  {
    auto store = open_store(options);
    epoch = store->epoch();
    std::vector<AppendResult> results;
    REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {{"desk", 1, false}}, &results)
                .ok());
  }
  auto store = open_store(options);
  CHECK(store->epoch() == epoch);
  CHECK(store->node_id() == "bac-giang");
  CHECK(store->head_seq().value() == 1);
  CHECK(store->load_cursor("desk").value()->seq == 1);
  std::vector<AppendResult> results;
  REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  CHECK(results[0].seq == 2);
  CHECK(results[0].reference.substr(8) == "00002");
}

TEST_CASE("A database is refused by a node it does not belong to") {
  TempDir dir;
  SqliteStoreOptions options = options_for(dir);
  { open_store(options); }
  options.node_id = "hai-duong";
  auto other = SqliteStore::open(options);
  REQUIRE_FALSE(other.ok());
  CHECK(other.status().code() == v1::STORE_FAILURE);
  CHECK(other.status().message().find("bac-giang") != std::string::npos);
}

TEST_CASE("A database with a newer schema is refused") {
  TempDir dir;
  const SqliteStoreOptions options = options_for(dir);
  { open_store(options); }
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(options.path.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw, "PRAGMA user_version = 99", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  auto reopened = SqliteStore::open(options);
  REQUIRE_FALSE(reopened.ok());
  CHECK(reopened.status().message().find("newer") != std::string::npos);
}

TEST_CASE("The database runs in WAL mode with synchronous FULL") {
  TempDir dir;
  auto store = open_store(options_for(dir));
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(dir.file("alertbus.db").c_str(), &raw) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &statement, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0))) == "wal");
  sqlite3_finalize(statement);
  sqlite3_close(raw);
  // synchronous is per connection: check the store's own.
  REQUIRE(sqlite3_prepare_v2(store->database_for_tests(), "PRAGMA synchronous", -1, &statement,
                             nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
  CHECK(sqlite3_column_int(statement, 0) == 2);  // FULL
  sqlite3_finalize(statement);
}

TEST_CASE("A reopened store remembers the last received_at and does not go back") {
  TempDir dir;
  std::int64_t now = kMidJune2026;
  SqliteStoreOptions options = options_for(dir);
  options.clock = [&now] { return now; };
  std::vector<AppendResult> results;
  {
    auto store = open_store(options);
    REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  }
  now = kMidJune2026 - 60000;
  auto store = open_store(options);
  REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  std::vector<LogRow> rows;
  REQUIRE(store->read_after(0, 10, &rows).ok());
  REQUIRE(rows.size() == 2);
  CHECK(to_unix_ms(rows[1].stored.received_at()) == kMidJune2026);
  CHECK(store->seq_before_time(kMidJune2026).value() == 0);
}

TEST_CASE("A reopened store chains from its last stored row") {
  TempDir dir;
  const SqliteStoreOptions options = options_for(dir);
  NewEvent remote = new_event(testing::sample_forest_fire());
  remote.origin.set_node("quang-ninh");
  remote.origin.set_epoch(77);
  remote.origin.set_seq(41);
  remote.reference = "QN-2026-00041";
  remote.via = "quang-ninh";
  remote.path = {"quang-ninh"};
  std::vector<AppendResult> results;
  {
    auto store = open_store(options);
    REQUIRE(
        commit(*store, {new_event(testing::sample_animal_disease()), remote}, {}, &results).ok());
  }
  const std::vector<protocol::LogHash> before = checked_chain(options.path);
  REQUIRE(before.size() == 2);
  auto store = open_store(options);
  REQUIRE(commit(*store, {new_event(testing::sample_crop_pest()), remote}, {}, &results).ok());
  CHECK(results[0].seq == 3);
  CHECK(results[1].duplicate);
  const std::vector<protocol::LogHash> after = checked_chain(options.path);
  REQUIRE(after.size() == 3);
  CHECK(std::equal(before.begin(), before.end(), after.begin()));
}

TEST_CASE("A version 1 database is migrated to the current version, data kept") {
  TempDir dir;
  const SqliteStoreOptions options = options_for(dir);
  {
    auto store = open_store(options);
    std::vector<AppendResult> results;
    REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  }
  // Put the file back in version 1's shape.
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(options.path.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw,
                       "CREATE INDEX log_by_received_at ON log (received_at_ms);"
                       " DROP TABLE link_cursors; ALTER TABLE log DROP COLUMN path;"
                       " ALTER TABLE log DROP COLUMN signer; ALTER TABLE log DROP COLUMN hash; "
                       "ALTER TABLE log DROP COLUMN origin_stored_ms;"
                       " DROP TABLE peer_checkpoints; DROP INDEX log_by_alert;"
                       " CREATE TABLE alerts (event_id TEXT PRIMARY KEY);"
                       " PRAGMA user_version = 1;",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  auto store = open_store(options);
  auto scalar = [&](const char* sql) {
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(store->database_for_tests(), sql, -1, &statement, nullptr) ==
            SQLITE_OK);
    REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    const int value = sqlite3_column_int(statement, 0);
    sqlite3_finalize(statement);
    return value;
  };
  CHECK(scalar("PRAGMA user_version") == current_schema_version());
  CHECK(scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'log_by_received_at'") == 0);
  CHECK(scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'link_cursors'") == 1);
  CHECK(scalar("SELECT count(*) FROM log WHERE path = ''") == 1);
  CHECK(store->event_count().value() == 1);
  CHECK(checked_chain(options.path).size() == 1);
  // Migration 7 replaced the alerts table by cases, which migration 8 moved out of the log's
  // file (the projector computes them); the index of follow-ups by alert stays.
  CHECK(scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'alerts'") == 0);
  CHECK(scalar("SELECT count(*) FROM sqlite_schema WHERE name IN ('cases', 'case_text')") == 0);
  CHECK(scalar("SELECT count(*) FROM sqlite_schema WHERE name = 'log_by_alert'") == 1);
}

TEST_CASE("A version 4 database is migrated to a hash chain over the rows it holds") {
  TempDir dir;
  std::int64_t now = kMidJune2026;
  SqliteStoreOptions options = options_for(dir);
  options.clock = [&now] { return now; };
  NewEvent remote = new_event(testing::sample_forest_fire());
  remote.origin.set_node("quang-ninh");
  remote.origin.set_epoch(77);
  remote.origin.set_seq(41);
  remote.reference = "QN-2026-00041";
  remote.via = "hai-duong";
  remote.path = {"quang-ninh", "hai-duong"};
  remote.signature = std::string(64, 'S');
  std::vector<protocol::LogHash> written;
  {
    auto store = open_store(options);
    std::vector<AppendResult> results;
    for (int i = 0; i < 3; ++i) {
      now += 1000;
      REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
    }
    REQUIRE(
        commit(*store, {remote, new_event(testing::sample_animal_disease())}, {}, &results).ok());
    written = checked_chain(options.path);
  }
  REQUIRE(written.size() == 5);
  // Put the file back in version 4's shape: no signer, no hash.
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(options.path.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw,
                       "ALTER TABLE log DROP COLUMN signer; ALTER TABLE log DROP COLUMN hash; "
                       "ALTER TABLE log DROP COLUMN origin_stored_ms;"
                       " DROP TABLE peer_checkpoints; DROP INDEX log_by_alert;"
                       " CREATE TABLE alerts (event_id TEXT PRIMARY KEY);"
                       " PRAGMA user_version = 4;",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);

  auto store = open_store(options);
  // The backfill computes the same chain as the appends did (the signers were empty).
  CHECK(checked_chain(options.path) == written);
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(store->database_for_tests(), "PRAGMA user_version", -1, &statement,
                             nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
  CHECK(sqlite3_column_int(statement, 0) == current_schema_version());
  sqlite3_finalize(statement);
  // The update trigger is back (the store's connection reports extended codes).
  CHECK((sqlite3_exec(store->database_for_tests(), "UPDATE log SET reference = 'forged'", nullptr,
                      nullptr, nullptr) &
         0xFF) == SQLITE_CONSTRAINT);
  // And the store appends after the backfilled rows.
  std::vector<AppendResult> results;
  REQUIRE(commit(*store, {new_event(testing::sample_unsafe_food())}, {}, &results).ok());
  CHECK(results[0].seq == 6);
  CHECK(checked_chain(options.path).size() == 6);
}

TEST_CASE("An empty version 4 database is migrated and its first row starts the chain") {
  TempDir dir;
  const SqliteStoreOptions options = options_for(dir);
  { open_store(options); }
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(options.path.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw,
                       "ALTER TABLE log DROP COLUMN signer; ALTER TABLE log DROP COLUMN hash; "
                       "ALTER TABLE log DROP COLUMN origin_stored_ms;"
                       " DROP TABLE peer_checkpoints; DROP INDEX log_by_alert;"
                       " CREATE TABLE alerts (event_id TEXT PRIMARY KEY);"
                       " PRAGMA user_version = 4;",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  auto store = open_store(options);
  std::vector<AppendResult> results;
  REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  CHECK(checked_chain(options.path).size() == 1);
}

TEST_CASE("A version 8 log's bare area codes become area keys, follow-ups taking their alerts'") {
  TempDir dir;
  const SqliteStoreOptions options = options_for(dir);
  const v1::Event pest = testing::sample_crop_pest();  // Its areas are of VN-2025.
  v1::Event food = testing::sample_unsafe_food();
  food.mutable_areas(0)->set_scheme("VN-2004");
  // A follow-up stored before its alert (from a peer, its alert on another link): no areas.
  const v1::Event early = testing::sample_follow_up(food, v1::ACKNOWLEDGE);
  const v1::Event acknowledged = testing::sample_follow_up(pest, v1::ACKNOWLEDGE);
  v1::Event receipt = testing::sample_follow_up(pest, v1::RECEIPT);
  receipt.mutable_follow_up()->add_receipts()->set_alert_event_id(pest.event_id());
  receipt.mutable_follow_up()->add_receipts()->set_alert_event_id(food.event_id());
  {
    auto store = open_store(options);
    std::vector<AppendResult> results;
    REQUIRE(commit(*store,
                   {new_event(early), new_event(pest), new_event(food), new_event(acknowledged),
                    new_event(receipt)},
                   {}, &results)
                .ok());
  }
  // Put the file back in version 8's shape: bare codes, as the broker stored them then.
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(options.path.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(raw,
                       "DROP TRIGGER log_is_append_only_update;"
                       " UPDATE log SET area_codes = CASE seq WHEN 1 THEN ' '"
                       "   WHEN 2 THEN ' 07360 ' WHEN 3 THEN ' 22 ' WHEN 4 THEN ' 07360 '"
                       "   ELSE ' 07360 22 ' END;"
                       " CREATE TRIGGER log_is_append_only_update BEFORE UPDATE ON log"
                       "   BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;"
                       " ALTER TABLE log DROP COLUMN origin_stored_ms;"
                       " PRAGMA user_version = 8;",
                       nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  const std::vector<protocol::LogHash> chain = checked_chain(options.path);

  auto store = open_store(options);
  std::vector<std::string> stored;
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(store->database_for_tests(), "SELECT area_codes FROM log ORDER BY seq",
                             -1, &statement, nullptr) == SQLITE_OK);
  while (sqlite3_step(statement) == SQLITE_ROW) {
    stored.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
  }
  sqlite3_finalize(statement);
  const std::string pest_keys = area_codes_of(pest.areas());
  const std::string food_keys = area_codes_of(food.areas());
  CHECK(pest_keys.find(" VN-2025:") == 0);
  CHECK(food_keys == " VN-2004:22 ");
  CHECK(stored == std::vector<std::string>{" ", pest_keys, food_keys, pest_keys,
                                           pest_keys + food_keys.substr(1)});
  // The chain does not cover area_codes: unchanged; and the log is append-only again.
  CHECK(checked_chain(options.path) == chain);
  CHECK((sqlite3_exec(store->database_for_tests(), "UPDATE log SET area_codes = ' '", nullptr,
                      nullptr, nullptr) &
         0xFF) == SQLITE_CONSTRAINT);
}

TEST_CASE("A version 10 log is rebuilt with identity by id and origin, rows and chain kept") {
  TempDir dir;
  const SqliteStoreOptions options = options_for(dir);
  const v1::Event fire = testing::sample_forest_fire();
  {
    auto store = open_store(options);
    std::vector<AppendResult> results;
    REQUIRE(commit(*store,
                   {new_event(testing::sample_crop_pest()), new_event(fire),
                    new_event(testing::sample_follow_up(fire, v1::ACKNOWLEDGE))},
                   {}, &results)
                .ok());
  }
  // Put the file back in version 10's shape: the event id alone is unique.
  sqlite3* raw = nullptr;
  REQUIRE(sqlite3_open(options.path.c_str(), &raw) == SQLITE_OK);
  REQUIRE(sqlite3_exec(
              raw,
              "CREATE TABLE log_v10 (seq INTEGER PRIMARY KEY, event_id TEXT NOT NULL UNIQUE,"
              " origin_node TEXT NOT NULL, origin_epoch INTEGER NOT NULL, origin_seq INTEGER"
              " NOT NULL, reference TEXT NOT NULL, kind INTEGER NOT NULL, type INTEGER NOT NULL,"
              " severity INTEGER NOT NULL, area_codes TEXT NOT NULL, alert_event_id TEXT NOT NULL,"
              " sent_at_ms INTEGER NOT NULL, received_at_ms INTEGER NOT NULL, via TEXT NOT NULL,"
              " event BLOB NOT NULL, signature BLOB NOT NULL, path TEXT NOT NULL DEFAULT '',"
              " signer TEXT NOT NULL DEFAULT '', hash BLOB, origin_stored_ms INTEGER,"
              " UNIQUE (origin_node, origin_epoch, origin_seq));"
              " INSERT INTO log_v10 SELECT seq, event_id, origin_node, origin_epoch, origin_seq,"
              " reference, kind, type, severity, area_codes, alert_event_id, sent_at_ms,"
              " received_at_ms, via, event, signature, path, signer, hash, origin_stored_ms"
              " FROM log; DROP TABLE log; ALTER TABLE log_v10 RENAME TO log;"
              " CREATE INDEX log_by_reference ON log (reference);"
              " CREATE INDEX log_by_alert ON log (alert_event_id);"
              " CREATE TRIGGER log_is_append_only_update BEFORE UPDATE ON log"
              "   BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;"
              " CREATE TRIGGER log_is_append_only_delete BEFORE DELETE ON log"
              "   BEGIN SELECT RAISE(ABORT, 'the event log is append-only'); END;"
              " PRAGMA user_version = 10;",
              nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(raw);
  const std::vector<protocol::LogHash> chain = checked_chain(options.path);

  auto store = open_store(options);
  sqlite3* db = store->database_for_tests();
  auto scalar = [db](const char* sql) {
    sqlite3_stmt* statement = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, sql, -1, &statement, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    const int value = sqlite3_column_int(statement, 0);
    sqlite3_finalize(statement);
    return value;
  };
  CHECK(scalar("PRAGMA user_version") == current_schema_version());
  CHECK(scalar("SELECT count(*) FROM log WHERE id_conflict = 0") == 3);
  CHECK(scalar("SELECT count(*) FROM sqlite_schema WHERE tbl_name = 'log' AND name IN"
               " ('log_by_reference', 'log_by_alert', 'log_is_append_only_update',"
               " 'log_is_append_only_delete')") == 4);
  CHECK(checked_chain(options.path) == chain);
  CHECK((sqlite3_exec(db, "UPDATE log SET via = 'x'", nullptr, nullptr, nullptr) & 0xFF) ==
        SQLITE_CONSTRAINT);
  CHECK((sqlite3_exec(db, "DELETE FROM log", nullptr, nullptr, nullptr) & 0xFF) ==
        SQLITE_CONSTRAINT);
  // Now another origin's event under a stored id is kept, and the chain goes on.
  v1::Event no_fire = fire;
  no_fire.set_title("Không có cháy");
  std::vector<AppendResult> results;
  REQUIRE(commit(*store,
                 {store_contract::from_peer(no_fire, "quang-ninh", 7, 1, "QN-2026-00001",
                                            "quang-ninh")},
                 {}, &results)
              .ok());
  CHECK(results[0].id_conflict_kept);
  CHECK(checked_chain(options.path).size() == 4);
}

}  // namespace alertbus::broker
