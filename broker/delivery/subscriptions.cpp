#include "delivery/subscriptions.hpp"

#include <algorithm>
#include <spdlog/spdlog.h>

#include "alertbus/protocol/clock.hpp"
#include "metrics/broker_metrics.hpp"

namespace alertbus::broker {
namespace {

constexpr std::size_t kChunkRows = 1024;            // Rows read from the store per pump.
constexpr std::size_t kMaxEventsPerDelivery = 256;  // Events per Delivery frame.
constexpr std::size_t kMaxDeliveryBytes = 1 << 20;
constexpr std::uint32_t kMaxCredit = 10000;

}  // namespace

void Subscriptions::add(Spec spec) {
  if (!spec.durable_name.empty()) {
    auto attached = durable_.find(spec.durable_name);
    if (attached != durable_.end()) {
      const Key old = attached->second;
      v1::Frame frame;
      frame.set_request_id(old.second);
      Status::from_code(v1::SUBSCRIPTION_TAKEN_OVER).to_proto(frame.mutable_error());
      (void)sender_(old.first, frame.SerializeAsString());
      spdlog::info("durable subscription '{}' taken over by a new connection", spec.durable_name);
      erase(old);
    }
  }
  const Key key{spec.routing_id, spec.id};
  erase(key);  // A repeated Subscribe with the same id replaces the old one.
  Subscription subscription;
  subscription.position = spec.after_seq;
  subscription.acked = spec.after_seq;
  subscription.spec = std::move(spec);
  if (!subscription.spec.durable_name.empty()) {
    durable_[subscription.spec.durable_name] = key;
  }
  subscriptions_[key] = std::move(subscription);
}

std::optional<std::uint64_t> Subscriptions::attached_durable_position(
    const std::string& name) const {
  auto attached = durable_.find(name);
  if (attached == durable_.end()) {
    return std::nullopt;
  }
  return subscriptions_.at(attached->second).acked;
}

Status Subscriptions::ack(const std::string& routing_id, std::uint64_t id, std::uint64_t up_to_seq,
                          std::uint32_t credit, std::optional<CursorUpdate>* cursor) {
  auto found = subscriptions_.find(Key{routing_id, id});
  if (found == subscriptions_.end()) {
    return Status::from_code(v1::UNKNOWN_SUBSCRIPTION, "delivery_ack.subscription_id");
  }
  Subscription& subscription = found->second;
  // Nothing beyond what was sent can be acknowledged.
  const std::uint64_t acked = std::min(up_to_seq, subscription.position);
  if (acked > subscription.acked) {
    subscription.acked = acked;
    if (!subscription.spec.durable_name.empty()) {
      *cursor = CursorUpdate{subscription.spec.durable_name, acked, false};
    }
  }
  release(routing_id, subscription, false);
  subscription.spec.credit = std::min(kMaxCredit, subscription.spec.credit + credit);
  return {};
}

void Subscriptions::release(const std::string& routing_id, Subscription& subscription, bool all) {
  std::size_t freed = 0;
  while (!subscription.unacked.empty() &&
         (all || subscription.unacked.front().first <= subscription.acked)) {
    freed += subscription.unacked.front().second;
    subscription.unacked.pop_front();
  }
  if (freed == 0) {
    return;
  }
  paused_.erase(routing_id);
  auto held = unacked_bytes_.find(routing_id);
  if (held != unacked_bytes_.end()) {
    held->second -= std::min(held->second, freed);
    if (held->second == 0) {
      unacked_bytes_.erase(held);
    }
  }
}

std::size_t Subscriptions::unacknowledged_bytes(const std::string& routing_id) const {
  const auto held = unacked_bytes_.find(routing_id);
  return held == unacked_bytes_.end() ? 0 : held->second;
}

Status Subscriptions::remove(const std::string& routing_id, std::uint64_t id,
                             std::string* durable_name) {
  const Key key{routing_id, id};
  auto found = subscriptions_.find(key);
  if (found == subscriptions_.end()) {
    return Status::from_code(v1::UNKNOWN_SUBSCRIPTION, "unsubscribe.subscription_id");
  }
  *durable_name = found->second.spec.durable_name;
  erase(key);
  return {};
}

void Subscriptions::drop_connection(const std::string& routing_id) {
  std::vector<Key> keys;
  for (auto it = subscriptions_.lower_bound(Key{routing_id, 0});
       it != subscriptions_.end() && it->first.first == routing_id; ++it) {
    keys.push_back(it->first);
  }
  for (const Key& key : keys) {
    erase(key);
  }
}

std::size_t Subscriptions::count_for(const std::string& routing_id) const {
  std::size_t count = 0;
  for (auto it = subscriptions_.lower_bound(Key{routing_id, 0});
       it != subscriptions_.end() && it->first.first == routing_id; ++it) {
    ++count;
  }
  return count;
}

void Subscriptions::erase(const Key& key) {
  auto found = subscriptions_.find(key);
  if (found == subscriptions_.end()) {
    return;
  }
  release(key.first, found->second, true);
  const std::string& name = found->second.spec.durable_name;
  if (!name.empty()) {
    auto attached = durable_.find(name);
    if (attached != durable_.end() && attached->second == key) {
      durable_.erase(attached);
    }
  }
  subscriptions_.erase(found);
}

Subscriptions::Lag Subscriptions::lag(std::uint64_t head_seq, std::int64_t now_ms) {
  Lag lag;
  lag.subscriptions = subscriptions_.size();
  for (auto& [key, subscription] : subscriptions_) {
    if (subscription.position >= head_seq) {
      subscription.behind_since_ms = 0;
      continue;
    }
    lag.max_events = std::max(lag.max_events, head_seq - subscription.position);
    if (subscription.behind_since_ms == 0) {
      subscription.behind_since_ms = now_ms;
    }
    lag.max_seconds = std::max(lag.max_seconds,
                               static_cast<double>(now_ms - subscription.behind_since_ms) / 1000.0);
  }
  return lag;
}

bool Subscriptions::pump(std::uint64_t head_seq) {
  bool more = false;
  std::vector<Key> gone;
  for (auto& [key, subscription] : subscriptions_) {
    more = pump_one(subscription, head_seq, &gone) || more;
  }
  for (const Key& key : gone) {
    erase(key);
  }
  return more;
}

bool Subscriptions::pump_one(Subscription& subscription, std::uint64_t head_seq,
                             std::vector<Key>* gone) {
  Spec& spec = subscription.spec;
  if (spec.credit == 0 || subscription.position >= head_seq ||
      paused_.count(spec.routing_id) != 0) {
    return false;
  }
  // The rows to scan: from memory when the window holds them, else one chunk from the store.
  const bool from_memory = recent_.covers(subscription.position);
  std::size_t first = 0;
  std::size_t count = 0;
  if (from_memory) {
    first = recent_.index_after(subscription.position);
    count = std::min(kChunkRows, recent_.size() - first);
  } else {
    // Catch-up reads what the credit allows: every row is sent when nothing is filtered out.
    const std::size_t rows =
        spec.filter.matches_all() ? std::min<std::size_t>(kChunkRows, spec.credit) : kChunkRows;
    if (Status status = reader_.read_after(subscription.position, rows, &chunk_); !status.ok()) {
      spdlog::error("catch-up read failed: {}", status.to_string());
      return false;
    }
    count = chunk_.size();
  }

  // Each row's StoredEvent is written once, straight into the frame's bytes.
  encoder_.begin(spec.id);
  std::uint64_t scanned = subscription.position;
  std::uint32_t credit = spec.credit;
  std::size_t bytes = 0;
  SendResult result = SendResult::kSent;
  // Sends the batch; on success the subscription moves to `scanned` and keeps `credit`.
  std::uint64_t last_added = 0;  // Seq of the last event in the frame being filled.
  frame_stored_ms_.clear();
  auto count_latency = [&]() {
    if (!frame_stored_ms_.empty()) {
      const std::int64_t now_ms = protocol::now_unix_ms();
      for (const std::int64_t stored_ms : frame_stored_ms_) {
        delivery_latency_->observe(
            static_cast<std::uint64_t>(std::max<std::int64_t>(0, now_ms - stored_ms)) * 1000);
      }
      frame_stored_ms_.clear();
    }
  };
  auto flush = [&]() {
    if (encoder_.events() > 0) {
      // At its budget, the connection waits for its acknowledgements (one delivery always
      // goes when nothing is held, however large).
      const std::size_t frame_bytes = encoder_.bytes().size();
      const std::size_t held = unacknowledged_bytes(spec.routing_id);
      if (held > 0 && held + frame_bytes > connection_budget_) {
        paused_.insert(spec.routing_id);
        ++budget_pauses_;
        result = SendResult::kBusy;
        return false;
      }
      result = sender_(spec.routing_id, encoder_.bytes());
      if (result != SendResult::kSent) {
        return false;
      }
      unacked_bytes_[spec.routing_id] += frame_bytes;
      count_latency();
      subscription.unacked.emplace_back(last_added, frame_bytes);
      encoder_.begin(spec.id);
      bytes = 0;
    }
    subscription.position = scanned;
    spec.credit = credit;
    return true;
  };
  for (std::size_t i = 0; i < count; ++i) {
    const LogRow& row = from_memory ? recent_.at(first + i) : chunk_[i];
    if (spec.filter.matches(row)) {
      if (credit == 0) {
        break;
      }
      encoder_.add(row.stored);
      if (from_memory && delivery_latency_ != nullptr) {
        frame_stored_ms_.push_back(protocol::to_unix_ms(row.stored.received_at()));
      }
      last_added = row.stored.seq();
      --credit;
      bytes += row.stored.event().size();
      scanned = row.stored.seq();
      if ((encoder_.events() >= kMaxEventsPerDelivery || bytes >= kMaxDeliveryBytes) && !flush()) {
        break;
      }
    } else {
      scanned = row.stored.seq();
    }
  }
  if (result == SendResult::kSent) {
    flush();
  }
  if (result == SendResult::kGone) {
    gone->push_back(Key{spec.routing_id, spec.id});
    return false;
  }
  return result == SendResult::kSent && spec.credit > 0 && subscription.position < head_seq;
}

}  // namespace alertbus::broker
