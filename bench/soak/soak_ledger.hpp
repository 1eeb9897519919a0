// What the soak's publishers and watchers record, shared between their threads: the events
// the brokers acknowledged (only those must exist everywhere), when each was submitted, what
// each node's watcher saw and when, and the alerts each node holds that its units may follow
// up.
//
// Threading: every member function locks; any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <string>
#include <unordered_map>
#include <vector>

#include "alertbus/v1/common.pb.h"

#include "stats.hpp"

namespace alertbus::bench::soak {

struct AckedEvent {
  std::size_t origin = 0;  // The node it was published at.
  Clock::time_point submitted;
  bool alert = false;
};

struct FollowUpTarget {
  std::string alert_event_id;
  v1::AlertKind kind = v1::ANIMAL_DISEASE;
};

class Ledger {
 public:
  explicit Ledger(std::size_t nodes);

  void acknowledged(const std::string& event_id, const AckedEvent& event);
  // A watcher at `node` was handed the event (the first time counts: a Subscriber made again
  // resumes at its acknowledged cursor and may hand it again).
  void seen(std::size_t node, const std::string& event_id, Clock::time_point at);
  // An alert from `origin` that `node` holds, so that its units may follow it up.
  void alert_held(std::size_t node, std::size_t origin, const std::string& event_id,
                  v1::AlertKind kind);
  // A random alert of `kind` from another node that `node` holds, if any.
  std::optional<FollowUpTarget> foreign_alert(std::size_t node, v1::AlertKind kind,
                                              std::mt19937_64& random);

  std::unordered_map<std::string, AckedEvent> acked() const;
  std::unordered_map<std::string, Clock::time_point> seen_at(std::size_t node) const;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, AckedEvent> acked_;
  std::vector<std::unordered_map<std::string, Clock::time_point>> seen_;
  // Per node, per kind: the other nodes' alerts it holds (the newest 500).
  std::vector<std::map<int, std::vector<std::string>>> foreign_;
};

}  // namespace alertbus::bench::soak
