// The rules an officer's account must follow (docs/DASHBOARD.md, "Security"): the user name,
// the display name, the unit (a broker principal id) and the password. Each check returns
// INVALID_VALUE (or TOO_LONG, INVALID_UTF8) with a Vietnamese and an English message naming
// the field, or OK.
//
// Threading: pure functions.
#pragma once

#include <cstddef>
#include <string_view>

#include "alertbus/protocol/status.hpp"

namespace alertbus::dashboard {

inline constexpr std::size_t kMaxUserLength = 64;          // Bytes (ASCII only).
inline constexpr std::size_t kMaxDisplayNameLength = 120;  // Characters (code points).
inline constexpr std::size_t kMinPasswordLength = 10;      // Characters (code points).
inline constexpr std::size_t kMaxPasswordLength = 1024;    // Bytes: bounds the hashing work.

// 1 to 64 characters of [a-z0-9._-].
Status check_user(std::string_view user);

// Valid UTF-8, not blank, at most 120 characters, no control characters.
Status check_display_name(std::string_view name);

// A principal id "<node>/<name>" as the broker's registry has them: both parts 1 to 64
// characters of [a-z0-9_-] ("bac-giang/cnty").
Status check_unit(std::string_view unit);

// At least 10 characters (UTF-8 code points), at most 1024 bytes.
Status check_password(std::string_view password);

}  // namespace alertbus::dashboard
