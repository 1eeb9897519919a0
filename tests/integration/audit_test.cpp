// `alertctl audit verify` on the database of a real alertbusd: intact while the broker runs
// and after it stopped; after the file is tampered with behind the broker's back (triggers
// dropped, a row altered, unhashed or deleted), it names the first broken row and exits 7.
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <regex>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "alertbus/protocol/checkpoint.hpp"
#include "alertctl_process.hpp"
#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "federation.hpp"
#include "security_fixture.hpp"
#include "support/sample_events.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {
namespace {

// Flips one byte in the middle of row `seq`'s event bytes (a changed title, say).
void alter_event_bytes(const std::string& path, int seq) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  sqlite3_stmt* select = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT event FROM log WHERE seq = ?1", -1, &select, nullptr) ==
          SQLITE_OK);
  sqlite3_bind_int(select, 1, seq);
  REQUIRE(sqlite3_step(select) == SQLITE_ROW);
  std::string event(static_cast<const char*>(sqlite3_column_blob(select, 0)),
                    static_cast<std::size_t>(sqlite3_column_bytes(select, 0)));
  sqlite3_finalize(select);
  event[event.size() / 2] = static_cast<char>(event[event.size() / 2] ^ 0x20);
  sqlite3_stmt* update = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "UPDATE log SET event = ?1 WHERE seq = ?2", -1, &update,
                             nullptr) == SQLITE_OK);
  sqlite3_bind_blob(update, 1, event.data(), static_cast<int>(event.size()), SQLITE_TRANSIENT);
  sqlite3_bind_int(update, 2, seq);
  CHECK(sqlite3_step(update) == SQLITE_DONE);
  sqlite3_finalize(update);
  sqlite3_close(db);
}

}  // namespace

TEST_CASE(
    "audit verify reports an intact chain and then the first altered, unhashed or removed row") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path();
  BrokerProcess broker(options);
  const std::string data_dir = (dir.path() / "data").string();
  const std::string database = broker.database_path();
  // ids[i] is the event id stored at seq i + 1.
  std::vector<std::string> ids;
  {
    zmq::context_t context;
    WireClient client(context, broker.endpoint());
    for (int i = 0; i < 12; ++i) {
      const v1::Event event = i % 4 == 0   ? sample_animal_disease()
                              : i % 4 == 1 ? sample_crop_pest()
                              : i % 4 == 2 ? sample_forest_fire()
                                           : sample_unsafe_food();
      const v1::Frame reply = client.publish(event);
      REQUIRE(reply.has_publish_ack());
      REQUIRE(reply.publish_ack().seq() == ids.size() + 1);
      ids.push_back(event.event_id());
    }
    // A retried publish is not stored again and must not advance the chain.
    const v1::Event retried = sample_crop_pest();
    REQUIRE(client.publish(retried).has_publish_ack());
    REQUIRE(client.publish(retried).publish_ack().duplicate());
    ids.push_back(retried.event_id());
  }
  REQUIRE(ids.size() == 13);

  // Beside the running broker: the file is opened read-only, next to its WAL.
  const Run live = run_alertctl({"audit", "verify", "--data-dir", data_dir, "--lang", "en"});
  INFO(live.output);
  CHECK(live.exit_code == 0);
  CHECK(contains(live.output, "Chain intact: 13 rows, last seq 13, head hash "));
  REQUIRE(broker.stop() == 0);
  const Run stopped = run_alertctl({"audit", "verify", "--db", database});
  INFO(stopped.output);
  CHECK(stopped.exit_code == 0);
  CHECK(contains(stopped.output, "Chuỗi băm nguyên vẹn: 13 dòng, số thứ tự cuối 13"));

  SECTION("an altered row is named, and only the first one") {
    tamper(database,
           "DROP TRIGGER log_is_append_only_update;"
           " UPDATE log SET received_at_ms = received_at_ms + 1 WHERE seq = 9;");
    Run run = run_alertctl({"audit", "verify", "--db", database, "--lang", "en"});
    INFO(run.output);
    CHECK(run.exit_code == 7);
    CHECK(contains(run.output, "Chain BROKEN at seq 9: the stored hash differs"));
    CHECK(contains(run.output, ids[8]));

    alter_event_bytes(database, 7);
    run = run_alertctl({"audit", "verify", "--db", database, "--lang", "en"});
    INFO(run.output);
    CHECK(run.exit_code == 7);
    CHECK(contains(run.output, "Chain BROKEN at seq 7: the stored hash differs"));
    CHECK(contains(run.output, "Event id: " + ids[6]));
    CHECK(contains(run.output, "Reference: BG-"));
    CHECK(contains(run.output, "Intact before it: 6 rows, last seq 6, head hash "));
    // The case records, projected from the row before it was altered, differ from it now;
    // rebuilding them from this log would take the alteration in: the log comes first.
    CHECK(contains(run.output, "Case records DIFFER from the log (up to seq 13): 1 of 13 cases"));
    CHECK(contains(run.output, "The log was altered: restore it first"));
    CHECK_FALSE(contains(run.output, "admin reproject"));

    // The same in Vietnamese, and as JSON for scripts.
    run = run_alertctl({"audit", "verify", "--db", database});
    CHECK(run.exit_code == 7);
    CHECK(contains(run.output, "CHUỖI BĂM BỊ PHÁ VỠ tại số thứ tự 7: mã băm đã lưu khác"));
    run = run_alertctl({"audit", "verify", "--db", database, "--json"});
    CHECK(run.exit_code == 7);
    const nlohmann::json json = nlohmann::json::parse(run.output);
    CHECK_FALSE(json["intact"].get<bool>());
    CHECK(json["rows"] == 6);
    CHECK(json["broken"]["seq"] == 7);
    CHECK(json["broken"]["problem"] == "hash_mismatch");
    CHECK(json["broken"]["event_id"] == ids[6]);
    CHECK(json["broken"]["stored_hash"].get<std::string>().size() == 64);
    CHECK(json["broken"]["computed_hash"] != json["broken"]["stored_hash"]);
  }

  SECTION("a deleted row is reported as the gap where it was") {
    tamper(database, "DROP TRIGGER log_is_append_only_delete; DELETE FROM log WHERE seq = 5;");
    const Run run = run_alertctl({"audit", "verify", "--db", database, "--lang", "en"});
    INFO(run.output);
    CHECK(run.exit_code == 7);
    CHECK(contains(run.output, "Chain BROKEN at seq 6: missing the row with seq 5"));
    CHECK(contains(run.output, "Event id: " + ids[5]));
    CHECK(contains(run.output, "Intact before it: 4 rows, last seq 4"));
  }

  SECTION("a row whose hash was removed is reported") {
    tamper(database,
           "DROP TRIGGER log_is_append_only_update; UPDATE log SET hash = NULL WHERE seq = 3;");
    const Run run = run_alertctl({"audit", "verify", "--db", database, "--lang", "en"});
    INFO(run.output);
    CHECK(run.exit_code == 7);
    CHECK(contains(run.output, "Chain BROKEN at seq 3: this row has no hash"));
    CHECK(contains(run.output, ids[2]));
  }
}

