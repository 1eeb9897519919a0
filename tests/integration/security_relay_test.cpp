// Security between nodes with real brokers (docs/ARCHITECTURE.md, "Federation"): three nodes
// with CURVE on, and every relayed event checked again (a forged signature, an event altered
// in the peer's database, a signer the registry does not know yet).
#include <csignal>
#include <thread>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "alertbus/protocol/event_id.hpp"
#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "federation.hpp"
#include "security_fixture.hpp"
#include "security_helpers.hpp"
#include "support/sample_events.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {
namespace {

// Hải Dương, pulled from by checking_node(): `extra_args` decide whether it checks anything.
BrokerProcess::Options hai_duong_node(const TempDir& dir, std::vector<std::string> extra_args) {
  BrokerProcess::Options options;
  options.node_id = "hai-duong";
  options.reference_prefix = "HD";
  options.directory = dir.path() / "hai-duong";
  options.extra_args = std::move(extra_args);
  return options;
}

// Bắc Giang in plain mode with the registry (so it checks signatures), pulling from Hải
// Dương.
BrokerProcess::Options checking_node(const TempDir& dir, const SecurityFixture& keys,
                                     const BrokerProcess& hai_duong) {
  BrokerProcess::Options options;
  options.directory = dir.path() / "bac-giang";
  options.extra_args = {"--registry", keys.registry_path().string(), "--peer",
                        "hai-duong=" + hai_duong.endpoint()};
  return options;
}

}  // namespace

TEST_CASE("Three nodes with CURVE on: every alert everywhere once, signatures kept") {
  TempDir keys_dir;
  SecurityFixture keys(keys_dir.path(), {"bac-giang", "hai-duong", "quang-ninh"});
  Federation federation(
      three_provinces(), [](std::size_t, std::size_t) { return true; }, {},
      [&](const NodeSpec& node) { return keys.broker_args(node.id); });
  zmq::context_t context;
  for (std::size_t i = 0; i < federation.size(); ++i) {
    const std::string& id = federation.node(i).id;
    WireClient::use_keys_for(federation.endpoint_of(i), keys.client_keys(id + "/operator", id));
  }
  std::set<std::string> ids;
  for (std::size_t i = 0; i < federation.size(); ++i) {
    const std::string& id = federation.node(i).id;
    WireClient unit(context, federation.endpoint_of(i), keys.client_keys(id + "/cnty", id));
    const v1::Event alert = own_alert(id);
    REQUIRE(publish(unit, keys.signed_publish(alert, id + "/cnty")).has_publish_ack());
    ids.insert(alert.event_id());
  }
  for (std::size_t i = 0; i < federation.size(); ++i) {
    CHECK(wait_for_count(context, federation.endpoint_of(i), 3) == 3);
  }
  check_converged(federation, context, ids);
  for (const v1::StoredEvent& event : all_events(context, federation.endpoint_of(2))) {
    CHECK(event.signature().size() == 64);
    // Alerts are signed by their unit; receipts by the node that issued them.
    CHECK(event.signer() == event.origin().node() + (is_notice(event) ? "" : "/cnty"));
  }
  WireClient operator_client(context, federation.endpoint_of(0));
  const v1::StatusReply status = operator_client.status();
  for (const v1::PeerLinkStatus& peer : status.peers()) {
    CHECK(peer.connected());
    CHECK(peer.events_refused() == 0);
  }
}

TEST_CASE("A forged event relayed by a peer is refused, and the link reports it") {
  // Hải Dương runs without a registry, so it stores whatever it is given; Bắc Giang holds the
  // trust bundle and pulls from it.
  TempDir dir;
  SecurityFixture keys(dir.path(), {"bac-giang", "hai-duong", "quang-ninh"});
  BrokerProcess hai_duong(hai_duong_node(dir, {}));
  zmq::context_t context;
  WireClient publisher(context, hai_duong.endpoint(), std::nullopt);
  // Signed by the plant-protection unit's key, claiming to be CNTY's.
  v1::Frame forged = keys.signed_publish(own_alert("hai-duong"), "hai-duong/bvtv");
  forged.mutable_publish()->set_signer("hai-duong/cnty");
  REQUIRE(publish(publisher, forged).has_publish_ack());
  const v1::Event genuine = own_alert("hai-duong");
  REQUIRE(publish(publisher, keys.signed_publish(genuine, "hai-duong/cnty")).has_publish_ack());

  BrokerProcess bac_giang(checking_node(dir, keys, hai_duong));
  REQUIRE(wait_for_count(context, bac_giang.endpoint(), 1) == 1);
  std::this_thread::sleep_for(300ms);
  std::vector<v1::StoredEvent> held;
  for (v1::StoredEvent& event : all_events(context, bac_giang.endpoint())) {
    if (!is_notice(event)) {
      held.push_back(std::move(event));
    }
  }
  REQUIRE(held.size() == 1);
  CHECK(held[0].event_id() == genuine.event_id());
  WireClient observer(context, bac_giang.endpoint(), std::nullopt);
  const v1::StatusReply status = observer.status();
  REQUIRE(status.peers_size() == 1);
  CHECK(status.peers(0).events_refused_unauthorized() == 1);
  CHECK(status.peers(0).last_error().find("does not verify") != std::string::npos);
}

