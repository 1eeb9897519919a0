// Gatekeeper: who may connect. It is the ZAP handler (ZeroMQ's authentication protocol,
// RFC 27) of this node's context, and counts the client endpoint's connections.
//
// CURVE: the client's public key must belong to a principal of the registry, not revoked;
// the reply names the principal as the connection's User-Id, which every message on the
// connection then carries (the loop reads it with zmq_msg_gets). NULL (plain mode): every
// client is let in, anonymous. Either way a connection beyond max_connections is refused.
// Each refusal is logged with the address and key; the client's ZeroMQ reports the failed
// handshake with the status code (400: key refused, 500: too many connections), which the
// client library turns into PERMISSION_DENIED or TOO_MANY_CONNECTIONS.
//
// Threading: loop thread only (poll both sockets there).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <zmq.hpp>

#include "alertbus/protocol/registry.hpp"

namespace alertbus::broker {

class Gatekeeper {
 public:
  // Binds the ZAP endpoint on `context`: call before any socket of the context binds with
  // security on.
  Gatekeeper(zmq::context_t& context, std::uint32_t max_connections);

  // Starts counting `router`'s connections (call before it binds).
  void watch(zmq::socket_t& router);

  void set_registry(std::shared_ptr<const protocol::Registry> registry) {
    registry_ = std::move(registry);
  }

  void* zap_handle() { return zap_.handle(); }

  void* monitor_handle() { return monitor_.handle(); }

  // Answers every waiting ZAP request.
  void handle_zap();
  // Reads every waiting monitor event.
  void handle_monitor();

  std::uint32_t connections() const { return connections_; }

  std::uint64_t refused() const { return refused_; }

 private:
  zmq::context_t& context_;
  zmq::socket_t zap_;
  zmq::socket_t monitor_;
  std::uint32_t max_connections_;
  std::shared_ptr<const protocol::Registry> registry_;
  std::uint32_t connections_ = 0;
  std::uint64_t refused_ = 0;
};

}  // namespace alertbus::broker
