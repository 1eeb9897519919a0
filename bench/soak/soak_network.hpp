// The soak's federation: N real alertbusd nodes on loopback TCP, each with its data under the
// work directory, and with three nodes a real alertbus-dashboard per node.
//
// Three nodes (the default) are the local three provinces of deploy/make-keys.sh (Bắc Giang,
// Hải Dương, Quảng Ninh) in --security-mode curve with its keys and registry: every event is
// signed by its unit's key, every connection is CurveZMQ. Each dashboard is configured by
// deploy/dashboard/local.sh and reaches its node over the node's ipc:// socket.
// Other numbers of nodes up to 34 are the first of the 34 provinces of 2025 in
// deploy/make-keys.sh --national's registry (Hà Nội, Cao Bằng, ... Cà Mau), in curve mode
// without dashboards; more nodes, or --plain, run in --security-mode plain as node-1...node-N.
// Peers: node i pulls from the next `peers` nodes around the ring (i+1, i-1, i+2, i-2, ...);
// when that is not every other node the brokers relay (--relay, --max-hops 16).
// The publish limit per principal is raised to 1,000 events/s (the default 100 would refuse
// the catch-up burst of a publisher whose node was down).
//
// Threading: one thread; the brokers and dashboards are child processes stopped by the
// destructor.
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "alertbus/v1/event.pb.h"

#include "alertbus/client/credentials.hpp"
#include "broker_process.hpp"
#include "child_process.hpp"

namespace alertbus::bench::soak {

struct Programs {
  std::string alertbusd;
  std::string alertctl;
  std::string dashboard;
  std::filesystem::path source_dir;
};

struct NetworkPlan {
  std::size_t nodes = 3;
  std::size_t peers = 2;
  bool dashboards = true;  // Three nodes in curve mode only.
  bool plain = false;
};

class Network {
 public:
  // Makes the keys (curve mode), starts the brokers, then the dashboards, and waits until
  // each dashboard has written its address. Throws std::runtime_error on failure.
  Network(const std::filesystem::path& work, const Programs& programs, const NetworkPlan& plan);
  ~Network();
  Network(const Network&) = delete;
  Network& operator=(const Network&) = delete;
  Network(Network&&) = delete;
  Network& operator=(Network&&) = delete;

  std::size_t size() const { return ids_.size(); }

  bool curve() const { return curve_; }

  bool has_dashboards() const { return !dashboards_.empty(); }

  const std::string& node_id(std::size_t node) const { return ids_[node]; }

  const std::vector<std::string>& node_ids() const { return ids_; }

  // The nodes node `node` pulls from.
  const std::vector<std::size_t>& peers_of(std::size_t node) const { return peers_[node]; }

  const std::string& endpoint(std::size_t node) const { return endpoints_[node]; }

  // The areas node `node`'s units name in their alerts (soak_events.hpp).
  const std::vector<v1::Area>& areas(std::size_t node) const { return areas_[node]; }

  testing::BrokerProcess& broker(std::size_t node) { return *brokers_[node]; }

  // A principal's keys ("hai-duong/cnty") against the node's broker; null in plain mode.
  std::shared_ptr<const client::Credentials> credentials(const std::string& principal,
                                                         std::size_t node) const;

  // The dashboard is still running and answers an HTTP request on its address.
  bool dashboard_answers(std::size_t node);

  // SIGTERM to the dashboards, then to the brokers.
  void stop_all();

 private:
  // Runs make-keys.sh (--national unless three nodes) and takes the first `nodes` nodes of
  // its registry: their ids, reference series, areas and public keys.
  void make_keys(const Programs& programs, std::size_t nodes);
  void start_dashboard(std::size_t node, const Programs& programs);

  std::filesystem::path work_;
  bool curve_ = false;
  std::vector<std::string> ids_;
  std::vector<std::string> prefixes_;
  std::vector<std::vector<v1::Area>> areas_;
  std::vector<std::vector<std::size_t>> peers_;
  std::vector<std::string> server_keys_;
  std::vector<std::string> endpoints_;
  std::vector<std::unique_ptr<testing::BrokerProcess>> brokers_;
  std::vector<std::unique_ptr<ChildProcess>> dashboards_;
  std::vector<int> dashboard_ports_;
};

}  // namespace alertbus::bench::soak
