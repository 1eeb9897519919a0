// UTF-8 well-formedness check (RFC 3629: no overlongs, no surrogates, max U+10FFFF).
//
// Threading: pure function.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace alertbus::protocol {

// True when `text` is well-formed UTF-8.
bool is_valid_utf8(std::string_view text);

// Number of code points in well-formed UTF-8 `text`.
std::size_t utf8_length(std::string_view text);

// At most `max_bytes` of `text`, cut before a code point (never inside one), with "…"
// added when anything was cut (the result is then up to max_bytes + 3 bytes).
std::string utf8_prefix(std::string_view text, std::size_t max_bytes);

}  // namespace alertbus::protocol
