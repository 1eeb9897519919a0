// The soak's load: at each node, one thread drives a libalertbus Publisher per unit (signed
// with the unit's key in curve mode) at the node's share of the rate. Each tick one unit
// publishes, in turn: an alert of its kind, or a follow-up the casework rules allow: an
// acknowledgement or information on another node's alert of its kind that its node holds (as
// the node's watcher saw it), or the closure of one of its own acknowledged alerts (once).
//
// Retries: the Publisher resends an unacknowledged event with the same bytes after its ack
// timeout and after reconnecting to a restarted broker; when its window stays full (the node
// is down) the event waits here and is submitted again, with the same event id, before any
// new one. Only acknowledged events go into the ledger.
//
// Threading: start() spawns one thread per node; stop() ends them after their last flush.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "soak/soak_ledger.hpp"
#include "soak/soak_network.hpp"

namespace alertbus::bench::soak {

struct LoadCounts {
  std::uint64_t submitted = 0;
  std::uint64_t acknowledged = 0;
  std::uint64_t alerts = 0;  // Acknowledged alerts (the rest are follow-ups).
  std::map<int, std::uint64_t> follow_ups_by_type;  // Acknowledged, by v1::EventType.
  std::uint64_t duplicate_acks = 0;  // Acks flagged duplicate: a resend of a stored event.
  std::uint64_t window_full = 0;     // Submits that waited out a full window and were redone.
  std::uint64_t reconnects = 0;      // The Publishers' own reconnections.
  std::uint64_t unacknowledged = 0;  // Still in flight after the final flush.
  std::map<std::string, std::uint64_t> refused;      // By the broker's status, first words.
  std::map<std::string, std::string> first_refusal;  // The first of each: type and message.
};

class Load {
 public:
  Load(Network& network, Ledger& ledger, double rate_per_s, std::uint64_t seed);
  ~Load();
  Load(const Load&) = delete;
  Load& operator=(const Load&) = delete;
  Load(Load&&) = delete;
  Load& operator=(Load&&) = delete;

  void start();
  // Stops submitting, flushes each Publisher for up to `flush` and joins the threads.
  void stop(std::chrono::seconds flush);

  LoadCounts counts() const;
  // The first failure of a thread (a Publisher that could not be made), empty if none.
  std::string failure() const;

 private:
  void run(std::size_t node, std::uint64_t seed);

  Network& network_;
  Ledger& ledger_;
  double rate_per_s_;
  std::uint64_t seed_;
  std::atomic<bool> stopping_{false};
  std::chrono::seconds flush_{60};
  std::vector<std::thread> threads_;
  mutable std::mutex mutex_;
  LoadCounts counts_;
  std::string failure_;
};

}  // namespace alertbus::bench::soak
