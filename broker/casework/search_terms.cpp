#include "casework/search_terms.hpp"

#include <cctype>

#include "alertbus/protocol/text_fold.hpp"

namespace alertbus::broker {
namespace {

// ASCII letters lowered; the rest as typed (the index's tokenizer folds the case of the
// others itself).
std::string ascii_lower(std::string_view word) {
  std::string lowered(word);
  for (char& c : lowered) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return lowered;
}

std::string fts_quoted(std::string_view words) {
  return "\"" + std::string(words) + "\"";  // Words never hold a double quote.
}

std::string any_of(std::string_view column, const std::vector<std::string>& terms) {
  if (terms.empty()) {
    return {};
  }
  std::string expression = std::string(column) + " : (";
  for (std::size_t i = 0; i < terms.size(); ++i) {
    expression += (i == 0 ? "" : " OR ") + terms[i];
  }
  return expression + ")";
}

}  // namespace

SearchTerms parse_search(std::string_view text) {
  SearchTerms terms;
  std::vector<std::string> exact;
  std::string phrase;        // Folded words of a quoted phrase so far.
  std::string exact_phrase;  // The same as typed.
  bool phrase_accented = false;
  std::string word;
  bool quoted_now = false;
  auto end_word = [&](bool prefix) {
    if (word.empty()) {
      return;
    }
    const std::string folded = protocol::fold_for_search(word);
    const std::string typed = ascii_lower(word);
    const bool accented = folded != typed;
    terms.words.push_back(SearchWord{folded, prefix && !quoted_now});
    if (quoted_now) {
      phrase += (phrase.empty() ? "" : " ") + folded;
      exact_phrase += (exact_phrase.empty() ? "" : " ") + typed;
      phrase_accented = phrase_accented || accented;
    } else {
      // A whole word (syllable), so that "lợn" does not find "long"; "lo*" asks for a prefix.
      const std::string star = prefix ? "*" : "";
      terms.required.push_back(fts_quoted(folded) + star);
      if (accented) {
        exact.push_back(fts_quoted(typed) + star);
      }
    }
    word.clear();
  };
  auto end_phrase = [&] {
    if (!phrase.empty()) {
      terms.required.push_back(fts_quoted(phrase));  // FTS5: next to each other, in order.
      if (phrase_accented) {
        exact.push_back(fts_quoted(exact_phrase));
      }
    }
    phrase.clear();
    exact_phrase.clear();
    phrase_accented = false;
  };
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    // A quote opens or closes a phrase; '*' right after a word makes it a prefix.
    if (std::isalnum(byte) != 0 || byte >= 0x80) {
      word += c;
    } else if (c == '"') {
      end_word(false);
      if (quoted_now) {
        end_phrase();
      }
      quoted_now = !quoted_now;
    } else {
      end_word(c == '*');
    }
  }
  end_word(false);
  end_phrase();
  terms.any_folded = any_of("text", terms.required);
  terms.any_exact = any_of("exact", exact);
  return terms;
}

}  // namespace alertbus::broker
