// The loop's two brakes on a client that overdoes it: the publish rate per principal
// (RateLimiter) and the log of repeated refusals (RefusalLog), on clocks the tests move.
#include <catch2/catch.hpp>

#include "alertbus/protocol/utf8.hpp"
#include "loop/refusal_log.hpp"
#include "security/rate_limiter.hpp"

namespace alertbus::broker {

using namespace std::chrono_literals;

TEST_CASE("A principal publishes its burst at once, then at its rate, and others have their own") {
  RateLimiter limiter({.events_per_second = 10, .bytes_per_second = 0, .burst_seconds = 10});
  const RateLimiter::Clock::time_point t0{};
  int admitted = 0;
  for (int i = 0; i < 150; ++i) {
    admitted += limiter.admit("bac-giang/cnty", 600, t0) ? 1 : 0;
  }
  CHECK(admitted == 100);                                        // 10 s of 10 events/s.
  CHECK(limiter.admit("bac-giang/bvtv", 600, t0));               // Its own bucket.
  CHECK_FALSE(limiter.admit("bac-giang/cnty", 600, t0 + 50ms));  // Half an event refilled.
  CHECK(limiter.admit("bac-giang/cnty", 600, t0 + 100ms));
  CHECK_FALSE(limiter.admit("bac-giang/cnty", 600, t0 + 100ms));
  // A refused publish takes nothing: a minute later the bucket is full again.
  admitted = 0;
  for (int i = 0; i < 150; ++i) {
    admitted += limiter.admit("bac-giang/cnty", 600, t0 + 60s) ? 1 : 0;
  }
  CHECK(admitted == 100);
}

TEST_CASE("The byte rate holds too, and an event larger than the bucket passes when it is full") {
  RateLimiter limiter({.events_per_second = 0, .bytes_per_second = 1000, .burst_seconds = 10});
  const RateLimiter::Clock::time_point t0{};
  CHECK(limiter.admit("u", 6000, t0));
  CHECK(limiter.admit("u", 4000, t0));
  CHECK_FALSE(limiter.admit("u", 1, t0));
  CHECK(limiter.admit("u", 500, t0 + 500ms));
  // 50 KB against a 10 KB bucket: refused while it is not full, let through once it is.
  CHECK_FALSE(limiter.admit("u", 50000, t0 + 1s));
  CHECK(limiter.admit("u", 50000, t0 + 20s));
  RateLimiter unlimited({.events_per_second = 0, .bytes_per_second = 0, .burst_seconds = 10});
  for (int i = 0; i < 10000; ++i) {
    REQUIRE(unlimited.admit("u", 1 << 20, t0));
  }
}

TEST_CASE("A repeated refusal is logged once per interval, with how many were not") {
  RefusalLog log(10s);
  const RefusalLog::Clock::time_point t0{};
  std::uint64_t suppressed = 99;
  CHECK(log.should_log("peer-a", 52, t0, &suppressed));
  CHECK(suppressed == 0);
  for (int i = 0; i < 1000; ++i) {
    REQUIRE_FALSE(log.should_log("peer-a", 52, t0 + 1s, &suppressed));
  }
  CHECK(log.should_log("peer-a", 72, t0 + 1s, &suppressed));  // Another kind: logged.
  CHECK(log.should_log("peer-b", 52, t0 + 1s, &suppressed));  // Another connection: logged.
  CHECK(log.should_log("peer-a", 52, t0 + 11s, &suppressed));
  CHECK(suppressed == 1000);
  CHECK_FALSE(log.should_log("peer-a", 52, t0 + 12s, &suppressed));
}

TEST_CASE("Echoed text is cut on a code point boundary") {
  CHECK(protocol::utf8_prefix("ngắn", 64) == "ngắn");
  const std::string long_text(200000, 'x');
  CHECK(protocol::utf8_prefix(long_text, 512) == std::string(512, 'x') + "…");
  // "ắ" is 3 bytes: cutting inside it keeps none of it.
  CHECK(protocol::utf8_prefix("Bắc Giang", 3) == "B…");
  CHECK(protocol::is_valid_utf8(protocol::utf8_prefix("Bắc Giang", 3)));
}

}  // namespace alertbus::broker
