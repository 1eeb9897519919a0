// SessionSweeper (session_sweeper.hpp).
#include "state/session_sweeper.hpp"

namespace alertbus::dashboard {

std::optional<StatusOr<std::size_t>> SessionSweeper::sweep_if_due(Clock::time_point now) {
  const std::lock_guard lock(mutex_);
  if (last_sweep_ && now - *last_sweep_ < interval_) {
    return std::nullopt;
  }
  StatusOr<std::size_t> removed = store_.remove_idle_sessions(now, idle_limit_);
  if (removed.ok()) {
    last_sweep_ = now;
  }
  return removed;
}

}  // namespace alertbus::dashboard