TEST_CASE("An event altered in a peer's database before relay is refused") {
  TempDir dir;
  SecurityFixture keys(dir.path(), {"bac-giang", "hai-duong", "quang-ninh"});
  BrokerProcess hai_duong(hai_duong_node(dir, {"--registry", keys.registry_path().string()}));
  zmq::context_t context;
  std::vector<v1::Event> alerts;
  {
    WireClient publisher(context, hai_duong.endpoint(), std::nullopt);
    for (int i = 0; i < 3; ++i) {
      alerts.push_back(own_alert("hai-duong"));
      REQUIRE(publish(publisher, keys.signed_publish(alerts.back(), "hai-duong/cnty"))
                  .has_publish_ack());
    }
  }
  REQUIRE(hai_duong.stop() == 0);
  // Someone with access to Hải Dương's file rewrites the second alert's title.
  {
    sqlite3* db = nullptr;
    REQUIRE(sqlite3_open(hai_duong.database_path().c_str(), &db) == SQLITE_OK);
    v1::Event changed = alerts[1];
    changed.set_title("Đã khống chế hoàn toàn, không cần cách ly");
    const std::string bytes = changed.SerializeAsString();
    REQUIRE(sqlite3_exec(db, "DROP TRIGGER log_is_append_only_update", nullptr, nullptr, nullptr) ==
            SQLITE_OK);
    sqlite3_stmt* update = nullptr;
    REQUIRE(sqlite3_prepare_v2(db, "UPDATE log SET event = ?1 WHERE event_id = ?2", -1, &update,
                               nullptr) == SQLITE_OK);
    sqlite3_bind_blob(update, 1, bytes.data(), static_cast<int>(bytes.size()), SQLITE_STATIC);
    sqlite3_bind_text(update, 2, alerts[1].event_id().c_str(), -1, SQLITE_STATIC);
    CHECK(sqlite3_step(update) == SQLITE_DONE);
    CHECK(sqlite3_changes(db) == 1);
    sqlite3_finalize(update);
    sqlite3_close(db);
  }
  hai_duong.start();
  BrokerProcess bac_giang(checking_node(dir, keys, hai_duong));
  REQUIRE(wait_for_count(context, bac_giang.endpoint(), 2) == 2);
  std::this_thread::sleep_for(300ms);
  std::set<std::string> held;
  for (const v1::StoredEvent& event : all_events(context, bac_giang.endpoint())) {
    if (!is_notice(event)) {
      held.insert(event.event_id());
    }
  }
  CHECK(held == std::set<std::string>{alerts[0].event_id(), alerts[2].event_id()});
  WireClient observer(context, bac_giang.endpoint(), std::nullopt);
  const v1::StatusReply status = observer.status();
  REQUIRE(status.peers_size() == 1);
  CHECK(status.peers(0).events_refused_unauthorized() == 1);
  CHECK(wait_for_log(bac_giang, alerts[1].event_id()));
}

TEST_CASE("A relayed event whose signer the registry does not know yet waits, and is not lost") {
  TempDir dir;
  SecurityFixture keys(dir.path(), {"bac-giang", "hai-duong", "quang-ninh"});
  BrokerProcess hai_duong(hai_duong_node(dir, {}));
  zmq::context_t context;
  v1::Event pest = sample_crop_pest();
  pest.set_sender_unit("hai-duong/bvtv");
  pest.mutable_areas(0)->set_code("30");
  v1::Event later_pest = pest;
  later_pest.set_event_id(protocol::new_event_id());
  const v1::Event alert = own_alert("hai-duong");  // By hai-duong/cnty.
  {
    WireClient publisher(context, hai_duong.endpoint(), std::nullopt);
    for (const auto& [event, signer] :
         {std::pair{pest, "hai-duong/bvtv"}, std::pair{alert, "hai-duong/cnty"},
          std::pair{later_pest, "hai-duong/bvtv"}}) {
      REQUIRE(publish(publisher, keys.signed_publish(event, signer)).has_publish_ack());
    }
  }
  // Bắc Giang's registry does not have Hải Dương's veterinary unit yet.
  keys.write_registry({}, "2000-01-01T00:00:00Z", {"hai-duong/cnty", "hai-duong/dashboard"});
  BrokerProcess bac_giang(checking_node(dir, keys, hai_duong));
  REQUIRE(wait_for_count(context, bac_giang.endpoint(), 1) == 1);
  CHECK(wait_for_log(bac_giang, "the link waits at this event"));
  std::this_thread::sleep_for(500ms);
  CHECK(wait_for_count(context, bac_giang.endpoint(), 2, 500ms) == 1);  // Held, not skipped.
  {
    WireClient observer(context, bac_giang.endpoint(), std::nullopt);
    const v1::StatusReply status = observer.status();
    REQUIRE(status.peers_size() == 1);
    CHECK(status.peers(0).events_refused() == 0);
    CHECK(status.peers(0).last_error().find("waiting for the registry") != std::string::npos);
  }
  // The registry catches up; the link goes on from the held event.
  keys.write_registry();
  REQUIRE(::kill(bac_giang.pid(), SIGHUP) == 0);
  REQUIRE(wait_for_count(context, bac_giang.endpoint(), 3) == 3);
  std::set<std::string> held;
  for (const v1::StoredEvent& event : all_events(context, bac_giang.endpoint())) {
    if (!is_notice(event)) {
      held.insert(event.event_id());
    }
  }
  CHECK(held == std::set<std::string>{pest.event_id(), alert.event_id(), later_pest.event_id()});
}

}  // namespace alertbus::testing
