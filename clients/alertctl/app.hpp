// alertctl's entry point as a function: builds the command line (in the language chosen
// by --lang or ALERTBUS_LANG, looked up before CLI11 parses so that help is translated too),
// parses it, runs the chosen command and returns the exit code (exit_codes.hpp).
//
// Threading: main thread only.
#pragma once

#include <istream>
#include <ostream>

#include "alertctl/context.hpp"

namespace alertbus::alertctl {

// Runs alertctl. Never throws; CLI11's own exit codes (100..114) never leak out: every parse
// error is exit code 2.
int run(int argc, const char* const* argv, const Environment& environment, std::istream& in,
        std::ostream& out, std::ostream& err);

// The language from argv (--lang xx, --lang=xx) or else ALERTBUS_LANG; Vietnamese unless
// "en" is asked for.
Language choose_language(int argc, const char* const* argv, const std::string& env_lang);

}  // namespace alertbus::alertctl
