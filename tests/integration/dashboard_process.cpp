#include "dashboard_process.hpp"

#include <chrono>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <signal.h>
#include <stdexcept>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "alertbus/protocol/keys.hpp"
#include "spawn_logged.hpp"

namespace alertbus::testing {

std::string dashboard_path() {
  const char* path = std::getenv("ALERTBUS_DASHBOARD");
  return path != nullptr ? path : ALERTBUS_BUILT_DASHBOARD;
}

std::filesystem::path write_unit_key(const std::filesystem::path& folder) {
  const std::filesystem::path key = folder / "bac-giang_cnty.key";
  const Status written =
      protocol::write_key_file(key.string(), protocol::generate_key_file("bac-giang/cnty"), true);
  if (!written.ok()) {
    throw std::runtime_error("cannot write " + key.string() + ": " + written.to_string());
  }
  return key;
}

std::filesystem::path write_dashboard_config(const std::filesystem::path& folder,
                                             const std::string& broker_endpoint,
                                             const std::filesystem::path& key_file,
                                             const std::string& extra) {
  const std::filesystem::path config = folder / "dashboard.toml";
  std::ofstream(config) << "[dashboard]\nlisten = \"127.0.0.1:0\"\nweb_root = \""
                        << ALERTBUS_SOURCE_DIR << "/dashboard/web\"\nstate_dir = \""
                        << (folder / "state").string() << "\"\naccounts = \""
                        << (folder / "accounts.toml").string() << "\"\n[broker]\nendpoint = \""
                        << broker_endpoint << "\"\n[[unit]]\nid = \"bac-giang/cnty\"\nkey_file = \""
                        << key_file.string() << "\"\n"
                        << extra;
  return config;
}

pid_t start_dashboard(const std::filesystem::path& config, const std::filesystem::path& url_file,
                      const std::filesystem::path& log) {
  std::vector<std::string> args = {dashboard_path(), "serve",      "--config",
                                   config.string(),  "--url-file", url_file.string()};
  return spawn_logged(args, log);
}

std::string dashboard_url(const std::filesystem::path& url_file) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < deadline) {
    std::string url;
    std::ifstream(url_file) >> url;
    if (!url.empty() && url.back() == '/') {
      url.pop_back();
      return url;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return "";
}

KillOnExit::~KillOnExit() {
  if (pid > 0) {
    ::kill(pid, SIGKILL);
    ::waitpid(pid, nullptr, 0);
  }
}

}  // namespace alertbus::testing
