// The vocabulary: what people call the values of the protocol's enums (alert kinds, event and
// follow-up types, CAP's status, urgency, severity and certainty, the casework states, the
// typed bodies' enums) and the forest-fire danger levels, in Vietnamese with full diacritics
// first and in English beside it, with the short key a command line or a URL uses
// ("animal-disease").
//
// This is the one table: alertctl's labels and option values, its reports and the CAP writer
// name these values from it and nowhere else. tests/proto/vocabulary_test.cpp checks that every
// value of every enum in the .proto files has both names. Error codes have their texts beside
// Status (status.hpp, code_message); nodes, units, areas, diseases and pests are data, not
// vocabulary (DOMAIN.md).
//
// Case: kinds, types, CAP's words, the typed bodies' enums are capitalised like headings
// ("Dịch bệnh động vật"); states, confirmation and danger levels are in lower case, since
// they are shown inside a sentence or after a label ("đang hiệu lực").
//
// Threading: constants and pure functions.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include <google/protobuf/descriptor.h>

namespace alertbus::protocol {

enum class Vocabulary {
  kKind,               // v1::AlertKind
  kType,               // v1::EventType
  kStatus,             // v1::MessageStatus
  kUrgency,            // v1::Urgency
  kSeverity,           // v1::Severity
  kCertainty,          // v1::Certainty
  kAlertState,         // v1::AlertState
  kReceiverState,      // v1::ReceiverState
  kConfirmation,       // v1::AnimalDiseaseAlert::Confirmation
  kEpiUnit,            // v1::Outbreak::EpiUnit
  kForestFireSubtype,  // v1::ForestFireAlert::Subtype
  kFoodMeasure,        // v1::UnsafeFoodAlert::Measure
  kRiskDecision,       // v1::UnsafeFoodAlert::RiskDecision
  kFacilityGrade,      // v1::Facility::Grade
  kDangerLevel,        // DangerLevel.level and FollowUp.new_danger_level: 1..5 (I..V)
};

inline constexpr Vocabulary kVocabularies[] = {
    Vocabulary::kKind,
    Vocabulary::kType,
    Vocabulary::kStatus,
    Vocabulary::kUrgency,
    Vocabulary::kSeverity,
    Vocabulary::kCertainty,
    Vocabulary::kAlertState,
    Vocabulary::kReceiverState,
    Vocabulary::kConfirmation,
    Vocabulary::kEpiUnit,
    Vocabulary::kForestFireSubtype,
    Vocabulary::kFoodMeasure,
    Vocabulary::kRiskDecision,
    Vocabulary::kFacilityGrade,
    Vocabulary::kDangerLevel,
};

// One value's names.
struct Term {
  int value;             // The enum's number (the level for kDangerLevel).
  std::string_view key;  // Lower case, '-' between words: "animal-disease".
  std::string_view vi;   // Vietnamese, full diacritics: "Dịch bệnh động vật".
  std::string_view en;   // English: "Animal disease".
};

// Every named value of a vocabulary, in enum order. The unset value (0) has no name.
std::span<const Term> terms(Vocabulary vocabulary);

// The term for `value`, or null when the vocabulary has none (unset, or a number this version
// does not know).
const Term* find_term(Vocabulary vocabulary, int value);

// The value whose key is `key`, or nullopt.
std::optional<int> value_for_key(Vocabulary vocabulary, std::string_view key);

// The Vietnamese (or English) name of `value`; the number in brackets ("[9]") for a value
// without a term.
std::string term_name(Vocabulary vocabulary, int value, bool vietnamese);

// The protobuf enum the vocabulary names; null for kDangerLevel (a number in the protocol).
const google::protobuf::EnumDescriptor* enum_of(Vocabulary vocabulary);

}  // namespace alertbus::protocol
