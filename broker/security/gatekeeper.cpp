#include "security/gatekeeper.hpp"

#include <array>
#include <chrono>
#include <cstring>
#include <spdlog/spdlog.h>
#include <vector>

#include "alertbus/protocol/clock.hpp"

namespace alertbus::broker {
namespace {

constexpr const char* kMonitorEndpoint = "inproc://alertbus-client-endpoint-monitor";

std::int64_t now_ms() {
  return protocol::now_unix_ms();
}

}  // namespace

Gatekeeper::Gatekeeper(zmq::context_t& context, std::uint32_t max_connections)
    : context_(context),
      zap_(context, zmq::socket_type::rep),
      monitor_(context, zmq::socket_type::pair),
      max_connections_(max_connections) {
  zap_.set(zmq::sockopt::linger, 0);
  zap_.bind("inproc://zeromq.zap.01");
}

void Gatekeeper::watch(zmq::socket_t& router) {
  if (zmq_socket_monitor(router.handle(), kMonitorEndpoint,
                         ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED) != 0) {
    throw zmq::error_t();
  }
  monitor_.set(zmq::sockopt::linger, 0);
  monitor_.connect(kMonitorEndpoint);
}

void Gatekeeper::handle_monitor() {
  for (;;) {
    zmq::message_t event;
    if (!monitor_.recv(event, zmq::recv_flags::dontwait)) {
      return;
    }
    std::uint16_t kind = 0;
    if (event.size() >= sizeof(kind)) {
      std::memcpy(&kind, event.data(), sizeof(kind));
    }
    while (monitor_.get(zmq::sockopt::rcvmore) != 0) {
      zmq::message_t address;
      (void)monitor_.recv(address, zmq::recv_flags::none);
    }
    if (kind == ZMQ_EVENT_ACCEPTED) {
      ++connections_;
    } else if (kind == ZMQ_EVENT_DISCONNECTED && connections_ > 0) {
      --connections_;
    }
  }
}

void Gatekeeper::handle_zap() {
  for (;;) {
    std::vector<zmq::message_t> parts;
    zmq::message_t part;
    if (!zap_.recv(part, zmq::recv_flags::dontwait)) {
      return;
    }
    parts.push_back(std::move(part));
    while (zap_.get(zmq::sockopt::rcvmore) != 0) {
      zmq::message_t more;
      (void)zap_.recv(more, zmq::recv_flags::none);
      parts.push_back(std::move(more));
    }
    // version, request id, domain, address, identity, mechanism, credentials...
    std::string status = "400";
    std::string text = "malformed ZAP request";
    std::string user_id;
    if (parts.size() >= 6 && parts[0].to_string_view() == "1.0") {
      const std::string address = parts[3].to_string();
      const std::string mechanism = parts[5].to_string();
      handle_monitor();  // Count the connections accepted so far.
      if (connections_ > max_connections_) {
        // 500, not 300: ZeroMQ tells the client about 400 and 500 only (an ERROR command),
        // and this refusal must reach it as one.
        status = "500";
        text = "too many connections";
        spdlog::warn(
            "connection from {} refused: {} connections, the limit is {}"
            " ([limits] max_connections)",
            address, connections_, max_connections_);
      } else if (mechanism == "NULL") {
        status = "200";
        text = "OK";
      } else if (mechanism == "CURVE" && parts.size() == 7 && parts[6].size() == 32 && registry_) {
        protocol::Key32 key{};
        std::memcpy(key.data(), parts[6].data(), key.size());
        const protocol::Principal* principal = registry_->find_by_curve_key(key);
        if (principal == nullptr) {
          text = "unknown key";
          spdlog::warn("connection from {} refused: key {} is not in the registry", address,
                       protocol::z85_key(key));
        } else if (principal->revoked_at(now_ms())) {
          text = "revoked key";
          spdlog::warn("connection from {} refused: the key of {} is revoked", address,
                       principal->id);
        } else {
          status = "200";
          text = "OK";
          user_id = principal->id;
          spdlog::debug("connection from {} authenticated as {}", address, principal->id);
        }
      } else {
        text = "mechanism " + mechanism + " is not accepted";
        spdlog::warn("connection from {} refused: mechanism {}", address, mechanism);
      }
    }
    if (status != "200") {
      ++refused_;
    }
    const std::string request_id = parts.size() >= 2 ? parts[1].to_string() : std::string();
    const std::array<std::string, 6> reply{"1.0", request_id, status, text, user_id, ""};
    for (std::size_t i = 0; i < reply.size(); ++i) {
      (void)zap_.send(zmq::buffer(reply[i]),
                      i + 1 < reply.size() ? zmq::send_flags::sndmore : zmq::send_flags::none);
    }
  }
}

}  // namespace alertbus::broker
