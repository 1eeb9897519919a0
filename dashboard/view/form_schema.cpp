// The form of a new alert (form_schema.hpp).
#include "dashboard/view/form_schema.hpp"

#include <algorithm>
#include <string_view>

#include <google/protobuf/timestamp.pb.h>

#include "alertbus/v1/event.pb.h"

#include "alertctl/body_render.hpp"
#include "alertctl/names.hpp"
#include "alertctl/value_words.hpp"

namespace alertbus::dashboard {
namespace {

namespace pb = google::protobuf;
using FD = pb::FieldDescriptor;

// The envelope fields an officer fills in, in the order the form shows them.
constexpr std::string_view kEnvelope[] = {"title", "severity",    "urgency", "certainty",
                                          "areas", "description", "expires", "contact"};

// Free texts that take paragraphs rather than a line.
bool long_text(const FD& field) {
  return field.name() == "description" || field.name() == "restricted_zone" ||
         field.name() == "text";
}

bool is_commune_field(const FD& field) {
  return field.name() == "commune" || field.name() == "communes";
}

std::string type_of(const FD& field) {
  if (alertctl::vocabulary_of(field)) {
    return "choice";  // Enums, and danger levels named I..V.
  }
  switch (field.cpp_type()) {
    case FD::CPPTYPE_STRING:
      if (alertctl::is_date_text(field)) {
        return "date";
      }
      return long_text(field) ? "textarea" : "text";
    case FD::CPPTYPE_BOOL:
      return "bool";
    case FD::CPPTYPE_DOUBLE:
    case FD::CPPTYPE_FLOAT:
      return "number";
    case FD::CPPTYPE_ENUM:
      return "choice";
    case FD::CPPTYPE_MESSAGE:
      if (field.message_type() == pb::Timestamp::descriptor()) {
        return "datetime";
      }
      if (field.message_type() == v1::Area::descriptor()) {
        // Outbreak.commune and DangerLevel.communes name communes (5-digit codes, checked by
        // validate_event); there is no commune table, so the officer types the commune.
        return is_commune_field(field) ? "commune" : "area";
      }
      if (field.message_type() == v1::GeoPoint::descriptor()) {
        return "point";
      }
      return "group";
    default:
      return "integer";
  }
}

json options_of(const FD& field, Language language) {
  json options = json::array();
  if (const std::optional<protocol::Vocabulary> vocabulary = alertctl::vocabulary_of(field)) {
    for (const protocol::Term& term : protocol::terms(*vocabulary)) {
      options.push_back(json{{"value", std::string(term.key)},
                             {"label", alertctl::label(*vocabulary, term.value, language)}});
    }
  }
  return options;
}

json fields_of(const pb::Descriptor& type, const std::string& path, Language language) {
  json fields = json::array();
  for (int i = 0; i < type.field_count(); ++i) {
    const FD& field = *type.field(i);
    if (alertctl::is_typed_by_officers(field)) {
      fields.push_back(form_field(field, path + field.name(), language));
    }
  }
  return fields;
}

}  // namespace

json form_field(const FD& field, const std::string& path, Language language) {
  const alertctl::FieldName* name = alertctl::field_name(field);
  const std::string type = type_of(field);
  json suggestions = json::array();
  for (const std::string_view value : alertctl::usual_values(field)) {
    suggestions.push_back(std::string(value));
  }
  json fields = json::array();
  if (type == "group") {
    fields =
        fields_of(*field.message_type(), path + (field.is_repeated() ? "[0]." : "."), language);
  }
  return json{
      {"path", path},
      {"label", alertctl::field_label(field, language)},
      {"type", type},
      {"required", name != nullptr && name->need == alertctl::Need::kRequired},
      {"repeated", field.is_repeated()},
      {"options", options_of(field, language)},
      {"suggestions", std::move(suggestions)},
      {"unit", alertctl::fixed_unit(field, language)},
      {"fields", std::move(fields)},
  };
}

json form(v1::AlertKind kind, Language language) {
  json fields = json::array();
  for (const std::string_view name : kEnvelope) {
    const FD* field = v1::Event::descriptor()->FindFieldByName(std::string(name));
    fields.push_back(form_field(*field, field->name(), language));
  }
  if (const FD* body = alertctl::body_field(kind)) {
    const json body_fields = fields_of(*body->message_type(), body->name() + ".", language);
    fields.insert(fields.end(), body_fields.begin(), body_fields.end());
  }
  return json{{"kind", named(protocol::Vocabulary::kKind, kind, language)},
              {"fields", std::move(fields)}};
}

}  // namespace alertbus::dashboard
