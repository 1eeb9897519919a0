// Tests of alertbus-dashboard's server parts that need no broker: the configuration file, and
// the connection cap (a real httplib server on loopback with the dashboard's task queue).
#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <httplib.h>
#include <thread>

#include <catch2/catch.hpp>

#include "server/config.hpp"
#include "server/connection_pool.hpp"

namespace {

using alertbus::dashboard::ConnectionPool;
using alertbus::dashboard::load_config;
using namespace std::chrono_literals;

std::filesystem::path write_config(const std::string& name, const std::string& text) {
  const std::filesystem::path folder =
      std::filesystem::temp_directory_path() / ("alertbus-dashboard-config-" + name);
  std::filesystem::create_directories(folder);
  std::ofstream(folder / "dashboard.toml") << text;
  return folder / "dashboard.toml";
}

constexpr const char* kGood = R"(
[dashboard]
listen = "127.0.0.1:8401"
web_root = "web"
state_dir = "/var/lib/x"
accounts = "accounts.toml"
[broker]
endpoint = "ipc:///tmp/bg.sock"
[[unit]]
id = "bac-giang/cnty"
key_file = "keys/bac-giang_cnty.key"
)";

TEST_CASE("dashboard config: relative paths are taken from the file's folder") {
  const std::filesystem::path path = write_config("good", kGood);
  const auto config = load_config(path.string());
  REQUIRE(config.ok());
  CHECK(config->listen_host == "127.0.0.1");
  CHECK(config->listen_port == 8401);
  CHECK(config->web_root == (path.parent_path() / "web").string());
  CHECK(config->state_dir == "/var/lib/x");
  REQUIRE(config->units.size() == 1);
  CHECK(config->units[0].key_file == (path.parent_path() / "keys/bac-giang_cnty.key").string());
  CHECK(config->max_connections == 256);
}

TEST_CASE("dashboard config: without web_root the installed pages are served") {
  std::string text = kGood;
  text.erase(text.find("web_root"), text.find("state_dir") - text.find("web_root"));
  const auto config = load_config(write_config("no-web-root", text).string());
  REQUIRE(config.ok());
  CHECK(config->web_root == alertbus::dashboard::installed_web_root());
  CHECK(config->web_root == ALERTBUS_INSTALLED_WEB_ROOT);
}

TEST_CASE("dashboard config: a mistake names its key in both languages") {
  std::string text = kGood;
  text.replace(text.find("127.0.0.1:8401"), 14, "127.0.0.1");
  const auto bad_listen = load_config(write_config("listen", text).string());
  REQUIRE_FALSE(bad_listen.ok());
  CHECK(bad_listen.status().field() == "dashboard.listen");
  CHECK(bad_listen.status().message_vi().find("phải có dạng") != std::string::npos);

  const auto no_unit = load_config(
      write_config("unit", std::string(kGood).substr(0, std::string(kGood).find("[[unit]]")))
          .string());
  REQUIRE_FALSE(no_unit.ok());
  CHECK(no_unit.status().field() == "unit");

  const auto missing = load_config("/nonexistent/dashboard.toml");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.status().message_vi().find("không tìm thấy") != std::string::npos);
}

TEST_CASE("dashboard config: [log] format is text or json and the node comes from the units") {
  const auto plain = load_config(write_config("log-default", kGood).string());
  REQUIRE(plain.ok());
  CHECK(plain->log_format == "text");
  CHECK(plain->node_id() == "bac-giang");

  const auto json = load_config(
      write_config("log-json", std::string(kGood) + "[log]\nformat = \"json\"\n").string());
  REQUIRE(json.ok());
  CHECK(json->log_format == "json");

  const auto wrong = load_config(
      write_config("log-xml", std::string(kGood) + "[log]\nformat = \"xml\"\n").string());
  REQUIRE_FALSE(wrong.ok());
  CHECK(wrong.status().field() == "log.format");
  CHECK(wrong.status().message_vi().find("phải là") != std::string::npos);
}

TEST_CASE("dashboard config: a number must be a TOML integer in its range") {
  // toml++ converts a float to an integer without a range check (81e91 is undefined
  // behaviour, found by fuzzing the broker's configuration): numbers are read exactly.
  for (const char* value : {"300.0", "300.7", "81e91", "\"300\"", "7", "70000"}) {
    std::string text = kGood;
    text.insert(text.find("[broker]"), std::string("max_connections = ") + value + "\n");
    const auto config = load_config(write_config("number", text).string());
    INFO(value);
    REQUIRE_FALSE(config.ok());
    CHECK(config.status().field() == "dashboard.max_connections");
    CHECK_THAT(config.status().message_vi(), Catch::Contains("số nguyên trong khoảng 8..65536"));
  }
  std::string text = kGood;
  text.insert(text.find("[broker]"), "max_connections = 300\n");
  const auto config = load_config(write_config("number", text).string());
  REQUIRE(config.ok());
  CHECK(config->max_connections == 300);
}

TEST_CASE("dashboard config: a TOML syntax error names the file line and column") {
  std::string text = kGood;
  text.insert(text.find("[broker]"), "max_connections = = 3\n");
  const std::filesystem::path path = write_config("syntax", text);
  const auto config = load_config(path.string());
  REQUIRE_FALSE(config.ok());
  CHECK_THAT(config.status().message(), Catch::StartsWith(path.string() + ":7:"));
  CHECK_THAT(config.status().message_vi(), Catch::Contains("lỗi cú pháp TOML"));
}

TEST_CASE("connection cap: the connection beyond it is answered 503 at once, the others served") {
  httplib::Server server;
  server.new_task_queue = [] { return new ConnectionPool(2); };
  server.set_pre_routing_handler([](const httplib::Request&, httplib::Response& response) {
    if (ConnectionPool::over_capacity()) {
      response.status = 503;
      response.set_header("Connection", "close");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<int> holding{0};
  server.Get("/hold", [&](const httplib::Request&, httplib::Response& response) {
    ++holding;
    released.wait();
    response.set_content("held", "text/plain");
  });
  server.Get("/now", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("now", "text/plain");
  });
  const int port = server.bind_to_any_port("127.0.0.1");
  std::thread serving([&server] { server.listen_after_bind(); });

  // Two connections hold both workers, like two open live streams.
  auto hold = [port] {
    httplib::Client client("127.0.0.1", port);
    client.set_read_timeout(10s);
    const auto result = client.Get("/hold");
    return result ? result->status : -1;
  };
  std::future<int> first = std::async(std::launch::async, hold);
  std::future<int> second = std::async(std::launch::async, hold);
  for (int i = 0; i < 200 && holding.load() < 2; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  REQUIRE(holding.load() == 2);

  httplib::Client third("127.0.0.1", port);
  third.set_read_timeout(2s);
  const auto refused = third.Get("/now");
  REQUIRE(refused);
  CHECK(refused->status == 503);

  release.set_value();
  CHECK(first.get() == 200);
  CHECK(second.get() == 200);
  // With the workers free again, a new connection is served.
  httplib::Client fourth("127.0.0.1", port);
  const auto served = fourth.Get("/now");
  REQUIRE(served);
  CHECK(served->status == 200);
  CHECK(served->body == "now");
  server.stop();
  serving.join();
}

}  // namespace
