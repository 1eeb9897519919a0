// Connection: one client's link to a broker. Owns a ZeroMQ context, a DealerSession (the
// socket, alertbus/protocol/dealer_session.hpp) and a Heartbeat (liveness,
// alertbus/protocol/heartbeat.hpp), both shared with the broker's federation links; sends and
// receives one-part messages each holding one alertbus.v1.Frame, keeps the link alive with
// Ping frames, and replaces the socket when the broker falls silent.
//
// Liveness (docs/PROTOCOL.md, "Heartbeats"): a Ping goes out every heartbeat interval; any
// frame from the broker proves it alive. After `dead_after_intervals` intervals without a
// frame the socket is closed and a new DEALER (a new routing identity) is connected; wait()
// then reports kReconnected so the owner can resend what the old socket may have lost.
//
// Internal to libalertbus. Threading: used from one thread only (ZeroMQ sockets are not
// thread-safe).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include <zmq.hpp>

#include "alertbus/v1/frame.pb.h"

#include "alertbus/client/credentials.hpp"
#include "alertbus/client/errors.hpp"
#include "alertbus/protocol/dealer_session.hpp"
#include "alertbus/protocol/heartbeat.hpp"
#include "alertbus/protocol/status.hpp"

namespace alertbus::client {

struct ConnectionOptions {
  // tcp://host:port or ipc:///path of the broker's client ROUTER.
  std::string endpoint;
  // How often a Ping is sent.
  std::chrono::milliseconds heartbeat_interval{2000};
  // The broker is considered dead after this many intervals without any frame from it.
  int dead_after_intervals = 3;
  // CurveZMQ keys when the broker runs with security on; null: plain.
  std::shared_ptr<const Credentials> credentials;
};

class Connection {
 public:
  // What wait() saw.
  enum class Wake {
    kTimeout,      // `until` passed.
    kFrame,        // A frame from the broker (see frame()).
    kWritable,     // The socket can take a message now (only when asked for).
    kReconnected,  // The socket was replaced; anything unanswered may have been lost.
  };

  // Creates the context and the socket and starts connecting (ZeroMQ connects in the
  // background, so an absent broker is not an error here). Fails with INVALID_VALUE
  // (field "endpoint") for an endpoint ZeroMQ rejects, INTERNAL for other ZeroMQ failures.
  static StatusOr<std::unique_ptr<Connection>> open(ConnectionOptions options);

  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // A request id not used before on this object (1, 2, ...).
  std::uint64_t next_request_id() { return next_request_id_++; }

  // Queues serialized Frame bytes as one message without blocking. Returns false when the
  // socket cannot take it now (no connection established yet, or the send queue is full):
  // the caller keeps the bytes and tries again after wait() reports kWritable.
  // Fails with INTERNAL on a ZeroMQ error.
  StatusOr<bool> try_send(const std::string& frame_bytes);

  // As try_send, for a frame not serialized yet.
  StatusOr<bool> try_send(const v1::Frame& frame);

  // Waits until a frame arrives, the socket is replaced, `until` passes, or (when
  // `want_writable`) the socket can take a message. Sends Pings when due and swallows Pongs.
  // Messages that are not one well-formed Frame are dropped. Fails with INTERNAL on a
  // ZeroMQ error.
  StatusOr<Wake> wait(Clock::time_point until, bool want_writable);

  // Replaces the socket now if the broker has surely forgotten this connection: nothing was
  // heard from it for `dead_after_intervals` intervals, typically because the owner did not
  // call wait() for that long (no Pings went out). Returns true when it did; the caller then
  // resends as after kReconnected. Fails with INTERNAL on a ZeroMQ error.
  StatusOr<bool> refresh();

  // The frame that the last wait() returned with kFrame.
  v1::Frame& frame() { return frame_; }

  // The highest seq the owner has seen; carried by Pings for lag reporting.
  void set_last_seq(std::uint64_t seq) { last_seq_ = seq; }

  // The owner holds a confirmed subscription on this connection: a Pong that reports none
  // (the broker restarted, or forgot the connection, while ZeroMQ reconnected the socket
  // underneath) wakes the owner with kReconnected, so that it subscribes again.
  void expect_subscription(bool expected) { heartbeat_.expect_subscription(expected); }

  // How often the socket was replaced.
  std::uint64_t reconnects() const { return reconnects_; }

  const std::string& endpoint() const { return session_.options().endpoint; }

  // What to report when the broker did not answer in time: the broker's refusal of the
  // handshake if there was one (PERMISSION_DENIED: our key is unknown or revoked;
  // TOO_MANY_CONNECTIONS), else kUnavailable.
  Status unavailable(std::chrono::milliseconds waited) const;

  // Closes the socket, giving queued messages up to `linger` to leave. Used by owners that
  // want a last acknowledgement delivered. The object is unusable afterwards.
  void close(std::chrono::milliseconds linger);

 private:
  explicit Connection(ConnectionOptions options);
  // A new socket, and the heartbeat's clock started again.
  Status connect();
  Status reconnect();

  zmq::context_t context_;
  protocol::DealerSession session_;
  protocol::Heartbeat heartbeat_;
  v1::Frame frame_;
  std::uint64_t next_request_id_ = 1;
  std::uint64_t last_seq_ = 0;
  std::uint64_t reconnects_ = 0;
};

}  // namespace alertbus::client
