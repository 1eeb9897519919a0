#include "casework/snippet.hpp"

#include <algorithm>
#include <cctype>

#include "alertbus/protocol/text_fold.hpp"
#include "alertbus/protocol/utf8.hpp"

namespace alertbus::broker {
namespace {

constexpr std::size_t kMaxWordBytes = 40 * 2;  // About 40 Vietnamese letters.
constexpr std::size_t kContextBefore = 4;      // Words shown before the first match.
constexpr std::string_view kEllipsis = "…";
constexpr std::string_view kLineBreak = " · ";

// The code point starting at text[i] and its length in bytes (1 for a stray byte).
std::pair<char32_t, std::size_t> decode(std::string_view text, std::size_t i) {
  const auto lead = static_cast<unsigned char>(text[i]);
  const std::size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
  if (lead < 0x80 || i + length > text.size()) {
    return {lead, 1};
  }
  char32_t code = lead & (0x7F >> length);
  for (std::size_t k = 1; k < length; ++k) {
    code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
  }
  return {code, length};
}

// Separators between words: ASCII other than letters and digits, and the punctuation and
// symbol blocks a Vietnamese text meets (quotes “ ”, dashes, ellipsis, °, ×, arrows).
bool separates(char32_t code) {
  if (code < 0x80) {
    return std::isalnum(static_cast<int>(code)) == 0;
  }
  return (code >= 0xA0 && code <= 0xBF) || code == 0xD7 || code == 0xF7 ||
         (code >= 0x2000 && code <= 0x206F) || (code >= 0x2190 && code <= 0x2BFF) ||
         (code >= 0x3000 && code <= 0x303F) || (code >= 0xFF00 && code <= 0xFF0F);
}

struct Token {
  std::string text;
  bool word = false;
  bool match = false;
};

std::vector<Token> tokens_of(std::string_view text) {
  std::vector<Token> tokens;
  std::size_t i = 0;
  while (i < text.size()) {
    const auto [code, length] = decode(text, i);
    const bool word = !separates(code);
    if (tokens.empty() || tokens.back().word != word) {
      tokens.push_back(Token{{}, word, false});
    }
    tokens.back().text.append(text.substr(i, length));
    i += length;
  }
  return tokens;
}

bool matches(const std::string& word, const std::vector<SearchWord>& words) {
  const std::string folded = protocol::fold_for_search(word);
  return std::any_of(words.begin(), words.end(), [&](const SearchWord& wanted) {
    return wanted.prefix ? folded.rfind(wanted.folded, 0) == 0 : folded == wanted.folded;
  });
}

// A separator as shown: whitespace runs with a line break read as " · ", others as " ".
std::string shown_separator(const std::string& text) {
  std::string shown;
  bool in_space = false;
  bool line_break = false;
  auto flush_space = [&] {
    if (in_space) {
      shown += line_break ? kLineBreak : " ";
    }
    in_space = false;
    line_break = false;
  };
  for (const char c : text) {
    if (std::isspace(static_cast<unsigned char>(c)) != 0) {
      in_space = true;
      line_break = line_break || c == '\n' || c == '\r';
    } else {
      flush_space();
      shown += c;
    }
  }
  flush_space();
  return shown;
}

}  // namespace

std::vector<v1::TextSpan> make_snippet(std::string_view text, const std::vector<SearchWord>& words,
                                       std::size_t max_words) {
  std::vector<Token> tokens = tokens_of(text);
  std::vector<std::size_t> word_at;  // Token index of each word.
  for (std::size_t t = 0; t < tokens.size(); ++t) {
    if (tokens[t].word) {
      tokens[t].match = matches(tokens[t].text, words);
      word_at.push_back(t);
    }
  }
  if (word_at.empty() || max_words == 0) {
    return {};
  }
  // The window of max_words words: for each matched word as anchor (a few words of context
  // before it), the one holding the most matches; the earliest of equals.
  const std::size_t count = word_at.size();
  const std::size_t width = std::min(max_words, count);
  std::size_t best_start = 0;
  std::size_t best_hits = 0;
  for (std::size_t w = 0; w < count; ++w) {
    if (!tokens[word_at[w]].match) {
      continue;
    }
    const std::size_t before = w > kContextBefore ? w - kContextBefore : 0;
    const std::size_t start = std::min(before, count - width);
    std::size_t hits = 0;
    for (std::size_t k = start; k < start + width; ++k) {
      hits += tokens[word_at[k]].match ? 1U : 0U;
    }
    if (hits > best_hits) {
      best_hits = hits;
      best_start = start;
    }
  }
  const std::size_t first = word_at[best_start];
  const std::size_t last = word_at[best_start + width - 1];

  std::vector<v1::TextSpan> spans;
  auto add = [&spans](const std::string& piece, bool match) {
    if (piece.empty()) {
      return;
    }
    if (!match && !spans.empty() && !spans.back().match()) {
      spans.back().mutable_text()->append(piece);
      return;
    }
    v1::TextSpan& span = spans.emplace_back();
    span.set_text(piece);
    span.set_match(match);
  };
  if (best_start > 0) {
    add(std::string(kEllipsis) + " ", false);
  }
  for (std::size_t t = first; t <= last; ++t) {
    const Token& token = tokens[t];
    add(token.word ? protocol::utf8_prefix(token.text, kMaxWordBytes) : shown_separator(token.text),
        token.match);
  }
  if (best_start + width < count) {
    add(" " + std::string(kEllipsis), false);
  } else if (last + 1 < tokens.size()) {
    // Closing punctuation ("lợn)."), up to the first space.
    const std::string& after = tokens[last + 1].text;
    std::size_t end = 0;
    while (end < after.size() && std::isspace(static_cast<unsigned char>(after[end])) == 0) {
      ++end;
    }
    add(after.substr(0, end), false);
  }
  return spans;
}

}  // namespace alertbus::broker
