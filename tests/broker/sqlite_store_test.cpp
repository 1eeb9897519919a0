// Contract tests of SqliteStore: sequencing, references, permanent dedup, atomic commits
// with cursors (proved by failing every write step in turn), append-only log, the log's
// hash chain, reopening, migrations, projections rebuilt from the log.
#include "store/sqlite/sqlite_store.hpp"

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "alertbus/protocol/log_hash.hpp"
#include "new_event.hpp"
#include "store/sqlite/schema.hpp"
#include "support/sample_events.hpp"
#include "temp_dir.hpp"

namespace alertbus::broker {
namespace {

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

std::string text_column(sqlite3_stmt* statement, int index) {
  const auto* text = sqlite3_column_text(statement, index);
  return text == nullptr
             ? std::string()
             : std::string(reinterpret_cast<const char*>(text),
                           static_cast<std::size_t>(sqlite3_column_bytes(statement, index)));
}

std::string blob_column(sqlite3_stmt* statement, int index) {
  const void* blob = sqlite3_column_blob(statement, index);
  return blob == nullptr
             ? std::string()
             : std::string(static_cast<const char*>(blob),
                           static_cast<std::size_t>(sqlite3_column_bytes(statement, index)));
}

// Reads the log of the database at `path` in seq order, checks that seqs are 1, 2, ... and
// that every stored hash is the hash of its row chained after the one before, and returns
// the stored hashes. Independent of the store: its own connection, its own query.
std::vector<protocol::LogHash> checked_chain(const std::string& path) {
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

}  // namespace

TEST_CASE("Appended events get consecutive seqs, origin positions and references") {
  TempDir dir;
  SqliteStoreOptions options = options_for(dir);
  options.clock = [] { return kMidJune2026; };
  auto store = open_store(options);
  const std::vector<NewEvent> events{new_event(testing::sample_animal_disease()),
                                     new_event(testing::sample_crop_pest()),
                                     new_event(testing::sample_unsafe_food())};
  std::vector<AppendResult> results;
  std::vector<LogRow> appended;
  REQUIRE(store->commit(events, {}, &results, &appended).ok());
  REQUIRE(results.size() == 3);
  REQUIRE(appended.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(results[i].seq == i + 1);
    CHECK_FALSE(results[i].duplicate);
    CHECK(appended[i].stored.origin().node() == "bac-giang");
    CHECK(appended[i].stored.origin().epoch() == store->epoch());
    CHECK(appended[i].stored.origin().seq() == i + 1);
    CHECK(appended[i].stored.event() == events[i].event_bytes);
  }
  CHECK(results[0].reference == "BG-2026-00001");
  CHECK(results[2].reference == "BG-2026-00003");
  CHECK(store->head_seq().value() == 3);
  CHECK(store->event_count().value() == 3);
}

TEST_CASE("A retried event id returns the original seq and reference and is stored once") {
  TempDir dir;
  auto store = open_store(options_for(dir));
  const NewEvent alert = new_event(testing::sample_forest_fire());
  std::vector<AppendResult> first;
  REQUIRE(commit(*store, {alert}, {}, &first).ok());
  const NewEvent other = new_event(testing::sample_crop_pest());
  std::vector<AppendResult> second;
  // The retry comes in a later batch, between two new events and again inside the batch.
  REQUIRE(commit(*store, {other, alert, alert}, {}, &second).ok());
  REQUIRE(second.size() == 3);
  CHECK_FALSE(second[0].duplicate);
  CHECK(second[1].duplicate);
  CHECK(second[2].duplicate);
  CHECK(second[1].seq == first[0].seq);
  CHECK(second[1].reference == first[0].reference);
  CHECK(store->event_count().value() == 2);
  // The number drawn for the duplicate is given back: no gap in references.
  std::vector<AppendResult> third;
  REQUIRE(commit(*store, {new_event(testing::sample_unsafe_food())}, {}, &third).ok());
  CHECK(third[0].seq == 3);
  CHECK(third[0].reference.substr(8) == "00003");
}

TEST_CASE("Reference numbers restart each year in Vietnam time") {
  TempDir dir;
  SqliteStoreOptions options = options_for(dir);
  std::int64_t now = 1798737000000;  // 2026-12-31 17:10 UTC = 2027-01-01 00:10 in Vietnam.
  options.clock = [&now] { return now - 20 * 60 * 1000; };  // 23:50 on 31 Dec, Vietnam time.
  auto store = open_store(options);
  std::vector<AppendResult> results;
  REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  CHECK(results[0].reference == "BG-2026-00001");
  options.clock = [&now] { return now; };
  store.reset();
  store = open_store(options);
  REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  CHECK(results[0].reference == "BG-2027-00001");
}

TEST_CASE("A failure at any write step stores nothing, and the retry stores it exactly once") {
  // Fail the Nth write step for N = 1, 2, ... until a commit goes through: after every
  // failure the log, the counters and the cursor are exactly as before.
  TempDir dir;
  SqliteStoreOptions options = options_for(dir);
  int step = 0;
  int fail_at = 0;
  options.inject_write_fault = [&] { return ++step == fail_at; };
  auto store = open_store(options);
  std::vector<AppendResult> results;
  REQUIRE(
      commit(*store, {new_event(testing::sample_animal_disease())}, {{"desk", 1, false}}, &results)
          .ok());
  const std::vector<NewEvent> batch{new_event(testing::sample_crop_pest()),
                                    new_event(testing::sample_forest_fire()),
                                    new_event(testing::sample_unsafe_food())};
  const std::vector<CursorUpdate> cursors{{"desk", 4, false}, {"wall", 2, false}};
  bool committed = false;
  int failures = 0;
  for (fail_at = 1; !committed && fail_at < 100; ++fail_at) {
    step = 0;
    std::vector<LogRow> appended;
    const Status status = store->commit(batch, cursors, &results, &appended);
    if (status.ok()) {
      committed = true;
      break;
    }
    ++failures;
    CHECK(status.code() == v1::STORE_FAILURE);
    CHECK(results.empty());
    CHECK(appended.empty());
    CHECK(store->event_count().value() == 1);
    CHECK(store->head_seq().value() == 1);
    CHECK(store->load_cursor("desk").value()->seq == 1);
    CHECK_FALSE(store->load_cursor("wall").value().has_value());
  }
  REQUIRE(committed);
  CHECK(failures >= 6);  // 3 inserts, 2 cursors, 1 counter, the commit itself.
  CHECK(store->event_count().value() == 4);
  CHECK(results.back().seq == 4);
  CHECK(results.back().reference.substr(8) == "00004");
  CHECK(store->load_cursor("desk").value()->seq == 4);
  CHECK(store->load_cursor("wall").value()->seq == 2);
  // And nothing is stored twice when the same batch is retried after all.
  fail_at = 0;  // No more faults.
  REQUIRE(commit(*store, batch, {}, &results).ok());
  CHECK(results[0].duplicate);
  CHECK(store->event_count().value() == 4);
  // Every failed commit put the chain's head back: the rows that went in chain from row 1.
  CHECK(checked_chain(options.path).size() == 4);
}

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

TEST_CASE("Reading after a seq pages through the log in order") {
  TempDir dir;
  std::int64_t now = kMidJune2026;
  SqliteStoreOptions options = options_for(dir);
  options.clock = [&now] { return now; };
  auto store = open_store(options);
  std::vector<AppendResult> results;
  for (int i = 0; i < 25; ++i) {
    now += 1000;
    REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  }
  std::vector<LogRow> rows;
  REQUIRE(store->read_after(10, 10, &rows).ok());
  REQUIRE(rows.size() == 10);
  CHECK(rows.front().stored.seq() == 11);
  CHECK(rows.back().stored.seq() == 20);
  REQUIRE(store->read_after(20, 10, &rows).ok());
  CHECK(rows.size() == 5);
  // Event 5 was stored at kMidJune2026 + 5 s: "before +5.5 s" is seq 5.
  CHECK(store->seq_before_time(kMidJune2026 + 5500).value() == 5);
  CHECK(store->seq_before_time(kMidJune2026).value() == 0);
}

TEST_CASE("received_at never goes back when the clock does, and the time search still holds") {
  TempDir dir;
  std::int64_t now = kMidJune2026;
  SqliteStoreOptions options = options_for(dir);
  options.clock = [&now] { return now; };
  auto store = open_store(options);
  std::vector<AppendResult> results;
  // Stored at +1 s, +2 s, then the clock steps back 10 s for two commits, then +3 s.
  for (const std::int64_t offset : {1000, 2000, -8000, -7000, 3000}) {
    now = kMidJune2026 + offset;
    REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  }
  std::vector<LogRow> rows;
  REQUIRE(store->read_after(0, 10, &rows).ok());
  REQUIRE(rows.size() == 5);
  std::vector<std::int64_t> received;
  for (const LogRow& row : rows) {
    received.push_back(row.stored.received_at().seconds() * 1000 +
                       row.stored.received_at().nanos() / 1000000);
  }
  const std::int64_t t = kMidJune2026;
  CHECK(received == std::vector<std::int64_t>{t + 1000, t + 2000, t + 2000, t + 2000, t + 3000});
  CHECK(store->seq_before_time(t + 2000).value() == 1);
  CHECK(store->seq_before_time(t + 2500).value() == 4);
  CHECK(store->seq_before_time(t + 3001).value() == 5);
  CHECK(store->seq_before_time(t - 50000).value() == 0);
  // Reopened, the store remembers the last time and still does not go back.
  store.reset();
  now = kMidJune2026 - 60000;
  store = open_store(options);
  REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  REQUIRE(store->read_after(5, 10, &rows).ok());
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].stored.received_at().seconds() == (t + 3000) / 1000);
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
                       " ALTER TABLE log DROP COLUMN signer; ALTER TABLE log DROP COLUMN hash;"
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
                       "ALTER TABLE log DROP COLUMN signer; ALTER TABLE log DROP COLUMN hash;"
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
                       "ALTER TABLE log DROP COLUMN signer; ALTER TABLE log DROP COLUMN hash;"
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

TEST_CASE("Rows appended across commits form a hash chain that duplicates do not advance") {
  TempDir dir;
  std::int64_t now = kMidJune2026;
  SqliteStoreOptions options = options_for(dir);
  options.clock = [&now] { return now; };
  const NewEvent first = new_event(testing::sample_animal_disease());
  NewEvent remote = new_event(testing::sample_forest_fire());
  remote.origin.set_node("quang-ninh");
  remote.origin.set_epoch(77);
  remote.origin.set_seq(41);
  remote.reference = "QN-2026-00041";
  remote.via = "quang-ninh";
  remote.path = {"quang-ninh"};
  remote.signature = std::string(64, 'S');
  remote.signer = "quang-ninh/kiem-lam";
  NewEvent impostor = new_event(testing::sample_forest_fire());
  impostor.origin = remote.origin;
  impostor.reference = remote.reference;
  impostor.via = "quang-ninh";
  {
    auto store = open_store(options);
    std::vector<AppendResult> results;
    REQUIRE(commit(*store, {first, new_event(testing::sample_crop_pest())}, {}, &results).ok());
    now += 1000;
    // A duplicate, the remote event, the duplicate again inside the batch.
    REQUIRE(commit(*store, {first, remote, first}, {}, &results).ok());
    CHECK(results[0].duplicate);
    CHECK(results[1].seq == 3);
    now += 1000;
    // An origin conflict is not stored and does not advance the chain either.
    REQUIRE(
        commit(*store, {impostor, new_event(testing::sample_unsafe_food())}, {}, &results).ok());
    CHECK(results[0].origin_conflict);
    CHECK(results[1].seq == 4);
    CHECK(checked_chain(options.path).size() == 4);
  }
  // Reopened, the store chains from the last stored row.
  auto store = open_store(options);
  now += 1000;
  std::vector<AppendResult> results;
  REQUIRE(commit(*store, {new_event(testing::sample_crop_pest()), remote}, {}, &results).ok());
  CHECK(results[1].duplicate);
  CHECK(checked_chain(options.path).size() == 5);
}

TEST_CASE("A failed commit puts the head of the hash chain back") {
  TempDir dir;
  SqliteStoreOptions options = options_for(dir);
  bool fail_commit = false;
  int step = 0;
  // Fail the commit itself, after every row was inserted and hashed.
  options.inject_write_fault = [&] { return fail_commit && ++step == 3; };
  auto store = open_store(options);
  std::vector<AppendResult> results;
  REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  fail_commit = true;
  CHECK_FALSE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  fail_commit = false;
  REQUIRE(commit(*store, {new_event(testing::sample_forest_fire())}, {}, &results).ok());
  CHECK(results[0].seq == 2);
  CHECK(checked_chain(options.path).size() == 2);
}

TEST_CASE("The signer is stored with the event and read back") {
  TempDir dir;
  auto store = open_store(options_for(dir));
  NewEvent signed_event = new_event(testing::sample_forest_fire());
  signed_event.signature = std::string(64, 'S');
  signed_event.signer = "bac-giang/kiem-lam";
  const NewEvent unsigned_event = new_event(testing::sample_crop_pest());
  std::vector<AppendResult> results;
  std::vector<LogRow> appended;
  const std::vector<NewEvent> batch{signed_event, unsigned_event};
  REQUIRE(store->commit(batch, {}, &results, &appended).ok());
  REQUIRE(appended.size() == 2);
  CHECK(appended[0].stored.signer() == "bac-giang/kiem-lam");
  CHECK(appended[1].stored.signer().empty());
  const auto found = store->find_by_id(signed_event.event_id).value();
  REQUIRE(found.has_value());
  CHECK(found->stored.signer() == "bac-giang/kiem-lam");
  CHECK(found->stored.signature() == signed_event.signature);
  std::vector<LogRow> rows;
  REQUIRE(store->read_after(0, 10, &rows).ok());
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].stored.signer() == "bac-giang/kiem-lam");
  CHECK(rows[1].stored.signer().empty());
}

