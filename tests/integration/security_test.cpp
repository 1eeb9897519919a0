// Security with real brokers (docs/OPERATIONS.md, "Security"): CurveZMQ and the ZAP
// gatekeeper, the authority rules, signatures checked on publish and on relay, the registry
// reloaded on SIGHUP, and a three-node federation with CURVE on.
#include <csignal>
#include <fstream>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "alertbus/client/client.hpp"
#include "alertbus/protocol/event_id.hpp"
#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "federation.hpp"
#include "security_fixture.hpp"
#include "support/sample_events.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {
namespace {

using namespace std::chrono_literals;

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Waits until the broker's log holds `needle`.
bool wait_for_log(const BrokerProcess& broker, const std::string& needle,
                  std::chrono::milliseconds timeout = 10s) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (read_file(broker.log_path()).find(needle) != std::string::npos) {
      return true;
    }
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

// An animal-disease alert of `node`'s CNTY for its own province.
v1::Event own_alert(const std::string& node) {
  v1::Event event = sample_animal_disease();
  event.set_sender_unit(node + "/cnty");
  const char* code = node == "bac-giang" ? "24" : node == "hai-duong" ? "30" : "22";
  event.mutable_areas(0)->set_code(code);
  return event;
}

v1::Frame publish(WireClient& client, v1::Frame frame) {
  frame.set_request_id(client.next_request_id());
  client.send(frame);
  const std::optional<v1::Frame> reply = client.receive_reply(frame.request_id());
  REQUIRE(reply);
  return *reply;
}

void check_refused(const v1::Frame& reply, v1::ErrorCode code, const std::string& rule) {
  INFO(reply.DebugString());
  REQUIRE(reply.has_error());
  CHECK(reply.error().code() == code);
  CHECK(reply.error().message().find(rule) != std::string::npos);
  CHECK_FALSE(reply.error().message_vi().empty());
}

// A curve-mode Bắc Giang broker and the fixture behind it.
struct SecureNode {
  TempDir dir;
  SecurityFixture keys{dir.path(), {"bac-giang", "hai-duong", "quang-ninh"}};
  BrokerProcess broker{[this] {
    BrokerProcess::Options options;
    options.directory = dir.path() / "node";
    options.extra_args = keys.broker_args("bac-giang");
    return options;
  }()};
  zmq::context_t context;

  std::unique_ptr<WireClient> client(const std::string& id) {
    return std::make_unique<WireClient>(context, broker.endpoint(),
                                        keys.client_keys(id, "bac-giang"));
  }

