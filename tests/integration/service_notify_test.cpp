// alertbusd under systemd (deploy/systemd, Type=notify with WatchdogSec): it says READY=1 once
// it serves, WATCHDOG=1 while its loop turns, STOPPING=1 when it stops; a real broker and a
// socket standing in for the service manager.
#include <cstdlib>
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "support/notify_socket.hpp"

namespace alertbus::testing {

TEST_CASE("Under systemd the node says it is ready and pings the watchdog while its loop turns") {
  TempDir dir;
  const std::string socket = notify_socket_path("alertbus-node-notify");
  ManagerSocket manager(socket);
  ::setenv("WATCHDOG_USEC", "1000000", 1);  // A ping at least every half second.
  BrokerProcess::Options options;
  options.directory = dir.path();
  BrokerProcess broker(options);
  ::unsetenv("WATCHDOG_USEC");
  CHECK(manager.receive(10) == "READY=1");
  for (int ping = 0; ping < 3; ++ping) {
    CHECK(manager.receive(2) == "WATCHDOG=1");
  }
  CHECK(broker.stop() == 0);
  std::string last;
  for (std::string next = manager.receive(2); !next.empty(); next = manager.receive(2)) {
    last = next;
  }
  CHECK(last == "STOPPING=1");
  std::filesystem::remove(socket);
}

}  // namespace alertbus::testing
