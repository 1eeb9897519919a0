// Small pieces every route of alertbus-dashboard uses: JSON answers and errors in the shape of
// docs/DASHBOARD.md, the language a request asks for, cookies, and the security headers every
// answer carries.
//
// Threading: pure functions.
#pragma once

#include <httplib.h>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "alertbus/protocol/status.hpp"
#include "alertctl/messages.hpp"
#include "view/view_error.hpp"

namespace alertbus::dashboard {

using alertctl::Language;

// The Content-Security-Policy of every answer: nothing but this server's own files, no
// inline script or style, no framing.
inline constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
    "frame-ancestors 'none'; form-action 'self'";

// lang=en asks for English; anything else, Vietnamese.
Language request_language(const httplib::Request& request);

// The value of cookie `name` in the request's Cookie header, or empty.
std::string cookie_value(const httplib::Request& request, std::string_view name);

void send_json(httplib::Response& response, int status, const nlohmann::json& body);
void send_json(httplib::Response& response, int status, const nlohmann::ordered_json& body);

// {"error": {code, message (vi), message_en, field, rule}}.
nlohmann::json error_body(std::string_view code, std::string_view message_vi,
                          std::string_view message_en, std::string_view field = {},
                          std::string_view rule = {});
void send_error(httplib::Response& response, int status, std::string_view code,
                std::string_view message_vi, std::string_view message_en,
                std::string_view field = {});

// A broker's or a check's Status as an error answer: its code's name, both messages and the
// field it names; the HTTP status from the code (403 for permission, 404 not found, 422 for
// an invalid value, 503 for an unreachable broker, 500 otherwise).
void send_status(httplib::Response& response, const Status& status);
int http_status_of(const Status& status);

// The headers every answer carries (CSP, nosniff, no referrer, no framing, no caching of
// API answers).
void add_security_headers(const httplib::Request& request, httplib::Response& response);

// A form's failures: 422 {"error": first, "errors": [all]} (view/view_error.hpp).
void send_field_errors(httplib::Response& response, const std::vector<FieldError>& errors);

// The request body as JSON (an object), or an error answer already sent and nullopt.
std::optional<nlohmann::json> json_body(const httplib::Request& request,
                                        httplib::Response& response);

}  // namespace alertbus::dashboard
