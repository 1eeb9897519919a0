#include "store/reference_number.hpp"

#include <chrono>
#include <cstdio>

namespace alertbus::broker {
namespace {

// The local calendar year of a time.
int year_of(std::int64_t unix_ms, int utc_offset_hours) {
  using namespace std::chrono;
  const sys_days day =
      floor<days>(sys_time<milliseconds>(milliseconds(unix_ms)) + hours(utc_offset_hours));
  return static_cast<int>(year_month_day(day).year());
}

// A follow-up series ends with the separator its numbers follow.
bool is_follow_up_series(std::string_view series) {
  return !series.empty() && (series.back() == '/' || series.back() == '-');
}

}  // namespace

std::string reference_series(std::string_view prefix, std::int64_t unix_ms, int utc_offset_hours) {
  return std::string(prefix) + "-" + std::to_string(year_of(unix_ms, utc_offset_hours));
}

std::string follow_up_series(std::string_view alert_reference, std::string_view prefix) {
  std::string series(alert_reference);
  series += '/';
  const bool own = alert_reference.size() > prefix.size() &&
                   alert_reference.substr(0, prefix.size()) == prefix &&
                   alert_reference[prefix.size()] == '-';
  if (!own) {
    series += prefix;
    series += '-';
  }
  return series;
}

bool takes_reference(v1::EventType type) {
  return type != v1::RECEIPT && type != v1::OVERDUE;
}

std::string format_reference(std::string_view series, std::int64_t number) {
  if (is_follow_up_series(series)) {
    return std::string(series) + std::to_string(number);
  }
  char text[32];
  std::snprintf(text, sizeof text, "%05lld", static_cast<long long>(number));
  return std::string(series) + "-" + text;
}

std::string_view series_of_reference(std::string_view reference) {
  if (reference.find('/') != std::string_view::npos) {
    const std::size_t last = reference.find_last_not_of("0123456789");
    return reference.substr(0, last == std::string_view::npos ? 0 : last + 1);
  }
  return reference.substr(0, reference.rfind('-'));
}

}  // namespace alertbus::broker
