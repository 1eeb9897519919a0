// `alertctl admin backup` and `admin restore`, the real binaries on real brokers: a backup
// taken while a broker takes a steady stream of publishes is a verified prefix of the live
// log; a node restored from one with `admin restore` takes a new log epoch and gets back from
// its peer what the backup lacked, each event once; and the refusals (a running broker, a
// missing, foreign or altered file, an existing --out).
#include <atomic>
#include <filesystem>
#include <set>
#include <sys/stat.h>
#include <thread>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "alertctl_process.hpp"
#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "federation.hpp"
#include "security_fixture.hpp"
#include "support/sample_events.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {
namespace {

namespace fs = std::filesystem;

struct LogRow {
  std::string event_id;
  std::string hash;

  bool operator==(const LogRow& other) const {
    return event_id == other.event_id && hash == other.hash;
  }
};

// Every row of the log at `path` by seq, read straight from the file.
std::map<std::uint64_t, LogRow> log_rows(const std::string& path) {
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt* select = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT seq, event_id, hash FROM log ORDER BY seq", -1, &select,
                             nullptr) == SQLITE_OK);
  std::map<std::uint64_t, LogRow> rows;
  while (sqlite3_step(select) == SQLITE_ROW) {
    const auto* hash = static_cast<const char*>(sqlite3_column_blob(select, 2));
    rows[static_cast<std::uint64_t>(sqlite3_column_int64(select, 0))] =
        LogRow{reinterpret_cast<const char*>(sqlite3_column_text(select, 1)),
               std::string(hash, static_cast<std::size_t>(sqlite3_column_bytes(select, 2)))};
  }
  sqlite3_finalize(select);
  sqlite3_close(db);
  return rows;
}

unsigned permissions(const fs::path& path) {
  struct stat status {};

  REQUIRE(::stat(path.c_str(), &status) == 0);
  return status.st_mode & 0777U;
}

// Publishes `count` signed alerts at `node` (CURVE): returns their ids.
std::set<std::string> publish_signed(const SecurityFixture& keys, zmq::context_t& context,
                                     const std::string& endpoint, const std::string& node,
                                     int count) {
  const std::string unit = node + "/bvtv";
  WireClient publisher(context, endpoint, keys.client_keys(unit, node));
  std::set<std::string> ids;
  for (int i = 0; i < count; ++i) {
    v1::Event alert = sample_crop_pest();
    alert.set_sender_unit(unit);
    alert.mutable_areas(0)->set_code(node == "bac-giang" ? "24" : "30");
    v1::Frame frame = keys.signed_publish(alert, unit);
    frame.set_request_id(publisher.next_request_id());
    publisher.send(frame);
    const std::optional<v1::Frame> reply = publisher.receive_reply(frame.request_id());
    REQUIRE(reply);
    INFO(reply->DebugString());
    REQUIRE(reply->has_publish_ack());
    ids.insert(alert.event_id());
  }
  return ids;
}

// Waits until `at` keeps a checkpoint of `node`'s own events of `epoch` at or after
// `origin_seq`: with CURVE on, only what such a checkpoint covers comes back after a restore.
void wait_for_checkpoint(zmq::context_t& context, const std::string& at, const std::string& node,
                         std::uint64_t epoch, std::uint64_t origin_seq) {
  WireClient client(context, at);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  bool kept = false;
  while (!kept && std::chrono::steady_clock::now() < deadline) {
    v1::Frame frame;
    frame.set_request_id(client.next_request_id());
    frame.mutable_checkpoint_request()->set_node(node);
    frame.mutable_checkpoint_request()->set_epoch(epoch);
    frame.mutable_checkpoint_request()->set_at_or_after_seq(origin_seq);
    client.send(frame);
    const std::optional<v1::Frame> reply = client.receive_reply(frame.request_id());
    kept = reply && reply->has_checkpoint();
    if (!kept) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  INFO("a checkpoint of " << node << " up to origin seq " << origin_seq);
  REQUIRE(kept);
}

}  // namespace

