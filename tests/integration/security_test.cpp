// Security with real brokers (docs/OPERATIONS.md, "Security"): CurveZMQ and the ZAP
// gatekeeper, the authority rules, signatures checked on publish, the registry reloaded on
// SIGHUP, operators and the connection limit. Signatures checked on relay, between nodes, are
// security_relay_test.cpp's.
#include <csignal>
#include <thread>

#include <catch2/catch.hpp>

#include "alertbus/client/client.hpp"
#include "alertbus/protocol/event_id.hpp"
#include "alertbus/protocol/keys.hpp"
#include "alertctl_process.hpp"
#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "security_fixture.hpp"
#include "security_helpers.hpp"
#include "support/sample_events.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {
namespace {

void check_refused(const v1::Frame& reply, v1::ErrorCode code, const std::string& rule) {
  INFO(reply.DebugString());
  REQUIRE(reply.has_error());
  CHECK(reply.error().code() == code);
  CHECK(reply.error().message().find(rule) != std::string::npos);
  CHECK_FALSE(reply.error().message_vi().empty());
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
  // A server key that is not the broker's: the broker cannot read the handshake and closes
  // it; the library says so (at once, not after its timeout) rather than "no answer".
  auto wrong_server = std::make_shared<client::Credentials>(*credentials);
  wrong_server->keys = node.keys.keys("bac-giang/operator");
  wrong_server->server_key = node.keys.keys("bac-giang/cnty").curve_public;
  options.credentials = wrong_server;
  options.request_timeout = 20s;
  auto misdirected = client::Client::connect(options);
  REQUIRE(misdirected.ok());
  const StatusOr<v1::StatusReply> unread = misdirected.value()->status();
  REQUIRE_FALSE(unread.ok());
  INFO(unread.status().to_string());
  CHECK(unread.status().code() == v1::PERMISSION_DENIED);
  CHECK(unread.status().message().find("the server key given") != std::string::npos);
  CHECK(unread.status().message_vi().find("khóa máy chủ") != std::string::npos);
  // A client without keys at a CURVE broker is told to bring them.
  client::ClientOptions plain_options;
  plain_options.endpoint = node.broker.endpoint();
  plain_options.request_timeout = 20s;
  auto plain_client = client::Client::connect(plain_options);
  REQUIRE(plain_client.ok());
  const StatusOr<v1::StatusReply> unsecured = plain_client.value()->status();
  REQUIRE_FALSE(unsecured.ok());
  INFO(unsecured.status().to_string());
  CHECK(unsecured.status().code() == v1::PERMISSION_DENIED);
  CHECK(unsecured.status().message().find("requires CURVE") != std::string::npos);
  // With a registered key the same library is served.
  options.request_timeout = 1500ms;
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
  CHECK(wait_for_log(node.broker, "own kinds"));  // Every refusal is logged,
  // naming the principal whose request it refused.
  CHECK(wait_for_log(node.broker, "bac-giang/cnty (connection "));
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

TEST_CASE("A revocation dated in the future stops a live subscription at its time") {
  SecureNode node;
  auto watcher = node.client("bac-giang/kiem-lam");
  v1::Subscribe live;
  live.set_from_now(true);
  REQUIRE(watcher->subscribe(live).has_subscribed());
  // Revoked from a whole second 2-3 s ahead, loaded now.
  const auto revoked_at =
      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now()) +
      std::chrono::seconds(3);
  const std::time_t revoked_time = std::chrono::system_clock::to_time_t(revoked_at);
  char text[32];
  std::strftime(text, sizeof(text), "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&revoked_time));
  node.keys.write_registry({"bac-giang/kiem-lam"}, text);
  REQUIRE(::kill(node.broker.pid(), SIGHUP) == 0);
  REQUIRE(wait_for_log(node.broker, "registry reloaded"));
  auto bvtv = node.client("bac-giang/bvtv");
  REQUIRE(publish(*bvtv, node.keys.signed_publish(sample_crop_pest(), "bac-giang/bvtv"))
              .has_publish_ack());
  CHECK(watcher->receive_events(1, 1000ms).size() == 1);  // Before its time: delivered.
  std::this_thread::sleep_until(revoked_at + 200ms);
  REQUIRE(publish(*bvtv, node.keys.signed_publish(sample_crop_pest(), "bac-giang/bvtv"))
              .has_publish_ack());
  CHECK(watcher->receive_events(1, 1000ms).empty());  // After it: nothing.
  CHECK(wait_for_log(node.broker, "bac-giang/kiem-lam is revoked: its subscriptions"));
}

TEST_CASE(
    "A durable name is its principal's: another principal can neither take it over nor "
    "move or delete its cursor") {
  SecureNode node;
  auto cnty = node.client("bac-giang/cnty");
  REQUIRE(publish(*cnty, node.keys.signed_publish(own_alert("bac-giang"), "bac-giang/cnty"))
              .has_publish_ack());
  auto operator_client = node.client("bac-giang/operator");
  v1::Subscribe durable;
  durable.set_durable_name("bang-theo-doi");
  durable.set_from_beginning(true);
  const v1::Frame subscribed = operator_client->subscribe(durable);
  REQUIRE(subscribed.has_subscribed());
  const std::vector<v1::StoredEvent> first = operator_client->receive_events(1, 2000ms);
  REQUIRE(first.size() == 1);
  operator_client->ack(subscribed.request_id(), first[0].seq(), 1);
  // The dashboard subscribes under the same name: a subscription of its own, from its own start.
  auto dashboard = node.client("bac-giang/dashboard");
  v1::Subscribe same_name;
  same_name.set_durable_name("bang-theo-doi");
  same_name.set_from_now(true);
  const v1::Frame theirs = dashboard->subscribe(same_name);
  REQUIRE(theirs.has_subscribed());
  CHECK_FALSE(theirs.subscribed().resumed());
  // ...and forgets it: the operator's cursor stays.
  v1::Frame forget;
  forget.set_request_id(dashboard->next_request_id());
  forget.mutable_unsubscribe()->set_subscription_id(theirs.request_id());
  forget.mutable_unsubscribe()->set_forget(true);
  dashboard->send(forget);
  // The operator was not taken over: a new alert reaches it.
  REQUIRE(publish(*cnty, node.keys.signed_publish(own_alert("bac-giang"), "bac-giang/cnty"))
              .has_publish_ack());
  const std::vector<v1::StoredEvent> second = operator_client->receive_events(1, 2000ms);
  REQUIRE(second.size() == 1);
  CHECK(second[0].seq() > first[0].seq());
  operator_client->ack(subscribed.request_id(), second[0].seq(), 1);
  std::this_thread::sleep_for(300ms);  // The acknowledged cursor is committed.
  // Reconnecting, the operator resumes after what it acknowledged.
  operator_client.reset();
  auto again = node.client("bac-giang/operator");
  const v1::Frame resumed = again->subscribe(durable);
  REQUIRE(resumed.has_subscribed());
  CHECK(resumed.subscribed().resumed());
  CHECK(resumed.subscribed().start_after_seq() == second[0].seq());
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

}  // namespace alertbus::testing

namespace alertbus::testing {

TEST_CASE("An officer's watch follows the kinds of the officer's unit unless asked for all") {
  SecureNode node;
  auto cnty = node.client("bac-giang/cnty");
  REQUIRE(publish(*cnty, node.keys.signed_publish(own_alert("bac-giang"), "bac-giang/cnty"))
              .has_publish_ack());
  auto bvtv = node.client("bac-giang/bvtv");
  REQUIRE(publish(*bvtv, node.keys.signed_publish(sample_crop_pest(), "bac-giang/bvtv"))
              .has_publish_ack());
  const std::string server_key = protocol::z85_key(node.keys.keys("bac-giang").curve_public);
  const auto watch = [&](std::vector<std::string> more) {
    std::vector<std::string> args{"watch",        "--from-beginning",
                                  "--timeout",    "3",
                                  "--broker",     node.broker.endpoint(),
                                  "--key-file",   node.keys.key_file("bac-giang/cnty").string(),
                                  "--server-key", server_key,
                                  "--lang",       "en"};
    args.insert(args.end(), more.begin(), more.end());
    return run_alertctl(args);
  };
  Run run = watch({"--count", "2"});
  INFO(run.output);
  CHECK(run.exit_code == 6);  // Only one event of its kinds arrives.
  // External notices concern every unit: the default watch follows them too.
  CHECK(run.output.find("Watching your unit's kinds (--all-kinds for every kind): Animal "
                        "disease, External alert") != std::string::npos);
  CHECK(run.output.find("Animal disease · Alert") != std::string::npos);
  CHECK(run.output.find("Crop pest") == std::string::npos);
  run = watch({"--count", "2", "--all-kinds"});
  INFO(run.output);
  CHECK(run.exit_code == 0);
  CHECK(run.output.find("Crop pest · Alert") != std::string::npos);
  run = watch({"--count", "1", "--kind", "crop-pest"});
  CHECK(run.exit_code == 0);
  CHECK(run.output.find("Crop pest · Alert") != std::string::npos);
}

}  // namespace alertbus::testing
