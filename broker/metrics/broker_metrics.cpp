#include "metrics/broker_metrics.hpp"

#include <algorithm>

namespace alertbus::broker {
namespace {

// Bucket bounds. Latencies in microseconds: 100 us to 30 s. Group sizes in events: 1 to
// the largest max_batch_events worth telling apart.
constexpr std::array<std::uint64_t, 16> kLatencyMicros = {
    100,   250,    500,    1000,   2500,    5000,    10000,    25000,
    50000, 100000, 250000, 500000, 1000000, 2500000, 10000000, 30000000};
constexpr std::array<std::uint64_t, 12> kGroupEvents = {1,  2,   4,   8,    16,   32,
                                                        64, 128, 256, 1024, 4096, 16384};
constexpr double kMicrosPerSecond = 1e6;

}  // namespace

Histogram::Histogram(std::span<const std::uint64_t> bounds, double units)
    : bounds_(bounds.first(std::min(bounds.size(), kMaxBuckets))), units_(units) {}

void Histogram::observe(std::uint64_t value) {
  const auto bucket = static_cast<std::size_t>(
      std::lower_bound(bounds_.begin(), bounds_.end(), value) - bounds_.begin());
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Reading Histogram::read() const {
  Reading reading;
  reading.bounds = bounds_;
  reading.units = units_;
  for (std::size_t i = 0; i <= bounds_.size(); ++i) {
    reading.counts[i] = counts_[i].load(std::memory_order_relaxed);
  }
  reading.sum = sum_.load(std::memory_order_relaxed);
  return reading;
}

void StoredCounts::add(int kind, const std::string& origin, std::uint64_t count) {
  // Kinds past the table (none are valid) count as unspecified; origins past the bound as
  // "other": a label never takes unbounded values. No allocation once a pair has its slot.
  if (kind < 0 || kind >= static_cast<int>(kMaxKinds)) {
    kind = 0;
  }
  auto found = index_.find(origin);
  if (found == index_.end()) {
    const auto [entry, added] =
        index_.try_emplace(index_.size() < kMaxOrigins ? origin : std::string(kOther));
    if (added) {
      entry->second.fill(kNoSlot);
    }
    found = entry;
  }
  std::size_t& slot = found->second[static_cast<std::size_t>(kind)];
  if (slot == kNoSlot) {
    const std::size_t used = used_.load(std::memory_order_relaxed);
    if (used == kMaxSlots) {
      return;  // Unreachable: kMaxKinds x (kMaxOrigins + 1) slots fit.
    }
    slots_[used].kind = kind;
    slots_[used].origin = found->first;
    used_.store(used + 1, std::memory_order_release);  // The slot is complete before it shows.
    slot = used;
  }
  slots_[slot].count.fetch_add(count, std::memory_order_relaxed);
}

BrokerMetrics::BrokerMetrics()
    : publish_ack(kLatencyMicros, kMicrosPerSecond),
      delivery(kLatencyMicros, kMicrosPerSecond),
      commit(kLatencyMicros, kMicrosPerSecond),
      group_events(kGroupEvents, 1) {}

void BrokerMetrics::refused(int code) {
  const auto slot = std::min(static_cast<std::size_t>(std::max(code, 0)), kMaxCodes - 1);
  refusals[slot].fetch_add(1, std::memory_order_relaxed);
}

}  // namespace alertbus::broker
