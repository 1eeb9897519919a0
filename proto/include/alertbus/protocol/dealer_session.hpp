// DealerSession: one DEALER socket connected to a broker's client endpoint, the way both
// sides that open one use it: the client library's Connection and the broker's PeerLink
// (federation is a subscription between brokers, docs/PROTOCOL.md "Federation").
//
// It holds what the two have in common (docs/PROTOCOL.md, "Heartbeats"):
// - the socket and its options: CurveZMQ keys, ZMQ_IMMEDIATE (each owner chooses, see
//   Options::queue), linger 0, the largest message accepted; ZeroMQ's own reconnect interval,
//   high-water marks and ZMTP heartbeats stay at their defaults, since the application's
//   heartbeat below is what decides that a broker is gone;
// - optionally, a socket monitor that reports a refused CURVE handshake (ZeroMQ tells it to
//   nobody else), so that a refused key is not taken for an absent broker;
// - request ids, one counter per session object;
// - the heartbeat: a Ping every interval carrying the owner's last seq; any message from the
//   broker proves it alive; nothing heard for `dead_after_intervals` intervals means the
//   broker is gone or has forgotten this connection;
// - a Pong that reports no subscription while the owner holds one (the broker restarted
//   while ZeroMQ reconnected the socket underneath);
// - replacing the socket: a new DEALER, so a new routing identity at the broker.
//
// What stays with the owner: what to send once connected (a Subscribe; a Ping for the epoch
// first), when to replace the socket (the client at once, a link after a pause), and how to
// wait (the client polls the session itself; the broker's loop polls it with its other
// sockets).
//
// Threading: one thread only (ZeroMQ sockets are not thread-safe). The context is the
// owner's and must outlive the session.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <zmq.hpp>

#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/keys.hpp"
#include "alertbus/protocol/status.hpp"

namespace alertbus::protocol {

class DealerSession {
 public:
  using Clock = std::chrono::steady_clock;

  // What the socket does with a message while no connection to the broker is up
  // (ZMQ_IMMEDIATE). There is no default: each owner says which it needs, and why.
  enum class Queue {
    kWhileConnecting,    // ZMQ_IMMEDIATE = 0: queued, sent once the connection is up.
    kOnlyWhenConnected,  // ZMQ_IMMEDIATE = 1: refused (try_send says "not now").
  };

  struct CurveKeys {
    Key32 server_public{};  // The broker's CurveZMQ public key.
    Key32 public_key{};     // Ours.
    Key32 secret_key{};
  };

  struct Options {
    // tcp://host:port or ipc:///path of the broker's client ROUTER.
    std::string endpoint;
    Queue queue;
    // CurveZMQ keys when the broker runs with security on; none: plain ZeroMQ.
    std::optional<CurveKeys> curve;
    // ZMQ_MAXMSGSIZE and the frame decoder's limit; -1: none.
    std::int64_t max_message_bytes = -1;
    // How often a Ping is sent.
    std::chrono::milliseconds heartbeat_interval{2000};
    // The broker counts as gone after this many intervals without any message from it.
    int dead_after_intervals = 3;
    // Watch the socket for refused CURVE handshakes (see refusal()).
    bool watch_refusals = false;
  };

  // What receive() found.
  enum class Received {
    kNothing,     // No message waiting.
    kFrame,       // One well-formed Frame.
    kUnreadable,  // A message that is not one Frame (several parts, or not decodable).
  };

  DealerSession(zmq::context_t& context, Options options);
  DealerSession(const DealerSession&) = delete;
  DealerSession& operator=(const DealerSession&) = delete;
  ~DealerSession();

  // The options; curve keys may be changed between connections (a link reads its peer's key
  // from the registry at each connect).
  const Options& options() const { return options_; }

  void set_curve(std::optional<CurveKeys> curve) { options_.curve = curve; }

  // Makes a new socket, replacing any, and starts connecting (ZeroMQ connects in the
  // background: an absent broker is not an error here). The heartbeat clock starts now and
  // the first Ping is due at once. Fails with INVALID_VALUE (field "endpoint") for an endpoint
  // ZeroMQ rejects, INTERNAL for other ZeroMQ failures; the session is then disconnected.
  Status connect();

  // Closes the socket, giving queued messages up to `linger` to leave. connect() makes a new
  // one.
  void disconnect(std::chrono::milliseconds linger = std::chrono::milliseconds(0));

  bool connected() const { return static_cast<bool>(socket_); }

  // The sockets to poll for input: the DEALER (null while disconnected) and the monitor (null
  // unless watch_refusals). Call read_monitor() when the monitor is readable.
  void* socket_handle() { return socket_.handle(); }

  void* monitor_handle() { return monitor_.handle(); }

  // A request id not used before on this session (1, 2, ...).
  std::uint64_t next_request_id() { return next_request_id_++; }

  // Queues one message without blocking. False when the socket cannot take it now
  // (disconnected; no connection up with Queue::kOnlyWhenConnected; the send queue full).
  // Fails with INTERNAL on a ZeroMQ error.
  StatusOr<bool> try_send(std::string_view frame_bytes);
  StatusOr<bool> try_send(const v1::Frame& frame);

  // Takes one waiting message without blocking. Any message at all, even one it cannot use,
  // proves the broker alive. With kFrame the frame is in *frame; with kUnreadable, the reason
  // is in *unreadable when given. Fails with INTERNAL on a ZeroMQ error.
  StatusOr<Received> receive(v1::Frame* frame, Status* unreadable = nullptr);

  // Sends a Ping carrying `last_seq` when an interval has passed since the last one (the
  // first at once after connect()). A Ping the socket cannot take now is skipped: the next
  // is due an interval later. Fails with INTERNAL on a ZeroMQ error.
  Status ping_if_due(Clock::time_point now, std::uint64_t last_seq);

  // Nothing heard from the broker for dead_after_intervals intervals since connect().
  bool silent(Clock::time_point now) const { return now - last_heard_ >= dead_after(); }

  Clock::duration dead_after() const {
    return options_.heartbeat_interval * options_.dead_after_intervals;
  }

  // When the owner must look again at the latest: the next Ping, or the broker silent.
  Clock::time_point next_due() const;

  // When connect() last made the socket.
  Clock::time_point connected_at() const { return connected_at_; }

  // The owner holds a confirmed subscription on this socket (or not). Reset by connect().
  void expect_subscription(bool expected) { expect_subscription_ = expected; }

  // A Pong that reports no subscription while the owner holds one: the broker forgot it
  // (restarted while ZeroMQ reconnected underneath), and the owner must subscribe again.
  bool subscription_lost(const v1::Pong& pong) const {
    return expect_subscription_ && pong.subscriptions() == 0;
  }

  // Reads what the monitor reported: a refused handshake becomes refusal().
  void read_monitor();

  // The broker's refusal of our handshake, if it refused one: PERMISSION_DENIED (our key is
  // unknown or revoked) or TOO_MANY_CONNECTIONS. Only with watch_refusals.
  const std::optional<Status>& refusal() const { return refusal_; }

 private:
  zmq::context_t& context_;
  Options options_;
  zmq::socket_t socket_;
  zmq::socket_t monitor_;  // PAIR: the socket's failed handshakes.
  std::optional<Status> refusal_;
  std::uint64_t next_request_id_ = 1;
  bool expect_subscription_ = false;
  Clock::time_point connected_at_;
  Clock::time_point last_heard_;
  Clock::time_point last_ping_;
};

}  // namespace alertbus::protocol
