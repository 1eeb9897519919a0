// BrokerProcess: a real alertbusd started by a test, in its own temporary data directory,
// listening on an ipc:// socket there. Stop it politely (SIGTERM), kill it (SIGKILL), and
// start it again on the same data.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace alertbus::testing {

class BrokerProcess {
 public:
  struct Options {
    std::string node_id = "bac-giang";
    std::string reference_prefix = "BG";
    std::filesystem::path directory;  // Data, socket, endpoint file and log live here.
    std::vector<std::string> extra_args;
    // If set, the broker runs in this network namespace (/var/run/netns/<name>, as made by
    // `ip netns add`); its ipc:// socket still reaches the test through the filesystem.
    std::string network_namespace;
    // How long start() waits for the endpoint file (a broker holding millions of events
    // takes longer to open than a test's).
    std::chrono::seconds start_timeout{20};
  };

  // Starts the broker and waits until it listens. Throws std::runtime_error on failure.
  explicit BrokerProcess(Options options);
  ~BrokerProcess();
  BrokerProcess(const BrokerProcess&) = delete;
  BrokerProcess& operator=(const BrokerProcess&) = delete;

  const std::string& endpoint() const { return endpoint_; }

  pid_t pid() const { return pid_; }

  std::string database_path() const {
    return (options_.directory / "data" / "alertbus.db").string();
  }

  std::string log_path() const { return (options_.directory / "alertbusd.log").string(); }

  // True while the process runs.
  bool alive();
  // SIGTERM and wait; returns the exit status (as from waitpid).
  int stop();
  // SIGKILL and wait.
  void kill9();
  // Starts again on the same directory.
  void start();

 private:
  Options options_;
  std::string endpoint_;
  pid_t pid_ = -1;
};

// The path of alertbusd: $ALERTBUSD if set, else the one built with the tests.
std::string alertbusd_path();

// Tests that wait for a federation link to be declared dead, or to be tried again, start
// their brokers with heartbeat_args(kFastHeartbeatMs): alertbusd's default is 2000 ms, and it
// drops a link after three silent intervals and tries it again one interval later.
inline constexpr int kFastHeartbeatMs = 200;
// How long a link stays silent before alertbusd drops it, with kFastHeartbeatMs.
inline constexpr std::chrono::milliseconds kFastHeartbeatTimeout{3 * kFastHeartbeatMs};

// alertbusd's arguments for a heartbeat of `interval_ms` (--heartbeat-interval-ms).
std::vector<std::string> heartbeat_args(int interval_ms);

}  // namespace alertbus::testing
