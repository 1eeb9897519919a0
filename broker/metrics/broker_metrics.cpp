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
  // Origins past the bound count as "other": a label never takes unbounded values.
  const bool known = origins_.count(origin) != 0;
  if (!known && origins_.size() < kMaxOrigins) {
    origins_.emplace(origin, true);
  }
  const std::string label = known || origins_.count(origin) != 0 ? origin : std::string(kOther);
  const std::string key = std::to_string(kind) + '/' + label;
  auto found = index_.find(key);
  if (found == index_.end()) {
    const std::size_t used = used_.load(std::memory_order_relaxed);
    if (used == kMaxSlots) {
      return;  // Unreachable with the bounds above (kinds x origins).
    }
    slots_[used].kind = kind;
    slots_[used].origin = label;
    used_.store(used + 1, std::memory_order_release);  // The slot is complete before it shows.
    found = index_.emplace(key, used).first;
  }
  slots_[found->second].count.fetch_add(count, std::memory_order_relaxed);
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