TEST_CASE(
    "Events from a peer keep their origin and reference, and the link cursor moves with them") {
  TempDir dir;
  auto store = open_store(options_for(dir));
  NewEvent remote = new_event(testing::sample_forest_fire());
  remote.origin.set_node("quang-ninh");
  remote.origin.set_epoch(77);
  remote.origin.set_seq(41);
  remote.reference = "QN-2026-00041";
  remote.via = "quang-ninh";
  remote.path = {"quang-ninh"};
  std::vector<AppendResult> results;
  std::vector<LogRow> appended;
  const std::vector<NewEvent> batch{remote};
  const std::vector<CursorUpdate> cursors{{"quang-ninh", 41, false, true, 77}};
  REQUIRE(store->commit(batch, cursors, &results, &appended).ok());
  REQUIRE(appended.size() == 1);
  CHECK(appended[0].stored.seq() == 1);
  CHECK(appended[0].stored.origin().node() == "quang-ninh");
  CHECK(appended[0].stored.origin().seq() == 41);
  CHECK(appended[0].stored.reference() == "QN-2026-00041");
  CHECK(appended[0].stored.via() == "quang-ninh");
  // Read back, the path is the same.
  const auto read = store->find_by_id(remote.event_id).value();
  REQUIRE(read.has_value());
  REQUIRE(read->stored.path_size() == 1);
  CHECK(read->stored.path(0) == "quang-ninh");
  const auto link = store->load_link_cursor("quang-ninh").value();
  REQUIRE(link.has_value());
  CHECK(link->seq == 41);
  CHECK(link->epoch == 77);
  CHECK_FALSE(store->load_link_cursor("hai-duong").value().has_value());
  CHECK_FALSE(store->load_cursor("quang-ninh").value().has_value());  // Not a subscription's.

  // The same origin position with another event id: that event alone is refused.
  NewEvent impostor = new_event(testing::sample_forest_fire());
  impostor.origin = remote.origin;
  impostor.reference = "QN-2026-00041";
  impostor.via = "quang-ninh";
  NewEvent next = new_event(testing::sample_forest_fire());
  next.origin.set_node("quang-ninh");
  next.origin.set_epoch(77);
  next.origin.set_seq(42);
  next.reference = "QN-2026-00042";
  next.via = "quang-ninh";
  const std::vector<NewEvent> second{impostor, next};
  REQUIRE(store->commit(second, {}, &results, &appended).ok());
  REQUIRE(results.size() == 2);
  CHECK(results[0].origin_conflict);
  CHECK(results[0].seq == 0);
  CHECK_FALSE(results[1].origin_conflict);
  CHECK(results[1].seq == 2);
  CHECK(store->event_count().value() == 2);
  CHECK_FALSE(store->find_by_id(impostor.event_id).value().has_value());
}

