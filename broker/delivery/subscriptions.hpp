// Subscriptions: every live subscription of every connection, and the delivery pump.
//
// A subscription is a cursor over the log with a filter. pump() sends each subscription
// what its credit allows: from RecentEvents when it is close to the head, otherwise from the
// store in bounded chunks (catch-up), so a slow subscriber costs nothing and a lagging one
// never holds the loop for long. Durable subscriptions report acknowledgements as
// CursorUpdates for the writer, which stores them in its next transaction.
//
// Memory: each connection has a byte budget for deliveries sent and not yet acknowledged
// (DeliveryAck.up_to_seq). A connection at its budget gets nothing more, on any of its
// subscriptions, until it acknowledges: what a client that never reads can make the node
// hold (in ZeroMQ's queues) is its budget plus one delivery (1 MiB at most), whatever its
// subscriptions' credit.
//
// Threading: loop thread only.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "delivery/delivery_encoder.hpp"
#include "delivery/event_filter.hpp"
#include "delivery/recent_events.hpp"
#include "store/store.hpp"

namespace alertbus::broker {

class Histogram;

// Sends one frame to a connection: kSent, kBusy (would block: try later), kGone (no peer).
enum class SendResult { kSent, kBusy, kGone };
using FrameSender = std::function<SendResult(const std::string& routing_id, const v1::Frame&)>;
// Sends one frame's wire bytes (a serialized Frame) to a connection.
using BytesSender =
    std::function<SendResult(const std::string& routing_id, std::string_view frame_bytes)>;

class Subscriptions {
 public:
  struct Spec {
    std::string routing_id;
    std::uint64_t id = 0;  // The Subscribe's request_id.
    std::string durable_name;
    EventFilter filter;
    std::uint64_t after_seq = 0;  // Deliver events with seq > after_seq.
    std::uint32_t credit = 0;
  };

  // `connection_budget`: bytes of deliveries a connection may hold unacknowledged.
  Subscriptions(Store& reader, RecentEvents& recent, BytesSender sender,
                std::size_t connection_budget = kDefaultConnectionBudget)
      : reader_(reader),
        recent_(recent),
        sender_(std::move(sender)),
        connection_budget_(connection_budget) {}

  static constexpr std::size_t kDefaultConnectionBudget = 8 << 20;

  // Adds a subscription. A durable name already attached elsewhere is taken over: the old
  // holder gets SUBSCRIPTION_TAKEN_OVER and is removed.
  void add(Spec spec);

  // The acknowledged position of an attached durable subscription, if any (fresher than
  // the stored cursor while a cursor write is in flight).
  std::optional<std::uint64_t> attached_durable_position(const std::string& name) const;

  // Cumulative acknowledgement plus credit. For a durable subscription whose position moved,
  // sets *cursor to the update the writer must store. UNKNOWN_SUBSCRIPTION if absent.
  Status ack(const std::string& routing_id, std::uint64_t id, std::uint64_t up_to_seq,
             std::uint32_t credit, std::optional<CursorUpdate>* cursor);

  // Ends a subscription, setting *durable_name to its name (empty if transient).
  // UNKNOWN_SUBSCRIPTION if absent.
  Status remove(const std::string& routing_id, std::uint64_t id, std::string* durable_name);

  // Ends every subscription of a connection (durable cursors stay in the store).
  void drop_connection(const std::string& routing_id);

  std::size_t count_for(const std::string& routing_id) const;

  std::size_t size() const { return subscriptions_.size(); }

  // Bytes of deliveries sent to `routing_id` and not yet acknowledged.
  std::size_t unacknowledged_bytes(const std::string& routing_id) const;

  // Times a delivery waited because its connection was at its budget.
  std::uint64_t budget_pauses() const { return budget_pauses_; }

  // The subscriptions' lag behind the head: the largest in events, and the longest time one
  // has been behind (since it was last caught up, as the links count it), at `now_ms`. Also
  // notes, per subscription, when it fell behind: call it at regular intervals.
  struct Lag {
    std::size_t subscriptions = 0;
    std::uint64_t max_events = 0;
    double max_seconds = 0;
  };

  Lag lag(std::uint64_t head_seq, std::int64_t now_ms);

  // Counts each live delivery's time from storing to sending in `histogram` (microseconds);
  // null: none. Catch-up deliveries from the store are lag, not latency: not counted.
  void count_deliveries(Histogram* histogram) { delivery_latency_ = histogram; }

  // Sends what each subscription may receive, up to head_seq. Returns true when some
  // subscription still has events and credit (call again without waiting).
  bool pump(std::uint64_t head_seq);

 private:
  struct Subscription {
    Spec spec;
    std::uint64_t position = 0;  // Last seq scanned (sent or filtered out).
    std::uint64_t acked = 0;     // Last seq acknowledged.
    // Deliveries sent and not acknowledged: the last seq of each and its frame's bytes.
    std::deque<std::pair<std::uint64_t, std::size_t>> unacked;
    std::int64_t behind_since_ms = 0;  // 0 when caught up at the last lag().
  };

  using Key = std::pair<std::string, std::uint64_t>;

  // Sends up to a chunk to one subscription; true when it has more to send.
  bool pump_one(Subscription& subscription, std::uint64_t head_seq, std::vector<Key>* gone);
  void erase(const Key& key);
  // Releases the budget of `subscription`'s deliveries up to its acked seq (all: `all`).
  void release(const std::string& routing_id, Subscription& subscription, bool all);

  Store& reader_;
  RecentEvents& recent_;
  BytesSender sender_;
  std::map<Key, Subscription> subscriptions_;
  std::map<std::string, Key> durable_;  // Durable name -> attached subscription.
  std::vector<LogRow> chunk_;           // Reused read buffer for catch-up.
  DeliveryEncoder encoder_;             // Reused frame buffer for deliveries.
  std::size_t connection_budget_;
  std::unordered_map<std::string, std::size_t> unacked_bytes_;  // By connection.
  // Connections whose last delivery did not fit their budget: not pumped (no store reads)
  // until an acknowledgement releases some of it.
  std::unordered_set<std::string> paused_;
  std::uint64_t budget_pauses_ = 0;
  Histogram* delivery_latency_ = nullptr;
  std::vector<std::int64_t> frame_stored_ms_;  // Of the events in the frame being filled.
};

}  // namespace alertbus::broker
