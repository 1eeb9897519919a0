#include "federation/zmq_link_channel.hpp"

#include <spdlog/spdlog.h>
#include <stdexcept>

#include "alertbus/protocol/codec.hpp"

namespace alertbus::broker {
namespace {

// A Delivery holds at most 1 MiB plus one event; far larger frames are not a broker's.
constexpr std::int64_t kMaxLinkFrameBytes = 64 * 1024 * 1024;

}  // namespace

ZmqLinkChannel::ZmqLinkChannel(zmq::context_t& context, std::string peer_id, std::string endpoint,
                               std::shared_ptr<const protocol::KeyFile> own_keys)
    : context_(context),
      peer_id_(std::move(peer_id)),
      endpoint_(std::move(endpoint)),
      own_keys_(std::move(own_keys)) {}

Status ZmqLinkChannel::open(const protocol::Registry* registry) {
  try {
    socket_.emplace(context_, zmq::socket_type::dealer);
    socket_->set(zmq::sockopt::linger, 0);
    socket_->set(zmq::sockopt::maxmsgsize, kMaxLinkFrameBytes);
    if (own_keys_) {
      // CurveZMQ: this node authenticates with its own key; the peer is known by the key the
      // registry holds for it.
      const protocol::Principal* node = registry ? registry->find(peer_id_) : nullptr;
      if (node == nullptr || node->role != protocol::Role::kNode || !node->curve_public) {
        throw std::runtime_error("the registry holds no CurveZMQ key for node " + peer_id_);
      }
      socket_->set(zmq::sockopt::curve_serverkey,
                   zmq::const_buffer(node->curve_public->data(), node->curve_public->size()));
      socket_->set(zmq::sockopt::curve_publickey,
                   zmq::const_buffer(own_keys_->curve_public.data(), 32));
      socket_->set(zmq::sockopt::curve_secretkey,
                   zmq::const_buffer(own_keys_->curve_secret.data(), 32));
    }
    socket_->connect(endpoint_);
  } catch (const std::exception& failure) {
    socket_.reset();
    return Status::error(v1::INTERNAL, failure.what(), failure.what());
  }
  return {};
}

bool ZmqLinkChannel::send(const v1::Frame& frame) {
  if (!socket_) {
    return false;
  }
  buffer_.clear();
  frame.SerializeToString(&buffer_);
  try {
    return socket_->send(zmq::buffer(buffer_), zmq::send_flags::dontwait).has_value();
  } catch (const zmq::error_t& failure) {
    spdlog::warn("link from {}: send failed: {}", peer_id_, failure.what());
    return false;
  }
}

std::optional<StatusOr<v1::Frame>> ZmqLinkChannel::receive() {
  if (!socket_) {
    return std::nullopt;
  }
  zmq::message_t message;
  zmq::recv_result_t received;
  try {
    received = socket_->recv(message, zmq::recv_flags::dontwait);
  } catch (const zmq::error_t& failure) {
    return StatusOr<v1::Frame>(Status::error(v1::INTERNAL,
                                             std::string("receive failed: ") + failure.what(),
                                             std::string("lỗi nhận dữ liệu: ") + failure.what()));
  }
  if (!received) {
    return std::nullopt;
  }
  auto frame = protocol::decode_frame(message.to_string_view(),
                                      static_cast<std::size_t>(kMaxLinkFrameBytes));
  if (!frame.ok()) {
    return StatusOr<v1::Frame>(Status::error(
        frame.status().code(), "unreadable frame from the peer: " + frame.status().message(),
        "khung dữ liệu không đọc được từ nút ngang hàng: " + frame.status().message_vi()));
  }
  return frame;
}

}  // namespace alertbus::broker
