// A real alertbus-dashboard process started by a test: its path, a configuration serving one
// unit of a test's broker, and a guard that kills it if the test ends first.
#pragma once

#include <filesystem>
#include <string>
#include <sys/types.h>

namespace alertbus::testing {

// $ALERTBUS_DASHBOARD if set, else the dashboard built with the tests.
std::string dashboard_path();

// A new key for the unit bac-giang/cnty in `folder`/bac-giang_cnty.key (plain brokers take
// any); its path.
std::filesystem::path write_unit_key(const std::filesystem::path& folder);

// Writes `folder`/dashboard.toml: listening on 127.0.0.1 (any port), the source tree's pages,
// state and accounts in `folder`, the broker at `broker_endpoint` (plain), unit
// bac-giang/cnty with `key_file`, then `extra` (more TOML, e.g. a [log] table). Returns its
// path.
std::filesystem::path write_dashboard_config(const std::filesystem::path& folder,
                                             const std::string& broker_endpoint,
                                             const std::filesystem::path& key_file,
                                             const std::string& extra = "");

// alertbus-dashboard serve --config FILE --url-file FILE, its output appended to `log`.
pid_t start_dashboard(const std::filesystem::path& config, const std::filesystem::path& url_file,
                      const std::filesystem::path& log);

// The URL the dashboard wrote to `url_file` without its trailing '/' ("http://127.0.0.1:PORT"),
// waiting up to 10 s for it; empty if it never came.
std::string dashboard_url(const std::filesystem::path& url_file);

// Kills the dashboard if the test ends before it stopped it.
struct KillOnExit {
  explicit KillOnExit(pid_t started) : pid(started) {}

  ~KillOnExit();
  KillOnExit(const KillOnExit&) = delete;
  KillOnExit& operator=(const KillOnExit&) = delete;

  pid_t pid;
};

}  // namespace alertbus::testing
