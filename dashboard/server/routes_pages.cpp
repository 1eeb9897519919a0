// The pages and their files, and what every answer goes through (routes.hpp): the 503 for a
// connection beyond the cap, the security headers, the login redirect for pages.
#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "connection_pool.hpp"
#include "dashboard_app.hpp"
#include "http_support.hpp"
#include "routes.hpp"

namespace alertbus::dashboard {
namespace {

// Paths that are the one page (index.html), which routes on the path itself.
constexpr const char* kPagePattern =
    R"(/|/inbox|/login|/map|/network|/reports|/post|/post/[a-z-]{1,40}|/alerts/[A-Za-z0-9-]{1,40})";

// The path and query of a page, encoded for ?next= (everything but unreserved characters).
std::string encode_component(const std::string& text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string encoded;
  for (const char letter : text) {
    const auto c = static_cast<unsigned char>(letter);
    if (std::isalnum(c) != 0 || c == '-' || c == '_' || c == '.' || c == '~' || c == '/') {
      encoded += static_cast<char>(c);
    } else {
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  return encoded;
}

void page(DashboardApp& app, const httplib::Request& request, httplib::Response& response) {
  if (request.path != "/login" && !app.officer(request)) {
    std::string next = request.path;
    if (!request.params.empty()) {
      next = request.target;
    }
    response.status = 303;
    response.set_header("Location", "/login?next=" + encode_component(next));
    return;
  }
  const std::filesystem::path index = std::filesystem::path(app.config().web_root) / "index.html";
  std::ifstream file(index, std::ios::binary);
  std::ostringstream text;
  text << file.rdbuf();
  if (!file) {
    send_error(response, 500, "INTERNAL", "Thiếu tệp trang index.html", "index.html is missing");
    return;
  }
  response.set_header("Cache-Control", "no-cache");
  response.set_content(text.str(), "text/html; charset=utf-8");
}

}  // namespace

void add_routes(httplib::Server& server, DashboardApp& app) {
  server.set_pre_routing_handler([](const httplib::Request& request, httplib::Response& response) {
    if (ConnectionPool::over_capacity()) {
      add_security_headers(request, response);
      response.set_header("Connection", "close");
      response.set_header("Retry-After", "5");
      send_error(response, 503, "busy", "Máy chủ đang quá tải, hãy thử lại sau giây lát",
                 "The server is busy, try again shortly");
      return httplib::Server::HandlerResponse::Handled;
    }
    return httplib::Server::HandlerResponse::Unhandled;
  });
  server.set_post_routing_handler([](const httplib::Request& request, httplib::Response& response) {
    add_security_headers(request, response);
  });
  add_session_routes(server, app);
  add_case_routes(server, app);
  add_action_routes(server, app);
  add_live_routes(server, app);
  add_export_routes(server, app);
  add_report_routes(server, app);
  add_page_routes(server, app);
}

void add_page_routes(httplib::Server& server, DashboardApp& app) {
  server.Get(kPagePattern, [&app](const httplib::Request& request, httplib::Response& response) {
    page(app, request, response);
  });
  const std::string static_root =
      (std::filesystem::path(app.config().web_root) / "static").string();
  server.set_mount_point("/static", static_root, {{"Cache-Control", "no-cache"}});
  server.set_file_extension_and_mimetype_mapping("js", "text/javascript; charset=utf-8");
  server.set_file_extension_and_mimetype_mapping("mjs", "text/javascript; charset=utf-8");
  server.set_file_extension_and_mimetype_mapping("css", "text/css; charset=utf-8");
  server.set_file_extension_and_mimetype_mapping("geojson", "application/geo+json");
  server.set_file_extension_and_mimetype_mapping("svg", "image/svg+xml");
  server.set_error_handler([](const httplib::Request&, httplib::Response& response) {
    if (response.status == 404 && response.body.empty()) {
      send_error(response, 404, "NOT_FOUND", "Không có trang này", "No such page");
    }
  });
}

}  // namespace alertbus::dashboard
