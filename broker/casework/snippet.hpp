// The snippet of a case found by a search (AlertCase.snippet): the passage of the best
// matching event's text, as written, around the query's words, with those words marked.
//
// Threading: pure function.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "alertbus/v1/casework.pb.h"

#include "casework/search_terms.hpp"

namespace alertbus::broker {

// At most `max_words` words of `text` (UTF-8, as written; a text over them is cut around
// where the most query words are, with "…" where it was cut), in spans: runs of unmatched
// text and each matched word alone with match set. A word matches when its folded form
// equals a query word, or starts with a prefix word. Line breaks read as " · "; a word over
// 40 characters is cut. Empty for an empty text.
std::vector<v1::TextSpan> make_snippet(std::string_view text, const std::vector<SearchWord>& words,
                                       std::size_t max_words = 30);

}  // namespace alertbus::broker
