// An action to a follow-up (follow_up.hpp).
#include "dashboard/view/follow_up.hpp"

#include <algorithm>

#include <google/protobuf/util/time_util.h>

#include "alertbus/protocol/casework.hpp"
#include "alertbus/protocol/clock.hpp"
#include "alertbus/protocol/validation.hpp"
#include "alertbus/protocol/vocabulary.hpp"
#include "alertctl/event_input.hpp"
#include "dashboard/view/actions.hpp"

namespace alertbus::dashboard {
namespace {

using Json = nlohmann::json;

FieldError wrong_type(const std::string& field, const char* vi, const char* en) {
  return FieldError{field, vi, en, "invalid_value", ""};
}

// The latest request for information of the case, or empty.
std::string latest_request(const std::vector<v1::StoredEvent>& case_events) {
  std::string latest;
  std::int64_t latest_ms = 0;
  for (const v1::StoredEvent& stored : case_events) {
    v1::Event event;
    if (stored.type() != v1::REQUEST_INFO || !event.ParseFromString(stored.event())) {
      continue;
    }
    const std::int64_t ms =
        google::protobuf::util::TimeUtil::TimestampToMilliseconds(event.sent_at());
    if (latest.empty() || ms >= latest_ms) {
      latest = event.event_id();
      latest_ms = ms;
    }
  }
  return latest;
}

}  // namespace

Checked<v1::Event> follow_up_event(const Json& action, const v1::AlertCase& alert_case,
                                   const std::vector<v1::StoredEvent>& case_events,
                                   const Viewer& viewer, const alertctl::Names& names) {
  Checked<v1::Event> result;
  auto& errors = result.errors;
  if (!action.is_object()) {
    errors.push_back(FieldError{"", "Hành động phải là một đối tượng JSON",
                                "An action must be a JSON object", "invalid_json", ""});
    return result;
  }
  const Json type = action.value("type", Json());
  if (!type.is_string() || !action_type(type.get<std::string>())) {
    errors.push_back(FieldError{
        "type",
        "Loại hành động không hợp lệ; dùng ack, info, measures, request-info, answer, "
        "close, cancel hoặc withdraw",
        "Unknown action type; use ack, info, measures, request-info, answer, close, cancel or "
        "withdraw",
        "unknown_action", ""});
    return result;
  }
  const std::string name = type.get<std::string>();
  if (const std::optional<Refusal> refused = refusal(name, alert_case, viewer, names)) {
    errors.push_back(FieldError{"type", refused->vi, refused->en, "not_allowed", refused->rule});
    return result;
  }

  alertctl::FollowUpInput input;
  input.type = protocol::find_term(protocol::Vocabulary::kType, *action_type(name))->key;
  const Json text = action.value("text", Json(""));
  if (!text.is_string()) {
    errors.push_back(wrong_type("text", "Nội dung phải là văn bản", "text must be a text"));
  } else {
    input.text = text.get<std::string>();
  }
  const Json stable = action.value("stable", Json(false));
  if (!stable.is_boolean()) {
    errors.push_back(
        wrong_type("stable", "«stable» phải là true hoặc false", "stable must be true or false"));
  } else {
    input.stable = stable.get<bool>();
  }
  const Json quantity = action.value("quantity", Json());
  if (!quantity.is_null() && !(quantity.is_string() && quantity.get<std::string>().empty())) {
    if (!quantity.is_number() || quantity.get<double>() < 0) {
      errors.push_back(wrong_type("quantity", "Số lượng phải là một số không âm",
                                  "quantity must be a number, not negative"));
    } else {
      input.quantity = quantity.get<double>();
    }
  }
  const Json unit = action.value("quantity_unit", Json(""));
  if (!unit.is_string()) {
    errors.push_back(wrong_type("quantity_unit", "Đơn vị số lượng phải là văn bản",
                                "quantity_unit must be a text"));
  } else {
    input.quantity_unit = unit.get<std::string>();
  }
  if (name != "ack" && input.text.find_first_not_of(" \t\r\n") == std::string::npos &&
      text.is_string()) {
    errors.push_back(
        FieldError{"text", "Chưa điền nội dung", "The text is missing", "missing_field", ""});
  }
  if (name == "answer") {
    input.answers = latest_request(case_events);
  }

  v1::Event alert;
  const auto stored_alert =
      std::find_if(case_events.begin(), case_events.end(), [&](const v1::StoredEvent& stored) {
        return stored.type() == v1::ALERT && stored.event_id() == alert_case.event_id();
      });
  if (stored_alert == case_events.end() || !alert.ParseFromString(stored_alert->event())) {
    errors.push_back(FieldError{"", "Nút này chưa có bản cảnh báo gốc; hãy thử lại sau",
                                "This node does not hold the alert itself yet; try again later",
                                "alert_missing", ""});
  }
  if (!errors.empty()) {
    return result;
  }

  StatusOr<v1::Event> event = alertctl::build_follow_up_event(input, alert, viewer.unit_id);
  if (!event.ok()) {
    errors.push_back(error_of(event.status()));
    return result;
  }
  event->set_contact(viewer.officer_name + " (bảng điều khiển)");
  if (Status transition = protocol::check_transition(alert_case, *event); !transition.ok()) {
    errors.push_back(error_of(transition, "casework"));
    return result;
  }
  protocol::ValidationOptions validation;
  validation.now_unix_ms = protocol::now_unix_ms();
  if (Status valid = protocol::validate_event(*event, validation); !valid.ok()) {
    errors.push_back(error_of(valid, "validation"));
    return result;
  }
  result.value = std::move(event).value();
  return result;
}

}  // namespace alertbus::dashboard
