// alertbus-dashboard under systemd (deploy/systemd/alertbus-dashboard@.service, Type=notify
// with WatchdogSec): READY=1 once its HTTP listener answers, WATCHDOG=1 while it answers its
// own requests, STOPPING=1 when it stops; a real dashboard process beside a real broker, and a
// datagram socket standing in for the service manager.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <httplib.h>
#include <signal.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "dashboard_process.hpp"
#include "support/notify_socket.hpp"

namespace alertbus::testing {

TEST_CASE(
    "Under systemd the dashboard says it is ready once its pages answer and pings the "
    "watchdog while they do") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path() / "node";
  BrokerProcess broker(options);
  const std::filesystem::path key = write_unit_key(dir.path());
  const std::filesystem::path config = write_dashboard_config(dir.path(), broker.endpoint(), key);
  const std::filesystem::path url_file = dir.path() / "url";

  const std::string socket = notify_socket_path("alertbus-dashboard-notify");
  ManagerSocket manager(socket);
  ::setenv("WATCHDOG_USEC", "1000000", 1);  // A ping at least every half second.
  KillOnExit dashboard{start_dashboard(config, url_file, dir.path() / "dashboard.log")};
  ::unsetenv("WATCHDOG_USEC");

  REQUIRE(manager.receive(10) == "READY=1");
  // Ready means serving: the login page answers at once.
  std::string url;
  std::ifstream(url_file) >> url;
  REQUIRE(url.rfind("http://127.0.0.1:", 0) == 0);
  httplib::Client client(url.substr(0, url.size() - 1));
  const httplib::Result login = client.Get("/login");
  REQUIRE(login);
  CHECK(login->status == 200);
  for (int ping = 0; ping < 3; ++ping) {
    CHECK(manager.receive(2) == "WATCHDOG=1");
  }

  ::kill(dashboard.pid, SIGTERM);
  int status = -1;
  ::waitpid(dashboard.pid, &status, 0);
  dashboard.pid = -1;
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  std::string last;
  for (std::string next = manager.receive(1); !next.empty(); next = manager.receive(1)) {
    last = next;
  }
  CHECK(last == "STOPPING=1");
  std::filesystem::remove(socket);
}

}  // namespace alertbus::testing
