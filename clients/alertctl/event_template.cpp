#include "alertctl/event_template.hpp"

#include <algorithm>
#include <vector>

#include <google/protobuf/descriptor.h>

#include "alertbus/v1/event.pb.h"

#include "alertctl/event_reader.hpp"
#include "alertctl/names.hpp"

namespace alertbus::alertctl {
namespace {

namespace pb = google::protobuf;
using FD = pb::FieldDescriptor;

bool is_timestamp(const FD& field) {
  return field.cpp_type() == FD::CPPTYPE_MESSAGE &&
         field.message_type()->full_name() == "google.protobuf.Timestamp";
}

bool is_group(const FD& field) {
  return field.cpp_type() == FD::CPPTYPE_MESSAGE && !is_timestamp(field);
}

void comment(std::string& out, std::string_view text) {
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t end = text.find('\n', start);
    const std::string_view line =
        text.substr(start, end == std::string_view::npos ? text.npos : end - start);
    out += line.empty() ? "#\n" : "# " + std::string(line) + "\n";
    if (end == std::string_view::npos) {
      break;
    }
    start = end + 1;
  }
}

// "Tên bệnh (bắt buộc): …; chọn một trong: …".
std::string describe(const FD& field, Language language) {
  const FieldName* name = field_name(field);
  std::string text = field_label(field, language);
  const Text& need = name == nullptr || name->need == Need::kOptional ? msg::kTemplateOptional
                     : name->need == Need::kRequired                  ? msg::kTemplateRequired
                                                                      : msg::kTemplateSometimes;
  text += " (" + std::string(tr(need, language)) + ")";
  const std::string_view note =
      name == nullptr ? "" : (language == Language::kVi ? name->note_vi : name->note_en);
  std::string details(note);
  const auto also = [&details](const std::string& more) {
    details += (details.empty() ? "" : "; ") + more;
  };
  if (is_timestamp(field)) {
    also(tr(msg::kTemplateTime, language));
  } else if (is_date_text(field) && note.empty()) {
    also(tr(msg::kTemplateDate, language));
  }
  if (field.is_repeated() && !is_group(field) && details.find('[') == std::string::npos) {
    also(tr(msg::kTemplateList, language));
  }
  const std::string choices = enum_choices(field, language);
  if (!choices.empty()) {
    also(std::string(tr(msg::kTemplateChoose, language)) + ": " + choices);
  }
  std::string usual;
  for (const std::string_view value : usual_values(field)) {
    usual += (usual.empty() ? "" : ", ") + std::string(value);
  }
  if (!usual.empty()) {
    also(std::string(tr(msg::kTemplateUsual, language)) + ": " + usual);
  }
  return details.empty() ? text : text + ": " + details;
}

bool in_template(const FD& field, const std::string& path, v1::AlertKind kind) {
  if (!is_typed_by_officers(field)) {
    return false;
  }
  // Only the kind's own body.
  if (field.containing_oneof() != nullptr) {
    return &field == body_field(kind);
  }
  // Geometry only on the alert's own areas, not on every commune.
  const std::string name = field.name();
  if (field.containing_type() == v1::Area::descriptor() && path != "areas") {
    return name == "code" || name == "scheme" || name == "name";
  }
  return true;
}

// The envelope in the order an officer writes an alert; other messages in the .proto's order.
std::vector<const FD*> ordered(const pb::Descriptor& type) {
  std::vector<const FD*> fields;
  for (int i = 0; i < type.field_count(); ++i) {
    fields.push_back(type.field(i));
  }
  if (&type == v1::Event::descriptor()) {
    static const std::vector<std::string> kFirst = {"kind", "title", "severity", "urgency",
                                                    "certainty"};
    const auto rank = [](const FD* f) {
      return std::find(kFirst.begin(), kFirst.end(), f->name()) - kFirst.begin();
    };
    std::stable_sort(fields.begin(), fields.end(),
                     [&rank](const FD* a, const FD* b) { return rank(a) < rank(b); });
  }
  return fields;
}

void write_message(std::string& out, const pb::Descriptor& type, const std::string& path,
                   v1::AlertKind kind, Language language) {
  std::vector<const FD*> groups;
  for (const FD* each : ordered(type)) {
    const FD& field = *each;
    if (!in_template(field, path, kind)) {
      continue;
    }
    if (is_group(field)) {
      groups.push_back(&field);
      continue;
    }
    comment(out, describe(field, language));
    std::string value = field.is_repeated() ? "[]" : "\"\"";
    if (path.empty() && field.name() == "kind") {
      const protocol::Term* term = protocol::find_term(Vocabulary::kKind, kind);
      value = term == nullptr ? value : "\"" + std::string(term->key) + "\"";
    }
    out += field.name() + " = " + value + "\n\n";
  }
  for (const FD* field : groups) {
    const std::string at = path.empty() ? field->name() : path + "." + field->name();
    comment(out, describe(*field, language));
    if (field->message_type() == v1::ForestFireAlert::descriptor()) {
      comment(out, tr(msg::kTemplateOneOf, language));
    }
    out += field->is_repeated() ? "[[" + at + "]]\n" : "[" + at + "]\n";
    write_message(out, *field->message_type(), at, kind, language);
  }
}

}  // namespace

std::string event_template(v1::AlertKind kind, Language language) {
  std::string out;
  comment(out, fill(tr(msg::kTemplateHeader, language), {kind_label(kind, language)}));
  out += "\n";
  write_message(out, *v1::Event::descriptor(), "", kind, language);
  while (out.size() > 1 && out[out.size() - 1] == '\n' && out[out.size() - 2] == '\n') {
    out.pop_back();
  }
  return out;
}

}  // namespace alertbus::alertctl
