// ConnectionTable: the connections the loop serves, by routing id: when each was last heard
// from, its publishes in flight and, in security mode "curve", who it authenticated as.
// Admits a new connection while fewer than max_connections are served, counts each one's
// publishes in flight up to max_in_flight, and drops those silent for longer than the
// heartbeat allows (never one with a publish in flight: its answer is still to come).
//
// The clock is the caller's: every call that needs the time takes it, so a test passes its
// own.
//
// Threading: loop thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace alertbus::broker {

class ConnectionTable {
 public:
  using Clock = std::chrono::steady_clock;

  struct Connection {
    Clock::time_point last_seen;
    std::uint32_t in_flight = 0;  // Publishes staged or handed to the writer, not answered.
    std::string principal;        // Security mode "curve": who it authenticated as.
    int fd = -1;                  // Its socket (ZMQ_SRCFD), told to the gatekeeper once.
  };

  struct Limits {
    std::size_t max_connections = 0;
    std::uint32_t max_in_flight = 0;
    // Silent for longer than this (heartbeat interval x misses): dropped.
    std::chrono::milliseconds silence{0};
    // How often expire() looks (half a heartbeat interval).
    std::chrono::milliseconds check_interval{0};
  };

  // `now`: the first expiry check is due check_interval after it.
  ConnectionTable(const Limits& limits, Clock::time_point now)
      : limits_(limits), last_expiry_check_(now) {}

  // A message arrived from `routing_id` at `now`: its connection, heard from now, or null if
  // the connection is new and the table is full.
  Connection* heard_from(const std::string& routing_id, Clock::time_point now);

  // A publish of `connection`'s is staged: false (nothing counted) when it has max_in_flight.
  bool publish_staged(Connection& connection);
  // A publish of `routing_id`'s is answered (acknowledged or refused): no longer in flight.
  void publish_answered(const std::string& routing_id);

  // Once check_interval has passed since the last check: drops the connections silent for
  // longer than the silence limit with nothing in flight, and returns their routing ids
  // (and, when `principals` is given, their principals in the same order).
  std::vector<std::string> expire(Clock::time_point now,
                                  std::vector<std::string>* principals = nullptr);

  // Who a connection is, for log lines: "bac-giang/cnty (connection 0a1b…)", or
  // "connection 0a1b…" when it has no principal (plain mode, or not heard from yet).
  std::string who(const std::string& routing_id) const;

  std::size_t size() const { return connections_.size(); }

  const std::unordered_map<std::string, Connection>& connections() const { return connections_; }

  const Limits& limits() const { return limits_; }

 private:
  Limits limits_;
  std::unordered_map<std::string, Connection> connections_;
  Clock::time_point last_expiry_check_;
};

}  // namespace alertbus::broker
