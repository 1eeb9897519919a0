// A reused event id across a partition, with three real brokers in CURVE mode (issue 12,
// item 3): Bắc Giang issues a real outbreak alert, which Hải Dương receives; Quảng Ninh,
// cut off, publishes its own TEST "no outbreak" under that alert's id. After the mesh heals,
// every node keeps the real alert (and the fake beside it: neither suppresses the other),
// each link counts the conflict, `alertctl audit checkpoints` names both events by
// reference with exit code 9, and `audit verify` finds the case records true to the log.
#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <thread>

#include <catch2/catch.hpp>

#include "alertctl_process.hpp"
#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "federation.hpp"
#include "security_fixture.hpp"
#include "security_helpers.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {
namespace {

constexpr const char* kNodes[] = {"bac-giang", "hai-duong", "quang-ninh"};
constexpr const char* kPrefixes[] = {"BG", "HD", "QN"};

// The three brokers' directories and keys; each broker started with the peers given.
struct PartitionedMesh {
  TempDir dir;
  TempDir keys_dir;
  SecurityFixture keys{keys_dir.path(), {"bac-giang", "hai-duong", "quang-ninh"}};
  std::unique_ptr<BrokerProcess> brokers[3];

  std::filesystem::path directory(std::size_t i) const { return dir.path() / kNodes[i]; }

  std::string endpoint(std::size_t i) const {
    return "ipc://" + (directory(i) / "broker.sock").string();
  }

  // (Re)starts node i linked to each node j of `peers`.
  void start(std::size_t i, const std::vector<std::size_t>& peers) {
    brokers[i].reset();  // Stops the running one first (SIGTERM).
    BrokerProcess::Options options;
    options.node_id = kNodes[i];
    options.reference_prefix = kPrefixes[i];
    options.directory = directory(i);
    options.extra_args = keys.broker_args(kNodes[i]);
    for (const std::string& arg : heartbeat_args(kFastHeartbeatMs)) {
      options.extra_args.push_back(arg);
    }
    for (const std::size_t j : peers) {
      options.extra_args.push_back("--peer");
      options.extra_args.push_back(std::string(kNodes[j]) + "=" + endpoint(j));
    }
    brokers[i] = std::make_unique<BrokerProcess>(options);
    REQUIRE(brokers[i]->endpoint() == endpoint(i));
    WireClient::use_keys_for(endpoint(i),
                             keys.client_keys(std::string(kNodes[i]) + "/operator", kNodes[i]));
  }

  v1::PublishAck publish(zmq::context_t& context, std::size_t i, const v1::Event& event) {
    const std::string unit = event.sender_unit();
    WireClient client(context, endpoint(i), keys.client_keys(unit, kNodes[i]));
    const v1::Frame reply = testing::publish(client, keys.signed_publish(event, unit));
    INFO(reply.DebugString());
    REQUIRE(reply.has_publish_ack());
    return reply.publish_ack();
  }
};

// The node's copy of the event numbered `reference`, if it holds one.
std::optional<v1::StoredEvent> by_reference(zmq::context_t& context, const std::string& endpoint,
                                            const std::string& reference) {
  WireClient client(context, endpoint);
  v1::Query query;
  query.set_reference(reference);
  const v1::Frame result = client.query(query);
  REQUIRE(result.has_query_result());
  if (result.query_result().events().empty()) {
    return std::nullopt;
  }
  return result.query_result().events(0);
}

std::uint64_t id_conflicts(zmq::context_t& context, const std::string& endpoint) {
  WireClient client(context, endpoint);
  std::uint64_t conflicts = 0;
  const v1::StatusReply status = client.status();
  for (const v1::PeerLinkStatus& link : status.peers()) {
    conflicts += link.events_id_conflict();
  }
  return conflicts;
}

}  // namespace

