#include "loop/router_channel.hpp"

#include <spdlog/spdlog.h>

#include "alertbus/logging/log_format.hpp"
#include "alertbus/protocol/codec.hpp"
#include "alertbus/protocol/utf8.hpp"
#include "metrics/broker_metrics.hpp"

namespace alertbus::broker {

std::string peer_name(const std::string& routing_id) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  for (const char c : routing_id) {
    const auto byte = static_cast<unsigned char>(c);
    text.push_back(kHex[byte >> 4]);
    text.push_back(kHex[byte & 0x0F]);
  }
  return text;
}

RouterChannel::RouterChannel(zmq::context_t& context)
    : socket_(context, zmq::socket_type::router) {}

// Every refusal passes here, so every one is logged the same way.
void RouterChannel::reply_error(const std::string& routing_id, std::uint64_t request_id,
                                const Status& status, const std::string& who) {
  if (metrics_ != nullptr) {
    metrics_->refused(static_cast<int>(status.code()));
  }
  const std::string named = who.empty() ? "connection " + peer_name(routing_id) : who;
  // `who` is "<principal> (connection <hex>)" in curve mode (ConnectionTable::who), or
  // "connection <hex>" alone: the JSON line's principal is the first word of the former.
  const bool anonymous = who.empty() || who.rfind("connection ", 0) == 0;
  const logging::LogSubject principal(logging::Field::kPrincipal,
                                      anonymous ? std::string() : who.substr(0, who.find(' ')));
  const Status cut =
      Status::error(status.code(), protocol::utf8_prefix(status.message(), kMaxEchoBytes),
                    protocol::utf8_prefix(status.message_vi(), kMaxEchoBytes),
                    protocol::utf8_prefix(status.field(), kMaxEchoBytes));
  std::uint64_t suppressed = 0;
  if (refusals_.should_log(routing_id, static_cast<int>(status.code()), RefusalLog::Clock::now(),
                           &suppressed)) {
    if (suppressed > 0) {
      spdlog::warn("{}: request {} refused: {} (and {} more refusals like it, not logged)", named,
                   request_id, cut.to_string(), suppressed);
    } else {
      spdlog::warn("{}: request {} refused: {}", named, request_id, cut.to_string());
    }
  }
  (void)send(routing_id, protocol::error_frame(request_id, cut));
}

SendResult RouterChannel::send(const std::string& routing_id, const v1::Frame& frame) {
  send_buffer_.clear();
  frame.SerializeToString(&send_buffer_);
  return send_bytes(routing_id, send_buffer_);
}

SendResult RouterChannel::send_bytes(const std::string& routing_id, std::string_view bytes) {
  try {
    if (!socket_.send(zmq::buffer(routing_id),
                      zmq::send_flags::sndmore | zmq::send_flags::dontwait)) {
      return SendResult::kBusy;
    }
    (void)socket_.send(zmq::buffer(bytes.data(), bytes.size()), zmq::send_flags::dontwait);
  } catch (const zmq::error_t& failure) {
    if (failure.num() == EHOSTUNREACH) {
      return SendResult::kGone;
    }
    spdlog::error("send to connection {} failed: {}", peer_name(routing_id), failure.what());
    return SendResult::kGone;
  }
  return SendResult::kSent;
}

}  // namespace alertbus::broker
