// Heartbeat: the liveness of one connection to a broker, as both sides that open one keep it
// (docs/PROTOCOL.md, "Heartbeats"): the client library's Connection and the broker's
// PeerLink. A Ping goes out every interval carrying the owner's last seq; any message from
// the broker proves it alive; nothing heard for `dead_after_intervals` intervals means the
// broker is gone or has forgotten the connection; a Pong that reports no subscription while
// the owner holds one means the broker forgot it (it restarted while ZeroMQ reconnected
// underneath), and the owner must subscribe again.
//
// It keeps the clocks only and knows no socket, so a link driven without sockets (its unit
// tests) keeps the same liveness rules. The socket is a DealerSession (dealer_session.hpp).
//
// Threading: the thread of its owner.
#pragma once

#include <chrono>
#include <cstdint>

#include "alertbus/v1/frame.pb.h"

namespace alertbus::protocol {

class Heartbeat {
 public:
  using Clock = std::chrono::steady_clock;

  // `interval`: how often a Ping is sent; the broker counts as gone after
  // `dead_after_intervals` intervals without a message from it.
  Heartbeat(std::chrono::milliseconds interval, int dead_after_intervals)
      : interval_(interval), dead_after_intervals_(dead_after_intervals) {}

  // A new connection at `now`: the clock starts, the first Ping is due at once, no
  // subscription is expected yet.
  void start(Clock::time_point now) {
    connected_at_ = now;
    last_heard_ = now;
    last_ping_ = now - interval_;
    expect_subscription_ = false;
  }

  // A message came from the broker (any message, even one that cannot be used).
  void heard(Clock::time_point now) { last_heard_ = now; }

  // True when a Ping is due at `now`, which then counts as sent (a Ping the socket cannot
  // take is skipped: the next is due an interval later).
  bool ping_due(Clock::time_point now) {
    if (now - last_ping_ < interval_) {
      return false;
    }
    last_ping_ = now;
    return true;
  }

  // Nothing heard from the broker for dead_after() since start() or the last message.
  bool silent(Clock::time_point now) const { return now - last_heard_ >= dead_after(); }

  Clock::duration dead_after() const { return interval_ * dead_after_intervals_; }

  // When the owner must look again at the latest: the next Ping, or the broker silent.
  Clock::time_point next_due() const {
    const Clock::time_point ping = last_ping_ + interval_;
    const Clock::time_point dead = last_heard_ + dead_after();
    return ping < dead ? ping : dead;
  }

  Clock::time_point connected_at() const { return connected_at_; }

  // The owner holds a confirmed subscription on this connection (or not).
  void expect_subscription(bool expected) { expect_subscription_ = expected; }

  // A Pong that reports no subscription while the owner holds one.
  bool subscription_lost(const v1::Pong& pong) const {
    return expect_subscription_ && pong.subscriptions() == 0;
  }

 private:
  std::chrono::milliseconds interval_;
  int dead_after_intervals_;
  Clock::time_point connected_at_;
  Clock::time_point last_heard_;
  Clock::time_point last_ping_;
  bool expect_subscription_ = false;
};

// The Ping a Heartbeat sends: `request_id`, carrying the highest seq the owner has seen.
inline v1::Frame ping_frame(std::uint64_t request_id, std::uint64_t last_seq) {
  v1::Frame ping;
  ping.set_request_id(request_id);
  ping.mutable_ping()->set_last_seq(last_seq);
  return ping;
}

}  // namespace alertbus::protocol
