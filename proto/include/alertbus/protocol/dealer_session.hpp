// DealerSession: one DEALER socket connected to a broker's client endpoint, the way both
// sides that open one set it up: the client library's Connection and the broker's federation
// links (federation is a subscription between brokers, docs/PROTOCOL.md "Federation").
//
// It holds what the two have in common:
// - the socket and its options: CurveZMQ keys, ZMQ_IMMEDIATE (each owner chooses, see
//   Options::queue), linger 0, the largest message accepted; ZeroMQ's own reconnect interval,
//   high-water marks and ZMTP heartbeats stay at their defaults, since the application's
//   heartbeat (heartbeat.hpp) is what decides that a broker is gone;
// - one-part messages each holding one Frame, decoded with the same limit;
// - optionally, a socket monitor that reports a refused CURVE handshake (ZeroMQ tells it to
//   nobody else), so that a refused key is not taken for an absent broker;
// - replacing the socket: a new DEALER, so a new routing identity at the broker.
//
// What stays with the owner: the Heartbeat of the connection, what to send once connected (a
// Subscribe; a Ping for the epoch first), when to replace the socket (the client at once, a
// link after a pause), and how to wait (the client polls the session itself; the broker's loop
// polls it with its other sockets).
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
  // from the registry at each connection).
  const Options& options() const { return options_; }

  void set_curve(std::optional<CurveKeys> curve) { options_.curve = curve; }

  // Makes a new socket, replacing any, and starts connecting (ZeroMQ connects in the
  // background: an absent broker is not an error here). Fails with INVALID_VALUE (field
  // "endpoint") for an endpoint ZeroMQ rejects, INTERNAL for other ZeroMQ failures; the
  // session is then disconnected.
  Status connect();

  // Closes the socket, giving queued messages up to `linger` to leave. connect() makes a new
  // one.
  void disconnect(std::chrono::milliseconds linger = std::chrono::milliseconds(0));

  bool connected() const { return static_cast<bool>(socket_); }

  // The sockets to poll for input: the DEALER (null while disconnected) and the monitor (null
  // unless watch_refusals). Call read_monitor() when the monitor is readable.
  void* socket_handle() { return socket_.handle(); }

  void* monitor_handle() { return monitor_.handle(); }

  // Queues one message without blocking. False when the socket cannot take it now
  // (disconnected; no connection up with Queue::kOnlyWhenConnected; the send queue full).
  // Fails with INTERNAL on a ZeroMQ error.
  StatusOr<bool> try_send(std::string_view frame_bytes);
  StatusOr<bool> try_send(const v1::Frame& frame);

  // Takes one waiting message without blocking (any message, even one it cannot use, proves
  // the broker alive: the owner tells its Heartbeat). With kFrame the frame is in *frame;
  // with kUnreadable, the reason is in *unreadable when given. Fails with INTERNAL on a
  // ZeroMQ error.
  StatusOr<Received> receive(v1::Frame* frame, Status* unreadable = nullptr);

  // Reads what the monitor reported: a refused handshake becomes refusal().
  void read_monitor();

  // The broker's refusal of our handshake, if it refused one since the last handshake that
  // succeeded: PERMISSION_DENIED (our key is unknown or revoked; or, after two handshakes the
  // broker closed, the server key is not the broker's or the client and the broker disagree
  // on CURVE) or TOO_MANY_CONNECTIONS. Only with watch_refusals.
  const std::optional<Status>& refusal() const { return refusal_; }

  // A refusal that waiting will not change (not TOO_MANY_CONNECTIONS): the owner reports it at
  // once rather than after its timeout.
  bool refused_for_good() const { return refusal_ && refusal_->code() != v1::TOO_MANY_CONNECTIONS; }

 private:
  zmq::context_t& context_;
  Options options_;
  zmq::socket_t socket_;
  zmq::socket_t monitor_;  // PAIR: the socket's failed handshakes.
  std::optional<Status> refusal_;
  int closed_handshakes_ = 0;  // Handshakes the broker closed since the last that succeeded.
};

}  // namespace alertbus::protocol
