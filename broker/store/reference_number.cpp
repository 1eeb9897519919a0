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

}  // namespace

std::string reference_series(std::string_view prefix, std::int64_t unix_ms, int utc_offset_hours) {
  return std::string(prefix) + "-" + std::to_string(year_of(unix_ms, utc_offset_hours));
}

std::string format_reference(std::string_view series, std::int64_t number) {
  char text[32];
  std::snprintf(text, sizeof text, "%05lld", static_cast<long long>(number));
  return std::string(series) + "-" + text;
}

std::string_view series_of_reference(std::string_view reference) {
  return reference.substr(0, reference.rfind('-'));
}

}  // namespace alertbus::broker
