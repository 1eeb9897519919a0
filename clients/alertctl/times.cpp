#include "alertctl/times.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

#include <google/protobuf/util/time_util.h>

#include "alertbus/protocol/clock.hpp"

namespace alertbus::alertctl {
namespace {

// Reads exactly `digits` decimal digits at `pos`.
std::optional<int> read_number(std::string_view text, std::size_t& pos, std::size_t digits) {
  if (pos + digits > text.size()) {
    return std::nullopt;
  }
  int value = 0;
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

std::optional<std::int64_t> parse_time(std::string_view text) {
  using namespace std::chrono;
  std::size_t pos = 0;
  const auto year = read_number(text, pos, 4);
  if (!year || !expect(text, pos, '-')) {
    return std::nullopt;
  }
  const auto month = read_number(text, pos, 2);
  if (!month || !expect(text, pos, '-')) {
    return std::nullopt;
  }
  const auto day = read_number(text, pos, 2);
  if (!day) {
    return std::nullopt;
  }
  const year_month_day date{std::chrono::year(*year),
                            std::chrono::month(static_cast<unsigned>(*month)),
                            std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) {
    return std::nullopt;
  }
  std::int64_t ms_of_day = 0;
  if (expect(text, pos, 'T') || expect(text, pos, ' ')) {
    const auto hour = read_number(text, pos, 2);
    if (!hour || *hour > 23 || !expect(text, pos, ':')) {
      return std::nullopt;
    }
    const auto minute = read_number(text, pos, 2);
    if (!minute || *minute > 59) {
      return std::nullopt;
    }
    int second = 0;
    if (expect(text, pos, ':')) {
      const auto read = read_number(text, pos, 2);
      if (!read || *read > 60) {
        return std::nullopt;
      }
      second = *read;
      if (expect(text, pos, '.')) {
        while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
          ++pos;  // Fractions of a second are ignored.
        }
      }
    }
    ms_of_day = ((*hour * 60 + *minute) * 60 + second) * std::int64_t{1000};
  }
  std::int64_t offset_ms = kVietnamOffsetMs;
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
    offset_ms = (*hours * 60 + *minutes) * std::int64_t{60000} * (negative ? -1 : 1);
  }
  if (pos != text.size()) {
    return std::nullopt;
  }
  const std::int64_t days = sys_days(date).time_since_epoch().count();
  return days * 86400000 + ms_of_day - offset_ms;
}

std::string format_vietnam_time(std::int64_t unix_ms) {
  using namespace std::chrono;
  const sys_time<milliseconds> local{milliseconds(unix_ms + kVietnamOffsetMs)};
  const sys_days day = floor<days>(local);
  const year_month_day date{day};
  const hh_mm_ss<minutes> time{floor<minutes>(local - day)};
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u %02ld:%02ld (GMT+7)",
                static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                static_cast<unsigned>(date.day()), static_cast<long>(time.hours().count()),
                static_cast<long>(time.minutes().count()));
  return text;
}

std::string format_vietnam_time(const google::protobuf::Timestamp& timestamp) {
  return format_vietnam_time(google::protobuf::util::TimeUtil::TimestampToMilliseconds(timestamp));
}

std::int64_t now_unix_ms() {
  return protocol::now_unix_ms();
}

}  // namespace alertbus::alertctl