TEST_CASE("audit verify of a missing file or a file that is not a node database exits with 2") {
  TempDir dir;
  Run run = run_alertctl({"audit", "verify", "--db", dir.file("none.db"), "--lang", "en"});
  CHECK(run.exit_code == 2);
  CHECK(contains(run.output, "no database file"));
  tamper(dir.file("other.db"), "CREATE TABLE t (x INTEGER);");
  run = run_alertctl({"audit", "verify", "--db", dir.file("other.db"), "--lang", "en"});
  CHECK(run.exit_code == 2);
  CHECK(contains(run.output, "is not a node's alertbus.db"));
  run = run_alertctl({"audit", "verify"});
  CHECK(run.exit_code == 2);
}

}  // namespace alertbus::testing

namespace alertbus::testing {

TEST_CASE(
    "Signed checkpoints show that a node's copies match each origin, and find an altered copy") {
  TempDir keys_dir;
  SecurityFixture keys(keys_dir.path(), {"bac-giang", "hai-duong", "quang-ninh"});
  Federation federation(
      three_provinces(), [](std::size_t, std::size_t) { return true; },
      {"--checkpoint-interval-ms", "300", "--receipt-interval-ms", "50"},
      [&](const NodeSpec& node) { return keys.broker_args(node.id); });
  zmq::context_t context;
  for (std::size_t i = 0; i < federation.size(); ++i) {
    const std::string& id = federation.node(i).id;
    WireClient::use_keys_for(federation.endpoint_of(i), keys.client_keys(id + "/operator", id));
  }
  for (std::size_t i = 0; i < federation.size(); ++i) {
    const std::string& id = federation.node(i).id;
    WireClient unit(context, federation.endpoint_of(i), keys.client_keys(id + "/cnty", id));
    for (int n = 0; n < 2; ++n) {
      v1::Event alert = sample_animal_disease();
      alert.set_sender_unit(id + "/cnty");
      alert.mutable_areas(0)->set_code(id == "bac-giang" ? "24" : id == "hai-duong" ? "30" : "22");
      v1::Frame frame = keys.signed_publish(alert, id + "/cnty");
      frame.set_request_id(unit.next_request_id());
      unit.send(frame);
      const std::optional<v1::Frame> reply = unit.receive_reply(frame.request_id());
      REQUIRE(reply);
      REQUIRE(reply->has_publish_ack());
    }
  }
  for (std::size_t i = 0; i < federation.size(); ++i) {
    REQUIRE(wait_for_count(context, federation.endpoint_of(i), 6) == 6);
  }
  // The receipts (each node's one or two for the other nodes' four alerts) come within
  // their interval; then two more checkpoints from each peer: the second covers every event.
  WireClient observer(context, federation.endpoint_of(2));
  for (std::size_t i = 0; i < federation.size(); ++i) {
    REQUIRE(wait_for_receipts(context, federation.endpoint_of(i)));
  }
  std::map<std::string, std::uint64_t> before;
  const v1::StatusReply at_start = observer.status();
  for (const v1::PeerLinkStatus& peer : at_start.peers()) {
    before[peer.peer_id()] = peer.checkpoints_received();
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  for (bool done = false; !done && std::chrono::steady_clock::now() < deadline;) {
    const v1::StatusReply status = observer.status();
    done = status.peers_size() == 2;
    for (const v1::PeerLinkStatus& peer : status.peers()) {
      done = done && peer.checkpoints_received() >= before[peer.peer_id()] + 2;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  // CheckpointRequest naming a node: Quảng Ninh answers with the first checkpoint it keeps
  // from Bắc Giang at or after the seq asked for, as Bắc Giang signed it, or NOT_FOUND.
  {
    std::uint64_t epoch = 0;
    {
      WireClient bac_giang(context, federation.endpoint_of(0));
      epoch = bac_giang.status().epoch();
    }
    auto ask = [&](const std::string& node, std::uint64_t at_or_after) {
      v1::Frame frame;
      frame.set_request_id(observer.next_request_id());
      frame.mutable_checkpoint_request()->set_node(node);
      frame.mutable_checkpoint_request()->set_epoch(epoch);
      frame.mutable_checkpoint_request()->set_at_or_after_seq(at_or_after);
      observer.send(frame);
      std::optional<v1::Frame> reply = observer.receive_reply(frame.request_id());
      REQUIRE(reply);
      return *reply;
    };
    const v1::Frame kept = ask("bac-giang", 1);
    REQUIRE(kept.has_checkpoint());
    CHECK(kept.checkpoint().node() == "bac-giang");
    CHECK(kept.checkpoint().epoch() == epoch);
    CHECK(kept.checkpoint().seq() >= 1);
    CHECK(protocol::verify_checkpoint(kept.checkpoint(), keys.keys("bac-giang").signing_public));
    // The first at or after: asking from its seq gives it again.
    const v1::Frame same = ask("bac-giang", kept.checkpoint().seq());
    REQUIRE(same.has_checkpoint());
    CHECK(same.checkpoint().seq() == kept.checkpoint().seq());
    const v1::Frame beyond = ask("bac-giang", 1'000'000'000);
    REQUIRE(beyond.has_error());
    CHECK(beyond.error().code() == v1::NOT_FOUND);
    // Its own, as before.
    const v1::Frame own = ask("", 0);
    REQUIRE(own.has_checkpoint());
    CHECK(own.checkpoint().node() == "quang-ninh");
  }
  REQUIRE(federation.broker(2).stop() == 0);
  const std::string database = federation.broker(2).database_path();
  const std::string registry = keys.registry_path().string();
  Run run = run_alertctl(
      {"audit", "checkpoints", "--db", database, "--registry", registry, "--lang", "en"});
  INFO(run.output);
  CHECK(run.exit_code == 0);
  CHECK(contains(run.output, "bac-giang, epoch"));
  CHECK(contains(run.output, "hai-duong, epoch"));
  // Per origin: its two alerts and its receipts for the other nodes' four (one or two
  // receipts, as the alerts arrived within one receipt interval or not).
  const std::regex matches(R"(MATCHES \(([34]) events per the origin, \1 held here\))");
  auto found = std::sregex_iterator(run.output.begin(), run.output.end(), matches);
  CHECK(std::distance(found, std::sregex_iterator()) == 2);
  CHECK_FALSE(contains(run.output, "MISMATCH"));
  CHECK(contains(run.output, "the origin's signature verifies"));
  // A Hải Dương event removed from Quảng Ninh's log (as when another event under its id was
  // kept instead): the copies are incomplete, and the exit code says so.
  tamper(database,
         "DROP TRIGGER log_is_append_only_delete;"
         "DELETE FROM log WHERE origin_node = 'hai-duong' AND origin_seq = (SELECT min(origin_seq)"
         " FROM log WHERE origin_node = 'hai-duong');");
  run = run_alertctl(
      {"audit", "checkpoints", "--db", database, "--registry", registry, "--lang", "en"});
  INFO(run.output);
  CHECK(run.exit_code == 6);
  CHECK(contains(run.output, "INCOMPLETE"));
  CHECK_FALSE(contains(run.output, "MISMATCH"));
  // Quảng Ninh's copy of a Bắc Giang alert is altered behind its broker's back.
  tamper(database,
         "DROP TRIGGER log_is_append_only_update;"
         "UPDATE log SET event = CAST(event || X'00' AS BLOB) WHERE origin_node = 'bac-giang'"
         " AND origin_seq = (SELECT min(origin_seq) FROM log WHERE origin_node = 'bac-giang');");
  run = run_alertctl(
      {"audit", "checkpoints", "--db", database, "--registry", registry, "--lang", "en"});
  INFO(run.output);
  CHECK(run.exit_code == 7);
  CHECK(contains(run.output, "bac-giang, epoch"));
  CHECK(contains(run.output, "MISMATCH"));
  CHECK(contains(run.output, "hai-duong, epoch"));
  // Vietnamese by default.
  run = run_alertctl({"audit", "checkpoints", "--db", database, "--registry", registry});
  CHECK(contains(run.output, "KHÔNG KHỚP"));
}

}  // namespace alertbus::testing
