// JSON answers, errors, cookies and security headers (http_support.hpp).
#include "http_support.hpp"

#include <optional>

#include "alertbus/client/errors.hpp"

namespace alertbus::dashboard {

Language request_language(const httplib::Request& request) {
  if (request.has_param("lang")) {
    return request.get_param_value("lang") == "en" ? Language::kEn : Language::kVi;
  }
  return cookie_value(request, "alertbus_lang") == "en" ? Language::kEn : Language::kVi;
}

std::string cookie_value(const httplib::Request& request, std::string_view name) {
  const std::string header = request.get_header_value("Cookie");
  std::size_t at = 0;
  while (at < header.size()) {
    std::size_t end = header.find(';', at);
    if (end == std::string::npos) {
      end = header.size();
    }
    std::string_view part(header.data() + at, end - at);
    while (!part.empty() && part.front() == ' ') {
      part.remove_prefix(1);
    }
    const std::size_t equals = part.find('=');
    if (equals != std::string_view::npos && part.substr(0, equals) == name) {
      return std::string(part.substr(equals + 1));
    }
    at = end + 1;
  }
  return {};
}

void send_json(httplib::Response& response, int status, const nlohmann::json& body) {
  response.status = status;
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       "application/json; charset=utf-8");
}

void send_json(httplib::Response& response, int status, const nlohmann::ordered_json& body) {
  response.status = status;
  response.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                       "application/json; charset=utf-8");
}

nlohmann::json error_body(std::string_view code, std::string_view message_vi,
                          std::string_view message_en, std::string_view field,
                          std::string_view rule) {
  return {{"error",
           {{"code", code},
            {"message", message_vi},
            {"message_en", message_en},
            {"field", field},
            {"rule", rule}}}};
}

void send_error(httplib::Response& response, int status, std::string_view code,
                std::string_view message_vi, std::string_view message_en, std::string_view field) {
  send_json(response, status, error_body(code, message_vi, message_en, field));
}

int http_status_of(const Status& status) {
  if (status.code() == client::kUnavailable) {
    return 503;  // The library's own code, outside the wire's enum.
  }
  switch (status.code()) {
    case v1::PERMISSION_DENIED:
      return 403;
    case v1::NOT_FOUND:
      return 404;
    case v1::INTERNAL:
      return 500;
    default:
      return 422;
  }
}

void send_status(httplib::Response& response, const Status& status) {
  const std::string code =
      status.code() == client::kUnavailable ? "UNAVAILABLE" : code_name(status.code());
  send_json(response, http_status_of(status),
            error_body(code, status.message_vi(), status.message(), status.field()));
}

void add_security_headers(const httplib::Request& request, httplib::Response& response) {
  if (!response.has_header("Content-Security-Policy")) {  // A route may set a stricter one.
    response.set_header("Content-Security-Policy", kContentSecurityPolicy);
  }
  response.set_header("X-Content-Type-Options", "nosniff");
  response.set_header("Referrer-Policy", "no-referrer");
  response.set_header("X-Frame-Options", "DENY");
  response.set_header("Cross-Origin-Opener-Policy", "same-origin");
  if (request.path.rfind("/api/", 0) == 0) {
    response.set_header("Cache-Control", "no-store");
  }
}

void send_field_errors(httplib::Response& response, const std::vector<FieldError>& errors) {
  send_json(response, 422, errors_json(errors));  // {"error": first, "errors": [all]}
}

std::optional<nlohmann::json> json_body(const httplib::Request& request,
                                        httplib::Response& response) {
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, false);
  if (body.is_discarded() || !body.is_object()) {
    send_error(response, 400, "bad_json", "Nội dung yêu cầu không phải JSON hợp lệ",
               "The request body is not valid JSON");
    return std::nullopt;
  }
  return body;
}

}  // namespace alertbus::dashboard
