// What a case search asks (CaseQuery.text), parsed once for the projection's full-text index
// (projection_db.cpp: which cases match, and in which order) and for the snippets
// (snippet.hpp: which words to mark).
//
// The index holds each event's text twice (ProjectionDb): folded (fold_for_search: lower
// case, no diacritics) in column `text`, which decides what matches, and as written in
// column `exact`, which only ranks: a case where an accented word of the query occurs with
// those diacritics comes before one where it occurs only folded.
//
// Threading: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace alertbus::broker {

// One word of the query, folded: a whole word, or a prefix ("lo*").
struct SearchWord {
  std::string folded;
  bool prefix = false;
};

struct SearchTerms {
  // FTS5 terms over the folded column, each required somewhere in the case: a whole word
  // ("\"lo\""), a prefix ("\"lo\"*") or a phrase in quotes ("\"thanh ha\"").
  std::vector<std::string> required;
  // One FTS5 expression matching an event with any of the terms ("text : (\"lo\" OR ...)"):
  // the rows that rank a case and give its snippet.
  std::string any_folded;
  // The same over the written column for the words typed with diacritics
  // ("exact : (\"lợn\")"); empty when no word has any (nothing to prefer then).
  std::string any_exact;
  // Every word, phrases' words included, for marking the snippet.
  std::vector<SearchWord> words;

  bool empty() const { return required.empty(); }
};

// "Lở mồm" -> required {"\"lo\"", "\"mom\""}; "lo*" -> {"\"lo\"*"}; "\"Thanh Hà\"" ->
// {"\"thanh ha\""}; an unclosed quote ends with the text. Letters, digits and any non-ASCII
// character (the index's tokenizer judges those) form words; anything else separates them.
SearchTerms parse_search(std::string_view text);

}  // namespace alertbus::broker
