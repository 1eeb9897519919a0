// LoopSnapshot: what the loop last told the metrics listener about the parts only it may
// read (links, connections, subscriptions, casework): the status reply that `alertctl
// status` and `alertctl peers` show, and the subscriptions' lag. The loop publishes one
// every kInterval; the listener's threads copy the latest under the slot's mutex, which is
// held only for that copy or swap (the loop never waits on a scrape's rendering).
//
// Threading: publish() from the loop thread, read() from any.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>

#include "alertbus/v1/frame.pb.h"

#include "delivery/subscriptions.hpp"

namespace alertbus::broker {

struct LoopSnapshot {
  bool published = false;  // False until the loop runs.
  std::int64_t at_ms = 0;  // Unix ms when the loop made it.
  v1::StatusReply status;  // As handle_status answers it.
  Subscriptions::Lag subscription_lag;
};

class LoopSnapshotSlot {
 public:
  static constexpr std::chrono::milliseconds kInterval{500};

  void publish(LoopSnapshot snapshot) {
    {
      std::lock_guard lock(mutex_);
      std::swap(snapshot_, snapshot);
    }
    // The old snapshot (now in `snapshot`) is freed here, outside the lock.
  }

  LoopSnapshot read() const {
    std::lock_guard lock(mutex_);
    return snapshot_;
  }

 private:
  mutable std::mutex mutex_;
  LoopSnapshot snapshot_;
};

}  // namespace alertbus::broker
