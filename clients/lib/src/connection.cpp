#include "connection.hpp"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <limits>
#include <utility>

#include "alertbus/protocol/codec.hpp"

namespace alertbus::client {
namespace {

Status zmq_failure(const zmq::error_t& error, const char* what) {
  return Status::error(v1::INTERNAL, std::string("ZeroMQ ") + what + " failed: " + error.what(),
                       std::string("ZeroMQ ") + what + " thất bại: " + error.what());
}

// Milliseconds from now until `when`, rounded up so that a wake-up never comes early and
// spins, and never negative.
std::chrono::milliseconds until_ms(Clock::time_point now, Clock::time_point when) {
  if (when <= now) {
    return std::chrono::milliseconds(0);
  }
  return std::chrono::ceil<std::chrono::milliseconds>(when - now);
}

}  // namespace

Connection::Connection(ConnectionOptions options) : options_(std::move(options)) {}

Connection::~Connection() = default;

StatusOr<std::unique_ptr<Connection>> Connection::open(ConnectionOptions options) {
  if (options.heartbeat_interval <= std::chrono::milliseconds(0) ||
      options.dead_after_intervals < 1) {
    return Status::error(v1::INVALID_VALUE, "heartbeat interval must be positive",
                         "chu kỳ nhịp tim phải lớn hơn 0", "heartbeat_interval");
  }
  std::unique_ptr<Connection> connection(new Connection(std::move(options)));
  if (Status status = connection->connect_socket(); !status.ok()) {
    return status;
  }
  return connection;
}

Status Connection::connect_socket() {
  try {
    zmq::socket_t socket(context_, zmq::socket_type::dealer);
    // Never block the process at exit for messages nobody will answer; owners that want a
    // last message delivered use close(linger).
    socket.set(zmq::sockopt::linger, 0);
    // Queue nothing until a connection exists, so that messages are not parked on a pipe to
    // a broker that may never come; try_send reports "not now" instead.
    socket.set(zmq::sockopt::immediate, 1);
    if (options_.credentials && options_.credentials->server_key) {
      const Credentials& credentials = *options_.credentials;
      socket.set(zmq::sockopt::curve_serverkey,
                 zmq::const_buffer(credentials.server_key->data(), credentials.server_key->size()));
      socket.set(zmq::sockopt::curve_publickey,
                 zmq::const_buffer(credentials.keys.curve_public.data(), 32));
      socket.set(zmq::sockopt::curve_secretkey,
                 zmq::const_buffer(credentials.keys.curve_secret.data(), 32));
    }
    // ZeroMQ tells a refused handshake only to a socket monitor: watch for it, so that a
    // refused key is reported as such rather than as an absent broker.
    static std::atomic<std::uint64_t> monitors{0};
    const std::string monitor_endpoint =
        "inproc://alertbus-client-monitor-" + std::to_string(monitors.fetch_add(1));
    if (zmq_socket_monitor(socket.handle(), monitor_endpoint.c_str(),
                           ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) != 0) {
      throw zmq::error_t();
    }
    zmq::socket_t monitor(context_, zmq::socket_type::pair);
    monitor.set(zmq::sockopt::linger, 0);
    monitor.connect(monitor_endpoint);
    socket.connect(options_.endpoint);
    socket_ = std::move(socket);
    monitor_ = std::move(monitor);
  } catch (const zmq::error_t& error) {
    if (error.num() == EINVAL || error.num() == EPROTONOSUPPORT || error.num() == ENOENT) {
      return Status::error(
          v1::INVALID_VALUE,
          "invalid broker endpoint \"" + options_.endpoint + "\": " + error.what(),
          "địa chỉ broker không hợp lệ \"" + options_.endpoint + "\": " + error.what(), "endpoint");
    }
    return zmq_failure(error, "connect");
  }
  const Clock::time_point now = Clock::now();
  last_received_ = now;
  // The first Ping goes out at once: it tells the broker about us and starts the clock.
  last_ping_ = now - options_.heartbeat_interval;
  return {};
}

void Connection::read_monitor() {
  zmq::message_t event;
  while (monitor_.handle() != nullptr && monitor_.recv(event, zmq::recv_flags::dontwait)) {
    std::uint16_t kind = 0;
    std::uint32_t value = 0;
    if (event.size() >= 6) {
      std::memcpy(&kind, event.data(), sizeof(kind));
      std::memcpy(&value, static_cast<const char*>(event.data()) + 2, sizeof(value));
    }
    while (monitor_.get(zmq::sockopt::rcvmore) != 0) {
      zmq::message_t address;
      (void)monitor_.recv(address, zmq::recv_flags::none);
    }
    if (kind != ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) {
      continue;
    }
    refusal_ =
        value == 500
            ? Status::error(
                  v1::TOO_MANY_CONNECTIONS,
                  "the broker at " + options_.endpoint +
                      " refused the connection: it has too many connections",
                  "broker " + options_.endpoint + " từ chối kết nối: đang có quá nhiều kết nối")
            : Status::error(v1::PERMISSION_DENIED,
                            "the broker at " + options_.endpoint +
                                " refused this client's key (unknown to its registry, or "
                                "revoked); status " +
                                std::to_string(value),
                            "broker " + options_.endpoint +
                                " từ chối khóa của máy khách này (không có trong danh bạ hoặc đã"
                                " bị thu hồi); mã " +
                                std::to_string(value));
  }
}

Status Connection::unavailable(std::chrono::milliseconds waited) const {
  return refusal_ ? *refusal_ : unavailable_status(options_.endpoint, waited);
}

Status Connection::reconnect() {
  monitor_.close();
  socket_.close();
  ++reconnects_;
  return connect_socket();
}

StatusOr<bool> Connection::refresh() {
  if (Clock::now() - last_received_ < dead_after()) {
    return false;
  }
  if (Status status = reconnect(); !status.ok()) {
    return status;
  }
  return true;
}

Clock::duration Connection::dead_after() const {
  return options_.heartbeat_interval * options_.dead_after_intervals;
}

StatusOr<bool> Connection::try_send(const std::string& frame_bytes) {
  try {
    const zmq::send_result_t sent = socket_.send(
        zmq::buffer(frame_bytes.data(), frame_bytes.size()), zmq::send_flags::dontwait);
    return sent.has_value();
  } catch (const zmq::error_t& error) {
    if (error.num() == EINTR) {
      return false;
    }
    return zmq_failure(error, "send");
  }
}

StatusOr<bool> Connection::try_send(const v1::Frame& frame) {
  return try_send(protocol::encode_frame(frame));
}

Status Connection::send_ping_if_due(Clock::time_point now) {
  if (now - last_ping_ < options_.heartbeat_interval) {
    return {};
  }
  last_ping_ = now;
  v1::Frame ping;
  ping.set_request_id(next_request_id());
  ping.mutable_ping()->set_last_seq(last_seq_);
  // A Ping that cannot be queued (no connection yet) is simply skipped: the next one is due
  // one interval later.
  StatusOr<bool> sent = try_send(ping);
  return sent.status();
}

StatusOr<bool> Connection::receive_one() {
  zmq::message_t message;
  try {
    if (!socket_.recv(message, zmq::recv_flags::dontwait)) {
      return false;
    }
    bool single_part = !message.more();
    while (message.more()) {
      // The broker never sends more than one part; drain and drop such a message whole.
      single_part = false;
      if (!socket_.recv(message, zmq::recv_flags::none)) {
        break;
      }
    }
    // Anything at all from the broker proves it alive, even a message we cannot use.
    last_received_ = Clock::now();
    if (!single_part) {
      return false;
    }
  } catch (const zmq::error_t& error) {
    if (error.num() == EINTR) {
      return false;
    }
    return zmq_failure(error, "receive");
  }
  StatusOr<v1::Frame> decoded =
      protocol::decode_frame(std::string_view(message.data<char>(), message.size()),
                             std::numeric_limits<std::size_t>::max());
  if (!decoded.ok()) {
    return false;
  }
  frame_ = std::move(decoded).value();
  return true;
}

StatusOr<Connection::Wake> Connection::wait(Clock::time_point until, bool want_writable) {
  while (true) {
    Clock::time_point now = Clock::now();
    if (now - last_received_ >= dead_after()) {
      if (Status status = reconnect(); !status.ok()) {
        return status;
      }
      return Wake::kReconnected;
    }
    if (Status status = send_ping_if_due(now); !status.ok()) {
      return status;
    }
    // Drain what is already queued before sleeping.
    StatusOr<bool> received = receive_one();
    if (!received.ok()) {
      return received.status();
    }
    if (*received) {
      if (frame_.has_pong()) {
        if (expect_subscription_ && frame_.pong().subscriptions() == 0) {
          expect_subscription_ = false;
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
    const Clock::time_point wake_at =
        std::min({until, last_ping_ + options_.heartbeat_interval, last_received_ + dead_after()});
    zmq::pollitem_t items[2]{};
    zmq::pollitem_t& item = items[0];
    item.socket = socket_.handle();
    item.events = want_writable ? short{ZMQ_POLLIN | ZMQ_POLLOUT} : short{ZMQ_POLLIN};
    items[1].socket = monitor_.handle();
    items[1].events = ZMQ_POLLIN;
    try {
      zmq::poll(items, 2, until_ms(now, wake_at));
      if ((items[1].revents & ZMQ_POLLIN) != 0) {
        read_monitor();
      }
    } catch (const zmq::error_t& error) {
      if (error.num() != EINTR) {
        return zmq_failure(error, "poll");
      }
    }
    if (want_writable && (item.revents & ZMQ_POLLOUT) != 0) {
      return Wake::kWritable;
    }
  }
}

void Connection::close(std::chrono::milliseconds linger) {
  try {
    socket_.set(zmq::sockopt::linger, static_cast<int>(linger.count()));
  } catch (const zmq::error_t&) {
    // Closing anyway; a failed option only means queued messages may be dropped.
  }
  socket_.close();
}

}  // namespace alertbus::client
