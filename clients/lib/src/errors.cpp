#include "alertbus/client/errors.hpp"

namespace alertbus::client {

Status unavailable_status(const std::string& endpoint, std::chrono::milliseconds waited) {
  const std::string seconds =
      std::to_string(waited.count() / 1000) + "." + std::to_string(waited.count() % 1000 / 100);
  return Status::error(kUnavailable,
                       "no answer from the broker at " + endpoint + " within " + seconds +
                           " s (unreachable, stopped or overloaded)",
                       "broker tại " + endpoint + " không trả lời trong " + seconds +
                           " giây (không kết nối được, đã dừng hoặc quá tải)");
}

bool is_unavailable(const Status& status) {
  return status.code() == kUnavailable;
}

bool is_retryable(ErrorCode code) {
  return code == v1::STORE_FAILURE || code == v1::SHUTTING_DOWN || code == v1::TOO_MANY_IN_FLIGHT ||
         code == v1::RATE_LIMITED || code == v1::PROJECTION_BEHIND;
}

std::string error_code_name(ErrorCode code) {
  if (code == kUnavailable) {
    return "UNAVAILABLE";
  }
  return code_name(code);
}

}  // namespace alertbus::client
