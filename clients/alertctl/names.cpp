#include "alertctl/names.hpp"

namespace alertbus::alertctl {

std::optional<int> parse_name(Vocabulary vocabulary, std::string_view name) {
  if (vocabulary == Vocabulary::kType && name == "ack") {
    return v1::ACKNOWLEDGE;
  }
  return protocol::value_for_key(vocabulary, name);
}

std::vector<std::string> cli_names(Vocabulary vocabulary) {
  std::vector<std::string> names;
  for (const protocol::Term& term : protocol::terms(vocabulary)) {
    names.emplace_back(term.key);
  }
  return names;
}

std::string label(Vocabulary vocabulary, int value, Language language) {
  return protocol::term_name(vocabulary, value, language == Language::kVi);
}

}  // namespace alertbus::alertctl
