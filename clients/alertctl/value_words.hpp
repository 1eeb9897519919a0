// The words officers may use for the values of enum fields (event_reader.hpp): the
// vocabulary's keys, protobuf's names, the Vietnamese and English labels, a danger level's
// number or Roman numeral; and the closest of several names, for "did you mean".
//
// Threading: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/descriptor.h>

#include "alertbus/protocol/vocabulary.hpp"
#include "alertctl/messages.hpp"

namespace alertbus::alertctl {

// DangerLevel.level and FollowUp.new_danger_level: numbers named by Vocabulary::kDangerLevel.
bool is_danger_level(const google::protobuf::FieldDescriptor& field);

// The vocabulary naming the field's values; nullopt for a field without one.
std::optional<protocol::Vocabulary> vocabulary_of(const google::protobuf::FieldDescriptor& field);

// The value `text` names in `vocabulary`: its key ("animal-disease", also with '_' or in upper
// case), protobuf's name (ANIMAL_DISEASE), its label in either language, with or without
// diacritics, when only one value has it ("Nghiêm trọng"), a level as I..V or "cấp III". When
// several labels match, nullopt with their keys in `ambiguous`.
std::optional<int> match_term(protocol::Vocabulary vocabulary,
                              const google::protobuf::FieldDescriptor& field,
                              const std::string& text, std::string* ambiguous);

// The valid values of an enum field for a message: "severe (Nghiêm trọng), …".
std::string enum_choices(const google::protobuf::FieldDescriptor& field, Language language);

// The closest of `candidates` to `name` (edit distance, '_' and '-' alike, case ignored), or
// empty when none is within a third of the name's length (at least 2 edits).
std::string closest(std::string_view name, const std::vector<std::string>& candidates);

// Lower case ASCII with '_' as '-': "ANIMAL_DISEASE" -> "animal-disease".
std::string lower_ascii(std::string_view text);

}  // namespace alertbus::alertctl