TEST_CASE("admin backup while alertbusd takes publishes saves a verified prefix of the live log") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path();
  BrokerProcess broker(options);
  const std::string data_dir = (dir.path() / "data").string();
  zmq::context_t context;
  std::atomic<int> acknowledged{0};
  std::atomic<bool> stop{false};
  std::atomic<bool> failed{false};
  std::thread publisher([&] {
    WireClient client(context, broker.endpoint());
    while (!stop) {
      const v1::Event event = acknowledged % 2 == 0 ? sample_crop_pest() : sample_forest_fire();
      if (!client.publish(event).has_publish_ack()) {
        failed = true;
        return;
      }
      ++acknowledged;
    }
  });
  while (acknowledged < 100 && !failed) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  const int before = acknowledged;
  const fs::path out = dir.path() / "backups" / "bac-giang.db";
  fs::create_directories(out.parent_path());
  const Run backup =
      run_alertctl({"admin", "backup", "--data-dir", data_dir, "--out", out.string()});
  // Publishes go on after the backup too: the copy is a snapshot, not the end of the log.
  const int after_backup = acknowledged;
  while (acknowledged < after_backup + 20 && !failed) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  stop = true;
  publisher.join();
  REQUIRE_FALSE(failed);
  INFO(backup.output);
  REQUIRE(backup.exit_code == 0);
  CHECK(contains(backup.output, "Đã sao lưu vào " + out.string()));
  CHECK(contains(backup.output, "Backed up to " + out.string()));
  CHECK(contains(backup.output, "hash chain intact; SQLite quick_check: ok"));
  CHECK(permissions(out) == 0600U);
  // One self-contained file, nothing beside it.
  CHECK(std::distance(fs::directory_iterator(out.parent_path()), fs::directory_iterator()) == 1);

  const Run verify = run_alertctl({"audit", "verify", "--db", out.string(), "--lang", "en"});
  INFO(verify.output);
  CHECK(verify.exit_code == 0);
  CHECK(contains(verify.output, "Chain intact: "));

  REQUIRE(broker.stop() == 0);
  const std::map<std::uint64_t, LogRow> copy = log_rows(out.string());
  const std::map<std::uint64_t, LogRow> live = log_rows(broker.database_path());
  // Every publish acknowledged before the backup began is in it (no notices: no peers).
  CHECK(copy.size() >= static_cast<std::size_t>(before));
  CHECK(live.size() > copy.size());
  std::uint64_t seq = 0;
  for (const auto& [row_seq, row] : copy) {
    CHECK(row_seq == ++seq);
    const auto found = live.find(row_seq);
    REQUIRE(found != live.end());
    CHECK(found->second == row);
  }
  CHECK(contains(backup.output,
                 std::to_string(copy.size()) + " events, head seq " + std::to_string(copy.size())));

  // An existing file is kept unless --force.
  const Run again = run_alertctl(
      {"admin", "backup", "--data-dir", data_dir, "--out", out.string(), "--lang", "en"});
  CHECK(again.exit_code == 2);
  CHECK(contains(again.output, "exists already; --force replaces it"));
  CHECK(log_rows(out.string()).size() == copy.size());
  const Run forced = run_alertctl(
      {"admin", "backup", "--data-dir", data_dir, "--out", out.string(), "--force", "--json"});
  INFO(forced.output);
  CHECK(forced.exit_code == 0);
  CHECK(log_rows(out.string()).size() == live.size());
}

TEST_CASE("admin restore refuses a running broker and a bad backup and touches nothing") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path();
  BrokerProcess broker(options);
  const fs::path data = dir.path() / "data";
  zmq::context_t context;
  {
    WireClient client(context, broker.endpoint());
    for (int i = 0; i < 5; ++i) {
      REQUIRE(client.publish(sample_animal_disease()).has_publish_ack());
    }
  }
  const fs::path backup = dir.path() / "backup.db";
  REQUIRE(run_alertctl({"admin", "backup", "--data-dir", data.string(), "--out", backup.string()})
              .exit_code == 0);
  const auto restore = [&](const fs::path& from) {
    return run_alertctl(
        {"admin", "restore", "--from", from.string(), "--data-dir", data.string(), "--lang", "en"});
  };
  const auto untouched = [&] {
    CHECK(log_rows((data / "alertbus.db").string()).size() == 5);
    for (const fs::directory_entry& entry : fs::directory_iterator(data)) {
      CHECK_FALSE(contains(entry.path().filename().string(), "before-restore"));
    }
  };

  SECTION("a running broker") {
    const Run run = restore(backup);
    INFO(run.output);
    CHECK(run.exit_code == 4);
    CHECK(contains(run.output, "process " + std::to_string(broker.pid()) + " (alertbusd"));
    CHECK(contains(run.output, "stop the node first"));
    REQUIRE(broker.stop() == 0);
    untouched();
  }
  SECTION("another node's backup") {
    REQUIRE(broker.stop() == 0);
    TempDir other_dir;
    BrokerProcess::Options other;
    other.node_id = "hai-duong";
    other.reference_prefix = "HD";
    other.directory = other_dir.path();
    BrokerProcess hai_duong(other);
    const fs::path foreign = dir.path() / "hai-duong.db";
    REQUIRE(run_alertctl({"admin", "backup", "--data-dir", (other_dir.path() / "data").string(),
                          "--out", foreign.string()})
                .exit_code == 0);
    const Run run = restore(foreign);
    INFO(run.output);
    CHECK(run.exit_code == 2);
    CHECK(contains(run.output, "is a backup of node 'hai-duong', " + data.string() +
                                   " holds node 'bac-giang'"));
    untouched();
  }
  SECTION("a missing file, a file that is not a database, an altered log") {
    REQUIRE(broker.stop() == 0);
    Run run = restore(dir.path() / "no-such.db");
    CHECK(run.exit_code == 2);
    CHECK(contains(run.output, "no database file"));
    const fs::path text = dir.path() / "notes.db";
    std::ofstream(text) << "not a database at all, only words, long enough to be read\n";
    run = restore(text);
    INFO(run.output);
    CHECK(run.exit_code == 2);
    CHECK(contains(run.output, "is not a node's alertbus.db"));
    tamper(backup.string(),
           "DROP TRIGGER log_is_append_only_update;"
           " UPDATE log SET received_at_ms = received_at_ms + 1 WHERE seq = 3;");
    run = restore(backup);
    INFO(run.output);
    CHECK(run.exit_code == 7);
    CHECK(contains(run.output, "NOT restored"));
    CHECK(contains(run.output, "Chain BROKEN at seq 3"));
    tamper(backup.string(), "PRAGMA user_version = 99;");
    run = restore(backup);
    INFO(run.output);
    CHECK(run.exit_code == 2);
    CHECK(contains(run.output, "newer than this build"));
    untouched();
  }
}

