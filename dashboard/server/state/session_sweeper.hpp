// SessionSweeper: deletes the sessions nobody has used for the idle limit, at most once per
// interval (docs/DASHBOARD.md, "Security"). find_session() deletes an idle session only when
// its cookie comes back; a browser that never returns would leave its row for ever without
// this sweep. The server calls sweep_if_due() at each login.
//
// Threading: any thread; calls run one at a time (a mutex), the store's own lock inside.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>

#include "state/state_store.hpp"

namespace alertbus::dashboard {

class SessionSweeper {
 public:
  using Clock = StateStore::Clock;

  // `store` must outlive the sweeper.
  SessionSweeper(StateStore& store, std::chrono::milliseconds idle_limit,
                 std::chrono::milliseconds interval)
      : store_(store), idle_limit_(idle_limit), interval_(interval) {}

  // When the last sweep was `interval` or more before `now` (or there was none): deletes
  // every session idle for longer than the limit and returns how many. nullopt when it was
  // not due; a store failure is returned and the next call tries again.
  std::optional<StatusOr<std::size_t>> sweep_if_due(Clock::time_point now);

 private:
  StateStore& store_;
  const std::chrono::milliseconds idle_limit_;
  const std::chrono::milliseconds interval_;
  std::mutex mutex_;
  std::optional<Clock::time_point> last_sweep_;
};

}  // namespace alertbus::dashboard