  std::uint64_t stored() { return client("bac-giang/operator")->status().event_count(); }
};

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

TEST_CASE("With CURVE on, a key missing from the registry is refused and a known key served") {
  SecureNode node;
  // A key pair nobody registered.
  const protocol::KeyFile stranger = protocol::generate_key_file("bac-giang/stranger");
  WireClient unknown(node.context, node.broker.endpoint(),
                     CurveClientKeys{node.keys.keys("bac-giang").curve_public,
                                     stranger.curve_public, stranger.curve_secret});
  v1::Frame ping;
  ping.set_request_id(1);
  ping.mutable_ping();
  unknown.send(ping);
  CHECK_FALSE(unknown.receive(1500ms));  // The handshake never completes.
  CHECK(wait_for_log(node.broker, "is not in the registry"));
  // A plain client gets nothing either.
  WireClient plain(node.context, node.broker.endpoint(), std::nullopt);
  plain.send(ping);
  CHECK_FALSE(plain.receive(1000ms));
  // A registered operator is served.
  CHECK(node.client("bac-giang/operator")->status().node_id() == "bac-giang");
  // The client library says why it got no answer: its key was refused.
  auto credentials = std::make_shared<client::Credentials>();
  credentials->keys = stranger;
  credentials->signing_secret = protocol::expand_signing_seed(stranger.signing_seed);
  credentials->server_key = node.keys.keys("bac-giang").curve_public;
  client::ClientOptions options;
  options.endpoint = node.broker.endpoint();
  options.request_timeout = 1500ms;
  options.credentials = credentials;
  auto refused = client::Client::connect(options);
  REQUIRE(refused.ok());
  const StatusOr<v1::StatusReply> answer = refused.value()->status();
  REQUIRE_FALSE(answer.ok());
  CHECK(answer.status().code() == v1::PERMISSION_DENIED);
  CHECK(answer.status().message().find("refused this client's key") != std::string::npos);
  // With a registered key the same library is served.
  auto known = std::make_shared<client::Credentials>(*credentials);
  known->keys = node.keys.keys("bac-giang/operator");
  options.credentials = known;
  auto served = client::Client::connect(options);
  REQUIRE(served.ok());
  const StatusOr<v1::StatusReply> status = served.value()->status();
  REQUIRE(status.ok());
  CHECK(status.value().node_id() == "bac-giang");
}

TEST_CASE("A unit may issue only its own kinds, as itself, from its own connection") {
  SecureNode node;
  auto cnty = node.client("bac-giang/cnty");
  // Its own kind in its own province: stored.
  const v1::Frame good =
      publish(*cnty, node.keys.signed_publish(own_alert("bac-giang"), "bac-giang/cnty"));
  REQUIRE(good.has_publish_ack());
  // A crop-pest alert (another unit's kind) in CNTY's name, signed by CNTY.
  v1::Event pest = sample_crop_pest();
  pest.set_sender_unit("bac-giang/cnty");
  check_refused(publish(*cnty, node.keys.signed_publish(pest, "bac-giang/cnty")),
                v1::PERMISSION_DENIED, "own kinds");
  // CNTY signing an event in the plant-protection unit's name.
  check_refused(publish(*cnty, node.keys.signed_publish(sample_crop_pest(), "bac-giang/cnty")),
                v1::PERMISSION_DENIED, "sender is signer");
  // CNTY's connection carrying an event the plant-protection unit signed.
  check_refused(publish(*cnty, node.keys.signed_publish(sample_crop_pest(), "bac-giang/bvtv")),
                v1::PERMISSION_DENIED, "connection signs");
  // An operator publishes nothing.
  auto operator_client = node.client("bac-giang/operator");
  check_refused(publish(*operator_client,
                        node.keys.signed_publish(own_alert("bac-giang"), "bac-giang/operator")),
                v1::PERMISSION_DENIED, "who publishes");
  CHECK(node.stored() == 1);
  CHECK(wait_for_log(node.broker, "own kinds"));  // Every refusal is logged.
}

TEST_CASE("A unit may not issue for another province, nor publish at another node") {
  SecureNode node;
  auto cnty = node.client("bac-giang/cnty");
  v1::Event elsewhere = own_alert("bac-giang");
  elsewhere.mutable_areas(0)->set_code("22");  // Quảng Ninh.
  elsewhere.mutable_areas(0)->set_name("Quảng Ninh");
  check_refused(publish(*cnty, node.keys.signed_publish(elsewhere, "bac-giang/cnty")),
                v1::PERMISSION_DENIED, "own province");
  v1::Event commune_elsewhere = own_alert("bac-giang");
  commune_elsewhere.mutable_areas(0)->set_code("06000");  // Outside 07201-07780.
  check_refused(publish(*cnty, node.keys.signed_publish(commune_elsewhere, "bac-giang/cnty")),
                v1::PERMISSION_DENIED, "own province");
  // Hải Dương's CNTY is a known principal, but not of this node.
  auto visitor = node.client("hai-duong/cnty");
  check_refused(
      publish(*visitor, node.keys.signed_publish(own_alert("hai-duong"), "hai-duong/cnty")),
      v1::PERMISSION_DENIED, "own node");
  CHECK(node.stored() == 0);
}

TEST_CASE("A forged, altered or missing signature on a publish is refused and nothing stored") {
  SecureNode node;
  auto cnty = node.client("bac-giang/cnty");
  // Signed with the plant-protection unit's key but claiming CNTY's.
  v1::Frame forged = node.keys.signed_publish(own_alert("bac-giang"), "bac-giang/bvtv");
  forged.mutable_publish()->set_signer("bac-giang/cnty");
  check_refused(publish(*cnty, forged), v1::INVALID_SIGNATURE, "does not verify");
  // The right key, but the event changed after signing.
  v1::Frame altered = node.keys.signed_publish(own_alert("bac-giang"), "bac-giang/cnty");
  v1::Event changed;
  REQUIRE(changed.ParseFromString(altered.publish().event()));
  changed.set_title("Tin giả: dịch đã hết");
  changed.SerializeToString(altered.mutable_publish()->mutable_event());
  check_refused(publish(*cnty, altered), v1::INVALID_SIGNATURE, "does not verify");
  // Not signed at all.
  v1::Frame unsigned_frame = node.keys.signed_publish(own_alert("bac-giang"), "bac-giang/cnty");
  unsigned_frame.mutable_publish()->clear_signature();
  check_refused(publish(*cnty, unsigned_frame), v1::INVALID_SIGNATURE, "not signed");
  CHECK(node.stored() == 0);
}

TEST_CASE("A dashboard acknowledges for its unit, closes nothing and reads only its scope") {
  SecureNode node;
  auto cnty = node.client("bac-giang/cnty");
  const v1::Event alert = own_alert("bac-giang");
  REQUIRE(publish(*cnty, node.keys.signed_publish(alert, "bac-giang/cnty")).has_publish_ack());
  auto dashboard = node.client("bac-giang/dashboard");
  v1::Event acknowledge = sample_follow_up(alert, v1::ACKNOWLEDGE);
  acknowledge.set_sender_unit("bac-giang/cnty");
  CHECK(publish(*dashboard, node.keys.signed_publish(acknowledge, "bac-giang/dashboard"))
            .has_publish_ack());
  v1::Event close = sample_follow_up(alert, v1::CLOSE);
  close.set_sender_unit("bac-giang/cnty");
  check_refused(publish(*dashboard, node.keys.signed_publish(close, "bac-giang/dashboard")),
                v1::PERMISSION_DENIED, "dashboard follow-ups");
  // Reads: crop pests are outside its read_kinds; an unfiltered subscription is narrowed.
  v1::Subscribe pests;
  pests.mutable_filter()->add_kinds(v1::CROP_PEST);
  check_refused(dashboard->subscribe(pests), v1::PERMISSION_DENIED, "read scope");
  auto bvtv = node.client("bac-giang/bvtv");
  const v1::Event pest = sample_crop_pest();
  REQUIRE(publish(*bvtv, node.keys.signed_publish(pest, "bac-giang/bvtv")).has_publish_ack());
  v1::Subscribe everything;
  everything.set_from_beginning(true);
  REQUIRE(dashboard->subscribe(everything).has_subscribed());
  const std::vector<v1::StoredEvent> seen = dashboard->receive_events(3, 1500ms);
  REQUIRE(seen.size() == 2);  // The alert and the acknowledgement, not the crop pest.
  for (const v1::StoredEvent& event : seen) {
    CHECK(event.kind() == v1::ANIMAL_DISEASE);
    CHECK_FALSE(event.signer().empty());
  }
  // Queries too: a listing is narrowed, a crop-pest filter or lookup refused.
  v1::Query listing;
  listing.mutable_filter();
  const v1::Frame listed = dashboard->query(listing);
  REQUIRE(listed.has_query_result());
  CHECK(listed.query_result().events_size() == 2);
  v1::Query pest_listing;
  pest_listing.mutable_filter()->add_kinds(v1::CROP_PEST);
  check_refused(dashboard->query(pest_listing), v1::PERMISSION_DENIED, "read scope");
  v1::Query lookup;
  lookup.set_event_id(pest.event_id());
  check_refused(dashboard->query(lookup), v1::PERMISSION_DENIED, "read scope");
}

TEST_CASE("A revoked unit's valid key is refused after SIGHUP, without a restart") {
  SecureNode node;
  auto cnty = node.client("bac-giang/cnty");
  REQUIRE(publish(*cnty, node.keys.signed_publish(own_alert("bac-giang"), "bac-giang/cnty"))
              .has_publish_ack());
  auto watcher = node.client("bac-giang/cnty");
  v1::Subscribe live;
  live.set_from_now(true);
  REQUIRE(watcher->subscribe(live).has_subscribed());
  const pid_t pid = node.broker.pid();
  node.keys.write_registry({"bac-giang/cnty"});
  REQUIRE(::kill(pid, SIGHUP) == 0);
  REQUIRE(wait_for_log(node.broker, "registry reloaded"));
  // The open connection's next publish is refused...
  check_refused(publish(*cnty, node.keys.signed_publish(own_alert("bac-giang"), "bac-giang/cnty")),
                v1::PERMISSION_DENIED, "revoked key");
  // ...and a new connection with that key is not let in.
  auto again = node.client("bac-giang/cnty");
  v1::Frame ping;
  ping.set_request_id(1);
  ping.mutable_ping();
  again->send(ping);
  CHECK_FALSE(again->receive(1500ms));
  CHECK(wait_for_log(node.broker, "the key of bac-giang/cnty is revoked"));
  // Its live subscription stopped at the reload: a crop-pest alert stored now is not sent.
  CHECK(wait_for_log(node.broker, "its subscriptions on connection"));
  auto bvtv = node.client("bac-giang/bvtv");
  REQUIRE(publish(*bvtv, node.keys.signed_publish(sample_crop_pest(), "bac-giang/bvtv"))
              .has_publish_ack());
  CHECK(watcher->receive_events(1, 1000ms).empty());
  // Same process, others still served.
  CHECK(node.broker.pid() == pid);
  CHECK(node.stored() == 2);
  // A registry that does not parse leaves the old one in force.
  std::ofstream(node.keys.registry_path()) << "[[nodes]\n";
  REQUIRE(::kill(pid, SIGHUP) == 0);
  REQUIRE(wait_for_log(node.broker, "registry NOT reloaded"));
  CHECK(node.stored() == 2);
}

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

TEST_CASE("Only an operator administers the node") {
  SecureNode node;
  v1::Frame admin;
  admin.mutable_admin_request()->set_reproject(true);
  for (const char* id : {"bac-giang/cnty", "bac-giang/dashboard"}) {
    auto unit = node.client(id);
    admin.set_request_id(unit->next_request_id());
    unit->send(admin);
    const std::optional<v1::Frame> refused = unit->receive_reply(admin.request_id());
    REQUIRE(refused);
    check_refused(*refused, v1::PERMISSION_DENIED, "only an operator");
  }
  auto operator_client = node.client("bac-giang/operator");
  admin.set_request_id(operator_client->next_request_id());
  operator_client->send(admin);
  const std::optional<v1::Frame> done = operator_client->receive_reply(admin.request_id());
  REQUIRE(done);
  CHECK(done->has_admin_reply());
}

TEST_CASE("A connection beyond max_connections is refused at the handshake with a clear error") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path();
  options.extra_args = {"--max-connections", "1"};
  BrokerProcess broker(options);
  client::ClientOptions client_options;
  client_options.endpoint = broker.endpoint();
  client_options.request_timeout = std::chrono::milliseconds(1500);
  auto first = client::Client::connect(client_options);
  REQUIRE(first.ok());
  REQUIRE(first.value()->status().ok());  // Holds the one connection.
  auto second = client::Client::connect(client_options);
  REQUIRE(second.ok());
  const StatusOr<v1::StatusReply> refused = second.value()->status();
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == v1::TOO_MANY_CONNECTIONS);
  CHECK(wait_for_log(broker, "connections, the limit is 1"));
  CHECK(first.value()->status().ok());  // The first is still served.
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
