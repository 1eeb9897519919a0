// The fields of an event as officers read and type them: each field's Vietnamese and English
// label, whether it is required, its unit or format, and the usual values of the free-text
// fields that the domain vocabularies name (diseases, species, pests, crops, hazards, forest
// types). Part of alertctl's one vocabulary with messages.* and names.*: the file reader's
// messages, the template and the interactive questions take their words from here.
//
// Fields are keyed by "<message>.<field>" ("Area.name", "Product.name"): the same field name
// means different things in different messages.
//
// Threading: pure functions over constant tables.
#pragma once

#include <span>
#include <string>
#include <string_view>

#include <google/protobuf/descriptor.h>

#include "alertctl/messages.hpp"

namespace alertbus::alertctl {

enum class Need {
  kOptional,
  kRequired,   // Always.
  kSometimes,  // Required in some cases, which the note says.
};

struct FieldName {
  std::string_view key;      // "Event.title"
  std::string_view vi;       // "Tiêu đề"
  std::string_view en;       // "Title"
  Need need;                 // Whether an officer must fill it in.
  std::string_view note_vi;  // Unit, format, limits, when required; may be empty.
  std::string_view note_en;
};

// The names of `field`, or null for a field officers never type (set by alertctl or brokers).
const FieldName* field_name(const google::protobuf::FieldDescriptor& field);

// The label in `language`; the field's own name when it has none.
std::string field_label(const google::protobuf::FieldDescriptor& field, Language language);

// The usual values of a free-text field from DOMAIN.md's vocabularies ("Dịch tả lợn châu Phi",
// …), empty for other fields. Other values are accepted: vocabularies are data nodes extend.
std::span<const std::string_view> usual_values(const google::protobuf::FieldDescriptor& field);

// Whether `field` is a date "YYYY-MM-DD" held as text (onset_date, production_date, …).
bool is_date_text(const google::protobuf::FieldDescriptor& field);

// Whether `field` is typed by people: false for what alertctl fills in (event_id, sent_at,
// type, references) and for follow-ups, which have their own command.
bool is_typed_by_officers(const google::protobuf::FieldDescriptor& field);

// The Event's body field for `kind` (animal_disease, …), or null for an unknown kind.
const google::protobuf::FieldDescriptor* body_field(int kind);

}  // namespace alertbus::alertctl