TEST_CASE("A node restored with admin restore takes a new epoch and gets back what it lacked") {
  TempDir keys_dir;
  const SecurityFixture keys(keys_dir.path(), {"bac-giang", "hai-duong"});
  std::vector<std::string> args = heartbeat_args(kFastHeartbeatMs);
  args.insert(args.end(), {"--checkpoint-interval-ms", "200"});
  Federation federation(
      {{"bac-giang", "BG"}, {"hai-duong", "HD"}}, [](std::size_t, std::size_t) { return true; },
      args, [&keys](const NodeSpec& node) { return keys.broker_args(node.id); });
  for (std::size_t i = 0; i < 2; ++i) {
    const std::string& id = federation.node(i).id;
    WireClient::use_keys_for(federation.endpoint_of(i), keys.client_keys(id + "/operator", id));
  }
  zmq::context_t context;
  const std::string a = federation.endpoint_of(0);
  const std::string b = federation.endpoint_of(1);
  std::set<std::string> ids = publish_signed(keys, context, a, "bac-giang", 4);
  REQUIRE(wait_for_count(context, b, 4) == 4);
  const fs::path data = federation.directory(0) / "data";
  const fs::path backup = federation.directory(0) / "backup.db";
  const Run saved = run_alertctl(
      {"admin", "backup", "--data-dir", data.string(), "--out", backup.string(), "--lang", "en"});
  INFO(saved.output);
  REQUIRE(saved.exit_code == 0);
  std::uint64_t old_epoch = 0;
  {
    WireClient client(context, a);
    old_epoch = client.status().epoch();
  }
  // After the backup: more at A, and at B.
  for (const std::string& id : publish_signed(keys, context, a, "bac-giang", 5)) {
    ids.insert(id);
  }
  for (const std::string& id : publish_signed(keys, context, b, "hai-duong", 3)) {
    ids.insert(id);
  }
  REQUIRE(wait_for_count(context, b, ids.size()) == ids.size());
  REQUIRE(wait_for_receipts(context, a, {"bac-giang", "hai-duong"}));
  std::uint64_t last_own = 0;
  for (const v1::StoredEvent& event : all_events(context, a)) {
    if (event.origin().node() == "bac-giang") {
      last_own = std::max(last_own, event.origin().seq());
    }
  }
  wait_for_checkpoint(context, b, "bac-giang", old_epoch, last_own);

  federation.broker(0).kill9();
  const Run restored =
      run_alertctl({"admin", "restore", "--from", backup.string(), "--data-dir", data.string()});
  INFO(restored.output);
  REQUIRE(restored.exit_code == 0);
  CHECK(contains(restored.output, "alertbus.head kept"));
  CHECK(contains(restored.output, "takes a new log epoch"));
  CHECK(permissions(data / "alertbus.db") == 0600U);
  CHECK_FALSE(fs::exists(data / "alertbus.db-wal"));
  bool kept_aside = false;
  for (const fs::directory_entry& entry : fs::directory_iterator(data)) {
    kept_aside = kept_aside || contains(entry.path().filename().string(), "before-restore");
  }
  CHECK(kept_aside);

  federation.broker(0).start();
  {
    WireClient client(context, a);
    CHECK(client.status().epoch() != old_epoch);
  }
  // B keeps serving meanwhile, and A gets back B's events and its own after the backup.
  for (const std::string& id : publish_signed(keys, context, b, "hai-duong", 2)) {
    ids.insert(id);
  }
  REQUIRE(wait_for_count(context, a, ids.size()) == ids.size());
  REQUIRE(wait_for_count(context, b, ids.size()) == ids.size());
  for (const std::string& endpoint : {a, b}) {
    std::map<std::string, int> held;
    for (const v1::StoredEvent& event : all_events(context, endpoint)) {
      if (!is_notice(event)) {
        ++held[event.event_id()];
      }
    }
    CHECK(held.size() == ids.size());
    for (const auto& [id, times] : held) {
      INFO(endpoint << " holds " << id << " " << times << " times");
      CHECK(times == 1);
      CHECK(ids.count(id) == 1);
    }
  }
  WireClient client(context, a);
  std::uint64_t recovered = 0;
  const v1::StatusReply status = client.status();
  for (const v1::PeerLinkStatus& peer : status.peers()) {
    recovered += peer.own_events_recovered();
    CHECK(peer.own_events_unverified() == 0);
    CHECK(peer.own_events_left_at_peer() == 0);
  }
  CHECK(recovered >= 5U);
}

}  // namespace alertbus::testing
