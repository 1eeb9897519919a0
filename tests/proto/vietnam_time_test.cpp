// Tests of Vietnam time (alertbus/protocol/vietnam_time.hpp): the one conversion between Unix
// time and what officers read and type.
#include "alertbus/protocol/vietnam_time.hpp"

#include <catch2/catch.hpp>
#include <google/protobuf/util/time_util.h>

namespace {

using namespace alertbus::protocol;
using google::protobuf::util::TimeUtil;

std::int64_t utc_ms(const char* rfc3339) {
  google::protobuf::Timestamp timestamp;
  REQUIRE(TimeUtil::FromString(rfc3339, &timestamp));
  return TimeUtil::TimestampToMilliseconds(timestamp);
}

}  // namespace

TEST_CASE("Times are shown in Vietnam local time") {
  CHECK(format_vietnam_time(utc_ms("2026-11-28T07:05:00Z")) == "2026-11-28 14:05 (GMT+7)");
  CHECK(format_vietnam_time(utc_ms("2026-12-31T20:30:59Z")) == "2027-01-01 03:30 (GMT+7)");
  CHECK(format_vietnam_time(TimeUtil::MillisecondsToTimestamp(utc_ms("2026-11-28T07:05:00Z"))) ==
        "2026-11-28 14:05 (GMT+7)");
}

TEST_CASE("Times typed without a zone are Vietnam time and RFC 3339 zones are honoured") {
  CHECK(parse_vietnam_time("2026-11-28") == utc_ms("2026-11-27T17:00:00Z"));
  CHECK(parse_vietnam_time("2026-11-28 14:05") == utc_ms("2026-11-28T07:05:00Z"));
  CHECK(parse_vietnam_time("2026-11-28T14:05:30") == utc_ms("2026-11-28T07:05:30Z"));
  CHECK(parse_vietnam_time("2026-11-28T07:05:00Z") == utc_ms("2026-11-28T07:05:00Z"));
  CHECK(parse_vietnam_time("2026-11-28T14:05:00.250+07:00") == utc_ms("2026-11-28T07:05:00Z"));
  CHECK(parse_vietnam_time("2026-11-28T02:05-05:00") == utc_ms("2026-11-28T07:05:00Z"));
  CHECK_FALSE(parse_vietnam_time("2026-13-01"));
  CHECK_FALSE(parse_vietnam_time("2026-02-30"));
  CHECK_FALSE(parse_vietnam_time("hôm qua"));
  CHECK_FALSE(parse_vietnam_time("2026-11-28 25:00"));
  CHECK_FALSE(parse_vietnam_time("2026-11-28T14:05+7"));
}

TEST_CASE("CAP's dateTime is Vietnam time with its offset, whole seconds") {
  CHECK(format_vietnam_rfc3339(utc_ms("2026-11-28T07:05:09Z") / 1000) ==
        "2026-11-28T14:05:09+07:00");
  CHECK(format_vietnam_rfc3339(utc_ms("2026-12-31T17:00:00Z") / 1000) ==
        "2027-01-01T00:00:00+07:00");
}

TEST_CASE("A Vietnam date is day first in Vietnamese and ISO in English") {
  // 23:30 UTC on 30 June is already 1 July in Vietnam.
  CHECK(format_vietnam_date(utc_ms("2026-06-30T23:30:00Z"), true) == "01/07/2026");
  CHECK(format_vietnam_date(utc_ms("2026-06-30T23:30:00Z"), false) == "2026-07-01");
}

TEST_CASE("Midnight in Vietnam is 17:00 UTC the day before") {
  CHECK(vietnam_midnight_ms(2026, 1, 1) == utc_ms("2025-12-31T17:00:00Z"));
  CHECK(vietnam_time_of(vietnam_midnight_ms(2026, 7, 1)).day == 1);
  CHECK(vietnam_time_of(vietnam_midnight_ms(2026, 7, 1) - 1).day == 30);
}

TEST_CASE("Civil times read in another zone and back in Vietnam agree") {
  const CivilTime noon_utc{2026, 3, 15, 12, 0, 0};
  const CivilTime in_vietnam = vietnam_time_of(unix_ms_of(noon_utc, 0));
  CHECK(in_vietnam.hour == 19);
  CHECK(in_vietnam.day == 15);
  CHECK_FALSE(is_valid(CivilTime{2026, 2, 29, 0, 0, 0}));
  CHECK(is_valid(CivilTime{2028, 2, 29, 23, 59, 59}));
}
