// RateLimiter: how fast one principal may publish, in events and in bytes per second, each a
// token bucket holding `burst_seconds` of its rate (an office posting a batch is served at
// once; a unit storing 100,000 tiny events in 12 s is not). A publish over either rate is
// refused with RATE_LIMITED (retryable: the libraries resend later) and takes nothing from
// the buckets. A rate of 0 is no limit. Keyed by principal id; bounded (past kMaxKeys the
// buckets start full again).
//
// The clock is the caller's (a test passes its own).
//
// Threading: loop thread only.
#pragma once

#include <chrono>
#include <cstddef>
#include <string>
#include <unordered_map>

namespace alertbus::broker {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kMaxKeys = 65536;

  struct Limits {
    double events_per_second = 100;
    double bytes_per_second = 1 << 20;
    double burst_seconds = 10;
  };

  explicit RateLimiter(Limits limits) : limits_(limits) {}

  // Takes one event of `bytes` from `key`'s buckets; false, taking nothing, when either has
  // too little left.
  bool admit(const std::string& key, std::size_t bytes, Clock::time_point now);

  const Limits& limits() const { return limits_; }

 private:
  struct Bucket {
    double events = 0;
    double bytes = 0;
    Clock::time_point refilled;
  };

  Limits limits_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace alertbus::broker
