// LoginLimiter: refuses logins after too many failures (docs/DASHBOARD.md, "Security"): at
// most 5 failed attempts per user name and per client address within 15 minutes, counted
// over a sliding window; after that, 429 until the oldest of those failures leaves it.
//
// Memory is bounded: at most `max_keys` user names and addresses are tracked; past that, the
// one whose last failure is oldest is forgotten. Time is passed in, so tests drive it.
//
// Threading: every member function may be called from any thread (one mutex).
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <list>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace alertbus::dashboard {

struct LoginLimiterOptions {
  std::size_t max_failures = 5;  // Per user and per address in a window.
  std::chrono::seconds window = std::chrono::minutes(15);
  std::size_t max_keys = 10000;  // User names + addresses tracked.
};

struct LoginDecision {
  bool allowed = true;
  std::chrono::seconds retry_after{0};  // When refused: how long until a try is allowed (≥ 1 s).
};

class LoginLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  explicit LoginLimiter(LoginLimiterOptions options = {});

  // Whether a login for `user` from `address` may be tried at `now`: refused when either has
  // `max_failures` failures in the window before `now`; retry_after is then the longer wait.
  LoginDecision check(std::string_view user, std::string_view address, Clock::time_point now);

  // Records a failed login (wrong password, unknown user or disabled account alike).
  void failed(std::string_view user, std::string_view address, Clock::time_point now);

  // Records a successful login: the user's failures are forgotten. The address's are kept,
  // so that one known password does not reset the count of an address trying others.
  void succeeded(std::string_view user, std::string_view address);

  // How many user names and addresses are tracked (at most max_keys).
  std::size_t tracked_keys() const;

 private:
  struct Entry {
    std::deque<Clock::time_point> failures;  // Oldest first, at most max_failures.
    std::list<std::string>::iterator age;    // Its place in age_.
  };

  // The wait before `key` may try again at `now` (0: allowed). Needs mutex_.
  Clock::duration wait_for(const std::string& key, Clock::time_point now);
  void record(std::string key, Clock::time_point now);

  const LoginLimiterOptions options_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> age_;  // Keys by last failure, oldest first.
};

}  // namespace alertbus::dashboard
