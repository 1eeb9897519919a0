// Internal to the client library: the CAP 1.2 words for our enums and the names of the
// alertbus parameters and event codes, shared by the CAP writer (cap.cpp) and reader
// (cap_import.cpp), so that both directions use one table. These are CAP's own tokens, which
// the schema fixes (case-sensitive English); what people call the values, in Vietnamese and
// English, is in the vocabulary (alertbus/protocol/vocabulary.hpp).
//
// Threading: constants.
#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "alertbus/v1/common.pb.h"

namespace alertbus::client::cap {

// <eventCode> and <parameter> value names.
inline constexpr std::string_view kKindCode = "alertbus:kind";
inline constexpr std::string_view kTypeCode = "alertbus:type";
inline constexpr std::string_view kReferenceParameter = "alertbus:reference";
inline constexpr std::string_view kBodyParameter = "alertbus:body";
inline constexpr std::string_view kReferencesParameter = "alertbus:references";
inline constexpr std::string_view kSentAtParameter = "alertbus:sentAt";
inline constexpr std::string_view kEffectiveParameter = "alertbus:effective";
inline constexpr std::string_view kExpiresParameter = "alertbus:expires";
// Written only for an event without a language, whose <language> then says kDefaultLanguage:
// its empty value tells the reader to give the event back its empty language.
inline constexpr std::string_view kLanguageParameter = "alertbus:language";

// The geocode valueName of an <area> written for a point of the typed body (an outbreak's
// or a fire's location) as a <circle> of radius 0; its value names the body field
// ("animal_disease.outbreaks[0].location"). The reader skips such areas: the point is in the
// body already.
inline constexpr std::string_view kPointCode = "alertbus:point";

// Between the reference and the title in <headline>: "BG-2026-00042 — Dịch tả lợn châu Phi".
inline constexpr std::string_view kHeadlineSeparator = " — ";

// The <language> written when Event.language is empty.
inline constexpr std::string_view kDefaultLanguage = "vi-VN";

struct Word {
  int value;
  std::string_view word;
};

inline constexpr Word kStatusWords[] = {
    {v1::ACTUAL, "Actual"}, {v1::EXERCISE, "Exercise"}, {v1::TEST, "Test"}};

inline constexpr Word kUrgencyWords[] = {{v1::IMMEDIATE, "Immediate"},
                                         {v1::EXPECTED, "Expected"},
                                         {v1::FUTURE, "Future"},
                                         {v1::PAST, "Past"},
                                         {v1::URGENCY_UNKNOWN, "Unknown"}};

inline constexpr Word kSeverityWords[] = {{v1::EXTREME, "Extreme"},
                                          {v1::SEVERE, "Severe"},
                                          {v1::MODERATE, "Moderate"},
                                          {v1::MINOR, "Minor"},
                                          {v1::SEVERITY_UNKNOWN, "Unknown"}};

inline constexpr Word kCertaintyWords[] = {{v1::OBSERVED, "Observed"},
                                           {v1::LIKELY, "Likely"},
                                           {v1::POSSIBLE, "Possible"},
                                           {v1::UNLIKELY, "Unlikely"},
                                           {v1::CERTAINTY_UNKNOWN, "Unknown"}};

// CAP <category> by kind: animal disease and unsafe food are public-health matters, crop
// pests environmental (plants, not people), forest fires fire.
inline constexpr Word kCategoryWords[] = {{v1::ANIMAL_DISEASE, "Health"},
                                          {v1::CROP_PEST, "Env"},
                                          {v1::FOREST_FIRE, "Fire"},
                                          {v1::UNSAFE_FOOD, "Health"}};

// The word for `value`, or `fallback` when the table has none (an unset enum).
inline std::string_view word_for(std::span<const Word> table, int value,
                                 std::string_view fallback) {
  for (const Word& entry : table) {
    if (entry.value == value) {
      return entry.word;
    }
  }
  return fallback;
}

// The value for `word` (exact, case-sensitive as CAP's enumerations), or nothing.
inline std::optional<int> value_for(std::span<const Word> table, std::string_view word) {
  for (const Word& entry : table) {
    if (entry.word == word) {
      return entry.value;
    }
  }
  return std::nullopt;
}

}  // namespace alertbus::client::cap
