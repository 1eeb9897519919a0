// LoginLimiter (login_limiter.hpp): a deque of recent failure times per key ("user:NAME",
// "address:ADDR"), and the keys in order of their last failure so the oldest can go first.
#include "state/login_limiter.hpp"

#include <algorithm>

namespace alertbus::dashboard {
namespace {

std::string user_key(std::string_view user) {
  return "user:" + std::string(user);
}

std::string address_key(std::string_view address) {
  return "address:" + std::string(address);
}

}  // namespace

LoginLimiter::LoginLimiter(LoginLimiterOptions options) : options_(options) {}

LoginDecision LoginLimiter::check(std::string_view user, std::string_view address,
                                  Clock::time_point now) {
  std::lock_guard lock(mutex_);
  const Clock::duration wait =
      std::max(wait_for(user_key(user), now), wait_for(address_key(address), now));
  if (wait <= Clock::duration::zero()) {
    return {};
  }
  // Rounded up: a client that waits exactly retry_after seconds is let in.
  auto seconds = std::chrono::ceil<std::chrono::seconds>(wait);
  return {false, std::max(seconds, std::chrono::seconds(1))};
}

void LoginLimiter::failed(std::string_view user, std::string_view address, Clock::time_point now) {
  std::lock_guard lock(mutex_);
  record(user_key(user), now);
  record(address_key(address), now);
}

void LoginLimiter::succeeded(std::string_view user, std::string_view /*address*/) {
  std::lock_guard lock(mutex_);
  const auto found = entries_.find(user_key(user));
  if (found != entries_.end()) {
    age_.erase(found->second.age);
    entries_.erase(found);
  }
}

std::size_t LoginLimiter::tracked_keys() const {
  std::lock_guard lock(mutex_);
  return entries_.size();
}

LoginLimiter::Clock::duration LoginLimiter::wait_for(const std::string& key,
                                                     Clock::time_point now) {
  const auto found = entries_.find(key);
  if (found == entries_.end()) {
    return Clock::duration::zero();
  }
  std::deque<Clock::time_point>& failures = found->second.failures;
  while (!failures.empty() && failures.front() + options_.window <= now) {
    failures.pop_front();
  }
  if (failures.size() < options_.max_failures) {
    return Clock::duration::zero();
  }
  // Allowed again when enough of the failures have left the window; only the last
  // max_failures are kept, so that is when the oldest of them does.
  return failures.front() + options_.window - now;
}

void LoginLimiter::record(std::string key, Clock::time_point now) {
  auto found = entries_.find(key);
  if (found == entries_.end()) {
    if (entries_.size() >= options_.max_keys && !age_.empty()) {
      entries_.erase(age_.front());
      age_.pop_front();
    }
    age_.push_back(key);
    found = entries_.emplace(std::move(key), Entry{{}, std::prev(age_.end())}).first;
  } else {
    age_.splice(age_.end(), age_, found->second.age);
  }
  std::deque<Clock::time_point>& failures = found->second.failures;
  failures.push_back(now);
  while (failures.size() > options_.max_failures) {
    failures.pop_front();
  }
}

}  // namespace alertbus::dashboard
