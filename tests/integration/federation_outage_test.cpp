// Federation through outages, with real brokers: a node killed with SIGKILL while the others
// publish, a node frozen (SIGSTOP) for longer than the heartbeat timeout, a node whose
// database is wiped. Afterwards every node holds the same events, each once, in origin order.
// The SIGKILL and wipe scenarios run twice: in plain mode and with CURVE on (signed events).
// Every scenario waits for links to be declared dead and tried again, so the brokers run
// with a 200 ms heartbeat (a silent link is dropped after 600 ms) instead of 2 s, and sign
// checkpoints every 200 ms: with CURVE on, a wiped node takes its own events back only up to
// the last checkpoint of them its peers keep.
#include <csignal>
#include <filesystem>

#include <catch2/catch.hpp>

#include "broker/temp_dir.hpp"
#include "federation.hpp"
#include "security_fixture.hpp"
#include "support/sample_events.hpp"

namespace alertbus::testing {
namespace {

// A three-province federation with fast heartbeats (kFastHeartbeatMs), in plain mode or with
// CURVE on (keys made for the test; every event then signed by a unit of the node it is
// published at).
struct Setup {
  std::unique_ptr<TempDir> keys_dir;
  std::unique_ptr<SecurityFixture> keys;  // Null in plain mode.
  std::unique_ptr<Federation> federation;

  static std::vector<std::string> args() {
    std::vector<std::string> args = heartbeat_args(kFastHeartbeatMs);
    args.emplace_back("--checkpoint-interval-ms");
    args.emplace_back("200");
    return args;
  }

