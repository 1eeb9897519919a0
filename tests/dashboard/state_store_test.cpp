// StateStore (dashboard/server/state/state_store.hpp) over a real dashboard.db in a
// temporary directory, and same_secret.
#include "state/state_store.hpp"

#include <fstream>
#include <iterator>
#include <sodium.h>
#include <string>
#include <sys/stat.h>
#include <thread>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "broker/temp_dir.hpp"
#include "state/same_secret.hpp"
#include "state/session_sweeper.hpp"
#include "state/state_schema.hpp"

namespace alertbus::dashboard {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using testing::TempDir;

const StateStore::Clock::time_point kStart =
    StateStore::Clock::time_point(std::chrono::milliseconds(1'796'000'000'000));

std::unique_ptr<StateStore> open_store(const std::string& dir) {
  auto store = StateStore::open(dir);
  INFO(store.status().to_string());
  REQUIRE(store.ok());
  return std::move(store).value();
}

mode_t mode_of(const std::string& path) {
  struct stat info {};

  REQUIRE(::stat(path.c_str(), &info) == 0);
  return info.st_mode & 0777;
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string decode_base64url(const std::string& text) {
  std::string bytes(text.size(), '\0');
  std::size_t length = 0;
  REQUIRE(sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(),
                            text.c_str(), text.size(), nullptr, &length, nullptr,
                            sodium_base64_VARIANT_URLSAFE_NO_PADDING) == 0);
  bytes.resize(length);
  return bytes;
}

// One value of a one-value query on the database file, opened apart from the store.
std::string query_text(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(db_path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
  std::string value;
  if (sqlite3_step(statement) == SQLITE_ROW) {
    const auto* text = sqlite3_column_blob(statement, 0);
    value.assign(static_cast<const char*>(text),
                 static_cast<std::size_t>(sqlite3_column_bytes(statement, 0)));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return value;
}

TEST_CASE("The state directory is made owner-only and the database file 0600") {
  TempDir temp;
  const std::string dir = temp.file("state/dashboard");
  auto store = open_store(dir);
  CHECK(mode_of(dir) == 0700);
  CHECK(mode_of(dir + "/dashboard.db") == 0600);
  CHECK(query_text(dir + "/dashboard.db", "PRAGMA user_version") ==
        std::to_string(state_schema_version()));
  CHECK(query_text(dir + "/dashboard.db", "PRAGMA journal_mode") == "wal");
}

TEST_CASE("A session's token is stored only as its hash and differs from its CSRF token") {
  TempDir temp;
  auto store = open_store(temp.path().string());
  auto made = store->create_session("an.nguyen", kStart);
  REQUIRE(made.ok());
  const NewSession session = made.value();
  CHECK(session.token.size() == 43);
  CHECK(session.csrf.size() == 43);
  CHECK(session.token != session.csrf);
  const std::string raw_token = decode_base64url(session.token);
  CHECK(raw_token.size() == 32);

  auto found = store->find_session(session.token, kStart + seconds(1), minutes(10));
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  CHECK((*found)->user == "an.nguyen");
  CHECK(same_secret((*found)->csrf, session.csrf));

  const std::string db_path = temp.file("dashboard.db");
  std::string hash(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(hash.data()),
                     reinterpret_cast<const unsigned char*>(raw_token.data()), raw_token.size());
  CHECK(query_text(db_path, "SELECT token_hash FROM sessions") == hash);
  for (const std::string& file : {db_path, db_path + "-wal"}) {
    const std::string bytes = file_bytes(file);
    CHECK(bytes.find(session.token) == std::string::npos);
    CHECK(bytes.find(raw_token) == std::string::npos);
  }

  auto other = store->create_session("an.nguyen", kStart);
  REQUIRE(other.ok());
  CHECK(other->token != session.token);
  CHECK(other->csrf != session.csrf);
}

TEST_CASE("A session idle for longer than the limit is gone, a used one lives on") {
  TempDir temp;
  auto store = open_store(temp.path().string());
  const auto token = store->create_session("binh", kStart)->token;
  const auto idle = minutes(10);
  // A use after 30 s is not written (at most once a minute); one after 9 min is.
  REQUIRE(store->find_session(token, kStart + seconds(30), idle)->has_value());
  CHECK(query_text(temp.file("dashboard.db"), "SELECT last_seen_ms FROM sessions") ==
        std::to_string(
            std::chrono::duration_cast<std::chrono::milliseconds>(kStart.time_since_epoch())
                .count()));
  REQUIRE(store->find_session(token, kStart + minutes(9), idle)->has_value());
  REQUIRE(store->find_session(token, kStart + minutes(18), idle)->has_value());

  auto expired = store->find_session(token, kStart + minutes(29), idle);
  REQUIRE(expired.ok());
  CHECK_FALSE(expired->has_value());
  CHECK(query_text(temp.file("dashboard.db"), "SELECT count(*) FROM sessions") == "0");
  CHECK_FALSE(store->find_session(token, kStart + minutes(18), idle)->has_value());
  CHECK_FALSE(store->find_session("not-a-token", kStart, idle)->has_value());
}

TEST_CASE("The sweeper deletes idle sessions at most once an interval") {
  TempDir temp;
  auto store = open_store(temp.path().string());
  const auto idle = minutes(10);
  SessionSweeper sweeper(*store, idle, minutes(60));
  const auto old_token = store->create_session("giang", kStart)->token;
  const auto count = [&] {
    return query_text(temp.file("dashboard.db"), "SELECT count(*) FROM sessions");
  };

  // The first call sweeps: nothing is idle yet.
  auto first = sweeper.sweep_if_due(kStart + minutes(1));
  REQUIRE(first.has_value());
  REQUIRE(first->ok());
  CHECK(first->value() == 0);

  // The session is idle at 20 min, but the next sweep is due only at 61 min.
  const auto fresh_token = store->create_session("ha", kStart + minutes(55))->token;
  CHECK_FALSE(sweeper.sweep_if_due(kStart + minutes(20)).has_value());
  CHECK(count() == "2");

  // Never used again: gone at the sweep, without its cookie coming back.
  auto due = sweeper.sweep_if_due(kStart + minutes(61));
  REQUIRE(due.has_value());
  REQUIRE(due->ok());
  CHECK(due->value() == 1);
  CHECK(count() == "1");
  CHECK(store->find_session(fresh_token, kStart + minutes(62), idle)->has_value());
  CHECK_FALSE(store->find_session(old_token, kStart + minutes(62), idle)->has_value());
  CHECK_FALSE(sweeper.sweep_if_due(kStart + minutes(62)).has_value());
}

TEST_CASE("Removed sessions are not found: one by its token, all of a user's") {
  TempDir temp;
  auto store = open_store(temp.path().string());
  const auto idle = minutes(10);
  const auto first = store->create_session("chi", kStart)->token;
  const auto second = store->create_session("chi", kStart)->token;
  const auto third = store->create_session("dung", kStart)->token;
  REQUIRE(store->remove_session(first).ok());
  CHECK_FALSE(store->find_session(first, kStart, idle)->has_value());
  CHECK(store->find_session(second, kStart, idle)->has_value());
  REQUIRE(store->remove_user_sessions("chi").ok());
  CHECK_FALSE(store->find_session(second, kStart, idle)->has_value());
  CHECK(store->find_session(third, kStart, idle)->has_value());

  auto removed = store->remove_idle_sessions(kStart + minutes(11), idle);
  REQUIRE(removed.ok());
  CHECK(removed.value() == 1);
}

TEST_CASE("A saved cursor survives reopening the store") {
  TempDir temp;
  {
    auto store = open_store(temp.path().string());
    CHECK(store->load_cursor("bac-giang/cnty").value() == 0);
    REQUIRE(store->save_cursor("bac-giang/cnty", 41).ok());
    REQUIRE(store->save_cursor("bac-giang/cnty", 42).ok());
    REQUIRE(store->save_cursor("lang-son/cnty", 7).ok());
  }
  auto store = open_store(temp.path().string());
  CHECK(store->load_cursor("bac-giang/cnty").value() == 42);
  CHECK(store->load_cursor("lang-son/cnty").value() == 7);
  CHECK(store->load_cursor("ha-noi/cnty").value() == 0);
}

TEST_CASE("Read marks are per officer and read_set picks the read references") {
  TempDir temp;
  auto store = open_store(temp.path().string());
  REQUIRE(store->mark_read("an", "BG-2026-0001", kStart).ok());
  REQUIRE(store->mark_read("an", "BG-2026-0003", kStart).ok());
  REQUIRE(store->mark_read("an", "BG-2026-0003", kStart + minutes(1)).ok());
  REQUIRE(store->mark_read("binh", "BG-2026-0002", kStart).ok());
  CHECK(store->is_read("an", "BG-2026-0001").value());
  CHECK_FALSE(store->is_read("an", "BG-2026-0002").value());
  CHECK_FALSE(store->is_read("binh", "BG-2026-0001").value());
  auto read = store->read_set("an", {"BG-2026-0003", "BG-2026-0002", "BG-2026-0001"});
  REQUIRE(read.ok());
  CHECK(read.value() == std::vector<std::string>{"BG-2026-0003", "BG-2026-0001"});
  CHECK(store->read_set("an", {}).value().empty());
}

TEST_CASE("Logged actions come back newest first") {
  TempDir temp;
  auto store = open_store(temp.path().string());
  for (int i = 0; i < 3; ++i) {
    ActionRecord record;
    record.at_ms = 1000 + i;
    record.user = "an";
    record.officer_name = "Nguyễn Văn An";
    record.unit = "bac-giang/cnty";
    record.action = "ack";
    record.reference = "BG-2026-000" + std::to_string(i);
    record.outcome = "ok";
    REQUIRE(store->log_action(record).ok());
  }
  auto recent = store->recent_actions(2);
  REQUIRE(recent.ok());
  REQUIRE(recent->size() == 2);
  CHECK((*recent)[0].reference == "BG-2026-0002");
  CHECK((*recent)[0].officer_name == "Nguyễn Văn An");
  CHECK((*recent)[0].at_ms == 1002);
  CHECK((*recent)[1].reference == "BG-2026-0001");
  CHECK((*recent)[0].id > (*recent)[1].id);
}

TEST_CASE("Threads share one store: every write of every thread is kept") {
  TempDir temp;
  auto store = open_store(temp.path().string());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&store, t] {
      const std::string user = "user" + std::to_string(t);
      for (int i = 0; i < 100; ++i) {
        const std::string reference = "BG-2026-" + std::to_string(i);
        CHECK(store->mark_read(user, reference, kStart).ok());
        CHECK(store->save_cursor(user, static_cast<std::uint64_t>(i)).ok());
        CHECK(store->is_read(user, reference).value());
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  CHECK(query_text(temp.file("dashboard.db"), "SELECT count(*) FROM reads") == "400");
  CHECK(store->load_cursor("user3").value() == 99);
}

TEST_CASE("same_secret compares whole secrets of equal length") {
  CHECK(same_secret("abcdef", "abcdef"));
  CHECK_FALSE(same_secret("abcdef", "abcdeg"));
  CHECK_FALSE(same_secret("abcdef", "abcde"));
  CHECK_FALSE(same_secret("", "a"));
  CHECK(same_secret("", ""));
}

}  // namespace
}  // namespace alertbus::dashboard
