// `alertctl audit verify` checks the case records a real alertbusd serves
// (alertbus-projection.db) against its log: they match while it runs and after it stopped;
// a case row edited behind its back (a forged state and title, a state column, a search row),
// deleted or added is named by the alert's reference with what differs, with exit code 8,
// while the chain stays intact; `admin reproject` repairs it. A missing projection file or
// one of another schema version is said and fails nothing.
#include <filesystem>
#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "alertbus/v1/casework.pb.h"

#include "alertctl_process.hpp"
#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "casework_fixtures.hpp"
#include "support/sample_events.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {
namespace {

// The stored case of `event_id` in the projection file, decoded.
v1::AlertCase read_case(const std::string& path, const std::string& event_id) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* select = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT body FROM cases WHERE event_id = ?1", -1, &select,
                             nullptr) == SQLITE_OK);
  sqlite3_bind_text(select, 1, event_id.c_str(), -1, SQLITE_TRANSIENT);
  REQUIRE(sqlite3_step(select) == SQLITE_ROW);
  v1::AlertCase alert_case;
  CHECK(alert_case.ParseFromArray(sqlite3_column_blob(select, 0), sqlite3_column_bytes(select, 0)));
  sqlite3_finalize(select);
  sqlite3_close(db);
  return alert_case;
}

// Writes `body` as the stored case of `event_id`, as an intruder with write access would.
void write_case(const std::string& path, const std::string& event_id, const v1::AlertCase& body) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  sqlite3_stmt* update = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "UPDATE cases SET body = ?1 WHERE event_id = ?2", -1, &update,
                             nullptr) == SQLITE_OK);
  const std::string bytes = body.SerializeAsString();
  sqlite3_bind_blob(update, 1, bytes.data(), static_cast<int>(bytes.size()), SQLITE_TRANSIENT);
  sqlite3_bind_text(update, 2, event_id.c_str(), -1, SQLITE_TRANSIENT);
  CHECK(sqlite3_step(update) == SQLITE_DONE);
  CHECK(sqlite3_changes(db) == 1);
  sqlite3_finalize(update);
  sqlite3_close(db);
}

// Three alerts, the first with two follow-ups and the second with one; their references.
struct Stored {
  std::vector<v1::Event> alerts;
  std::vector<std::string> references;
};

Stored publish_cases(const std::string& endpoint) {
  zmq::context_t context;
  WireClient client(context, endpoint);
  Stored stored;
  stored.alerts = {sample_animal_disease(), sample_crop_pest(), sample_forest_fire()};
  for (const v1::Event& alert : stored.alerts) {
    const v1::Frame reply = client.publish(alert);
    REQUIRE(reply.has_publish_ack());
    stored.references.push_back(reply.publish_ack().reference());
  }
  for (const v1::Event& follow_up : {sample_follow_up(stored.alerts[0], v1::ACKNOWLEDGE),
                                     sample_follow_up(stored.alerts[0], v1::ADDITIONAL_INFO),
                                     sample_follow_up(stored.alerts[1], v1::ACKNOWLEDGE)}) {
    REQUIRE(client.publish(follow_up).has_publish_ack());
  }
  // A case query waits until the projection holds every event stored before it.
  CHECK(one_case(client, stored.alerts[0].event_id()).state() == v1::ALERT_ACTIVE);
  return stored;
}

}  // namespace

