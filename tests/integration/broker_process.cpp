#include "broker_process.hpp"

#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <sched.h>
#include <signal.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

#include "spawn_logged.hpp"

namespace alertbus::testing {

std::string alertbusd_path() {
  const char* path = std::getenv("ALERTBUSD");
  return path != nullptr ? path : ALERTBUS_BUILT_ALERTBUSD;
}

std::vector<std::string> heartbeat_args(int interval_ms) {
  return {"--heartbeat-interval-ms", std::to_string(interval_ms)};
}

BrokerProcess::BrokerProcess(Options options) : options_(std::move(options)) {
  endpoint_ = "ipc://" + (options_.directory / "broker.sock").string();
  start();
}

BrokerProcess::~BrokerProcess() {
  if (pid_ > 0) {
    stop();
  }
}

void BrokerProcess::start() {
  const std::string endpoint_file = (options_.directory / "endpoint").string();
  std::filesystem::remove(endpoint_file);
  std::vector<std::string> args{alertbusd_path(),
                                "--node-id",
                                options_.node_id,
                                "--reference-prefix",
                                options_.reference_prefix,
                                "--listen",
                                endpoint_,
                                "--data-dir",
                                (options_.directory / "data").string(),
                                "--endpoint-file",
                                endpoint_file};
  args.insert(args.end(), options_.extra_args.begin(), options_.extra_args.end());
  const std::string log = log_path();
  std::filesystem::create_directories(options_.directory);  // The log lives there.
  std::function<bool()> enter_namespace;
  if (!options_.network_namespace.empty()) {
    enter_namespace = [path = "/var/run/netns/" + options_.network_namespace] {
      const int netns = open(path.c_str(), O_RDONLY | O_CLOEXEC);
      const bool entered = netns >= 0 && setns(netns, CLONE_NEWNET) == 0;
      close(netns);
      return entered;
    };
  }
  pid_ = spawn_logged(args, log, enter_namespace);
  const auto deadline = std::chrono::steady_clock::now() + options_.start_timeout;
  while (!std::filesystem::exists(endpoint_file)) {
    if (!alive()) {
      throw std::runtime_error("alertbusd exited at start; see " + log);
    }
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("alertbusd did not start within " +
                               std::to_string(options_.start_timeout.count()) + " s; see " + log);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

bool BrokerProcess::alive() {
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

int BrokerProcess::stop() {
  if (pid_ <= 0) {
    return -1;
  }
  kill(pid_, SIGTERM);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

void BrokerProcess::kill9() {
  if (pid_ <= 0) {
    return;
  }
  kill(pid_, SIGKILL);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
}

}  // namespace alertbus::testing
