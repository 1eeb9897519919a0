// DashboardApp: one alertbus-dashboard process: its configuration, one UnitGateway and
// CaseFeed per unit it serves, the network monitor, the state database, the accounts and the
// login limiter, and the HTTP server whose routes (routes_*.cpp) use them.
//
// Threading: construct, start() and stop() from the main thread; the routes run on the HTTP
// workers and use only the thread-safe members.
#pragma once

#include <httplib.h>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "alertbus/protocol/areas.hpp"
#include "alertbus/protocol/status.hpp"
#include "alertctl/directory_names.hpp"
#include "case_feed.hpp"
#include "config.hpp"
#include "network_monitor.hpp"
#include "state/accounts.hpp"
#include "state/login_limiter.hpp"
#include "state/same_secret.hpp"
#include "state/session_sweeper.hpp"
#include "state/state_store.hpp"
#include "unit_gateway.hpp"
#include "view/viewer.hpp"

namespace alertbus::dashboard {

// The officer a request comes from (a valid session).
struct Officer {
  std::string user;
  std::string name;
  std::string csrf;
  std::string token;
  UnitGateway* gateway = nullptr;
  CaseFeed* feed = nullptr;
  Viewer viewer;
};

class DashboardApp {
 public:
  static StatusOr<std::unique_ptr<DashboardApp>> create(DashboardConfig config);
  ~DashboardApp();

  // Binds the listening socket (fails with the address in the message), starts the feeds and
  // the monitor; serve() then blocks until stop().
  Status start();
  void serve();
  void stop();
  // Waits up to `timeout` for the events officers posted to be acknowledged.
  void flush(std::chrono::milliseconds timeout);

  int port() const { return port_; }

  const DashboardConfig& config() const { return config_; }

  StateStore& store() { return *store_; }

  LoginLimiter& limiter() { return limiter_; }

  // Deletes the sessions idle for longer than session_idle_hours, at most once an hour
  // (called at each login).
  void sweep_idle_sessions();

  NetworkMonitor& monitor() { return *monitor_; }

  const protocol::AreaTable* areas() const { return areas_ ? &*areas_ : nullptr; }

  // The directory's names (refreshed by the monitor, shared: hold the pointer while using
  // them).
  std::shared_ptr<const alertctl::Names> names() const;

  std::shared_ptr<const DirectoryNames> directory() const { return monitor_->directory(); }

  // The account's password checked against the accounts file (re-read when it changed, so
  // that `account disable` takes effect at once).
  StatusOr<Account> verify_login(const std::string& user, const std::string& password);
  // The account as the file says now; nullopt when it is gone or disabled.
  std::optional<Account> account(const std::string& user);

  UnitGateway* gateway(const std::string& unit_id);
  CaseFeed* feed(const std::string& unit_id);

  // The officer of a request's session cookie, or nullopt (no cookie, expired, account
  // disabled since).
  std::optional<Officer> officer(const httplib::Request& request);
  // As officer(), and for a POST also the CSRF token and the Origin; sends 401/403 itself
  // and returns nullopt when refused.
  std::optional<Officer> require_officer(const httplib::Request& request,
                                         httplib::Response& response);

 private:
  explicit DashboardApp(DashboardConfig config);
  void reload_accounts_if_changed();
  Viewer viewer_of(const Account& account, const UnitGateway& gateway);

  DashboardConfig config_;
  std::optional<protocol::AreaTable> areas_;
  std::map<std::string, std::unique_ptr<UnitGateway>> gateways_;
  std::map<std::string, std::unique_ptr<CaseFeed>> feeds_;
  std::unique_ptr<NetworkMonitor> monitor_;
  std::unique_ptr<StateStore> store_;
  std::unique_ptr<SessionSweeper> sweeper_;
  LoginLimiter limiter_;

  std::mutex accounts_mutex_;
  AccountFile accounts_;
  std::string accounts_stamp_;

  std::unique_ptr<httplib::Server> server_;
  std::mutex stop_mutex_;
  bool stopped_ = false;
  int port_ = 0;
};

}  // namespace alertbus::dashboard
