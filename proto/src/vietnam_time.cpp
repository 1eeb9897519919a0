#include "alertbus/protocol/vietnam_time.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

#include "alertbus/protocol/clock.hpp"

namespace alertbus::protocol {
namespace {

constexpr std::int64_t kDayMs = 86400000;

std::chrono::year_month_day date_of(const CivilTime& time) {
  return std::chrono::year_month_day{std::chrono::year(time.year), std::chrono::month(time.month),
                                     std::chrono::day(time.day)};
}

// Reads exactly `digits` decimal digits at `pos`.
std::optional<unsigned> read_number(std::string_view text, std::size_t& pos, std::size_t digits) {
  if (pos + digits > text.size()) {
    return std::nullopt;
  }
  unsigned value = 0;
  const char* begin = text.data() + pos;
  const auto [end, error] = std::from_chars(begin, begin + digits, value);
  if (error != std::errc() || end != begin + digits) {
    return std::nullopt;
  }
  pos += digits;
  return value;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

bool is_valid(const CivilTime& time) {
  return date_of(time).ok() && time.hour <= 23 && time.minute <= 59 && time.second <= 60;
}

std::int64_t unix_ms_of(const CivilTime& time, std::int64_t utc_offset_ms) {
  const std::int64_t days = std::chrono::sys_days(date_of(time)).time_since_epoch().count();
  const std::int64_t ms_of_day =
      ((std::int64_t{time.hour} * 60 + time.minute) * 60 + time.second) * std::int64_t{1000};
  return days * kDayMs + ms_of_day - utc_offset_ms;
}

CivilTime vietnam_time_of(std::int64_t unix_ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> local{milliseconds(unix_ms + kVietnamUtcOffsetMs)};
  const sys_days day = floor<days>(local);
  const year_month_day date{day};
  const hh_mm_ss<seconds> time{floor<seconds>(local - day)};
  CivilTime civil;
  civil.year = static_cast<int>(date.year());
  civil.month = static_cast<unsigned>(date.month());
  civil.day = static_cast<unsigned>(date.day());
  civil.hour = static_cast<unsigned>(time.hours().count());
  civil.minute = static_cast<unsigned>(time.minutes().count());
  civil.second = static_cast<unsigned>(time.seconds().count());
  return civil;
}

std::int64_t vietnam_midnight_ms(int year, unsigned month, unsigned day) {
  return unix_ms_of(CivilTime{year, month, day, 0, 0, 0});
}

std::optional<std::int64_t> parse_vietnam_time(std::string_view text) {
  std::size_t pos = 0;
  CivilTime civil;
  const auto year = read_number(text, pos, 4);
  if (!year || !expect(text, pos, '-')) {
    return std::nullopt;
  }
  civil.year = static_cast<int>(*year);
  const auto month = read_number(text, pos, 2);
  if (!month || !expect(text, pos, '-')) {
    return std::nullopt;
  }
  civil.month = *month;
  const auto day = read_number(text, pos, 2);
  if (!day) {
    return std::nullopt;
  }
  civil.day = *day;
  if (expect(text, pos, 'T') || expect(text, pos, ' ')) {
    const auto hour = read_number(text, pos, 2);
    if (!hour || !expect(text, pos, ':')) {
      return std::nullopt;
    }
    const auto minute = read_number(text, pos, 2);
    if (!minute) {
      return std::nullopt;
    }
    civil.hour = *hour;
    civil.minute = *minute;
    if (expect(text, pos, ':')) {
      const auto second = read_number(text, pos, 2);
      if (!second) {
        return std::nullopt;
      }
      civil.second = *second;
      if (expect(text, pos, '.')) {
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
          ++pos;  // Fractions of a second are ignored.
        }
      }
    }
  }
  if (!is_valid(civil)) {
    return std::nullopt;
  }
  std::int64_t offset_ms = kVietnamUtcOffsetMs;
  if (expect(text, pos, 'Z') || expect(text, pos, 'z')) {
    offset_ms = 0;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    const bool negative = text[pos++] == '-';
    const auto hours = read_number(text, pos, 2);
    if (!hours || !expect(text, pos, ':')) {
      return std::nullopt;
    }
    const auto minutes = read_number(text, pos, 2);
    if (!minutes) {
      return std::nullopt;
    }
    offset_ms = (std::int64_t{*hours} * 60 + *minutes) * 60000 * (negative ? -1 : 1);
  }
  if (pos != text.size()) {
    return std::nullopt;
  }
  return unix_ms_of(civil, offset_ms);
}

std::string format_vietnam_time(std::int64_t unix_ms) {
  const CivilTime t = vietnam_time_of(unix_ms);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u %02u:%02u (GMT+7)", t.year, t.month, t.day,
                t.hour, t.minute);
  return text;
}

std::string format_vietnam_time(const google::protobuf::Timestamp& timestamp) {
  return format_vietnam_time(to_unix_ms(timestamp));
}

std::string format_vietnam_rfc3339(std::int64_t unix_seconds) {
  const CivilTime t = vietnam_time_of(unix_seconds * 1000);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02u-%02uT%02u:%02u:%02u+07:00", t.year, t.month, t.day,
                t.hour, t.minute, t.second);
  return text;
}

std::string format_vietnam_date(std::int64_t unix_ms, bool vietnamese) {
  const CivilTime t = vietnam_time_of(unix_ms);
  char text[48];
  if (vietnamese) {
    std::snprintf(text, sizeof text, "%02u/%02u/%04d", t.day, t.month, t.year);
  } else {
    std::snprintf(text, sizeof text, "%04d-%02u-%02u", t.year, t.month, t.day);
  }
  return text;
}

}  // namespace alertbus::protocol
