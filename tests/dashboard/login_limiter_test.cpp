// LoginLimiter (dashboard/server/state/login_limiter.hpp): failures per user and per address
// in a sliding window, with time injected.
#include "state/login_limiter.hpp"

#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

namespace alertbus::dashboard {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;
using Time = LoginLimiter::Clock::time_point;

const Time kStart = Time() + std::chrono::hours(1000);

TEST_CASE("The sixth login after five failures of a user is refused until the window passes") {
  LoginLimiter limiter;
  for (int i = 0; i < 5; ++i) {
    const Time at = kStart + minutes(i);
    REQUIRE(limiter.check("an", "10.0.0." + std::to_string(i), at).allowed);
    limiter.failed("an", "10.0.0." + std::to_string(i), at);
  }
  // From another address, still the same user.
  const LoginDecision refused = limiter.check("an", "10.0.0.99", kStart + minutes(5));
  CHECK_FALSE(refused.allowed);
  // The first failure (at kStart) leaves the window at kStart + 15 min.
  CHECK(refused.retry_after == minutes(10));
  CHECK(limiter.check("binh", "10.0.0.99", kStart + minutes(5)).allowed);

  CHECK_FALSE(limiter.check("an", "10.0.0.99", kStart + minutes(15) - seconds(1)).allowed);
  CHECK(limiter.check("an", "10.0.0.99", kStart + minutes(15)).allowed);
}

TEST_CASE("Five failures from one address refuse every user from it") {
  LoginLimiter limiter;
  for (int i = 0; i < 5; ++i) {
    limiter.failed("user" + std::to_string(i), "192.0.2.7", kStart);
  }
  const LoginDecision refused = limiter.check("someone-else", "192.0.2.7", kStart + seconds(30));
  CHECK_FALSE(refused.allowed);
  CHECK(refused.retry_after == minutes(15) - seconds(30));
  CHECK(limiter.check("someone-else", "192.0.2.8", kStart + seconds(30)).allowed);
  CHECK(limiter.check("someone-else", "192.0.2.7", kStart + minutes(15)).allowed);
}

TEST_CASE("A successful login clears the user's failures but not the address's") {
  LoginLimiter limiter;
  for (int i = 0; i < 4; ++i) {
    limiter.failed("chi", "198.51.100.1", kStart);
  }
  limiter.succeeded("chi", "198.51.100.1");
  for (int i = 0; i < 4; ++i) {
    limiter.failed("chi", "198.51.100.2", kStart);
  }
  CHECK(limiter.check("chi", "198.51.100.3", kStart).allowed);
  limiter.failed("dung", "198.51.100.1", kStart);
  CHECK_FALSE(limiter.check("em", "198.51.100.1", kStart).allowed);
}

TEST_CASE("The limiter tracks at most max_keys keys, forgetting the oldest") {
  LoginLimiterOptions options;
  options.max_keys = 100;
  LoginLimiter limiter(options);
  for (int i = 0; i < 5; ++i) {
    limiter.failed("first", "203.0.113.1", kStart);
  }
  REQUIRE_FALSE(limiter.check("first", "203.0.113.200", kStart).allowed);
  for (int i = 0; i < 1000; ++i) {
    const Time at = kStart + seconds(1 + i / 100);
    limiter.failed("user" + std::to_string(i), "198.18." + std::to_string(i), at);
    REQUIRE(limiter.tracked_keys() <= 100);
  }
  CHECK(limiter.tracked_keys() == 100);
  CHECK(limiter.check("first", "203.0.113.200", kStart + seconds(20)).allowed);
}

TEST_CASE("Threads share one limiter and its key cap holds") {
  LoginLimiterOptions options;
  options.max_keys = 500;
  LoginLimiter limiter(options);
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&limiter, t] {
      for (int i = 0; i < 2000; ++i) {
        const std::string user = "u" + std::to_string(t) + "-" + std::to_string(i);
        limiter.failed(user, "10.1." + std::to_string(t) + ".1", kStart);
        (void)limiter.check(user, "10.1." + std::to_string(t) + ".1", kStart);
        if (i % 3 == 0) {
          limiter.succeeded(user, "10.1." + std::to_string(t) + ".1");
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  CHECK(limiter.tracked_keys() <= 500);
  // The map and the age list still agree: a new address is counted and refused as ever.
  for (int i = 0; i < 5; ++i) {
    limiter.failed("late" + std::to_string(i), "10.9.9.9", kStart);
  }
  CHECK_FALSE(limiter.check("anyone", "10.9.9.9", kStart).allowed);
  CHECK(limiter.tracked_keys() <= 500);
}

}  // namespace
}  // namespace alertbus::dashboard
