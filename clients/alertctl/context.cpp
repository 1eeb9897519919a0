#include "alertctl/context.hpp"

#include <nlohmann/json.hpp>

#include "alertbus/client/errors.hpp"
#include "alertctl/printable.hpp"

namespace alertbus::alertctl {

std::atomic<bool>& stop_requested() {
  static std::atomic<bool> flag{false};
  return flag;
}

std::chrono::milliseconds Context::request_timeout() const {
  if (!global.timeout_seconds) {
    return kDefaultRequestTimeout;
  }
  return std::chrono::milliseconds(static_cast<std::int64_t>(*global.timeout_seconds * 1000.0));
}

StatusOr<std::shared_ptr<const client::Credentials>> Context::credentials() const {
  if (global.key_file.empty()) {
    return std::shared_ptr<const client::Credentials>();
  }
  return client::Credentials::load(global.key_file, global.server_key);
}

std::unique_ptr<client::Client> Context::connect_client(int* exit_code) const {
  client::ClientOptions options;
  options.endpoint = global.broker;
  auto keys = credentials();
  if (!keys.ok()) {
    *exit_code = input_error(keys.status());
    return nullptr;
  }
  options.credentials = std::move(keys).value();
  options.request_timeout = request_timeout();
  StatusOr<std::unique_ptr<client::Client>> connected = client::Client::connect(options);
  if (!connected.ok()) {
    *exit_code = report(connected.status());
    return nullptr;
  }
  return std::move(connected).value();
}

int Context::report(const Status& status) const {
  const ErrorCode code = status.code();
  if (global.json) {
    nlohmann::json error = {{"code", client::error_code_name(code)},
                            {"code_number", static_cast<int>(code)},
                            {"message", status.message()},
                            {"message_vi", status.message_vi()}};
    if (!status.field().empty()) {
      error["field"] = status.field();
    }
    err << nlohmann::json{{"error", error}}.dump() << '\n';
  } else {
    const std::string& message = global.language == Language::kVi && !status.message_vi().empty()
                                     ? status.message_vi()
                                     : status.message();
    // The broker's messages may quote what was sent: printed, never acting on the terminal.
    err << tr(msg::kError) << " [" << client::error_code_name(code)
        << "]: " << printable(message, true);
    if (!status.field().empty()) {
      err << " (" << tr(msg::kField) << ": " << printable(status.field()) << ")";
    }
    err << '\n';
  }
  if (code == client::kUnavailable) {
    return kExitUnavailable;
  }
  if (code == v1::NOT_FOUND) {
    return kExitNotFound;
  }
  if (code == v1::INTERNAL) {
    return kExitFailure;
  }
  if (code == v1::INVALID_VALUE && status.field() == "endpoint") {
    return kExitUsage;
  }
  return kExitRefused;
}

int Context::input_error(const Status& status) const {
  (void)report(status);
  return kExitUsage;
}

int Context::usage_error(const std::string& message) const {
  if (global.json) {
    err << nlohmann::json{{"error", {{"code", "USAGE"}, {"message", message}}}}.dump() << '\n';
  } else {
    err << tr(msg::kError) << ": " << message << '\n' << tr(msg::kSeeHelp) << '\n';
  }
  return kExitUsage;
}

}  // namespace alertbus::alertctl
