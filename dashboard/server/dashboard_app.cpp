// One alertbus-dashboard process (dashboard_app.hpp).
#include "dashboard_app.hpp"

#include <filesystem>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <utility>

#include "alertbus/logging/log_format.hpp"
#include "connection_pool.hpp"
#include "http_support.hpp"
#include "routes.hpp"

namespace alertbus::dashboard {
namespace {

// Changes when the accounts file is written again (size and modification time).
std::string file_stamp(const std::string& path) {
  std::error_code error;
  const auto time = std::filesystem::last_write_time(path, error);
  if (error) {
    return {};
  }
  return std::to_string(time.time_since_epoch().count()) + ":" +
         std::to_string(std::filesystem::file_size(path, error));
}

}  // namespace

DashboardApp::DashboardApp(DashboardConfig config) : config_(std::move(config)) {}

DashboardApp::~DashboardApp() {
  stop();
}

StatusOr<std::unique_ptr<DashboardApp>> DashboardApp::create(DashboardConfig config) {
  auto app = std::unique_ptr<DashboardApp>(new DashboardApp(std::move(config)));
  const DashboardConfig& c = app->config_;
  if (!c.areas_file.empty()) {
    StatusOr<protocol::AreaTable> areas = protocol::AreaTable::load(c.areas_file);
    if (!areas.ok()) {
      return areas.status();
    }
    app->areas_ = std::move(areas).value();
  }
  StatusOr<std::unique_ptr<StateStore>> store = StateStore::open(c.state_dir);
  if (!store.ok()) {
    return store.status();
  }
  app->store_ = std::move(store).value();
  app->sweeper_ = std::make_unique<SessionSweeper>(
      *app->store_, std::chrono::hours(c.session_idle_hours), std::chrono::hours(1));
  StatusOr<AccountFile> accounts = AccountFile::load(c.accounts_file);
  if (!accounts.ok()) {
    return accounts.status();
  }
  app->accounts_ = std::move(accounts).value();
  app->accounts_stamp_ = file_stamp(c.accounts_file);
  for (const UnitConfig& unit : c.units) {
    StatusOr<std::unique_ptr<UnitGateway>> gateway = UnitGateway::open(unit, c);
    if (!gateway.ok()) {
      return gateway.status();
    }
    UnitGateway& opened = *gateway.value();
    StateStore* state = app->store_.get();
    const std::string stream = "cases:" + unit.id;
    auto load = [state, stream]() -> std::uint64_t {
      StatusOr<std::uint64_t> position = state->load_cursor(stream);
      if (!position.ok()) {
        spdlog::error("dashboard: cursor of {} not read: {}", stream,
                      position.status().to_string());
        return 0;
      }
      return position.value();
    };
    auto save = [state, stream](std::uint64_t position) {
      if (const Status saved = state->save_cursor(stream, position); !saved.ok()) {
        spdlog::error("dashboard: cursor of {} not saved: {}", stream, saved.to_string());
      }
    };
    app->feeds_.emplace(unit.id, std::make_unique<CaseFeed>(opened, load, save));
    app->gateways_.emplace(unit.id, std::move(gateway).value());
  }
  app->monitor_ =
      std::make_unique<NetworkMonitor>(*app->gateways_.begin()->second, std::chrono::seconds(2));
  return app;
}

Status DashboardApp::start() {
  if (config_.tls()) {
    server_ =
        std::make_unique<httplib::SSLServer>(config_.tls_cert.c_str(), config_.tls_key.c_str());
  } else {
    server_ = std::make_unique<httplib::Server>();
  }
  if (!server_->is_valid()) {
    return Status::error(v1::INVALID_VALUE, "the TLS certificate or key cannot be read",
                         "không đọc được chứng chỉ hoặc khóa TLS", "dashboard.tls_cert");
  }
  const std::size_t connections = static_cast<std::size_t>(config_.max_connections);
  server_->new_task_queue = [connections] { return new ConnectionPool(connections); };
  // SO_REUSEADDR only: httplib's default also sets SO_REUSEPORT, with which a second
  // dashboard started on the same port would share it silently, each answering some of the
  // requests. Without it, the second one fails to start and says so.
  server_->set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server_->set_payload_max_length(256 * 1024);
  server_->set_read_timeout(std::chrono::seconds(10));
  server_->set_keep_alive_timeout(5);
  add_routes(*server_, *this);
  port_ = config_.listen_port;
  if (port_ == 0) {
    port_ = server_->bind_to_any_port(config_.listen_host);
  } else if (!server_->bind_to_port(config_.listen_host, port_)) {
    port_ = -1;
  }
  if (port_ <= 0) {
    const std::string where = config_.listen_host + ":" + std::to_string(config_.listen_port);
    return Status::error(v1::INTERNAL, "cannot listen on " + where,
                         "không lắng nghe được trên " + where, "dashboard.listen");
  }
  for (auto& [unit, feed] : feeds_) {
    feed->start();
  }
  monitor_->start();
  spdlog::info("dashboard: serving {} unit(s) on {}://{}:{}", gateways_.size(),
               config_.tls() ? "https" : "http", config_.listen_host, port_);
  return {};
}

void DashboardApp::serve() {
  server_->listen_after_bind();
}

void DashboardApp::stop() {
  // From the signal thread and from main once serve() returns: the first does it.
  std::lock_guard lock(stop_mutex_);
  if (stopped_) {
    return;
  }
  stopped_ = true;
  if (server_) {
    server_->stop();
  }
  for (auto& [unit, feed] : feeds_) {
    feed->stop();
  }
  if (monitor_) {
    monitor_->stop();
  }
}

void DashboardApp::flush(std::chrono::milliseconds timeout) {
  for (auto& [unit, gateway] : gateways_) {
    if (const Status flushed = gateway->flush(timeout); !flushed.ok()) {
      const logging::LogSubject subject(logging::Field::kPrincipal, unit);
      spdlog::error("dashboard: events of {} not acknowledged before stopping: {}", unit,
                    flushed.to_string());
    }
  }
}

std::shared_ptr<const alertctl::Names> DashboardApp::names() const {
  std::shared_ptr<const DirectoryNames> directory = monitor_->directory();
  return {directory, &directory->names};  // Shares the directory's lifetime.
}

void DashboardApp::reload_accounts_if_changed() {
  const std::string stamp = file_stamp(config_.accounts_file);
  if (stamp == accounts_stamp_) {
    return;
  }
  StatusOr<AccountFile> accounts = AccountFile::load(config_.accounts_file);
  if (!accounts.ok()) {
    spdlog::error("dashboard: accounts file not reloaded: {}", accounts.status().to_string());
    return;
  }
  accounts_ = std::move(accounts).value();
  accounts_stamp_ = stamp;
  spdlog::info("dashboard: accounts reloaded from {}", config_.accounts_file);
}

StatusOr<Account> DashboardApp::verify_login(const std::string& user, const std::string& password) {
  std::lock_guard lock(accounts_mutex_);
  reload_accounts_if_changed();
  LoginFailure failure = LoginFailure::kNone;
  StatusOr<Account> account = accounts_.verify(user, password, &failure);
  if (!account.ok()) {
    const logging::LogSubject subject(logging::Field::kPrincipal, user);
    spdlog::warn("dashboard: login of '{}' refused: {}", user, login_failure_name(failure));
  }
  return account;
}

std::optional<Account> DashboardApp::account(const std::string& user) {
  std::lock_guard lock(accounts_mutex_);
  reload_accounts_if_changed();
  const Account* found = accounts_.find(user);
  if (found == nullptr || found->disabled) {
    return std::nullopt;
  }
  return *found;
}

UnitGateway* DashboardApp::gateway(const std::string& unit_id) {
  const auto found = gateways_.find(unit_id);
  return found == gateways_.end() ? nullptr : found->second.get();
}

CaseFeed* DashboardApp::feed(const std::string& unit_id) {
  const auto found = feeds_.find(unit_id);
  return found == feeds_.end() ? nullptr : found->second.get();
}

Viewer DashboardApp::viewer_of(const Account& account, const UnitGateway& gateway) {
  Viewer viewer;
  viewer.user = account.user;
  viewer.officer_name = account.name;
  viewer.unit_id = gateway.unit_id();
  viewer.node_id = gateway.node_id();
  viewer.can_issue = gateway.can_issue();
  const std::shared_ptr<const DirectoryNames> directory = monitor_->directory();
  for (const v1::Directory::Unit& unit : directory->directory.units()) {
    if (unit.id() == gateway.unit_id()) {
      for (const int kind : unit.kinds()) {
        viewer.kinds.push_back(static_cast<v1::AlertKind>(kind));
      }
    }
  }
  return viewer;
}

void DashboardApp::sweep_idle_sessions() {
  const auto swept = sweeper_->sweep_if_due(std::chrono::system_clock::now());
  if (!swept) {
    return;
  }
  if (!swept->ok()) {
    spdlog::error("dashboard: idle sessions not swept: {}", swept->status().to_string());
  } else if (swept->value() > 0) {
    spdlog::info("dashboard: {} idle session(s) ended", swept->value());
  }
}

std::optional<Officer> DashboardApp::officer(const httplib::Request& request) {
  const std::string token = cookie_value(request, "alertbus_session");
  if (token.empty()) {
    return std::nullopt;
  }
  const std::chrono::hours idle(config_.session_idle_hours);
  StatusOr<std::optional<Session>> found_session =
      store_->find_session(token, std::chrono::system_clock::now(), idle);
  if (!found_session.ok()) {
    spdlog::error("dashboard: session not read: {}", found_session.status().to_string());
    return std::nullopt;
  }
  const std::optional<Session>& session = found_session.value();
  if (!session) {
    return std::nullopt;
  }
  std::optional<Account> found = account(session->user);
  UnitGateway* unit_gateway = found ? gateway(found->unit) : nullptr;
  if (unit_gateway == nullptr) {
    (void)store_->remove_session(token);
    return std::nullopt;
  }
  Officer officer;
  officer.user = found->user;
  officer.name = found->name;
  officer.csrf = session->csrf;
  officer.token = token;
  officer.gateway = unit_gateway;
  officer.feed = feed(found->unit);
  officer.viewer = viewer_of(*found, *unit_gateway);
  return officer;
}

std::optional<Officer> DashboardApp::require_officer(const httplib::Request& request,
                                                     httplib::Response& response) {
  std::optional<Officer> found = officer(request);
  if (!found) {
    send_error(response, 401, "login_required", "Cần đăng nhập", "Login required");
    return std::nullopt;
  }
  if (request.method == "POST") {
    const std::string origin = request.get_header_value("Origin");
    const std::string host = request.get_header_value("Host");
    // Served over TLS, only https:// is this origin; served plainly, https:// too, for a TLS
    // proxy in front (docs/OPERATIONS.md).
    const bool same_origin = origin.empty() || origin == "https://" + host ||
                             (!config_.tls() && origin == "http://" + host);
    if (!same_origin || !same_secret(request.get_header_value("X-CSRF-Token"), found->csrf)) {
      const logging::LogSubject subject(logging::Field::kPrincipal, found->user);
      spdlog::warn("dashboard: {} refused a POST to {} without a valid CSRF token", found->user,
                   request.path);
      send_error(response, 403, "csrf",
                 "Yêu cầu bị từ chối: thiếu mã chống giả mạo (CSRF) hoặc sai nguồn gốc",
                 "Refused: missing CSRF token or wrong origin");
      return std::nullopt;
    }
  }
  return found;
}

}  // namespace alertbus::dashboard
