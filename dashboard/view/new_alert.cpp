// A new alert from the post page (new_alert.hpp).
#include "dashboard/view/new_alert.hpp"

#include <algorithm>

#include "alertbus/protocol/clock.hpp"
#include "alertbus/protocol/event_body.hpp"
#include "alertbus/protocol/validation.hpp"
#include "alertctl/event_document.hpp"
#include "alertctl/event_input.hpp"
#include "alertctl/event_reader.hpp"
#include "alertctl/names.hpp"
#include "alertctl/place_checks.hpp"

namespace alertbus::dashboard {
namespace {

namespace pb = google::protobuf;
using alertctl::Language;

// Whether `errors` already refuse `field` or a part of it (or a whole it is part of).
bool refused(const std::vector<FieldError>& errors, const std::string& field) {
  const auto within = [](const std::string& part, const std::string& whole) {
    return part.size() > whole.size() && part.compare(0, whole.size(), whole) == 0 &&
           (part[whole.size()] == '.' || part[whole.size()] == '[');
  };
  return std::any_of(errors.begin(), errors.end(), [&](const FieldError& error) {
    return error.field == field || within(error.field, field) || within(field, error.field);
  });
}

FieldError from_problem(const alertctl::Problem& problem) {
  const auto line = [](const std::string& label, const std::string& text) {
    return label.empty() ? text : label + ": " + text;
  };
  return FieldError{problem.path, line(problem.label_vi, problem.vi),
                    line(problem.label_en, problem.en), "invalid_value", ""};
}

FieldError missing(const pb::FieldDescriptor& field, const std::string& path) {
  const std::string vi = alertctl::field_label(field, Language::kVi);
  const std::string en = alertctl::field_label(field, Language::kEn);
  return FieldError{path, "Chưa điền «" + vi + "»", en + " is missing", "missing_field", ""};
}

bool is_empty(const v1::Event& event, const pb::FieldDescriptor& field) {
  const pb::Reflection& r = *event.GetReflection();
  return field.is_repeated() ? r.FieldSize(event, &field) == 0
         : field.cpp_type() == pb::FieldDescriptor::CPPTYPE_STRING
             ? r.GetString(event, &field).find_first_not_of(" \t\r\n") == std::string::npos
             : !r.HasField(event, &field);
}

}  // namespace

Checked<v1::Event> new_alert_event(const nlohmann::json& document, const Viewer& viewer,
                                   const protocol::AreaTable* areas) {
  Checked<v1::Event> result;
  if (!document.is_object()) {
    result.errors.push_back(FieldError{"", "Cảnh báo mới phải là một đối tượng JSON",
                                       "A new alert must be a JSON object", "invalid_json", ""});
    return result;
  }
  if (!viewer.can_issue) {
    result.errors.push_back(FieldError{
        "", "Khóa của bảng điều khiển không được phát cảnh báo; cần khóa của chính đơn vị",
        "A dashboard key cannot post alerts; the unit's own key is needed", "not_allowed",
        "dashboard_key"});
    return result;
  }
  v1::Event event;
  alertctl::Problems problems;
  alertctl::read_message(document, &event, "", &problems);
  alertctl::check_places(&event, areas, "", &problems);
  for (const alertctl::Problem& problem : problems) {
    result.errors.push_back(from_problem(problem));
  }

  const pb::Descriptor& type = *v1::Event::descriptor();
  if (event.kind() == v1::ALERT_KIND_UNSPECIFIED) {
    if (!refused(result.errors, "kind")) {
      result.errors.push_back(missing(*type.FindFieldByName("kind"), "kind"));
    }
  } else if (std::find(viewer.kinds.begin(), viewer.kinds.end(), event.kind()) ==
             viewer.kinds.end()) {
    result.errors.push_back(FieldError{
        "kind",
        "Đơn vị không phát loại cảnh báo «" + alertctl::kind_label(event.kind(), Language::kVi) +
            "»",
        "The unit does not issue " + alertctl::kind_label(event.kind(), Language::kEn) + " alerts",
        "not_allowed", "kind"});
  } else if (const pb::FieldDescriptor* body = alertctl::body_field(event.kind());
             body != nullptr && event.GetReflection()->GetOneofFieldDescriptor(
                                    event, type.FindOneofByName("body")) != body) {
    if (!refused(result.errors, body->name())) {
      result.errors.push_back(missing(*body, body->name()));
    }
  }
  for (const char* name : {"title", "severity", "urgency", "certainty", "areas"}) {
    const pb::FieldDescriptor& field = *type.FindFieldByName(name);
    if (is_empty(event, field) && !refused(result.errors, name)) {
      result.errors.push_back(missing(field, name));
    }
  }

  // What the officer does not type: the unit is the sender, whatever the document says.
  event.set_sender_unit(viewer.unit_id);
  event.clear_event_id();
  event.clear_sent_at();
  event.set_type(v1::ALERT);
  if (Status completed = alertctl::complete_post_event(&event, viewer.unit_id); !completed.ok()) {
    result.errors.push_back(error_of(completed));
  }
  protocol::ValidationOptions validation;
  validation.now_unix_ms = protocol::now_unix_ms();
  if (Status valid = protocol::validate_event(event, validation);
      !valid.ok() && !refused(result.errors, valid.field())) {
    result.errors.push_back(error_of(valid, "validation"));
  }
  if (result.errors.empty()) {
    result.value = std::move(event);
  }
  return result;
}

Checked<v1::Event> new_alert_from_body(std::string_view body, const Viewer& viewer,
                                       const protocol::AreaTable* areas) {
  StatusOr<nlohmann::json> parsed = alertctl::parse_document(body, "NewAlert");
  if (!parsed.ok()) {
    Checked<v1::Event> result;
    FieldError error = error_of(parsed.status());
    error.code = "invalid_json";
    result.errors.push_back(std::move(error));
    return result;
  }
  return new_alert_event(*parsed, viewer, areas);
}

}  // namespace alertbus::dashboard
