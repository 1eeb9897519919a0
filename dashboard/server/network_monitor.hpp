// NetworkMonitor: whether this dashboard reaches its broker and which federation links the
// broker has up, for the banner on every page and the network page (docs/DASHBOARD.md,
// "Network"). A thread asks the broker's status every `interval` through one unit's
// gateway and keeps the last answer; the directory of names (nodes, units) is refreshed
// with it every minute.
//
// Threading: start()/stop() from the owner; snapshot()/directory() from any thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "alertbus/v1/frame.pb.h"

#include "alertctl/directory_names.hpp"
#include "unit_gateway.hpp"

namespace alertbus::dashboard {

struct NetworkSnapshot {
  bool broker_connected = false;
  // When broker_connected last changed (system clock, ms since the epoch).
  std::int64_t since_unix_ms = 0;
  // The broker's last status (links, node); unset before the first answer.
  std::optional<v1::StatusReply> status;
  // Bumped whenever something a page shows changes (connection, a link up or down).
  std::uint64_t version = 0;
};

// The broker's directory and the names read from it: made once per refresh and shared by
// every request and live stream (immutable once made).
struct DirectoryNames {
  v1::Directory directory;
  alertctl::Names names;
};

class NetworkMonitor {
 public:
  NetworkMonitor(UnitGateway& gateway, std::chrono::milliseconds interval);
  NetworkMonitor(const NetworkMonitor&) = delete;
  NetworkMonitor& operator=(const NetworkMonitor&) = delete;
  ~NetworkMonitor();

  void start();
  void stop();

  NetworkSnapshot snapshot() const;
  // The broker's directory (names of nodes and units); empty before the first answer. Never
  // null.
  std::shared_ptr<const DirectoryNames> directory() const;
  // Waits until the snapshot's version passes `version`, up to `timeout`.
  bool wait_change(std::uint64_t version, std::chrono::milliseconds timeout) const;

 private:
  void run();
  void update(std::optional<v1::StatusReply> status);

  UnitGateway& gateway_;
  std::chrono::milliseconds interval_;
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  NetworkSnapshot snapshot_;
  std::shared_ptr<const DirectoryNames> directory_ = std::make_shared<const DirectoryNames>();
  std::chrono::steady_clock::time_point directory_at_{};
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace alertbus::dashboard
