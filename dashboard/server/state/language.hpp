// The languages of the dashboard's texts: alertctl's (clients/alertctl/messages.hpp), so that
// the state's messages and the pages' share one Language and one Text. text_in() picks one.
//
// Threading: constants.
#pragma once

#include "alertctl/messages.hpp"

namespace alertbus::dashboard {

using alertctl::Language;
using alertctl::Text;

inline const char* text_in(const Text& text, Language language) {
  return alertctl::tr(text, language);
}

}  // namespace alertbus::dashboard
