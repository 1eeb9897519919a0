// alertbus-dashboard with [log] format = "json" in its configuration file: a real dashboard
// beside a real broker writes one JSON object per line with the stable fields, its node named
// from its units, and the lines about a login name the account tried as the principal; those of
// an officer's session (logged in, a POST refused without its CSRF token, logged out) name the
// officer.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <httplib.h>
#include <memory>
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
namespace {

BrokerProcess::Options in_folder(const TempDir& dir) {
  BrokerProcess::Options options;
  options.directory = dir.path() / "node";
  return options;
}

// A broker, and beside it a dashboard configured for JSON logs, in one temporary folder.
class JsonLogDashboard {
 public:
  JsonLogDashboard()
      : broker_(in_folder(dir_)),
        config_(write_dashboard_config(dir_.path(), broker_.endpoint(), write_unit_key(dir_.path()),
                                       "[log]\nformat = \"json\"\n")) {}

  // The accounts file the configuration names.
  std::filesystem::path accounts() const { return dir_.path() / "accounts.toml"; }

  // Starts the dashboard; its URL.
  std::string start() {
    dashboard_ = std::make_unique<KillOnExit>(start_dashboard(config_, dir_.path() / "url", log_));
    return dashboard_url(dir_.path() / "url");
  }

  // Stops the dashboard with SIGTERM, waits for it; the lines it logged.
  std::vector<nlohmann::json> stop_and_read() {
    ::kill(dashboard_->pid, SIGTERM);
    ::waitpid(dashboard_->pid, nullptr, 0);
    dashboard_->pid = -1;
    return json_log_lines(log_);
  }

 private:
  TempDir dir_;
  BrokerProcess broker_;
  std::filesystem::path config_;
  std::filesystem::path log_ = dir_.path() / "dashboard.log";
  std::unique_ptr<KillOnExit> dashboard_;
};

}  // namespace

TEST_CASE("The dashboard's JSON log lines name its node and the account a login concerns") {
  JsonLogDashboard node;
  const std::string url = node.start();
  REQUIRE_FALSE(url.empty());

  httplib::Client client(url);
  const httplib::Result refused =
      client.Post("/api/login", R"({"user": "nguyen.thi.lan", "password": "sai mật khẩu"})",
                  "application/json");
  REQUIRE(refused);
  CHECK(refused->status == 401);
  const std::vector<nlohmann::json> lines = node.stop_and_read();
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

// The officer's account is made as an administrator would, with the dashboard's own account
// command; the lines of the session it then opens name it.
TEST_CASE("The dashboard's JSON log lines name the officer who logs in and out") {
  JsonLogDashboard node;
  const std::string add = dashboard_path() +
                          " account add an.nguyen --name 'Nguyễn Văn An' --unit bac-giang/cnty"
                          " --password-stdin --accounts '" +
                          node.accounts().string() + "' 2>/dev/null";
  FILE* account = ::popen(add.c_str(), "w");
  REQUIRE(account != nullptr);
  std::fputs("mật khẩu của An\n", account);
  REQUIRE(::pclose(account) == 0);
  const std::string url = node.start();
  REQUIRE_FALSE(url.empty());

  httplib::Client client(url);
  const httplib::Result login = client.Post(
      "/api/login", R"({"user": "an.nguyen", "password": "mật khẩu của An"})", "application/json");
  REQUIRE(login);
  REQUIRE(login->status == 200);
  const std::string cookie = login->get_header_value("Set-Cookie");
  const httplib::Headers session{{"Cookie", cookie.substr(0, cookie.find(';'))}};
  const httplib::Result forged = client.Post("/api/logout", session, "", "application/json");
  REQUIRE(forged);
  CHECK(forged->status == 403);
  httplib::Headers with_token = session;
  with_token.emplace("X-CSRF-Token",
                     nlohmann::json::parse(login->body).value("csrf", std::string()));
  const httplib::Result logout = client.Post("/api/logout", with_token, "", "application/json");
  REQUIRE(logout);
  CHECK(logout->status == 204);
  const std::vector<nlohmann::json> lines = node.stop_and_read();

  // The login, the POST refused without its CSRF token, the logout: each names the officer.
  std::vector<std::string> named;
  for (const nlohmann::json& line : lines) {
    INFO(line.dump());
    CHECK(line.value("node", "") == "bac-giang");
    const std::string msg = line.value("msg", "");
    for (const char* about : {"logged in", "refused a POST", "logged out"}) {
      if (msg.find(about) != std::string::npos) {
        CHECK(line.value("principal", "") == "an.nguyen");
        named.emplace_back(about);
      }
    }
  }
  CHECK(named == std::vector<std::string>{"logged in", "refused a POST", "logged out"});
}

}  // namespace alertbus::testing
