// FieldError and the API's error JSON (view_error.hpp).
#include "dashboard/view/view_error.hpp"

#include "alertctl/value_words.hpp"

namespace alertbus::dashboard {

nlohmann::ordered_json error_json(const FieldError& error) {
  return nlohmann::ordered_json{{"code", error.code},
                                {"message", error.message},
                                {"message_en", error.message_en},
                                {"field", error.field},
                                {"rule", error.rule}};
}

nlohmann::ordered_json errors_json(const std::vector<FieldError>& errors) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const FieldError& error : errors) {
    list.push_back(error_json(error));
  }
  return nlohmann::ordered_json{{"error", errors.empty() ? nullptr : list.front()},
                                {"errors", std::move(list)}};
}

FieldError error_of(const Status& status, std::string rule) {
  std::string code = alertctl::lower_ascii(code_name(status.code()));
  for (char& c : code) {
    if (c == '-') {
      c = '_';
    }
  }
  return FieldError{status.field(), status.message_vi(), status.message(), std::move(code),
                    std::move(rule)};
}

}  // namespace alertbus::dashboard
