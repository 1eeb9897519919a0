// The account field rules (account_checks.hpp).
#include "state/account_checks.hpp"

#include <algorithm>
#include <string>

#include "alertbus/protocol/registry.hpp"
#include "alertbus/protocol/utf8.hpp"

namespace alertbus::dashboard {
namespace {

Status field_error(ErrorCode code, std::string field, const std::string& en,
                   const std::string& vi) {
  return Status::error(code, en, vi, std::move(field));
}

}  // namespace

Status check_user(std::string_view user) {
  const bool valid =
      !user.empty() && user.size() <= kMaxUserLength &&
      std::all_of(user.begin(), user.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
      });
  if (!valid) {
    return field_error(v1::INVALID_VALUE, "user",
                       "user name '" + std::string(user) +
                           "' must be 1 to 64 characters of a-z, 0-9, '.', '_', '-'",
                       "tên đăng nhập '" + std::string(user) +
                           "' phải gồm 1 đến 64 ký tự a-z, 0-9, '.', '_', '-'");
  }
  return {};
}

Status check_display_name(std::string_view name) {
  if (!protocol::is_valid_utf8(name)) {
    return field_error(v1::INVALID_UTF8, "name", "the display name is not valid UTF-8",
                       "họ tên không phải UTF-8 hợp lệ");
  }
  const bool blank =
      std::all_of(name.begin(), name.end(), [](char c) { return c == ' ' || c == '\t'; });
  if (blank) {
    return field_error(v1::INVALID_VALUE, "name", "the display name is empty",
                       "họ tên không được để trống");
  }
  if (protocol::utf8_length(name) > kMaxDisplayNameLength) {
    return field_error(v1::TOO_LONG, "name", "the display name is longer than 120 characters",
                       "họ tên dài quá 120 ký tự");
  }
  const bool control = std::any_of(name.begin(), name.end(), [](char c) {
    return static_cast<unsigned char>(c) < 0x20 || c == 0x7F;
  });
  if (control) {
    return field_error(v1::INVALID_VALUE, "name", "the display name holds a control character",
                       "họ tên chứa ký tự điều khiển");
  }
  return {};
}

Status check_unit(std::string_view unit) {
  if (!protocol::principal_node(unit)) {
    return field_error(v1::INVALID_VALUE, "unit",
                       "unit '" + std::string(unit) +
                           "' is not a principal id such as bac-giang/cnty (node/name, each "
                           "1 to 64 characters of a-z, 0-9, '-', '_')",
                       "đơn vị '" + std::string(unit) +
                           "' không phải mã chủ thể dạng bac-giang/cnty (nút/tên, mỗi phần 1 "
                           "đến 64 ký tự a-z, 0-9, '-', '_')");
  }
  return {};
}

Status check_password(std::string_view password) {
  if (password.size() > kMaxPasswordLength) {
    return field_error(v1::TOO_LONG, "password", "the password is longer than 1024 bytes",
                       "mật khẩu dài quá 1024 byte");
  }
  // Not UTF-8 (a password typed in another encoding): its bytes count.
  const std::size_t length =
      protocol::is_valid_utf8(password) ? protocol::utf8_length(password) : password.size();
  if (length < kMinPasswordLength) {
    return field_error(v1::INVALID_VALUE, "password",
                       "the password must have at least 10 characters",
                       "mật khẩu phải có ít nhất 10 ký tự");
  }
  return {};
}

}  // namespace alertbus::dashboard
