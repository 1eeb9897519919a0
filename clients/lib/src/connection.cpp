#include "connection.hpp"

#include <algorithm>
#include <cerrno>
#include <utility>

#include "alertbus/protocol/codec.hpp"

namespace alertbus::client {
namespace {

// Milliseconds from now until `when`, rounded up so that a wake-up never comes early and
// spins, and never negative.
std::chrono::milliseconds until_ms(Clock::time_point now, Clock::time_point when) {
  if (when <= now) {
    return std::chrono::milliseconds(0);
  }
  return std::chrono::ceil<std::chrono::milliseconds>(when - now);
}

protocol::DealerSession::Options session_options(const ConnectionOptions& options) {
  protocol::DealerSession::Options session;
  session.endpoint = options.endpoint;
  // ZMQ_IMMEDIATE = 1: queue nothing until a connection exists, so that messages are not
  // parked on a pipe to a broker that may never come. try_send then says "not now": the
  // Publisher keeps the frame and decides itself when to send it again (after kWritable, or
  // on a new socket), and wait(want_writable) wakes only when a broker is really there. The
  // first Ping of a connection is skipped that way; the next goes out an interval later.
  session.queue = protocol::DealerSession::Queue::kOnlyWhenConnected;
  if (options.credentials && options.credentials->server_key) {
    const Credentials& credentials = *options.credentials;
    session.curve = protocol::DealerSession::CurveKeys{
        *credentials.server_key, credentials.keys.curve_public, credentials.keys.curve_secret};
  }
  // A client takes what its broker sends: a Delivery or a CaseList may be large.
  session.max_message_bytes = -1;
  // A refused key is told apart from an absent broker (unavailable()).
  session.watch_refusals = true;
  return session;
}

}  // namespace

Connection::Connection(ConnectionOptions options)
    : session_(context_, session_options(options)),
      heartbeat_(options.heartbeat_interval, options.dead_after_intervals) {}

Connection::~Connection() = default;

StatusOr<std::unique_ptr<Connection>> Connection::open(ConnectionOptions options) {
  if (options.heartbeat_interval <= std::chrono::milliseconds(0) ||
      options.dead_after_intervals < 1) {
    return Status::error(v1::INVALID_VALUE, "heartbeat interval must be positive",
                         "chu kỳ nhịp tim phải lớn hơn 0", "heartbeat_interval");
  }
  std::unique_ptr<Connection> connection(new Connection(std::move(options)));
  if (Status status = connection->connect(); !status.ok()) {
    return status;
  }
  return connection;
}

Status Connection::unavailable(std::chrono::milliseconds waited) const {
  return session_.refusal() ? *session_.refusal() : unavailable_status(endpoint(), waited);
}

Status Connection::connect() {
  if (Status status = session_.connect(); !status.ok()) {
    return status;
  }
  // The first Ping goes out at once: it tells the broker about us and starts the clock.
  heartbeat_.start(Clock::now());
  return {};
}

Status Connection::reconnect() {
  ++reconnects_;
  return connect();
}

StatusOr<bool> Connection::refresh() {
  if (!heartbeat_.silent(Clock::now())) {
    return false;
  }
  if (Status status = reconnect(); !status.ok()) {
    return status;
  }
  return true;
}

StatusOr<bool> Connection::try_send(const std::string& frame_bytes) {
  return session_.try_send(frame_bytes);
}

StatusOr<bool> Connection::try_send(const v1::Frame& frame) {
  return session_.try_send(protocol::encode_frame(frame));
}

StatusOr<Connection::Wake> Connection::wait(Clock::time_point until, bool want_writable) {
  while (true) {
    Clock::time_point now = Clock::now();
    if (heartbeat_.silent(now)) {
      if (Status status = reconnect(); !status.ok()) {
        return status;
      }
      return Wake::kReconnected;
    }
    if (heartbeat_.ping_due(now)) {
      // A Ping that cannot be queued (no connection yet) is simply skipped: the next one is
      // due one interval later.
      if (StatusOr<bool> sent = try_send(protocol::ping_frame(next_request_id(), last_seq_));
          !sent.ok()) {
        return sent.status();
      }
    }
    // Drain what is already queued before sleeping.
    StatusOr<protocol::DealerSession::Received> received = session_.receive(&frame_);
    if (!received.ok()) {
      return received.status();
    }
    if (*received != protocol::DealerSession::Received::kNothing) {
      // Anything at all from the broker proves it alive, even a message we cannot use.
      heartbeat_.heard(Clock::now());
    }
    if (*received == protocol::DealerSession::Received::kUnreadable) {
      continue;  // Dropped: not one Frame.
    }
    if (*received == protocol::DealerSession::Received::kFrame) {
      if (frame_.has_pong()) {
        if (heartbeat_.subscription_lost(frame_.pong())) {
          heartbeat_.expect_subscription(false);
          ++reconnects_;
          return Wake::kReconnected;
        }
        continue;
      }
      return Wake::kFrame;
    }
    if (now >= until) {
      return Wake::kTimeout;
    }
    const Clock::time_point wake_at = std::min(until, heartbeat_.next_due());
    zmq::pollitem_t items[2]{};
    zmq::pollitem_t& item = items[0];
    item.socket = session_.socket_handle();
    item.events = want_writable ? short{ZMQ_POLLIN | ZMQ_POLLOUT} : short{ZMQ_POLLIN};
    items[1].socket = session_.monitor_handle();
    items[1].events = ZMQ_POLLIN;
    try {
      zmq::poll(items, 2, until_ms(now, wake_at));
      if ((items[1].revents & ZMQ_POLLIN) != 0) {
        session_.read_monitor();
        if (session_.refused_for_good()) {
          // Told at once: waiting out the timeout would make it look like an absent broker.
          return *session_.refusal();
        }
      }
    } catch (const zmq::error_t& error) {
      if (error.num() != EINTR) {
        return Status::error(v1::INTERNAL, std::string("ZeroMQ poll failed: ") + error.what(),
                             std::string("ZeroMQ poll thất bại: ") + error.what());
      }
    }
    if (want_writable && (item.revents & ZMQ_POLLOUT) != 0) {
      return Wake::kWritable;
    }
  }
}

void Connection::close(std::chrono::milliseconds linger) {
  session_.disconnect(linger);
}

}  // namespace alertbus::client
