// The two languages of the dashboard's texts, Vietnamese first, as alertctl has them
// (clients/alertctl/messages.hpp): a Text holds both, tr() picks one.
//
// Threading: constants and pure functions.
#pragma once

namespace alertbus::dashboard {

enum class Language { kVi, kEn };

// One text in both languages.
struct Text {
  const char* vi;
  const char* en;
};

inline const char* tr(const Text& text, Language language) {
  return language == Language::kVi ? text.vi : text.en;
}

}  // namespace alertbus::dashboard
