// same_secret: compares two secrets (the CSRF token of a request with the session's) in time
// that does not depend on where they differ.
//
// Threading: pure function.
#pragma once

#include <string_view>

namespace alertbus::dashboard {

// True when `a` and `b` are the same bytes. Lengths are compared first (the length of a
// token is no secret); then sodium_memcmp, whose time depends only on the length.
bool same_secret(std::string_view a, std::string_view b);

}  // namespace alertbus::dashboard
