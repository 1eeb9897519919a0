// AdmissionIndex: what a follow-up's admission needs to know about its alert (kind, issuer,
// areas, severity and the lifecycle state), from every event committed before it, never
// from a projection (the casework projection lags the log by design).
//
// An alert enters the index the first time a follow-up asks for it: its events are read
// from the log (the log_by_alert index) and folded with protocol::next_state(), the rule the
// cases use, noting the last seq read. From then on committed() moves its state with each
// follow-up committed after that seq. So the index never reads a row twice and never misses
// one, whatever the order in which the loop learns of commits and reads the log. Bounded:
// past `capacity` alerts it starts empty again, and alerts are read from the log anew.
//
// Threading: loop thread only (it reads through the loop's Store).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "alertbus/v1/casework.pb.h"

#include "store/store.hpp"

namespace alertbus::broker {

class AdmissionIndex {
 public:
  struct Alert {
    v1::AlertKind kind = v1::ALERT_KIND_UNSPECIFIED;
    v1::Severity severity = v1::SEVERITY_UNSPECIFIED;
    std::string area_codes;  // Area keys: " VN-2025:24 VN-2004:07360 ".
    std::string sender_unit;
    std::string origin_node;
    v1::AlertState state = v1::ALERT_ACTIVE;
    std::int64_t sent_at_ms = 0;
  };

  explicit AdmissionIndex(Store& log, std::size_t capacity = 65536)
      : log_(log), capacity_(capacity) {}

  // The alert `alert_event_id` as of every event committed so far; none if the log does not
  // hold it.
  StatusOr<std::optional<Alert>> find(const std::string& alert_event_id);

  // A row the writer committed: a follow-up moves the state of its alert, if held here.
  void committed(const LogRow& row);

  // The state `alert` would have after `follow_up` (protocol::next_state).
  static v1::AlertState next_state(const std::string& alert_event_id, const Alert& alert,
                                   const v1::Event& follow_up);

  std::size_t size() const { return alerts_.size(); }

 private:
  struct Entry {
    Alert alert;
    std::uint64_t read_through = 0;  // Rows up to this seq are folded in.
  };

  Store& log_;
  std::size_t capacity_;
  std::unordered_map<std::string, Entry> alerts_;
  std::vector<LogRow> rows_;  // Scratch.
};

}  // namespace alertbus::broker
