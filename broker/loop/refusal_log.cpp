#include "loop/refusal_log.hpp"

namespace alertbus::broker {

bool RefusalLog::should_log(const std::string& routing_id, int code, Clock::time_point now,
                            std::uint64_t* suppressed) {
  auto found = entries_.find({routing_id, code});
  if (found == entries_.end()) {
    if (entries_.size() >= kMaxKeys) {
      entries_.clear();
    }
    entries_.emplace(std::make_pair(routing_id, code), Entry{now, 0});
    *suppressed = 0;
    return true;
  }
  Entry& entry = found->second;
  if (now - entry.logged_at < interval_) {
    ++entry.suppressed;
    return false;
  }
  *suppressed = entry.suppressed;
  entry = Entry{now, 0};
  return true;
}

}  // namespace alertbus::broker
