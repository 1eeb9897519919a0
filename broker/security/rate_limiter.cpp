#include "security/rate_limiter.hpp"

#include <algorithm>

namespace alertbus::broker {

bool RateLimiter::admit(const std::string& key, std::size_t bytes, Clock::time_point now) {
  const bool events_limited = limits_.events_per_second > 0;
  const bool bytes_limited = limits_.bytes_per_second > 0;
  if (!events_limited && !bytes_limited) {
    return true;
  }
  const double event_capacity = limits_.events_per_second * limits_.burst_seconds;
  const double byte_capacity = limits_.bytes_per_second * limits_.burst_seconds;
  auto found = buckets_.find(key);
  if (found == buckets_.end()) {
    if (buckets_.size() >= kMaxKeys) {
      buckets_.clear();
    }
    found = buckets_.emplace(key, Bucket{event_capacity, byte_capacity, now}).first;
  }
  Bucket& bucket = found->second;
  const double seconds = std::chrono::duration<double>(now - bucket.refilled).count();
  if (seconds > 0) {
    bucket.events = std::min(event_capacity, bucket.events + seconds * limits_.events_per_second);
    bucket.bytes = std::min(byte_capacity, bucket.bytes + seconds * limits_.bytes_per_second);
    bucket.refilled = now;
  }
  const auto size = static_cast<double>(bytes);
  // An event larger than the whole byte bucket passes when the bucket is full (the event
  // size limit bounds it), so a low byte rate never refuses an event for good.
  const bool bytes_ok = !bytes_limited || bucket.bytes >= std::min(size, byte_capacity);
  if ((events_limited && bucket.events < 1) || !bytes_ok) {
    return false;
  }
  bucket.events -= 1;
  bucket.bytes -= size;
  return true;
}

}  // namespace alertbus::broker
