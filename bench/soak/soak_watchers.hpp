// A watcher per node: a libalertbus Subscriber with a durable cursor (name "soak-watcher",
// from the beginning of the log, as the node's operator in curve mode) that records in the
// ledger every event it is handed and when, and hands the node's alerts from other nodes to
// the load as follow-up targets. When its node is killed the Subscriber reconnects and
// resumes after its stored cursor; one that fails for good is made again.
//
// Threading: start() spawns one thread per node; stop() joins them.
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>
#include <vector>

#include "soak/soak_ledger.hpp"
#include "soak/soak_network.hpp"

namespace alertbus::bench::soak {

class Watchers {
 public:
  Watchers(Network& network, Ledger& ledger);
  ~Watchers();
  Watchers(const Watchers&) = delete;
  Watchers& operator=(const Watchers&) = delete;
  Watchers(Watchers&&) = delete;
  Watchers& operator=(Watchers&&) = delete;

  void start();
  void stop();

  // The Subscribers' reconnections and the Subscribers made again after a failure.
  std::uint64_t reconnects() const { return reconnects_; }

  std::uint64_t remade() const { return remade_; }

 private:
  void run(std::size_t node);

  Network& network_;
  Ledger& ledger_;
  std::atomic<bool> stopping_{false};
  std::atomic<std::uint64_t> reconnects_{0};
  std::atomic<std::uint64_t> remade_{0};
  std::vector<std::thread> threads_;
};

}  // namespace alertbus::bench::soak
