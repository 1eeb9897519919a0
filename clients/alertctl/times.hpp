// Times as officers type and read them: Vietnam local time (UTC+7, no daylight saving).
//
// Threading: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <google/protobuf/timestamp.pb.h>

namespace alertbus::alertctl {

// Vietnam is UTC+7 all year.
inline constexpr std::int64_t kVietnamOffsetMs = 7 * 3600 * 1000;

// Parses "2026-11-28" (midnight, Vietnam time), "2026-11-28 14:05" or "2026-11-28T14:05[:30]"
// (Vietnam time), or any of those followed by "Z" or "+hh:mm"/"-hh:mm" (RFC 3339). Returns
// Unix milliseconds, or nullopt for anything else.
std::optional<std::int64_t> parse_time(std::string_view text);

// "2026-11-28 14:05 (GMT+7)".
std::string format_vietnam_time(std::int64_t unix_ms);
std::string format_vietnam_time(const google::protobuf::Timestamp& timestamp);

// Now, in Unix milliseconds.
std::int64_t now_unix_ms();

}  // namespace alertbus::alertctl