TEST_CASE("A reused id across a partition keeps the real alert on every node, and is reported") {
  PartitionedMesh mesh;
  zmq::context_t context;
  // Bắc Giang and Hải Dương linked; Quảng Ninh cut off (no link either way).
  mesh.start(0, {1});
  mesh.start(1, {0});
  mesh.start(2, {});
  const v1::Event outbreak = own_alert("bac-giang");
  const v1::PublishAck real = mesh.publish(context, 0, outbreak);
  REQUIRE(wait_for_count(context, mesh.endpoint(1), 1) == 1);
  // Quảng Ninh's unit, having read the alert, publishes its own under the same id.
  v1::Event fake = own_alert("quang-ninh");
  fake.set_event_id(outbreak.event_id());
  fake.set_status(v1::TEST);
  fake.set_title("Không có dịch (thử nghiệm)");
  const v1::PublishAck faked = mesh.publish(context, 2, fake);
  CHECK(faked.reference().rfind("QN-", 0) == 0);

  // The mesh heals: every node linked to both others.
  mesh.start(0, {1, 2});
  mesh.start(1, {0, 2});
  mesh.start(2, {0, 1});
  for (std::size_t i = 0; i < 3; ++i) {
    INFO(kNodes[i]);
    REQUIRE(wait_for_count(context, mesh.endpoint(i), 2) == 2);
    const auto kept_real = by_reference(context, mesh.endpoint(i), real.reference());
    REQUIRE(kept_real);
    CHECK(kept_real->event() == outbreak.SerializeAsString());
    const auto kept_fake = by_reference(context, mesh.endpoint(i), faked.reference());
    REQUIRE(kept_fake);
    CHECK(kept_fake->event() == fake.SerializeAsString());
  }
  // Each node met the other event under the id over a link: Bắc Giang and Hải Dương the
  // fake, Quảng Ninh the real alert (from Bắc Giang).
  for (std::size_t i = 0; i < 3; ++i) {
    INFO(kNodes[i]);
    CHECK(id_conflicts(context, mesh.endpoint(i)) >= 1);
  }
  // The directory names every node and unit of the registry, as people call them.
  {
    WireClient client(context, mesh.endpoint(2));
    v1::Frame request;
    request.set_request_id(client.next_request_id());
    request.mutable_directory_request();
    client.send(request);
    const std::optional<v1::Frame> reply = client.receive_reply(request.request_id());
    REQUIRE(reply);
    REQUIRE(reply->has_directory());
    CHECK(reply->directory().nodes_size() == 3);
    bool named = false;
    for (const v1::Directory::Unit& unit : reply->directory().units()) {
      if (unit.id() == "bac-giang/cnty") {
        named = unit.name() == "Đơn vị cnty của bac-giang" && unit.node() == "bac-giang" &&
                unit.kinds_size() == 1 && unit.kinds(0) == v1::ANIMAL_DISEASE;
      }
    }
    CHECK(named);
  }
  for (std::size_t i = 0; i < 3; ++i) {
    mesh.brokers[i].reset();
  }
  for (std::size_t i = 0; i < 3; ++i) {
    INFO(kNodes[i]);
    const std::string database = (mesh.directory(i) / "data" / "alertbus.db").string();
    Run run = run_alertctl({"audit", "checkpoints", "--db", database, "--lang", "en"});
    INFO(run.output);
    CHECK(run.exit_code == 9);
    CHECK(run.output.find("SHARED EVENT ID: " + outbreak.event_id()) != std::string::npos);
    CHECK(run.output.find(real.reference() + " (bac-giang") != std::string::npos);
    CHECK(run.output.find(faked.reference() + " (quang-ninh") != std::string::npos);
    // The case records agree with the log: the kept event is in no case, as the broker has it.
    CHECK(run_alertctl({"audit", "verify", "--db", database}).exit_code == 0);
    run = run_alertctl({"audit", "checkpoints", "--db", database, "--json"});
    const auto json = nlohmann::json::parse(run.output);
    REQUIRE(json["shared_ids"].size() == 1);
    CHECK(json["shared_ids"][0]["events"].size() == 2);
  }
}

}  // namespace alertbus::testing
