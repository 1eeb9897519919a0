// alertbus-dashboard with [log] format = "json" in its configuration file: a real dashboard
// beside a real broker writes one JSON object per line with the stable fields, its node named
// from its units, and the lines about a login name the account tried as the principal.
#include <chrono>
#include <filesystem>
#include <fstream>
#include <httplib.h>
#include <nlohmann/json.hpp>
#include <signal.h>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "dashboard_process.hpp"
#include "json_log_lines.hpp"

namespace alertbus::testing {
TEST_CASE("The dashboard's JSON log lines name its node and the account a login concerns") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path() / "node";
  BrokerProcess broker(options);
  const std::filesystem::path key = write_unit_key(dir.path());
  const std::filesystem::path config =
      write_dashboard_config(dir.path(), broker.endpoint(), key, "[log]\nformat = \"json\"\n");
  const std::filesystem::path log = dir.path() / "dashboard.log";
  KillOnExit dashboard{start_dashboard(config, dir.path() / "url", log)};
  const std::string url = dashboard_url(dir.path() / "url");
  REQUIRE_FALSE(url.empty());

  httplib::Client client(url);
  const httplib::Result refused =
      client.Post("/api/login", R"({"user": "nguyen.thi.lan", "password": "sai mật khẩu"})",
                  "application/json");
  REQUIRE(refused);
  CHECK(refused->status == 401);
  ::kill(dashboard.pid, SIGTERM);
  ::waitpid(dashboard.pid, nullptr, 0);
  dashboard.pid = -1;

  const std::vector<nlohmann::json> lines = json_log_lines(log);
  REQUIRE(lines.size() >= 3);  // Serving, the refused login, stopped.
  std::size_t about_login = 0;
  for (const nlohmann::json& line : lines) {
    INFO(line.dump());
    for (const char* field : {"ts", "level", "node", "component", "msg"}) {
      CHECK(line.contains(field));
    }
    CHECK(line.value("node", "") == "bac-giang");
    CHECK(line.value("component", "") == "alertbus-dashboard");
    if (line.value("msg", "").find("login of 'nguyen.thi.lan'") != std::string::npos) {
      ++about_login;
      CHECK(line.value("principal", "") == "nguyen.thi.lan");
      CHECK(line.value("level", "") == "warn");
    }
  }
  CHECK(about_login >= 1);
}

}  // namespace alertbus::testing
