// The protocol's enums as alertctl shows and accepts them: a command-line name
// ("animal-disease") and a label for officers in Vietnamese and English
// ("Dịch bệnh động vật", "Animal disease"), both from the one vocabulary table
// (alertbus/protocol/vocabulary.hpp).
//
// Threading: pure functions over constant tables.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/descriptor.h>

#include "alertbus/v1/casework.pb.h"
#include "alertbus/v1/common.pb.h"

#include "alertbus/protocol/vocabulary.hpp"
#include "alertctl/messages.hpp"

namespace alertbus::alertctl {

using protocol::Vocabulary;

// The enum value for a command-line name (the vocabulary's key; "ack" for acknowledge too), or
// nullopt.
std::optional<int> parse_name(Vocabulary vocabulary, std::string_view name);

// All command-line names of a vocabulary, in enum order.
std::vector<std::string> cli_names(Vocabulary vocabulary);

// The label for officers; the enum number in brackets for values this version does not know.
std::string label(Vocabulary vocabulary, int value, Language language);

inline std::string kind_label(v1::AlertKind kind, Language language) {
  return label(Vocabulary::kKind, kind, language);
}

inline std::string type_label(v1::EventType type, Language language) {
  return label(Vocabulary::kType, type, language);
}

inline std::string severity_label(v1::Severity severity, Language language) {
  return label(Vocabulary::kSeverity, severity, language);
}

inline std::string alert_state_label(v1::AlertState state, Language language) {
  return label(Vocabulary::kAlertState, state, language);
}

inline std::string receiver_state_label(v1::ReceiverState state, Language language) {
  return label(Vocabulary::kReceiverState, state, language);
}

// --- The fields of an event as officers read and type them --------------------------------
// Each field's Vietnamese and English label, whether it is required, its unit or format, and
// the usual values of the free-text fields that the domain vocabularies name (diseases,
// species, pests, crops, hazards, forest types): the file reader's messages, the template and
// the interactive questions of `post` take their words from here. Fields are keyed by
// "<message>.<field>" ("Area.name", "Product.name"): one field name means different things in
// different messages. The table is names_fields.cpp.

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

// The names of `field` for reading it: field_name(), or for a field officers read but never
// type (a follow-up's details, receipts) its label; null when the tables have none.
const FieldName* shown_field_name(const google::protobuf::FieldDescriptor& field);

// The label in `language` (shown_field_name()); the field's own name when it has none.
std::string field_label(const google::protobuf::FieldDescriptor& field, Language language);

// For a repeated field shown as numbered blocks, the name of one element ("Ổ dịch" for the
// outbreaks: "Ổ dịch 1:"), or null; item_label() falls back to field_label().
const FieldName* item_name(const google::protobuf::FieldDescriptor& field);
std::string item_label(const google::protobuf::FieldDescriptor& field, Language language);

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