TEST_CASE("Finding by id and by reference returns the stored bytes") {
  TempDir dir;
  auto store = open_store(options_for(dir));
  const NewEvent alert = new_event(testing::sample_unsafe_food());
  std::vector<AppendResult> results;
  REQUIRE(commit(*store, {alert}, {}, &results).ok());
  const auto by_id = store->find_by_id(alert.event_id).value();
  REQUIRE(by_id.has_value());
  CHECK(by_id->stored.event() == alert.event_bytes);
  CHECK(by_id->stored.kind() == v1::UNSAFE_FOOD);
  const auto by_reference = store->find_by_reference(results[0].reference).value();
  REQUIRE(by_reference.has_value());
  CHECK(by_reference->stored.event_id() == alert.event_id);
  CHECK_FALSE(store->find_by_reference("BG-1999-00001").value().has_value());
}

TEST_CASE("Alerts from elsewhere without this node's receipt are found, and no others") {
  TempDir dir;
  auto store = open_store(options_for(dir));
  // An alert from Quảng Ninh, one from here, and a follow-up from Quảng Ninh.
  NewEvent remote = new_event(testing::sample_unsafe_food());
  remote.origin.set_node("quang-ninh");
  remote.origin.set_epoch(7);
  remote.origin.set_seq(1);
  remote.reference = "QN-2026-00001";
  remote.via = "quang-ninh";
  remote.path = {"quang-ninh"};
  const v1::Event local_alert = testing::sample_animal_disease();
  std::vector<AppendResult> results;
  REQUIRE(commit(*store, {remote, new_event(local_alert)}, {}, &results).ok());
  std::vector<LogRow> rows;
  REQUIRE(store->alerts_without_receipt(0, 10, &rows).ok());
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].stored.event_id() == remote.event_id);
  REQUIRE(store->alerts_without_receipt(rows[0].stored.seq(), 10, &rows).ok());
  CHECK(rows.empty());

  // Another node's receipt does not count; this node's does.
  v1::Event alert_event;
  REQUIRE(alert_event.ParseFromString(remote.event_bytes));
  auto receipt_from = [&](const std::string& node) {
    v1::Event receipt = testing::sample_follow_up(alert_event, v1::RECEIPT);
    receipt.set_sender_unit(node + "/broker");
    receipt.mutable_follow_up()->clear_text();
    return new_event(receipt);
  };
  NewEvent other = receipt_from("hai-duong");
  other.origin.set_node("hai-duong");
  other.origin.set_epoch(9);
  other.origin.set_seq(1);
  other.reference = "HD-2026-00001";
  other.via = "hai-duong";
  other.path = {"hai-duong"};
  REQUIRE(commit(*store, {other}, {}, &results).ok());
  REQUIRE(store->alerts_without_receipt(0, 10, &rows).ok());
  CHECK(rows.size() == 1);
  REQUIRE(commit(*store, {receipt_from("bac-giang")}, {}, &results).ok());
  REQUIRE(store->alerts_without_receipt(0, 10, &rows).ok());
  CHECK(rows.empty());
}

}  // namespace alertbus::broker
