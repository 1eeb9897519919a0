// The broker's reachability and links, polled (network_monitor.hpp).
#include "network_monitor.hpp"

#include <spdlog/spdlog.h>
#include <utility>

namespace alertbus::dashboard {
namespace {

std::int64_t now_unix_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// What the banner shows: the broker reachable, and each link up or down.
std::string shape(const std::optional<v1::StatusReply>& status) {
  std::string shape = status ? "1" : "0";
  if (status) {
    for (const v1::PeerLinkStatus& peer : status->peers()) {
      shape += peer.peer_id() + (peer.connected() ? "+" : "-");
    }
  }
  return shape;
}

}  // namespace

NetworkMonitor::NetworkMonitor(UnitGateway& gateway, std::chrono::milliseconds interval)
    : gateway_(gateway), interval_(interval) {}

NetworkMonitor::~NetworkMonitor() {
  stop();
}

void NetworkMonitor::start() {
  snapshot_.since_unix_ms = now_unix_ms();
  thread_ = std::thread([this] { run(); });
}

void NetworkMonitor::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  changed_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void NetworkMonitor::run() {
  for (;;) {
    std::optional<v1::StatusReply> status;
    (void)gateway_.with_client([&status](client::Client& client) {
      StatusOr<v1::StatusReply> reply = client.status();
      if (reply.ok()) {
        status = std::move(reply).value();
      }
      return reply.status();
    });
    bool refresh_directory = false;
    {
      std::lock_guard lock(mutex_);
      refresh_directory =
          status && (directory_->directory.nodes_size() == 0 ||
                     std::chrono::steady_clock::now() - directory_at_ > std::chrono::minutes(1));
    }
    if (refresh_directory) {
      (void)gateway_.with_client([this](client::Client& client) {
        StatusOr<v1::Directory> directory = client.directory();
        if (directory.ok()) {
          auto made = std::make_shared<DirectoryNames>();
          made->names = alertctl::Names(directory.value());
          made->directory = std::move(directory).value();
          std::lock_guard lock(mutex_);
          directory_ = std::move(made);
          directory_at_ = std::chrono::steady_clock::now();
        }
        return directory.status();
      });
    }
    update(std::move(status));
    std::unique_lock lock(mutex_);
    if (changed_.wait_for(lock, interval_, [this] { return stopping_; })) {
      return;
    }
  }
}

void NetworkMonitor::update(std::optional<v1::StatusReply> status) {
  {
    std::lock_guard lock(mutex_);
    const bool connected = status.has_value();
    const bool changed =
        shape(status) != shape(snapshot_.status) || connected != snapshot_.broker_connected;
    if (connected != snapshot_.broker_connected) {
      snapshot_.since_unix_ms = now_unix_ms();
      if (connected) {
        spdlog::info("dashboard: broker {} reachable", gateway_.endpoint());
      } else {
        spdlog::warn("dashboard: broker {} not reachable", gateway_.endpoint());
      }
    }
    snapshot_.broker_connected = connected;
    if (connected) {
      snapshot_.status = std::move(status);
    }
    if (changed) {
      ++snapshot_.version;
    }
  }
  changed_.notify_all();
}

NetworkSnapshot NetworkMonitor::snapshot() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

std::shared_ptr<const DirectoryNames> NetworkMonitor::directory() const {
  std::lock_guard lock(mutex_);
  return directory_;
}

bool NetworkMonitor::wait_change(std::uint64_t version, std::chrono::milliseconds timeout) const {
  std::unique_lock lock(mutex_);
  return changed_.wait_for(lock, timeout, [&] {
    return stopping_ || snapshot_.version != version;
  }) && snapshot_.version != version;
}

}  // namespace alertbus::dashboard
