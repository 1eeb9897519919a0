// Vietnam time: the one place that converts between Unix time and the civil time officers
// read and type, Vietnam local time (UTC+7 all year, no daylight saving), and that writes
// Vietnamese dates. alertctl (times typed and shown, report periods, report dates), the CAP
// writer and reader, and anything else that shows a time to people use these.
//
// Threading: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <google/protobuf/timestamp.pb.h>

namespace alertbus::protocol {

// Vietnam is UTC+7 all year.
inline constexpr int kVietnamUtcOffsetHours = 7;
inline constexpr std::int64_t kVietnamUtcOffsetMs = kVietnamUtcOffsetHours * 3600 * 1000;

// A civil date and time of day, in some time zone (Vietnam's unless said otherwise).
struct CivilTime {
  int year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
  unsigned hour = 0;
  unsigned minute = 0;
  unsigned second = 0;
};

// Whether year-month-day is a date of the proleptic Gregorian calendar and the time of day is
// 00:00:00..23:59:60.
bool is_valid(const CivilTime& time);

// Unix milliseconds of `time`, read in the zone `utc_offset_ms` ahead of UTC (Vietnam's by
// default). `time` must be valid.
std::int64_t unix_ms_of(const CivilTime& time, std::int64_t utc_offset_ms = kVietnamUtcOffsetMs);

// The civil time in Vietnam at `unix_ms` (milliseconds dropped, towards the past).
CivilTime vietnam_time_of(std::int64_t unix_ms);

// Midnight at the start of that day in Vietnam, Unix ms (report periods).
std::int64_t vietnam_midnight_ms(int year, unsigned month, unsigned day);

// Parses a time as officers type it: "2026-11-28" (midnight), "2026-11-28 14:05" or
// "2026-11-28T14:05[:30[.250]]", in Vietnam time, or any of those followed by "Z" or
// "+hh:mm"/"-hh:mm" (RFC 3339; fractions of a second are ignored). Returns Unix
// milliseconds, or nullopt for anything else.
std::optional<std::int64_t> parse_vietnam_time(std::string_view text);

// "2026-11-28 14:05 (GMT+7)": a time for officers, to the minute.
std::string format_vietnam_time(std::int64_t unix_ms);
std::string format_vietnam_time(const google::protobuf::Timestamp& timestamp);

// "2026-11-28T14:05:09+07:00": RFC 3339 in Vietnam time, whole seconds (CAP's dateTime).
std::string format_vietnam_rfc3339(std::int64_t unix_seconds);

// The day in Vietnam: "28/11/2026" in Vietnamese (day first, as Vietnamese documents write
// it), "2026-11-28" otherwise.
std::string format_vietnam_date(std::int64_t unix_ms, bool vietnamese);

}  // namespace alertbus::protocol
