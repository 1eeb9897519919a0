// The dashboard benchmark's federation: two real alertbusd nodes (Bắc Giang and Hải Dương,
// each pulling the other's events over loopback TCP) in --security-mode curve with the keys
// and registry deploy/make-keys.sh writes, and one real alertbus-dashboard for Bắc Giang
// configured by deploy/dashboard/local.sh (one officer per unit, each unit on its own key),
// all under one work directory. The brokers' publish limit per principal is raised so that
// the benchmark may fill a node with 100,000 alerts.
//
// Threading: one thread; the brokers and the dashboard are child processes, stopped (SIGTERM,
// then SIGKILL after 10 s) by the destructor.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

#include "alertbus/client/credentials.hpp"
#include "broker_process.hpp"
#include "child_process.hpp"

namespace alertbus::bench {

// Where the programs and the source tree's deploy/ are.
struct Programs {
  std::string alertbusd;
  std::string alertctl;
  std::string dashboard;
  std::filesystem::path source_dir;
};

class DashboardFederation {
 public:
  static constexpr std::size_t kBacGiang = 0;  // The dashboard's node.
  static constexpr std::size_t kHaiDuong = 1;

  // Makes the keys, starts both brokers (publish limit `publish_per_s` events per second per
  // principal) and the dashboard, and waits until the dashboard has written its address.
  DashboardFederation(const std::filesystem::path& work, const Programs& programs,
                      std::uint64_t publish_per_s);
  ~DashboardFederation();
  DashboardFederation(const DashboardFederation&) = delete;
  DashboardFederation& operator=(const DashboardFederation&) = delete;
  DashboardFederation(DashboardFederation&&) = delete;
  DashboardFederation& operator=(DashboardFederation&&) = delete;

  static const char* node_id(std::size_t node);

  // The node's client endpoint (its tcp:// endpoint on loopback).
  const std::string& endpoint(std::size_t node) const { return tcp_endpoints_[node]; }

  testing::BrokerProcess& broker(std::size_t node) { return *brokers_[node]; }

  // A principal's keys ("hai-duong/cnty") against the node's broker.
  std::shared_ptr<const client::Credentials> credentials(const std::string& principal,
                                                         std::size_t node) const;

  pid_t dashboard_pid() const { return dashboard_->pid(); }

  int dashboard_port() const { return dashboard_port_; }

  // The demo officer of a Bắc Giang unit ("cnty" -> "bg-cnty") and the demo password.
  static std::string officer(const std::string& unit) { return "bg-" + unit; }

  static const char* password() { return "matkhau-demo"; }

 private:
  std::filesystem::path work_;
  std::vector<std::string> server_keys_;
  std::vector<std::string> tcp_endpoints_;
  std::vector<std::unique_ptr<testing::BrokerProcess>> brokers_;
  std::unique_ptr<ChildProcess> dashboard_;
  int dashboard_port_ = 0;
};

}  // namespace alertbus::bench
