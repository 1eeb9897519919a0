// The schema fixtures (tests/fixtures/schema/v<N>/, made by tests/fixtures/schema/make.sh with
// the alertbusd and alertctl of the last commit that wrote version N): each is copied to a
// temporary directory and the CURRENT alertbusd starts on it, which migrates the log and
// re-projects the cases. Then every event the old node listed (its manifest) is read back with
// the same fields, the hash chain and the case records verify, each alert has its case (with
// the places a newer projection takes from the body), and a new alert is published.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "alertbus/protocol/case_projection.hpp"
#include "alertctl_process.hpp"
#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "store/sqlite/schema.hpp"

namespace alertbus::testing {
namespace {

namespace fs = std::filesystem;

const fs::path kFixtures = fs::path(ALERTBUS_SOURCE_DIR) / "tests" / "fixtures" / "schema";

std::vector<fs::path> fixture_dirs() {
  std::vector<fs::path> dirs;
  for (const fs::directory_entry& entry : fs::directory_iterator(kFixtures)) {
    if (entry.is_directory() && fs::exists(entry.path() / "manifest.json")) {
      dirs.push_back(entry.path());
    }
  }
  std::sort(dirs.begin(), dirs.end());
  return dirs;
}

nlohmann::json read_json(const fs::path& path) {
  std::ifstream in(path);
  return nlohmann::json::parse(in);
}

// The fixture's data directory copied owner-only (git keeps the files 0644, and alertbusd
// refuses a data directory that others can read).
void copy_data(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  fs::permissions(to, fs::perms::owner_all);
  for (const fs::directory_entry& entry : fs::directory_iterator(from)) {
    const fs::path target = to / entry.path().filename();
    fs::copy_file(entry.path(), target);
    fs::permissions(target, fs::perms::owner_read | fs::perms::owner_write);
  }
}

int user_version(const fs::path& database) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(database.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &statement, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
  const int version = sqlite3_column_int(statement, 0);
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return version;
}

nlohmann::json alertctl_json(const std::vector<std::string>& args) {
  const Run run = run_alertctl(args);
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  return nlohmann::json::parse(run.output);
}

// A uint64 field, which the protobuf JSON mapping writes as a string.
std::uint64_t number(const nlohmann::json& value) {
  return value.is_string() ? std::stoull(value.get<std::string>()) : value.get<std::uint64_t>();
}

// Every field of `old` has its value in `now`, field by field inside objects: what the old
// node printed is read back the same. A field only the new code fills (an own event's origin
// store time, say) may be added.
void check_fields(const nlohmann::json& now, const nlohmann::json& old, const std::string& path) {
  if (!old.is_object()) {
    INFO("field " << path);
    CHECK(now == old);
    return;
  }
  for (auto field = old.begin(); field != old.end(); ++field) {
    INFO("field " << path << '.' << field.key());
    REQUIRE(now.is_object());
    REQUIRE(now.contains(field.key()));
    check_fields(now[field.key()], field.value(), path + '.' + field.key());
  }
}

// Each event the old alertctl listed is listed again with each of its fields.
void check_same_events(const nlohmann::json& manifest, const nlohmann::json& now) {
  std::map<std::string, nlohmann::json> by_id;
  for (const nlohmann::json& stored : now["events"]) {
    by_id[stored["event"]["event_id"].get<std::string>()] = stored;
  }
  for (const nlohmann::json& old : manifest["events"]) {
    const std::string id = old["event"]["event_id"].get<std::string>();
    INFO("event " << id);
    REQUIRE(by_id.count(id) == 1);
    check_fields(by_id[id], old, "");
  }
}

}  // namespace

TEST_CASE("databases made by earlier commits migrate and keep every event") {
  const std::vector<fs::path> fixtures = fixture_dirs();
  REQUIRE_FALSE(fixtures.empty());
  for (const fs::path& fixture : fixtures) {
    INFO("fixture " << fixture.filename().string());
    const nlohmann::json manifest = read_json(fixture / "manifest.json");
    REQUIRE_FALSE(manifest["events"].empty());
    std::vector<std::string> alerts;
    std::uint64_t last_seq = 0;
    for (const nlohmann::json& stored : manifest["events"]) {
      if (stored["event"]["type"] == "ALERT") {
        alerts.push_back(stored["event"]["event_id"].get<std::string>());
      }
      last_seq = std::max(last_seq, number(stored["seq"]));
    }

    TempDir dir;
    const fs::path data = dir.path() / "data";
    copy_data(fixture / "data", data);
    const int old_version = user_version(data / "alertbus.db");
    REQUIRE(old_version < broker::current_schema_version());

    BrokerProcess::Options options;
    options.directory = dir.path();
    BrokerProcess broker(options);
    const std::string at = "--broker=" + broker.endpoint();

    // Every event the old node held, with the fields its alertctl printed.
    check_same_events(manifest, alertctl_json({at, "--json", "list", "--limit", "500"}));

    // One case per alert, with the places a projection older than the body's points lacked.
    const nlohmann::json cases =
        alertctl_json({at, "--json", "cases", "--all", "--page-size", "1000"});
    CHECK(cases["cases"].size() == alerts.size());
    for (const std::string& alert : alerts) {
      const auto found =
          std::find_if(cases["cases"].begin(), cases["cases"].end(),
                       [&alert](const nlohmann::json& one) { return one["event_id"] == alert; });
      INFO("case of " << alert);
      REQUIRE(found != cases["cases"].end());
      if ((*found)["kind"] == "FOREST_FIRE") {
        CHECK((*found)["points"].size() == 1);
        CHECK((*found)["border_distance_km"].get<double>() > 0.0);
      }
    }

    // The migrated node takes a new alert, numbered after the old ones, and reads it back.
    const fs::path sample =
        fs::path(ALERTBUS_SOURCE_DIR) / "deploy" / "samples" / "forest-fire.json";
    const nlohmann::json ack = alertctl_json({at, "--json", "post", "--file", sample.string()});
    CHECK(number(ack["seq"]) > last_seq);
    const nlohmann::json listed =
        alertctl_json({at, "--json", "get", ack["event_id"].get<std::string>()});
    CHECK(listed["event"]["kind"] == "FOREST_FIRE");
    REQUIRE(broker.stop() == 0);

    CHECK(user_version(data / "alertbus.db") == broker::current_schema_version());
    CHECK(user_version(data / "alertbus-projection.db") == protocol::kProjectionSchemaVersion);
    const nlohmann::json verified =
        alertctl_json({"--json", "audit", "verify", "--data-dir", data.string()});
    CHECK(verified["intact"].get<bool>());
    CHECK(verified["projection"]["matches"].get<bool>());
  }
}

}  // namespace alertbus::testing
