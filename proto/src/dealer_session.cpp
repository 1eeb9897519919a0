#include "alertbus/protocol/dealer_session.hpp"

#include <atomic>
#include <cerrno>
#include <cstring>
#include <limits>
#include <utility>

#include "alertbus/protocol/codec.hpp"

namespace alertbus::protocol {
namespace {

Status zmq_failure(const zmq::error_t& error, const char* what) {
  return Status::error(v1::INTERNAL, std::string("ZeroMQ ") + what + " failed: " + error.what(),
                       std::string("ZeroMQ ") + what + " thất bại: " + error.what());
}

}  // namespace

DealerSession::DealerSession(zmq::context_t& context, Options options)
    : context_(context), options_(std::move(options)) {}

DealerSession::~DealerSession() = default;

Status DealerSession::connect() {
  disconnect();
  try {
    zmq::socket_t socket(context_, zmq::socket_type::dealer);
    // Never block the process at exit for messages nobody will answer; an owner that wants
    // a last message delivered says so in disconnect(linger).
    socket.set(zmq::sockopt::linger, 0);
    socket.set(zmq::sockopt::immediate, options_.queue == Queue::kOnlyWhenConnected ? 1 : 0);
    if (options_.max_message_bytes >= 0) {
      socket.set(zmq::sockopt::maxmsgsize, options_.max_message_bytes);
    }
    if (options_.curve) {
      const CurveKeys& keys = *options_.curve;
      socket.set(zmq::sockopt::curve_serverkey,
                 zmq::const_buffer(keys.server_public.data(), keys.server_public.size()));
      socket.set(zmq::sockopt::curve_publickey,
                 zmq::const_buffer(keys.public_key.data(), keys.public_key.size()));
      socket.set(zmq::sockopt::curve_secretkey,
                 zmq::const_buffer(keys.secret_key.data(), keys.secret_key.size()));
    }
    zmq::socket_t monitor;
    if (options_.watch_refusals) {
      // ZeroMQ tells a refused handshake only to a socket monitor: watch for it, so that a
      // refused key is reported as such rather than as an absent broker.
      static std::atomic<std::uint64_t> monitors{0};
      const std::string monitor_endpoint =
          "inproc://alertbus-session-monitor-" + std::to_string(monitors.fetch_add(1));
      if (zmq_socket_monitor(socket.handle(), monitor_endpoint.c_str(),
                             ZMQ_EVENT_HANDSHAKE_FAILED_AUTH | ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL |
                                 ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL |
                                 ZMQ_EVENT_HANDSHAKE_SUCCEEDED) != 0) {
        throw zmq::error_t();
      }
      monitor = zmq::socket_t(context_, zmq::socket_type::pair);
      monitor.set(zmq::sockopt::linger, 0);
      monitor.connect(monitor_endpoint);
    }
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
  return {};
}

void DealerSession::disconnect(std::chrono::milliseconds linger) {
  monitor_.close();
  if (socket_.handle() != nullptr && linger.count() > 0) {
    try {
      socket_.set(zmq::sockopt::linger, static_cast<int>(linger.count()));
    } catch (const zmq::error_t&) {
      // Closing anyway; a failed option only means queued messages may be dropped.
    }
  }
  socket_.close();
}

StatusOr<bool> DealerSession::try_send(std::string_view frame_bytes) {
  if (!connected()) {
    return false;
  }
  try {
    return socket_
        .send(zmq::buffer(frame_bytes.data(), frame_bytes.size()), zmq::send_flags::dontwait)
        .has_value();
  } catch (const zmq::error_t& error) {
    if (error.num() == EINTR) {
      return false;
    }
    return zmq_failure(error, "send");
  }
}

StatusOr<bool> DealerSession::try_send(const v1::Frame& frame) {
  return try_send(encode_frame(frame));
}

StatusOr<DealerSession::Received> DealerSession::receive(v1::Frame* frame, Status* unreadable) {
  if (!connected()) {
    return Received::kNothing;
  }
  zmq::message_t message;
  try {
    if (!socket_.recv(message, zmq::recv_flags::dontwait)) {
      return Received::kNothing;
    }
    bool single_part = !message.more();
    while (message.more()) {
      // A broker never sends more than one part; drain and drop such a message whole.
      single_part = false;
      if (!socket_.recv(message, zmq::recv_flags::none)) {
        break;
      }
    }
    if (!single_part) {
      if (unreadable != nullptr) {
        *unreadable = Status::error(v1::WRONG_FRAME_COUNT, "a message of several parts",
                                    "một thông điệp gồm nhiều phần");
      }
      return Received::kUnreadable;
    }
  } catch (const zmq::error_t& error) {
    if (error.num() == EINTR) {
      return Received::kNothing;
    }
    return zmq_failure(error, "receive");
  }
  const std::size_t limit = options_.max_message_bytes >= 0
                                ? static_cast<std::size_t>(options_.max_message_bytes)
                                : std::numeric_limits<std::size_t>::max();
  StatusOr<v1::Frame> decoded = decode_frame(message.to_string_view(), limit);
  if (!decoded.ok()) {
    if (unreadable != nullptr) {
      *unreadable = decoded.status();
    }
    return Received::kUnreadable;
  }
  *frame = std::move(decoded).value();
  return Received::kFrame;
}

void DealerSession::read_monitor() {
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
    if (kind == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
      closed_handshakes_ = 0;
      refusal_.reset();
      continue;
    }
    if (kind == ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL ||
        kind == ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL) {
      // The broker closed the connection during the handshake. Once may be the network;
      // twice in a row (ZeroMQ reconnects within 100 ms), the two ends do not agree: a
      // CURVE client whose server key is not the broker's, or one side without CURVE.
      if (++closed_handshakes_ >= 2 && !refusal_) {
        refusal_ =
            options_.curve
                ? Status::error(
                      v1::PERMISSION_DENIED,
                      "the broker at " + options_.endpoint +
                          " closed the connection during the secure handshake: the server key"
                          " given (--server-key, ALERTBUS_SERVER_KEY) is probably not this"
                          " broker's, or the broker does not use CURVE",
                      "broker " + options_.endpoint +
                          " đóng kết nối giữa lúc bắt tay bảo mật: khóa máy chủ đã cho"
                          " (--server-key, ALERTBUS_SERVER_KEY) có lẽ không phải của broker"
                          " này, hoặc broker không dùng CURVE")
                : Status::error(
                      v1::PERMISSION_DENIED,
                      "the broker at " + options_.endpoint +
                          " closed the connection during the handshake: it probably requires"
                          " CURVE (give --key-file and --server-key)",
                      "broker " + options_.endpoint +
                          " đóng kết nối giữa lúc bắt tay: có lẽ broker yêu cầu CURVE (hãy"
                          " cho --key-file và --server-key)");
      }
      continue;
    }
    if (kind != ZMQ_EVENT_HANDSHAKE_FAILED_AUTH) {
      continue;
    }
    // The ZAP status code: 500 is the gatekeeper's "too many connections".
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

}  // namespace alertbus::protocol
