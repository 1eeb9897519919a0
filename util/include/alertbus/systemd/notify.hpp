// systemd's service notifications (sd_notify(3)), written out instead of linking libsystemd:
// a datagram on the socket named by $NOTIFY_SOCKET. alertbusd and alertbus-dashboard run as
// Type=notify units with a watchdog (deploy/systemd): READY=1 once they serve, WATCHDOG=1
// from their main loop while it turns, STOPPING=1 when they stop.
//
// Threading: any thread; each call opens and closes its own socket.
#pragma once

#include <chrono>
#include <optional>
#include <string_view>

namespace alertbus::systemd {

// Sends `state` (e.g. "READY=1", "WATCHDOG=1", "STATUS=…") to the service manager. Returns
// false when not run under one ($NOTIFY_SOCKET unset) or when the datagram could not be sent.
bool notify(std::string_view state);

// How often the service manager expects WATCHDOG=1 from this process ($WATCHDOG_USEC, when
// $WATCHDOG_PID is unset or this process), or nullopt when it does not watch.
std::optional<std::chrono::microseconds> watchdog_interval();

// Pings the watchdog from a loop: tick() sends WATCHDOG=1 when half the interval has passed
// since the last ping. Does nothing when the service manager does not watch.
class WatchdogPinger {
 public:
  WatchdogPinger() : interval_(watchdog_interval()) {}

  void tick(std::chrono::steady_clock::time_point now);

  // The longest a loop may sleep between ticks, or nullopt when not watched.
  std::optional<std::chrono::milliseconds> max_sleep() const;

 private:
  std::optional<std::chrono::microseconds> interval_;
  std::optional<std::chrono::steady_clock::time_point> last_;
};

}  // namespace alertbus::systemd
