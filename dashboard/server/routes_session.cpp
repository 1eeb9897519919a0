// Login, logout and who is logged in (routes.hpp).
#include <spdlog/spdlog.h>

#include "alertbus/logging/log_format.hpp"
#include "dashboard_app.hpp"
#include "http_support.hpp"
#include "me_json.hpp"
#include "routes.hpp"

namespace alertbus::dashboard {
namespace {

std::string session_cookie(const DashboardApp& app, const std::string& token, bool clear) {
  std::string cookie = "alertbus_session=" + token + "; Path=/; HttpOnly; SameSite=Strict";
  if (app.config().tls()) {
    cookie += "; Secure";
  }
  if (clear) {
    cookie += "; Max-Age=0";
  }
  return cookie;
}

void login(DashboardApp& app, const httplib::Request& request, httplib::Response& response) {
  const std::optional<nlohmann::json> body = json_body(request, response);
  if (!body) {
    return;
  }
  const std::string user = body->value("user", "");
  const std::string password = body->value("password", "");
  const std::string address = request.remote_addr;
  const auto now = std::chrono::steady_clock::now();
  // Every line about this login names the account tried (JSON logs: "principal").
  const logging::LogSubject subject(logging::Field::kPrincipal, user);
  if (const LoginDecision decision = app.limiter().check(user, address, now); !decision.allowed) {
    response.set_header("Retry-After", std::to_string(decision.retry_after.count()));
    const std::string minutes = std::to_string((decision.retry_after.count() + 59) / 60);
    spdlog::warn("dashboard: login of '{}' from {} refused: too many failed attempts", user,
                 address);
    send_error(response, 429, "too_many_attempts",
               "Đăng nhập sai quá nhiều lần. Hãy thử lại sau " + minutes + " phút.",
               "Too many failed logins. Try again in " + minutes + " minutes.");
    return;
  }
  StatusOr<Account> account = app.verify_login(user, password);
  UnitGateway* gateway = account.ok() ? app.gateway(account->unit) : nullptr;
  if (gateway == nullptr) {
    app.limiter().failed(user, address, now);
    spdlog::warn("dashboard: failed login of '{}' from {}{}", user, address,
                 account.ok() ? ": unit not served here" : "");
    send_error(response, 401, "bad_login", "Sai tên đăng nhập hoặc mật khẩu",
               "Wrong user name or password");
    return;
  }
  app.limiter().succeeded(user, address);
  app.sweep_idle_sessions();
  StatusOr<NewSession> made =
      app.store().create_session(account->user, std::chrono::system_clock::now());
  if (!made.ok()) {
    send_status(response, made.status());
    return;
  }
  const NewSession& session = made.value();
  spdlog::info("dashboard: {} ({}) logged in from {}", account->user, account->name, address);
  response.set_header("Set-Cookie", session_cookie(app, session.token, false));
  httplib::Request with_cookie = request;
  with_cookie.headers.emplace("Cookie", "alertbus_session=" + session.token);
  const std::optional<Officer> officer = app.officer(with_cookie);
  if (!officer) {
    send_error(response, 500, "internal", "Không tạo được phiên làm việc",
               "The session could not be made");
    return;
  }
  send_json(response, 200,
            me_json(officer->viewer, officer->csrf, *app.names(), request_language(request)));
}

}  // namespace

void add_session_routes(httplib::Server& server, DashboardApp& app) {
  server.Post("/api/login", [&app](const httplib::Request& request, httplib::Response& response) {
    login(app, request, response);
  });
  server.Post("/api/logout", [&app](const httplib::Request& request, httplib::Response& response) {
    const std::optional<Officer> officer = app.require_officer(request, response);
    if (!officer) {
      return;
    }
    (void)app.store().remove_session(officer->token);
    const logging::LogSubject subject(logging::Field::kPrincipal, officer->user);
    spdlog::info("dashboard: {} logged out", officer->user);
    response.set_header("Set-Cookie", session_cookie(app, "", true));
    response.status = 204;
  });
  server.Get("/api/me", [&app](const httplib::Request& request, httplib::Response& response) {
    const std::optional<Officer> officer = app.require_officer(request, response);
    if (officer) {
      send_json(response, 200,
                me_json(officer->viewer, officer->csrf, *app.names(), request_language(request)));
    }
  });
}

}  // namespace alertbus::dashboard
