#include "soak/soak_network.hpp"

#include <arpa/inet.h>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/time.h>
#include <thread>
#include <unistd.h>

#include "alertbus/protocol/keys.hpp"
#include "alertbus/protocol/registry.hpp"
#include "soak/soak_events.hpp"

namespace alertbus::bench::soak {
namespace {

namespace fs = std::filesystem;

// The national registry's nodes (deploy/make-keys.sh --national).
constexpr std::size_t kNationalNodes = 34;
// Ring offsets in the order peers are taken: the neighbours, then a chord (as the federation
// benchmark's 34 nodes: i±1, i±5), then the rest.
constexpr int kOffsets[] = {1, -1, 5, -5, 2, -2, 3, -3, 4, -4, 6, -6, 7, -7, 8, -8};

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<std::size_t> ring_peers(std::size_t node, std::size_t nodes, std::size_t peers) {
  std::vector<std::size_t> chosen;
  const auto n = static_cast<long>(nodes);
  for (const int offset : kOffsets) {
    if (chosen.size() >= peers) {
      break;
    }
    const auto peer = static_cast<std::size_t>(((static_cast<long>(node) + offset) % n + n) % n);
    bool known = peer == node;
    for (const std::size_t other : chosen) {
      known = known || other == peer;
    }
    if (!known) {
      chosen.push_back(peer);
    }
  }
  return chosen;
}

// The first line of the answer to GET / at 127.0.0.1:port, empty when none came in 5 s.
std::string http_status_line(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) {
    return "";
  }
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  std::string answer;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    const std::string request = "GET / HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n";
    if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
        static_cast<ssize_t>(request.size())) {
      char buffer[256];
      const ssize_t got = recv(fd, buffer, sizeof buffer, 0);
      if (got > 0) {
        answer.assign(buffer, static_cast<std::size_t>(got));
      }
    }
  }
  close(fd);
  return answer.substr(0, answer.find('\r'));
}

}  // namespace

Network::Network(const fs::path& work, const Programs& programs, const NetworkPlan& plan)
    : work_(work), curve_(!plan.plain && plan.nodes <= kNationalNodes) {
  if (curve_) {
    make_keys(programs, plan.nodes);
  } else {
    for (std::size_t i = 0; i < plan.nodes; ++i) {
      ids_.push_back("node-" + std::to_string(i + 1));
      prefixes_.push_back("N" + std::to_string(i + 1));
      areas_.push_back(local_areas(i));
    }
  }
  for (std::size_t i = 0; i < plan.nodes; ++i) {
    endpoints_.push_back("tcp://127.0.0.1:" + std::to_string(free_port()));
    peers_.push_back(ring_peers(i, plan.nodes, plan.peers));
  }
  setenv("ALERTBUSD", programs.alertbusd.c_str(), 1);
  const bool relay = plan.peers < plan.nodes - 1;
  for (std::size_t i = 0; i < plan.nodes; ++i) {
    testing::BrokerProcess::Options options;
    options.node_id = ids_[i];
    options.reference_prefix = prefixes_[i];
    options.directory = work / ids_[i];
    options.extra_args = {"--listen",
                          endpoints_[i],
                          "--listen",
                          "ipc://" + (work / (ids_[i] + ".sock")).string(),
                          "--areas-file",
                          (programs.source_dir / "deploy/areas/provinces.csv").string(),
                          "--log-level",
                          "warn",
                          "--publish-events-per-second",
                          "1000",
                          "--publish-bytes-per-second",
                          std::to_string(1000 * 4096)};
    if (curve_) {
      const fs::path security = work / "security";
      options.extra_args.insert(
          options.extra_args.end(),
          {"--security-mode", "curve", "--registry", (security / "registry.toml").string(),
           "--key-file", (security / "keys" / (ids_[i] + ".key")).string()});
    }
    if (relay) {
      options.extra_args.insert(options.extra_args.end(), {"--relay", "--max-hops", "16"});
    }
    for (const std::size_t peer : peers_[i]) {
      options.extra_args.push_back("--peer");
      options.extra_args.push_back(ids_[peer] + "=" + endpoints_[peer]);
    }
    brokers_.push_back(std::make_unique<testing::BrokerProcess>(options));
  }
  if (curve_ && plan.dashboards && plan.nodes == 3) {
    for (std::size_t i = 0; i < plan.nodes; ++i) {
      start_dashboard(i, programs);
    }
  }
}

