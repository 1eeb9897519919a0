#include "federation/zmq_link_channel.hpp"

#include <spdlog/spdlog.h>

namespace alertbus::broker {
namespace {

// A Delivery holds at most 1 MiB plus one event; far larger frames are not a broker's.
constexpr std::int64_t kMaxLinkFrameBytes = 64 * 1024 * 1024;

protocol::DealerSession::Options session_options(std::string endpoint) {
  protocol::DealerSession::Options session;
  session.endpoint = std::move(endpoint);
  // ZMQ_IMMEDIATE = 0 (ZeroMQ's default), unlike the client library: a link's socket serves
  // one connection attempt to one peer and is replaced on silence, so a frame queued while
  // the TCP and CURVE handshakes run can only go to that peer, or be dropped with the socket.
  // Queueing lets the first Ping, sent right after open(), leave the moment the connection
  // is up, instead of one heartbeat interval later; and an acknowledgement sent while ZeroMQ
  // reconnects underneath reaches the peer, whose Pong then tells whether it still holds the
  // subscription.
  session.queue = protocol::DealerSession::Queue::kWhileConnecting;
  session.max_message_bytes = kMaxLinkFrameBytes;
  return session;
}

}  // namespace

ZmqLinkChannel::ZmqLinkChannel(zmq::context_t& context, std::string peer_id, std::string endpoint,
                               std::shared_ptr<const protocol::KeyFile> own_keys)
    : peer_id_(std::move(peer_id)),
      own_keys_(std::move(own_keys)),
      session_(context, session_options(std::move(endpoint))) {}

Status ZmqLinkChannel::open(const protocol::Registry* registry) {
  if (own_keys_) {
    // CurveZMQ: this node authenticates with its own key; the peer is known by the key the
    // registry holds for it.
    const protocol::Principal* node = registry ? registry->find(peer_id_) : nullptr;
    if (node == nullptr || node->role != protocol::Role::kNode || !node->curve_public) {
      const std::string what = "the registry holds no CurveZMQ key for node " + peer_id_;
      return Status::error(v1::INTERNAL, what,
                           "danh bạ không có khóa CurveZMQ của nút " + peer_id_);
    }
    session_.set_curve(protocol::DealerSession::CurveKeys{
        *node->curve_public, own_keys_->curve_public, own_keys_->curve_secret});
  }
  return session_.connect();
}

bool ZmqLinkChannel::send(const v1::Frame& frame) {
  StatusOr<bool> sent = session_.try_send(frame);
  if (!sent.ok()) {
    spdlog::warn("link from {}: send failed: {}", peer_id_, sent.status().message());
    return false;
  }
  return *sent;
}

std::optional<StatusOr<v1::Frame>> ZmqLinkChannel::receive() {
  v1::Frame frame;
  Status unreadable;
  StatusOr<protocol::DealerSession::Received> received = session_.receive(&frame, &unreadable);
  if (!received.ok()) {
    return StatusOr<v1::Frame>(
        Status::error(v1::INTERNAL, "receive failed: " + received.status().message(),
                      "lỗi nhận dữ liệu: " + received.status().message_vi()));
  }
  switch (*received) {
    case protocol::DealerSession::Received::kNothing:
      return std::nullopt;
    case protocol::DealerSession::Received::kUnreadable:
      return StatusOr<v1::Frame>(Status::error(
          unreadable.code(), "unreadable frame from the peer: " + unreadable.message(),
          "khung dữ liệu không đọc được từ nút ngang hàng: " + unreadable.message_vi()));
    case protocol::DealerSession::Received::kFrame:
      break;
  }
  return StatusOr<v1::Frame>(std::move(frame));
}

}  // namespace alertbus::broker
