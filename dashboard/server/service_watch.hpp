// ServiceWatch: alertbus-dashboard under systemd (Type=notify with WatchdogSec,
// deploy/systemd/alertbus-dashboard@.service). A thread asks the dashboard's own listener for
// GET /api/me without a session, as a browser would, and answers systemd from what it gets:
// READY=1 after the first answer, then WATCHDOG=1 after each answer while the service manager
// watches (every third of its interval). An answer is the listening socket accepting, a worker
// of the connection pool running the route (401, no session) or, at the connection cap, the
// overflow pool saying so (503): the dashboard serves. A hung accept loop, a pool whose
// workers are stuck or a process that stopped answering sends nothing, and systemd restarts
// it. Nothing runs when $NOTIFY_SOCKET is unset.
//
// Threading: start() and stop() from one thread (main); the probe runs on its own thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

namespace alertbus::dashboard {

class ServiceWatch {
 public:
  // The listener to ask: `host` as configured (0.0.0.0 and :: are asked on the loopback).
  ServiceWatch(std::string host, int port, bool tls);
  ~ServiceWatch();
  ServiceWatch(const ServiceWatch&) = delete;
  ServiceWatch& operator=(const ServiceWatch&) = delete;

  // Starts the thread when run under a service manager.
  void start();
  // Ends the thread (idempotent); no READY or WATCHDOG is sent after it returns.
  void stop();

  // One request to the listener: true when the HTTP server answered (401 or 503 included).
  bool probe(std::chrono::milliseconds timeout) const;

 private:
  void run();
  // Waits `period` or until stop(); false when stopping.
  bool wait(std::chrono::milliseconds period);

  std::string host_;
  int port_;
  bool tls_;
  std::optional<std::chrono::microseconds> watchdog_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace alertbus::dashboard
