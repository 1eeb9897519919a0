// Federation through outages, with real brokers: a node killed with SIGKILL while the others
// publish, a node frozen (SIGSTOP) for longer than the heartbeat timeout, a node whose
// database is wiped. Afterwards every node holds the same events, each once, in origin order.
#include <csignal>
#include <filesystem>

#include <catch2/catch.hpp>

#include "federation.hpp"
#include "support/sample_events.hpp"

namespace alertbus::testing {
namespace {

// Publishes `count` alerts at node `index`; returns their ids.
std::set<std::string> publish_alerts(Federation& federation, zmq::context_t& context,
                                     std::size_t index, int count) {
  WireClient publisher(context, federation.endpoint_of(index));
  std::set<std::string> ids;
  for (int i = 0; i < count; ++i) {
    const v1::Event alert = i % 2 == 0 ? sample_crop_pest() : sample_animal_disease();
    const v1::Frame reply = publisher.publish(alert);
    REQUIRE(reply.has_publish_ack());
    ids.insert(alert.event_id());
  }
  return ids;
}

void merge(std::set<std::string>& into, const std::set<std::string>& from) {
  into.insert(from.begin(), from.end());
}

}  // namespace

TEST_CASE("A node killed with SIGKILL while the others publish catches up exactly once") {
  Federation federation(three_provinces());
  zmq::context_t context;
  std::set<std::string> ids = publish_alerts(federation, context, 2, 5);
  REQUIRE(wait_for_count(context, federation.endpoint_of(0), 5) == 5);

  for (int round = 0; round < 3; ++round) {
    INFO("round " << round);
    federation.broker(2).kill9();
    merge(ids, publish_alerts(federation, context, 0, 40));
    merge(ids, publish_alerts(federation, context, 1, 40));
    federation.broker(2).start();
    merge(ids, publish_alerts(federation, context, 2, 10));
    for (std::size_t i = 0; i < federation.size(); ++i) {
      REQUIRE(wait_for_count(context, federation.endpoint_of(i), ids.size()) == ids.size());
    }
  }
  check_converged(federation, context, ids);
}

TEST_CASE("A node frozen for longer than the heartbeat timeout converges after it resumes") {
  Federation federation(three_provinces());
  zmq::context_t context;
  std::set<std::string> ids = publish_alerts(federation, context, 1, 3);
  REQUIRE(kill(federation.broker(1).pid(), SIGSTOP) == 0);
  merge(ids, publish_alerts(federation, context, 0, 20));
  merge(ids, publish_alerts(federation, context, 2, 20));
  std::this_thread::sleep_for(std::chrono::milliseconds(8000));  // Past 3 x 2 s.
  REQUIRE(kill(federation.broker(1).pid(), SIGCONT) == 0);
  merge(ids, publish_alerts(federation, context, 1, 5));
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
  Federation federation(three_provinces());
  zmq::context_t context;
  const std::set<std::string> before = publish_alerts(federation, context, 0, 5);
  const std::set<std::string> others = publish_alerts(federation, context, 1, 3);
  for (std::size_t i = 0; i < federation.size(); ++i) {
    REQUIRE(wait_for_count(context, federation.endpoint_of(i), 8) == 8);
  }
  std::uint64_t old_epoch = 0;
  {
    WireClient client(context, federation.endpoint_of(0));
    old_epoch = client.status().epoch();
  }
  federation.broker(0).stop();
  std::filesystem::remove_all(federation.directory(0) / "data");
  federation.broker(0).start();
  const std::set<std::string> after = publish_alerts(federation, context, 0, 4);

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
    const std::vector<v1::StoredEvent> events = all_events(context, federation.endpoint_of(i));
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
  Federation federation(three_provinces());
  zmq::context_t context;
  federation.broker(2).stop();
  {
    WireClient publisher(context, federation.endpoint_of(0));
    REQUIRE(publisher.publish(sample_crop_pest()).has_publish_ack());
  }
  // Silence is noticed after heartbeat x misses (6 s).
  std::this_thread::sleep_for(std::chrono::milliseconds(7000));
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
  Federation federation(three_provinces());
  zmq::context_t context;
  std::set<std::string> ids = publish_alerts(federation, context, 0, 5);
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
  merge(ids, publish_alerts(federation, context, 0, 6));
  merge(ids, publish_alerts(federation, context, 1, 3));
  for (std::size_t i = 0; i < federation.size(); ++i) {
    REQUIRE(wait_for_count(context, federation.endpoint_of(i), ids.size()) == ids.size());
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
  merge(ids, publish_alerts(federation, context, 0, 4));
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
    }
  }
}

}  // namespace alertbus::testing
