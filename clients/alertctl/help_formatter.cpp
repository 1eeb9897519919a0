#include "alertctl/help_formatter.hpp"

#include "alertbus/protocol/utf8.hpp"

namespace alertbus::alertctl {

HelpFormatter::HelpFormatter(Language language) {
  label("Usage", tr(msg::kLabelUsage, language));
  label("OPTIONS", tr(msg::kLabelOptions, language));
  label("SUBCOMMAND", tr(msg::kLabelCommand, language));
  label("SUBCOMMANDS", tr(msg::kLabelCommand, language));
  label("REQUIRED", tr(msg::kLabelRequired, language));
  label("Positionals", tr(msg::kLabelArguments, language));
  label("TEXT", tr(msg::kLabelText, language));
  for (const char* number : {"UINT", "INT", "FLOAT"}) {
    label(number, tr(msg::kLabelNumber, language));
  }
  label("Excludes", tr(msg::kLabelExcludes, language));
  label("Needs", tr(msg::kLabelNeeds, language));
  column_width(34);
}

std::string HelpFormatter::make_option(const CLI::Option* option, bool is_positional) const {
  // As CLI::detail::format_help, with the padding counted in characters.
  const std::string name =
      "  " + make_option_name(option, is_positional) + make_option_opts(option);
  const std::string description = make_option_desc(option);
  const std::size_t width = get_column_width();
  const std::string indent(width, ' ');
  std::string text = name;
  std::size_t length = protocol::utf8_length(name);
  if (length < width) {
    text.append(width - length, ' ');
  } else if (!description.empty()) {
    text += "\n" + indent;
  }
  for (const char c : description) {
    text += c;
    if (c == '\n') {
      text += indent;
    }
  }
  return text + "\n";
}

}  // namespace alertbus::alertctl
