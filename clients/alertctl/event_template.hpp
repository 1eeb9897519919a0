// `alertctl post --template KIND`: a TOML file for one alert kind that an officer fills in
// (Notepad is enough) and posts with `alertctl post --file`. Every field the officer may type
// is there, with a comment giving its label, whether it is required, its unit or format and
// its valid values (the enums' names and labels) or usual values (DOMAIN.md's vocabularies),
// in the chosen language; the values are empty ("" or []), which the reader takes as "not
// given". `kind` is filled in.
//
// Threading: pure function.
#pragma once

#include <string>

#include "alertbus/v1/common.pb.h"

#include "alertctl/messages.hpp"

namespace alertbus::alertctl {

std::string event_template(v1::AlertKind kind, Language language);

}  // namespace alertbus::alertctl
