#include "soak/soak_ledger.hpp"

namespace alertbus::bench::soak {
namespace {

constexpr std::size_t kForeignKept = 500;

}  // namespace

Ledger::Ledger(std::size_t nodes) : seen_(nodes), foreign_(nodes) {}

void Ledger::acknowledged(const std::string& event_id, const AckedEvent& event) {
  std::lock_guard lock(mutex_);
  acked_.emplace(event_id, event);
}

void Ledger::seen(std::size_t node, const std::string& event_id, Clock::time_point at) {
  std::lock_guard lock(mutex_);
  seen_[node].emplace(event_id, at);
}

void Ledger::alert_held(std::size_t node, std::size_t origin, const std::string& event_id,
                        v1::AlertKind kind) {
  if (node == origin) {
    return;
  }
  std::lock_guard lock(mutex_);
  std::vector<std::string>& alerts = foreign_[node][kind];
  if (alerts.size() >= kForeignKept) {
    alerts.erase(alerts.begin());
  }
  alerts.push_back(event_id);
}

std::optional<FollowUpTarget> Ledger::foreign_alert(std::size_t node, v1::AlertKind kind,
                                                    std::mt19937_64& random) {
  std::lock_guard lock(mutex_);
  const auto found = foreign_[node].find(kind);
  if (found == foreign_[node].end() || found->second.empty()) {
    return std::nullopt;
  }
  std::uniform_int_distribution<std::size_t> pick(0, found->second.size() - 1);
  return FollowUpTarget{found->second[pick(random)], kind};
}

std::unordered_map<std::string, AckedEvent> Ledger::acked() const {
  std::lock_guard lock(mutex_);
  return acked_;
}

std::unordered_map<std::string, Clock::time_point> Ledger::seen_at(std::size_t node) const {
  std::lock_guard lock(mutex_);
  return seen_[node];
}

}  // namespace alertbus::bench::soak
