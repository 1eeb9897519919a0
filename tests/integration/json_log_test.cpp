// alertbusd --log-format json: two real brokers with CURVE, linked; every line each writes on
// stderr parses as one JSON object with the stable fields; a refused publish's line names
// the principal, a link's lines name the peer.
#include <fstream>
#include <nlohmann/json.hpp>
#include <regex>
#include <thread>

#include <catch2/catch.hpp>

#include "broker/temp_dir.hpp"
#include "federation.hpp"
#include "json_log_lines.hpp"
#include "security_fixture.hpp"
#include "support/sample_events.hpp"

namespace alertbus::testing {
namespace {

bool any_line(const std::string& path, const std::function<bool(const nlohmann::json&)>& test) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  for (;;) {
    for (const nlohmann::json& line : json_log_lines(path)) {
      if (test(line)) {
        return true;
      }
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace

TEST_CASE("alertbusd with --log-format json writes one JSON object per line naming the subject") {
  TempDir keys_dir;
  const SecurityFixture keys(keys_dir.path(), {"bac-giang", "hai-duong"});
  Federation federation(
      {{"bac-giang", "BG"}, {"hai-duong", "HD"}}, [](std::size_t, std::size_t) { return true; },
      {"--log-format", "json"},
      [&keys](const NodeSpec& node) { return keys.broker_args(node.id); });
  zmq::context_t context;
  {
    WireClient unit(context, federation.endpoint_of(0),
                    keys.client_keys("bac-giang/bvtv", "bac-giang"));
    v1::Event elsewhere = sample_crop_pest();
    elsewhere.set_sender_unit("bac-giang/bvtv");
    elsewhere.mutable_areas(0)->set_code("22");  // Quảng Ninh: not this unit's province.
    v1::Frame frame = keys.signed_publish(elsewhere, "bac-giang/bvtv");
    frame.set_request_id(unit.next_request_id());
    unit.send(frame);
    const std::optional<v1::Frame> reply = unit.receive_reply(frame.request_id());
    REQUIRE(reply);
    REQUIRE(reply->has_error());
  }
  const std::string log = federation.broker(0).log_path();
  CHECK(any_line(log, [](const nlohmann::json& line) {
    return line.value("principal", "") == "bac-giang/bvtv" && line.value("level", "") == "warn" &&
           line.value("msg", "").find("refused: PERMISSION_DENIED") != std::string::npos;
  }));
  CHECK(any_line(log, [](const nlohmann::json& line) {
    return line.value("peer", "") == "hai-duong" &&
           line.value("msg", "").find("link from hai-duong") != std::string::npos;
  }));
  federation.broker(0).stop();
  const std::regex rfc3339(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z)");
  const std::vector<nlohmann::json> lines = json_log_lines(log);
  REQUIRE(lines.size() >= 4);
  for (const nlohmann::json& line : lines) {
    INFO(line.dump());
    CHECK(std::regex_match(line.value("ts", ""), rfc3339));
    CHECK(std::set<std::string>{"trace", "debug", "info", "warn", "error", "critical"}.count(
              line.value("level", "")) == 1);
    CHECK(line.value("node", "") == "bac-giang");
    CHECK(line.value("component", "") == "alertbusd");
    CHECK_FALSE(line.value("msg", "").empty());
  }
}

}  // namespace alertbus::testing