TEST_CASE("audit verify recomputes the case records from the log and names each one that differs") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path();
  BrokerProcess broker(options);
  const std::string data_dir = (dir.path() / "data").string();
  const std::string projection = (dir.path() / "data" / "alertbus-projection.db").string();
  const Stored stored = publish_cases(broker.endpoint());
  const std::string& first_id = stored.alerts[0].event_id();

  // Beside the running broker, then stopped: the log's six events make three cases.
  Run run = run_alertctl({"audit", "verify", "--data-dir", data_dir, "--lang", "en"});
  INFO(run.output);
  CHECK(run.exit_code == 0);
  CHECK(contains(run.output, "Case records match the log: 3 cases, up to seq 6"));
  REQUIRE(broker.stop() == 0);
  run = run_alertctl({"audit", "verify", "--data-dir", data_dir});
  INFO(run.output);
  CHECK(run.exit_code == 0);
  CHECK(contains(run.output, "Chuỗi băm nguyên vẹn: 6 dòng"));
  CHECK(contains(run.output, "Hồ sơ vụ việc khớp với nhật ký: 3 vụ việc, đến số thứ tự 6"));

  SECTION("a case forged as cancelled under another title is named, and reproject repairs it") {
    v1::AlertCase forged = read_case(projection, first_id);
    REQUIRE(forged.state() == v1::ALERT_ACTIVE);
    forged.set_state(v1::ALERT_CANCELLED);
    // With an escape that would clear the operator's terminal: shown, not obeyed.
    forged.set_title("Báo động giả, đã hủy\x1b[2J");
    write_case(projection, first_id, forged);

    run = run_alertctl({"audit", "verify", "--data-dir", data_dir, "--lang", "en"});
    INFO(run.output);
    CHECK(run.exit_code == 8);
    CHECK(contains(run.output, "Chain intact: 6 rows"));
    CHECK(contains(run.output, "Case records DIFFER from the log (up to seq 6): 1 of 3 cases"));
    // In AlertCase's field order: the title (7), then the state (11).
    CHECK(contains(run.output, stored.references[0] + " (" + first_id +
                                   "): title: \"Báo động giả, đã hủy\\x1b[2J\" (per the log: \"" +
                                   stored.alerts[0].title().substr(0, 20)));
    CHECK(contains(run.output, "; state: cancelled (per the log: active)\n"));
    CHECK(contains(run.output, "alertctl admin reproject"));
    run = run_alertctl({"audit", "verify", "--data-dir", data_dir});
    CHECK(run.exit_code == 8);
    CHECK(contains(run.output,
                   "HỒ SƠ VỤ VIỆC KHÁC VỚI NHẬT KÝ (đến số thứ tự 6): 1 trong 3 vụ việc"));
    CHECK(contains(run.output, "state: đã hủy (theo nhật ký: đang hiệu lực)"));
    run = run_alertctl({"audit", "verify", "--data-dir", data_dir, "--json"});
    CHECK(run.exit_code == 8);
    const nlohmann::json json = nlohmann::json::parse(run.output);
    CHECK(json["intact"].get<bool>());
    const nlohmann::json& checked = json["projection"];
    CHECK_FALSE(checked["matches"].get<bool>());
    CHECK(checked["differing"] == 1);
    REQUIRE(checked["discrepancies"].size() == 1);
    const nlohmann::json& named = checked["discrepancies"][0];
    CHECK(named["reference"] == stored.references[0]);
    CHECK(named["problem"] == "differs");
    REQUIRE(named["fields"].size() == 2);
    CHECK(named["fields"][0]["field"] == "title");
    CHECK(named["fields"][0]["stored"] == "Báo động giả, đã hủy\x1b[2J");
    CHECK(named["fields"][0]["expected"] == stored.alerts[0].title());
    CHECK(named["fields"][1]["field"] == "state");
    CHECK(named["fields"][1]["stored"] == "ALERT_CANCELLED");
    CHECK(named["fields"][1]["expected"] == "ALERT_ACTIVE");
    CHECK(checked["repair"] == "alertctl admin reproject");

    // The broker serves the forged case until the projection is rebuilt from the log.
    broker.start();
    zmq::context_t context;
    WireClient client(context, broker.endpoint());
    CHECK(one_case(client, first_id).state() == v1::ALERT_CANCELLED);
    run = run_alertctl({"admin", "reproject", "--broker", broker.endpoint()});
    INFO(run.output);
    REQUIRE(run.exit_code == 0);
    CHECK(one_case(client, first_id).state() == v1::ALERT_ACTIVE);
    REQUIRE(broker.stop() == 0);
    run = run_alertctl({"audit", "verify", "--data-dir", data_dir, "--lang", "en"});
    INFO(run.output);
    CHECK(run.exit_code == 0);
    CHECK(contains(run.output, "Case records match the log: 3 cases, up to seq 6"));
  }

  SECTION("a deleted case row is found") {
    tamper(projection, "DELETE FROM cases WHERE event_id = '" + stored.alerts[1].event_id() + "'");
    run = run_alertctl({"audit", "verify", "--data-dir", data_dir, "--lang", "en"});
    INFO(run.output);
    CHECK(run.exit_code == 8);
    CHECK(contains(run.output, stored.references[1] + " (" + stored.alerts[1].event_id() +
                                   "): no case row, though the log holds its events"));
  }

  SECTION("a state column, a search row and a case row of nothing in the log are found") {
    const std::string& third_id = stored.alerts[2].event_id();
    tamper(projection,
           "UPDATE cases SET state = 5 WHERE event_id = '" + first_id +
               "';"
               " UPDATE case_text SET text = 'bao dong gia' WHERE case_id = '" +
               third_id +
               "';"
               " INSERT INTO cases (event_id, reference, kind, origin_node, sender_unit, severity,"
               " state, sent_at_ms, area_codes, alert_missing, body, last_follow_up, last_sent_ms,"
               " last_event_id, changed_seq) SELECT 'forged-alert', 'BG-2026-99999', kind,"
               " origin_node, sender_unit, severity, state, sent_at_ms, area_codes, alert_missing,"
               " body, last_follow_up, last_sent_ms, last_event_id, changed_seq FROM cases"
               " WHERE event_id = '" +
               third_id + "';");
    run = run_alertctl({"audit", "verify", "--data-dir", data_dir, "--lang", "en"});
    INFO(run.output);
    CHECK(run.exit_code == 8);
    CHECK(contains(run.output, "3 of 4 cases"));
    CHECK(contains(run.output, stored.references[0] + " (" + first_id +
                                   "): cases.state: withdrawn (per the log: active)"));
    CHECK(contains(run.output, stored.references[2] + " (" + third_id +
                                   "): case_text: \"bao dong gia | "));  // Folded | as written.
    CHECK(contains(run.output,
                   "BG-2026-99999 (forged-alert): a case row, but the log holds no"
                   " alert or follow-up of it"));
  }

  SECTION("a missing projection, or one of another schema version, is said and fails nothing") {
    tamper(projection, "PRAGMA user_version = 3;");
    run = run_alertctl({"audit", "verify", "--data-dir", data_dir, "--lang", "en"});
    INFO(run.output);
    CHECK(run.exit_code == 0);
    CHECK(contains(run.output, "Case records not checked: the file has schema version 3"));
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(projection + suffix);
    }
    run = run_alertctl({"audit", "verify", "--data-dir", data_dir, "--lang", "en"});
    INFO(run.output);
    CHECK(run.exit_code == 0);
    CHECK(contains(run.output, "Chain intact: 6 rows"));
    CHECK(contains(run.output, "Case records not checked: no file " + projection));
  }
}

}  // namespace alertbus::testing
