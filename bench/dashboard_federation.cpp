#include "dashboard_federation.hpp"

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "alertbus/protocol/keys.hpp"

namespace alertbus::bench {
namespace {

namespace fs = std::filesystem;

constexpr const char* kNodes[] = {"bac-giang", "hai-duong"};
constexpr const char* kPrefixes[] = {"BG", "HD"};

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

const char* DashboardFederation::node_id(std::size_t node) {
  return kNodes[node];
}

DashboardFederation::DashboardFederation(const fs::path& work, const Programs& programs,
                                         std::uint64_t publish_per_s)
    : work_(work) {
  const fs::path log = work / "setup.log";
  const fs::path security = work / "security";
  run_program({"/bin/bash", (programs.source_dir / "deploy/make-keys.sh").string(),
               security.string(), programs.alertctl},
              log);
  for (const char* node : kNodes) {
    const StatusOr<protocol::KeyFile> keys =
        protocol::read_key_file((security / "keys" / (std::string(node) + ".key")).string());
    if (!keys.ok()) {
      throw std::runtime_error("cannot read the key of " + std::string(node) + ": " +
                               keys.status().to_string());
    }
    server_keys_.push_back(protocol::z85_key(keys.value().curve_public));
    tcp_endpoints_.push_back("tcp://127.0.0.1:" + std::to_string(free_port()));
  }
  setenv("ALERTBUSD", programs.alertbusd.c_str(), 1);
  const std::string areas = (programs.source_dir / "deploy/areas/provinces.csv").string();
  for (std::size_t i = 0; i < 2; ++i) {
    const std::size_t peer = 1 - i;
    testing::BrokerProcess::Options options;
    options.node_id = kNodes[i];
    options.reference_prefix = kPrefixes[i];
    options.directory = work / kNodes[i];
    options.extra_args = {"--listen",
                          tcp_endpoints_[i],
                          "--listen",
                          "ipc://" + (work / (std::string(kNodes[i]) + ".sock")).string(),
                          "--security-mode",
                          "curve",
                          "--registry",
                          (security / "registry.toml").string(),
                          "--key-file",
                          (security / "keys" / (std::string(kNodes[i]) + ".key")).string(),
                          "--areas-file",
                          areas,
                          "--log-level",
                          "warn",
                          "--peer",
                          std::string(kNodes[peer]) + "=" + tcp_endpoints_[peer],
                          "--publish-events-per-second",
                          std::to_string(publish_per_s),
                          "--publish-bytes-per-second",
                          std::to_string(publish_per_s * 4096)};
    brokers_.push_back(std::make_unique<testing::BrokerProcess>(options));
  }
  run_program({"/bin/bash", (programs.source_dir / "deploy/dashboard/local.sh").string(),
               work.string(), kNodes[kBacGiang], "0", server_keys_[kBacGiang], programs.dashboard},
              log);
  const fs::path url_file = work / "bac-giang-dashboard.url";
  dashboard_ = std::make_unique<ChildProcess>(
      std::vector<std::string>{programs.dashboard, "serve", "--config",
                               (work / "bac-giang-dashboard.toml").string(), "--url-file",
                               url_file.string()},
      work / "bac-giang-dashboard.log");
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (;;) {
    const std::string url = read_text(url_file);
    const std::size_t colon = url.rfind(':');
    if (!url.empty() && url.back() == '\n' && colon != std::string::npos) {
      dashboard_port_ = std::atoi(url.c_str() + colon + 1);
      break;
    }
    if (!dashboard_->alive() || std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("the dashboard did not start; see " +
                               (work / "bac-giang-dashboard.log").string());
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

DashboardFederation::~DashboardFederation() {
  dashboard_.reset();
  brokers_.clear();
}

std::shared_ptr<const client::Credentials> DashboardFederation::credentials(
    const std::string& principal, std::size_t node) const {
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

}  // namespace alertbus::bench