  explicit Setup(bool curve) {
    const auto all_linked = [](std::size_t, std::size_t) { return true; };
    if (!curve) {
      federation = std::make_unique<Federation>(three_provinces(), all_linked, args());
      return;
    }
    keys_dir = std::make_unique<TempDir>();
    keys = std::make_unique<SecurityFixture>(
        keys_dir->path(), std::vector<std::string>{"bac-giang", "hai-duong", "quang-ninh"});
    federation = std::make_unique<Federation>(
        three_provinces(), all_linked, args(),
        [this](const NodeSpec& node) { return keys->broker_args(node.id); });
    for (std::size_t i = 0; i < federation->size(); ++i) {
      const std::string& id = federation->node(i).id;
      WireClient::use_keys_for(federation->endpoint_of(i), keys->client_keys(id + "/operator", id));
    }
  }
};

// Publishes `count` alerts at node `index`; returns their ids.
std::set<std::string> publish_alerts(Setup& setup, zmq::context_t& context, std::size_t index,
                                     int count) {
  Federation& federation = *setup.federation;
  const std::string& node = federation.node(index).id;
  const char* province = node == "bac-giang" ? "24" : node == "hai-duong" ? "30" : "22";
  std::set<std::string> ids;
  std::map<std::string, std::unique_ptr<WireClient>> publishers;
  for (int i = 0; i < count; ++i) {
    v1::Event alert = i % 2 == 0 ? sample_crop_pest() : sample_animal_disease();
    v1::Frame reply;
    if (setup.keys) {
      const std::string unit = node + (i % 2 == 0 ? "/bvtv" : "/cnty");
      alert.set_sender_unit(unit);
      alert.mutable_areas(0)->set_code(province);
      auto& publisher = publishers[unit];
      if (!publisher) {
        publisher = std::make_unique<WireClient>(context, federation.endpoint_of(index),
                                                 setup.keys->client_keys(unit, node));
      }
      v1::Frame frame = setup.keys->signed_publish(alert, unit);
      frame.set_request_id(publisher->next_request_id());
      publisher->send(frame);
      const std::optional<v1::Frame> answer = publisher->receive_reply(frame.request_id());
      REQUIRE(answer);
      reply = *answer;
    } else {
      WireClient publisher(context, federation.endpoint_of(index));
      reply = publisher.publish(alert);
    }
    INFO(reply.DebugString());
    REQUIRE(reply.has_publish_ack());
    ids.insert(alert.event_id());
  }
  return ids;
}

void merge(std::set<std::string>& into, const std::set<std::string>& from) {
  into.insert(from.begin(), from.end());
}

// Waits until nodes 1 and 2 keep a checkpoint of node 0's own events of `epoch` that covers
// all it holds of them now (its alerts and its receipts): with CURVE on, only what such a
// checkpoint covers comes back to node 0 after a wipe.
void wait_for_checkpoints_of_node0(Federation& federation, zmq::context_t& context,
                                   std::uint64_t epoch) {
  REQUIRE(wait_for_receipts(context, federation.endpoint_of(0)));
  std::uint64_t last = 0;
  for (const v1::StoredEvent& event : all_events(context, federation.endpoint_of(0))) {
    if (event.origin().node() == federation.node(0).id && event.origin().epoch() == epoch) {
      last = std::max(last, event.origin().seq());
    }
  }
  for (std::size_t i = 1; i < federation.size(); ++i) {
    WireClient client(context, federation.endpoint_of(i));
    bool kept = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (!kept && std::chrono::steady_clock::now() < deadline) {
      v1::Frame frame;
      frame.set_request_id(client.next_request_id());
      frame.mutable_checkpoint_request()->set_node(federation.node(0).id);
      frame.mutable_checkpoint_request()->set_epoch(epoch);
      frame.mutable_checkpoint_request()->set_at_or_after_seq(last);
      client.send(frame);
      const std::optional<v1::Frame> reply = client.receive_reply(frame.request_id());
      kept = reply && reply->has_checkpoint();
      if (!kept) {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
    }
    INFO("node " << federation.node(i).id << " keeps a checkpoint up to origin seq " << last);
    REQUIRE(kept);
  }
}

}  // namespace

TEST_CASE("A node killed with SIGKILL while the others publish catches up exactly once") {
  const bool curve = GENERATE(false, true);
  INFO((curve ? "CURVE on" : "plain"));
  Setup setup(curve);
  Federation& federation = *setup.federation;
  zmq::context_t context;
  std::set<std::string> ids = publish_alerts(setup, context, 2, 5);
  REQUIRE(wait_for_count(context, federation.endpoint_of(0), 5) == 5);

  for (int round = 0; round < 3; ++round) {
    INFO("round " << round);
    federation.broker(2).kill9();
    merge(ids, publish_alerts(setup, context, 0, 40));
    merge(ids, publish_alerts(setup, context, 1, 40));
    federation.broker(2).start();
    merge(ids, publish_alerts(setup, context, 2, 10));
    for (std::size_t i = 0; i < federation.size(); ++i) {
      REQUIRE(wait_for_count(context, federation.endpoint_of(i), ids.size()) == ids.size());
    }
  }
  check_converged(federation, context, ids);
}

TEST_CASE("A node frozen for longer than the heartbeat timeout converges after it resumes") {
  Setup setup(false);
  Federation& federation = *setup.federation;
  zmq::context_t context;
  std::set<std::string> ids = publish_alerts(setup, context, 1, 3);
  REQUIRE(kill(federation.broker(1).pid(), SIGSTOP) == 0);
  merge(ids, publish_alerts(setup, context, 0, 20));
  merge(ids, publish_alerts(setup, context, 2, 20));
  std::this_thread::sleep_for(2 * kFastHeartbeatTimeout);  // Twice past 3 x 200 ms.
  REQUIRE(kill(federation.broker(1).pid(), SIGCONT) == 0);
  merge(ids, publish_alerts(setup, context, 1, 5));
  for (std::size_t i = 0; i < federation.size(); ++i) {
    REQUIRE(wait_for_count(context, federation.endpoint_of(i), ids.size()) == ids.size());
  }
  check_converged(federation, context, ids);
  // The frozen node's peers noticed the silence and reconnected.
  WireClient client(context, federation.endpoint_of(0));
  const v1::StatusReply status = client.status();
  CHECK(status.peers(0).peer_id() == "hai-duong");
  CHECK(status.peers(0).reconnects() >= 1);
  CHECK(status.peers(0).connected());
}

TEST_CASE("A node whose database is wiped gets a new epoch and everything back from its peers") {
  const bool curve = GENERATE(false, true);
  INFO((curve ? "CURVE on" : "plain"));
  Setup setup(curve);
  Federation& federation = *setup.federation;
  zmq::context_t context;
  const std::set<std::string> before = publish_alerts(setup, context, 0, 5);
  const std::set<std::string> others = publish_alerts(setup, context, 1, 3);
  for (std::size_t i = 0; i < federation.size(); ++i) {
    REQUIRE(wait_for_count(context, federation.endpoint_of(i), 8) == 8);
  }
  std::uint64_t old_epoch = 0;
  {
    WireClient client(context, federation.endpoint_of(0));
    old_epoch = client.status().epoch();
  }
  if (curve) {
    wait_for_checkpoints_of_node0(federation, context, old_epoch);
  }
  federation.broker(0).stop();
  std::filesystem::remove_all(federation.directory(0) / "data");
  federation.broker(0).start();
  const std::set<std::string> after = publish_alerts(setup, context, 0, 4);

  // Hai Dương and Quảng Ninh keep Bắc Giang's old events and add the new ones; Bắc Giang,
  // empty, pulls again what originated at its peers and gets its own old events back.
  for (std::size_t i = 0; i < federation.size(); ++i) {
    REQUIRE(wait_for_count(context, federation.endpoint_of(i), 12) == 12);
  }
  std::set<std::string> all = before;
  merge(all, others);
  merge(all, after);
  check_converged(federation, context, all);
  for (std::size_t i = 1; i < federation.size(); ++i) {
    WireClient client(context, federation.endpoint_of(i));
    const v1::StatusReply status = client.status();
    const v1::PeerLinkStatus& bac_giang = status.peers(0);
    REQUIRE(bac_giang.peer_id() == "bac-giang");
    CHECK(bac_giang.epoch_changes() == 1);
    CHECK(bac_giang.peer_epoch() != old_epoch);
    CHECK(bac_giang.events_refused() == 0);
  }
  {
    // Bắc Giang's own old events came back, checked against its checkpoints when it has a
    // signing key (CURVE on): each by the link that took it first.
    WireClient client(context, federation.endpoint_of(0));
    std::uint64_t recovered = 0;
    const v1::StatusReply status = client.status();
    for (const v1::PeerLinkStatus& peer : status.peers()) {
      INFO("bac-giang <- " << peer.peer_id());
      CHECK(peer.own_events_unverified() == 0);
      recovered += peer.own_events_recovered();
    }
    // Its five alerts and its receipts; in plain mode checked by their signatures only.
    CHECK(recovered >= (curve ? 5U : 0U));
    CHECK((curve || recovered == 0));
  }
  for (std::size_t i = 1; i < federation.size(); ++i) {
    // The clients' twelve events, each once (receipts: check_converged above; Bắc Giang,
    // wiped, may hold two of its own for an alert: one from before the wipe, one after).
    std::vector<v1::StoredEvent> events;
    for (v1::StoredEvent& event : all_events(context, federation.endpoint_of(i))) {
      if (!is_notice(event)) {
        events.push_back(std::move(event));
      }
    }
    std::set<std::string> ids;
    for (const v1::StoredEvent& event : events) {
      ids.insert(event.event_id());
    }
    CHECK(events.size() == 12);
    CHECK(ids.size() == 12);
  }
}

TEST_CASE(
    "A peer that is not running shows as disconnected with its error, and links up when "
    "it starts") {
  Setup setup(false);
  Federation& federation = *setup.federation;
  zmq::context_t context;
  federation.broker(2).stop();
  {
    WireClient publisher(context, federation.endpoint_of(0));
    REQUIRE(publisher.publish(sample_crop_pest()).has_publish_ack());
  }
  // Silence is noticed after heartbeat x misses (600 ms).
  std::this_thread::sleep_for(2 * kFastHeartbeatTimeout);
  {
    WireClient client(context, federation.endpoint_of(0));
    const v1::StatusReply status = client.status();
    REQUIRE(status.peers_size() == 2);
    const v1::PeerLinkStatus& quang_ninh = status.peers(1);
    CHECK(quang_ninh.peer_id() == "quang-ninh");
    CHECK_FALSE(quang_ninh.connected());
    CHECK(quang_ninh.reconnects() >= 1);
    CHECK_FALSE(quang_ninh.last_error().empty());
    CHECK_FALSE(quang_ninh.last_error_vi().empty());
    CHECK(status.peers(0).connected());
  }
  federation.broker(2).start();
  REQUIRE(wait_for_count(context, federation.endpoint_of(2), 1) == 1);
  WireClient client(context, federation.endpoint_of(0));
  for (int attempt = 0; attempt < 100 && !client.status().peers(1).connected(); ++attempt) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  CHECK(client.status().peers(1).connected());
}

TEST_CASE("A node restored from an older backup gets back what it lost, and nothing is doubled") {
  const bool curve = GENERATE(false, true);
  INFO((curve ? "CURVE on" : "plain"));
  Setup setup(curve);
  Federation& federation = *setup.federation;
  zmq::context_t context;
  std::set<std::string> ids = publish_alerts(setup, context, 0, 5);
  for (std::size_t i = 0; i < federation.size(); ++i) {
    REQUIRE(wait_for_count(context, federation.endpoint_of(i), 5) == 5);
  }
  // The backup: Bắc Giang's database after a clean stop.
  const std::filesystem::path data = federation.directory(0) / "data";
  const std::filesystem::path backup = federation.directory(0) / "backup.db";
  REQUIRE(federation.broker(0).stop() == 0);
  REQUIRE_FALSE(std::filesystem::exists(data / "alertbus.db-wal"));
  std::filesystem::copy_file(data / "alertbus.db", backup);
  std::uint64_t old_epoch = 0;
  federation.broker(0).start();
  {
    WireClient client(context, federation.endpoint_of(0));
    old_epoch = client.status().epoch();
  }
  // Events after the backup, at Bắc Giang and elsewhere; everyone holds them.
  merge(ids, publish_alerts(setup, context, 0, 6));
  merge(ids, publish_alerts(setup, context, 1, 3));
  for (std::size_t i = 0; i < federation.size(); ++i) {
    REQUIRE(wait_for_count(context, federation.endpoint_of(i), ids.size()) == ids.size());
  }
  if (curve) {
    // What it issued after the backup comes back up to a checkpoint its peers keep
    // (checked from what the backup holds of that epoch on).
    wait_for_checkpoints_of_node0(federation, context, old_epoch);
  }
  // Disaster: Bắc Giang's disk is replaced and its database restored from the backup.
  federation.broker(0).kill9();
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(data / ("alertbus.db" + std::string(suffix)));
  }
  std::filesystem::copy_file(backup, data / "alertbus.db");
  federation.broker(0).start();
  // It notices, takes a new epoch, and goes on issuing events.
  {
    WireClient client(context, federation.endpoint_of(0));
    CHECK(client.status().epoch() != old_epoch);
  }
  merge(ids, publish_alerts(setup, context, 0, 4));
  for (std::size_t i = 0; i < federation.size(); ++i) {
    REQUIRE(wait_for_count(context, federation.endpoint_of(i), ids.size()) == ids.size());
  }
  check_converged(federation, context, ids);
  for (std::size_t i = 0; i < federation.size(); ++i) {
    WireClient client(context, federation.endpoint_of(i));
    const v1::StatusReply status = client.status();
    for (const v1::PeerLinkStatus& peer : status.peers()) {
      INFO(federation.node(i).id << " <- " << peer.peer_id());
      CHECK(peer.events_refused() == 0);
      CHECK(peer.own_events_unverified() == 0);
      CHECK(peer.own_events_left_at_peer() == 0);
    }
    if (i == 0) {
      std::uint64_t recovered = 0;
      for (const v1::PeerLinkStatus& peer : status.peers()) {
        recovered += peer.own_events_recovered();
      }
      CHECK(recovered >= (curve ? 6U : 0U));  // The six alerts after the backup, at least.
      CHECK((curve || recovered == 0));
    }
  }
}

}  // namespace alertbus::testing
