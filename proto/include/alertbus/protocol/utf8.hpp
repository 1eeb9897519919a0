// UTF-8 well-formedness check (RFC 3629: no overlongs, no surrogates, max U+10FFFF).
//
// Threading: pure function.
#pragma once

#include <cstddef>
#include <string_view>

namespace alertbus::protocol {

// True when `text` is well-formed UTF-8.
bool is_valid_utf8(std::string_view text);

// Number of code points in well-formed UTF-8 `text`.
std::size_t utf8_length(std::string_view text);

}  // namespace alertbus::protocol
