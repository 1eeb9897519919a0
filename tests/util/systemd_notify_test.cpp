// Tests of the service notifications (alertbus/systemd/notify.hpp) against a real datagram
// socket standing in for the service manager.
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <string>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "alertbus/systemd/notify.hpp"
#include "support/notify_socket.hpp"

namespace alertbus::systemd {
namespace {

using testing::ManagerSocket;

std::string socket_path(const char* name) {
  return testing::notify_socket_path(name);
}

}  // namespace

TEST_CASE("A notification reaches the service manager's socket at a path or abstract") {
  for (const std::string& name :
       {socket_path("alertbus-notify"), "@alertbus-notify-" + std::to_string(::getpid())}) {
    ManagerSocket manager(name);
    CHECK(notify("READY=1"));
    CHECK(manager.receive() == "READY=1");
    CHECK(notify("STATUS=đang chạy"));
    CHECK(manager.receive() == "STATUS=đang chạy");
    if (name[0] == '/') {
      std::filesystem::remove(name);
    }
  }
}

TEST_CASE("Without a service manager nothing is sent and nothing fails") {
  ::unsetenv("NOTIFY_SOCKET");
  CHECK_FALSE(notify("READY=1"));
  ::setenv("NOTIFY_SOCKET", "relative/path", 1);
  CHECK_FALSE(notify("READY=1"));
  ::unsetenv("NOTIFY_SOCKET");
}

TEST_CASE("The watchdog interval is this process's only") {
  ::setenv("WATCHDOG_USEC", "30000000", 1);
  ::unsetenv("WATCHDOG_PID");
  REQUIRE(watchdog_interval() == std::chrono::seconds(30));
  ::setenv("WATCHDOG_PID", std::to_string(::getpid()).c_str(), 1);
  CHECK(watchdog_interval() == std::chrono::seconds(30));
  ::setenv("WATCHDOG_PID", std::to_string(::getpid() + 1).c_str(), 1);
  CHECK_FALSE(watchdog_interval());
  ::setenv("WATCHDOG_USEC", "30s", 1);
  ::unsetenv("WATCHDOG_PID");
  CHECK_FALSE(watchdog_interval());
  ::unsetenv("WATCHDOG_USEC");
  CHECK_FALSE(watchdog_interval());
}

TEST_CASE("The pinger pings at half the interval and not more often") {
  const std::string name = socket_path("alertbus-watchdog");
  ManagerSocket manager(name);
  ::setenv("WATCHDOG_USEC", "1000000", 1);
  WatchdogPinger pinger;
  ::unsetenv("WATCHDOG_USEC");
  REQUIRE(pinger.max_sleep() == std::chrono::milliseconds(250));
  const auto start = std::chrono::steady_clock::now();
  pinger.tick(start);
  CHECK(manager.receive() == "WATCHDOG=1");
  pinger.tick(start + std::chrono::milliseconds(400));
  pinger.tick(start + std::chrono::milliseconds(500));
  CHECK(manager.receive() == "WATCHDOG=1");  // The one at 500 ms; none at 400.
  pinger.tick(start + std::chrono::milliseconds(600));
  CHECK(manager.receive().empty());
  std::filesystem::remove(name);
}

}  // namespace alertbus::systemd
