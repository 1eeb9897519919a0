// FieldError: one refusal of what a page sent (a filter, a new alert, an action), in both
// languages, and the JSON the API answers with (docs/DASHBOARD.md, "Errors"). Checked<T>: a
// value or every error found.
//
// Threading: plain values.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "alertbus/protocol/status.hpp"

namespace alertbus::dashboard {

struct FieldError {
  std::string field;       // "animal_disease.outbreaks[0].species", "severity"; may be empty.
  std::string message;     // Vietnamese, with full diacritics.
  std::string message_en;  // English.
  std::string code;        // "missing_field", "invalid_value", "not_allowed", …
  std::string rule;        // The rule that refuses it; may be empty.
};

// A value, or the errors that stop it (at least one then).
template <typename T>
struct Checked {
  std::optional<T> value;
  std::vector<FieldError> errors;

  bool ok() const { return value.has_value() && errors.empty(); }
};

// {code, message, message_en, field, rule}.
nlohmann::ordered_json error_json(const FieldError& error);

// {"error": first, "errors": [every one]}: the 422 answer. `errors` must not be empty.
nlohmann::ordered_json errors_json(const std::vector<FieldError>& errors);

// The error of a non-OK Status: its field, its messages, its code's name in lower case
// ("MISSING_FIELD" -> "missing_field").
FieldError error_of(const Status& status, std::string rule = {});

}  // namespace alertbus::dashboard
