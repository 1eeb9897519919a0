#include "dashboard_federation.hpp"

#include <arpa/inet.h>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <netinet/in.h>
#include <sstream>
#include <stdexcept>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "alertbus/protocol/keys.hpp"

namespace alertbus::bench {
namespace {

namespace fs = std::filesystem;

constexpr const char* kNodes[] = {"bac-giang", "hai-duong"};
constexpr const char* kPrefixes[] = {"BG", "HD"};

pid_t spawn(const std::vector<std::string>& args, const fs::path& log) {
  std::vector<std::string> copy = args;
  std::vector<char*> argv;
  for (std::string& arg : copy) {
    argv.push_back(arg.data());
  }
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid < 0) {
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    const int fd = open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    const int nothing = open("/dev/null", O_RDONLY);
    if (fd >= 0) {
      dup2(fd, STDERR_FILENO);
      dup2(fd, STDOUT_FILENO);
    }
    if (nothing >= 0) {
      dup2(nothing, STDIN_FILENO);
    }
    execv(argv[0], argv.data());
    _exit(127);
  }
  return pid;
}

// A free TCP port on 127.0.0.1 at the moment of asking (the broker binds it right after).
int free_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    throw std::runtime_error("cannot find a free TCP port");
  }
  const int port = ntohs(address.sin_port);
  close(fd);
  return port;
}

std::string read_text(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

ChildProcess::ChildProcess(const std::vector<std::string>& args, const fs::path& log)
    : pid_(spawn(args, log)) {}

ChildProcess::~ChildProcess() {
  if (pid_ > 0) {
    stop();
  }
}

bool ChildProcess::alive() {
  if (pid_ <= 0) {
    return false;
  }
  int status = 0;
  if (waitpid(pid_, &status, WNOHANG) == pid_) {
    pid_ = -1;
    return false;
  }
  return true;
}

int ChildProcess::stop() {
  if (pid_ <= 0) {
    return 0;
  }
  kill(pid_, SIGTERM);
  int status = 0;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (waitpid(pid_, &status, WNOHANG) == 0) {
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid_, SIGKILL);
      waitpid(pid_, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  pid_ = -1;
  return status;
}

void run_program(const std::vector<std::string>& args, const fs::path& log) {
  const pid_t pid = spawn(args, log);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error(args.front() + " " + (args.size() > 1 ? args[1] : "") +
                             " failed; see " + log.string());
  }
}

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
