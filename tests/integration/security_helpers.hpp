// What the security integration tests share (security_test.cpp, security_relay_test.cpp):
// a broker's log read while it runs, an alert of a node's own CNTY, and a frame sent with its
// reply awaited.
#pragma once

#include <chrono>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "security_fixture.hpp"
#include "support/sample_events.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {

using namespace std::chrono_literals;

// A curve-mode Bắc Giang broker and the fixture behind it; `extra_args` go to alertbusd after
// the security ones.
struct SecureNode {
  explicit SecureNode(std::vector<std::string> extra_args = {})
      : broker([this, &extra_args] {
          BrokerProcess::Options options;
          options.directory = dir.path() / "node";
          options.extra_args = keys.broker_args("bac-giang");
          options.extra_args.insert(options.extra_args.end(), extra_args.begin(), extra_args.end());
          return options;
        }()) {}

  TempDir dir;
  SecurityFixture keys{dir.path(), {"bac-giang", "hai-duong", "quang-ninh"}};
  BrokerProcess broker;
  zmq::context_t context;

  std::unique_ptr<WireClient> client(const std::string& id) {
    return std::make_unique<WireClient>(context, broker.endpoint(),
                                        keys.client_keys(id, "bac-giang"));
  }

  std::uint64_t stored() { return client("bac-giang/operator")->status().event_count(); }
};

inline std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Waits until the broker's log holds `needle`.
inline bool wait_for_log(const BrokerProcess& broker, const std::string& needle,
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
inline v1::Event own_alert(const std::string& node) {
  v1::Event event = sample_animal_disease();
  event.set_sender_unit(node + "/cnty");
  const char* code = node == "bac-giang" ? "24" : node == "hai-duong" ? "30" : "22";
  event.mutable_areas(0)->set_code(code);
  return event;
}

inline v1::Frame publish(WireClient& client, v1::Frame frame) {
  frame.set_request_id(client.next_request_id());
  client.send(frame);
  const std::optional<v1::Frame> reply = client.receive_reply(frame.request_id());
  REQUIRE(reply);
  return *reply;
}

}  // namespace alertbus::testing
