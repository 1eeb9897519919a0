// RefusalLog: how often the broker logs the refusals it answers. A client that repeats one
// mistake (9-byte bogus DeliveryAcks made 6.5 MB/s of warnings) gets its first refusal of a
// kind logged, then one line per interval saying how many more there were; every refusal is
// still answered. Keyed by connection and error code; bounded (forgets everything past
// kMaxKeys, which at worst logs a few lines again).
//
// The clock is the caller's (a test passes its own).
//
// Threading: loop thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

namespace alertbus::broker {

class RefusalLog {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::size_t kMaxKeys = 4096;

  explicit RefusalLog(std::chrono::milliseconds interval = std::chrono::seconds(10))
      : interval_(interval) {}

  // Whether to log this refusal now; when it is, *suppressed says how many of its kind were
  // answered unlogged since the last line.
  bool should_log(const std::string& routing_id, int code, Clock::time_point now,
                  std::uint64_t* suppressed);

 private:
  struct Entry {
    Clock::time_point logged_at;
    std::uint64_t suppressed = 0;
  };

  std::chrono::milliseconds interval_;
  std::map<std::pair<std::string, int>, Entry> entries_;
};

}  // namespace alertbus::broker
