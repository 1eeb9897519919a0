// BrokerMetrics: the counters and histograms the broker's threads count as they work, read by
// the metrics listener's thread (metrics_server.hpp) when it renders /metrics.
//
// Every value is a relaxed atomic: counting costs the hot path one uncontended add, and a
// scrape reads each value on its own (a scrape may see a histogram's count one event ahead of
// its sum; Prometheus tolerates that). Histograms are fixed arrays of atomic buckets.
//
// Labels are bounded by construction: alert kinds (the AlertKind enum), origins (node ids,
// at most kMaxOrigins distinct, then "other"), refusal reasons (the ErrorCode enum).
//
// Threading: count from any thread; the kind/origin table is written by the loop thread
// only (CommitFanout) and read by any.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>

#include "metrics/loop_snapshot.hpp"

namespace alertbus::broker {

// A histogram of values in integer units (microseconds, events), exposed in base units
// (`units` of them to the base unit: 1e6 for microseconds). Buckets are upper bounds, ascending.
class Histogram {
 public:
  static constexpr std::size_t kMaxBuckets = 20;

  Histogram(std::span<const std::uint64_t> bounds, double units);
  Histogram(const Histogram&) = delete;
  Histogram& operator=(const Histogram&) = delete;

  void observe(std::uint64_t value);

  // A copy of the values, buckets not yet cumulative: counts[i] for bounds[i], then +Inf.
  struct Reading {
    std::span<const std::uint64_t> bounds;
    double units = 1;
    std::array<std::uint64_t, kMaxBuckets + 1> counts{};
    std::uint64_t sum = 0;  // In units.
  };

  Reading read() const;

 private:
  std::span<const std::uint64_t> bounds_;
  double units_;
  std::array<std::atomic<std::uint64_t>, kMaxBuckets + 1> counts_{};
  std::atomic<std::uint64_t> sum_{0};
};

// Events stored, by (kind, origin): a fixed table of slots filled by the loop thread.
class StoredCounts {
 public:
  static constexpr std::size_t kMaxOrigins = 64;
  static constexpr std::size_t kMaxKinds = 16;  // AlertKind values.
  static constexpr std::size_t kMaxSlots = kMaxKinds * (kMaxOrigins + 1);
  static constexpr const char* kOther = "other";

  // Loop thread only.
  void add(int kind, const std::string& origin, std::uint64_t count = 1);

  struct Slot {
    int kind = 0;
    std::string origin;
    std::atomic<std::uint64_t> count{0};
  };

  // Slots [0, size()) are complete; their kind and origin never change.
  std::size_t size() const { return used_.load(std::memory_order_acquire); }

  const Slot& slot(std::size_t index) const { return slots_[index]; }

 private:
  std::array<Slot, kMaxSlots> slots_;
  std::atomic<std::size_t> used_{0};
  // Loop thread only: origin (or kOther) -> slot per kind.
  static constexpr std::size_t kNoSlot = kMaxSlots;
  using Kinds = std::array<std::size_t, kMaxKinds>;
  std::unordered_map<std::string, Kinds> index_;
};

struct BrokerMetrics {
  BrokerMetrics();

  StoredCounts stored;
  Histogram publish_ack;   // Microseconds from reading a Publish to sending its ack.
  Histogram delivery;      // Microseconds from storing an event to sending it live.
  Histogram commit;        // Microseconds of one group commit (its transaction and fsync).
  Histogram group_events;  // Events per group commit.
  std::atomic<std::uint64_t> commits_failed{0};
  // The last commit's outcome: the writer's store could write (readiness). True until a
  // commit fails; true again after one succeeds.
  std::atomic<bool> last_commit_ok{true};
  std::atomic<std::int64_t> last_commit_failed_ms{0};
  // Refusals answered, by ErrorCode value (values past the table count in the last slot).
  static constexpr std::size_t kMaxCodes = 128;
  std::array<std::atomic<std::uint64_t>, kMaxCodes> refusals{};

  void refused(int code);

  // What the loop last published of the parts only it reads.
  LoopSnapshotSlot loop;
};

}  // namespace alertbus::broker