Network::~Network() {
  stop_all();
}

void Network::make_keys(const Programs& programs, std::size_t nodes) {
  const fs::path security = work_ / "security";
  std::vector<std::string> command{"/bin/bash",
                                   (programs.source_dir / "deploy/make-keys.sh").string()};
  if (nodes != 3) {
    command.emplace_back("--national");
  }
  command.insert(command.end(), {security.string(), programs.alertctl});
  run_program(command, work_ / "setup.log");
  const StatusOr<std::shared_ptr<const protocol::Registry>> registry =
      protocol::Registry::parse(read_text(security / "registry.toml"), "registry.toml");
  const StatusOr<protocol::AreaTable> table =
      protocol::AreaTable::load((programs.source_dir / "deploy/areas/provinces.csv").string());
  if (!registry.ok() || !table.ok()) {
    throw std::runtime_error("cannot read the registry or the areas: " +
                             (registry.ok() ? table.status() : registry.status()).to_string());
  }
  for (const protocol::NodeArea& node : registry.value()->nodes()) {
    if (ids_.size() == nodes) {
      break;
    }
    ids_.push_back(node.id);
    prefixes_.push_back(node.reference_prefix);
    areas_.push_back(registry_areas(node.province_codes, table.value()));
    const StatusOr<protocol::KeyFile> keys =
        protocol::read_key_file((security / "keys" / (node.id + ".key")).string());
    if (!keys.ok()) {
      throw std::runtime_error("cannot read the key of " + node.id + ": " +
                               keys.status().to_string());
    }
    server_keys_.push_back(protocol::z85_key(keys.value().curve_public));
  }
}

void Network::start_dashboard(std::size_t node, const Programs& programs) {
  const std::string& id = ids_[node];
  run_program({"/bin/bash", (programs.source_dir / "deploy/dashboard/local.sh").string(),
               work_.string(), id, "0", server_keys_[node], programs.dashboard},
              work_ / "setup.log");
  const fs::path url_file = work_ / (id + "-dashboard.url");
  dashboards_.push_back(std::make_unique<ChildProcess>(
      std::vector<std::string>{programs.dashboard, "serve", "--config",
                               (work_ / (id + "-dashboard.toml")).string(), "--url-file",
                               url_file.string()},
      work_ / (id + "-dashboard.log")));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    const std::string url = read_text(url_file);
    const std::size_t colon = url.rfind(':');
    if (!url.empty() && url.back() == '\n' && colon != std::string::npos) {
      dashboard_ports_.push_back(std::atoi(url.c_str() + colon + 1));
      return;
    }
    if (!dashboards_.back()->alive() || std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("the dashboard of " + id + " did not start; see " +
                               (work_ / (id + "-dashboard.log")).string());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

std::shared_ptr<const client::Credentials> Network::credentials(const std::string& principal,
                                                                std::size_t node) const {
  if (!curve_) {
    return nullptr;
  }
  std::string file = principal;
  file[file.find('/')] = '_';
  StatusOr<std::shared_ptr<const client::Credentials>> loaded = client::Credentials::load(
      (work_ / "security/keys" / (file + ".key")).string(), server_keys_[node]);
  if (!loaded.ok()) {
    throw std::runtime_error("cannot load the keys of " + principal + ": " +
                             loaded.status().to_string());
  }
  return loaded.value();
}

bool Network::dashboard_answers(std::size_t node) {
  if (node >= dashboards_.size() || !dashboards_[node]->alive()) {
    return false;
  }
  return http_status_line(dashboard_ports_[node]).rfind("HTTP/1.", 0) == 0;
}

void Network::stop_all() {
  for (std::unique_ptr<ChildProcess>& dashboard : dashboards_) {
    dashboard->stop();
  }
  for (std::unique_ptr<testing::BrokerProcess>& broker : brokers_) {
    if (broker->alive()) {
      broker->stop();
    }
  }
}

}  // namespace alertbus::bench::soak
