// HelpFormatter: CLI11's help layout, translated labels, and columns aligned by characters
// rather than bytes, so that Vietnamese option types ("CHUỖI") line up.
//
// Threading: used by CLI11 on the main thread.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

#include "alertctl/messages.hpp"

namespace alertbus::alertctl {

class HelpFormatter : public CLI::Formatter {
 public:
  explicit HelpFormatter(Language language);

  std::string make_option(const CLI::Option* option, bool is_positional) const override;
};

}  // namespace alertbus::alertctl
