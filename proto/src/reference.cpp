#include "alertbus/protocol/reference.hpp"

#include <algorithm>

namespace alertbus::protocol {
namespace {

bool all_digits(std::string_view text, std::size_t at_most) {
  return !text.empty() && text.size() <= at_most &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

bool is_yearly_reference(std::string_view reference, std::string_view prefix) {
  const std::size_t dash = reference.find('-');
  if (dash == std::string_view::npos || dash == 0 ||
      (!prefix.empty() && reference.substr(0, dash) != prefix)) {
    return false;
  }
  const std::string_view head = reference.substr(0, dash);
  if (!std::all_of(head.begin(), head.end(),
                   [](char c) { return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); })) {
    return false;
  }
  const std::string_view rest = reference.substr(dash);
  return rest.size() >= 11 && rest[0] == '-' && all_digits(rest.substr(1, 4), 4) &&
         rest[5] == '-' && all_digits(rest.substr(6), 12);
}

bool issued_by(std::string_view reference, std::string_view prefix) {
  const std::size_t slash = reference.find('/');
  if (slash == std::string_view::npos) {
    return is_yearly_reference(reference, prefix);
  }
  const std::string_view alert = reference.substr(0, slash);
  const std::string_view number = reference.substr(slash + 1);
  if (!is_yearly_reference(alert)) {
    return false;
  }
  if (is_yearly_reference(alert, prefix)) {
    return all_digits(number, 9);
  }
  return number.size() > prefix.size() + 1 && number.substr(0, prefix.size()) == prefix &&
         number[prefix.size()] == '-' && all_digits(number.substr(prefix.size() + 1), 9);
}

std::string_view alert_reference_of(std::string_view reference) {
  const std::size_t slash = reference.find('/');
  if (slash == std::string_view::npos || !is_yearly_reference(reference.substr(0, slash))) {
    return {};
  }
  return reference.substr(0, slash);
}

}  // namespace alertbus::protocol
