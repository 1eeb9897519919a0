// BrokerConfig: the shipped deploy/*.toml files load and pass the checks; broken files are
// refused with the line and column, wrong values with the key's name.
#include "config.hpp"

#include <fstream>

#include <catch2/catch.hpp>

#include "temp_dir.hpp"

namespace alertbus::broker {
namespace {

std::string write(const testing::TempDir& dir, const std::string& text) {
  const std::string path = dir.file("node.toml");
  std::ofstream(path) << text;
  return path;
}

}  // namespace

TEST_CASE("The three province configurations in deploy/ load and pass the checks") {
  for (const char* node : {"bac-giang", "hai-duong", "quang-ninh"}) {
    auto config = load_config_file(std::string(ALERTBUS_SOURCE_DIR) + "/deploy/" + node + ".toml");
    INFO(node);
    REQUIRE(config.ok());
    CHECK(config->node_id == node);
    CHECK(config->listen.size() == 2);
    CHECK(check_config(config.value()).ok());
  }
}

TEST_CASE("A TOML syntax error names the line and column") {
  testing::TempDir dir;
  auto config = load_config_file(write(dir, "[node]\nid = \"bac-giang\"\nname = \n"));
  REQUIRE_FALSE(config.ok());
  CHECK(config.status().message().find("node.toml:3:") != std::string::npos);
  CHECK(config.status().message_vi().find("lỗi cú pháp TOML") != std::string::npos);
}

TEST_CASE("Values of the wrong type or out of range name their key") {
  testing::TempDir dir;
  auto wrong_type = load_config_file(write(dir, "[limits]\nmax_in_flight = \"many\"\n"));
  REQUIRE_FALSE(wrong_type.ok());
  CHECK(wrong_type.status().message().find("limits.max_in_flight") != std::string::npos);
  auto out_of_range = load_config_file(write(dir, "[heartbeat]\ninterval_ms = 5\n"));
  REQUIRE_FALSE(out_of_range.ok());
  CHECK(out_of_range.status().message().find("heartbeat.interval_ms") != std::string::npos);
  auto listen = load_config_file(write(dir, "[broker]\nlisten = \"tcp://127.0.0.1:1\"\n"));
  REQUIRE_FALSE(listen.ok());
  CHECK(listen.status().message().find("broker.listen") != std::string::npos);
}

TEST_CASE("A configuration without node id, endpoints or data directory is refused") {
  BrokerConfig config;
  config.node_id = "Bắc Giang";  // Display names are not ids.
  config.reference_prefix = "BG";
  config.listen = {"ipc:///tmp/x.sock"};
  config.data_dir = "/tmp/x";
  CHECK_FALSE(check_config(config).ok());
  config.node_id = "bac-giang";
  CHECK(check_config(config).ok());
  config.listen.clear();
  CHECK_FALSE(check_config(config).ok());
  config.listen = {"ipc:///tmp/x.sock"};
  config.data_dir.clear();
  CHECK_FALSE(check_config(config).ok());
  config.data_dir = "/tmp/x";
  config.log_level = "loud";
  CHECK_FALSE(check_config(config).ok());
}

}  // namespace alertbus::broker
