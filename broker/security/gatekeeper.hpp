// Gatekeeper: who may connect. It is the ZAP handler (ZeroMQ's authentication protocol,
// RFC 27) of this node's context, and keeps the client endpoint's connections in a ledger
// (connection_ledger.hpp) from the socket's monitor: only authenticated connections count
// against max_connections, and connections still in their handshake are bounded in time
// (ZeroMQ's handshake interval), in number and per source address (the oldest is closed).
//
// CURVE: the client's public key must belong to a principal of the registry, not revoked;
// the reply names the principal as the connection's User-Id, which every message on the
// connection then carries (the loop reads it with zmq_msg_gets). NULL (plain mode): every
// client is let in, anonymous. Either way a connection beyond max_connections (counted when
// authenticated) is refused.
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
#include "security/connection_ledger.hpp"

namespace alertbus::broker {

class Gatekeeper {
 public:
  struct Limits {
    std::uint32_t max_connections = 1024;  // Authenticated.
    std::uint32_t handshake_timeout_ms = 10000;
    ConnectionLedger::Limits pending;
  };

  // Binds the ZAP endpoint on `context`: call before any socket of the context binds with
  // security on.
  Gatekeeper(zmq::context_t& context, Limits limits);

  // Starts counting `router`'s connections and sets its handshake interval (call before it
  // binds).
  void watch(zmq::socket_t& router);

  // The loop received a message over `fd` (its ZMQ_SRCFD): that connection is in use.
  void spoke(int fd) { ledger_.spoke(fd); }

  void set_registry(std::shared_ptr<const protocol::Registry> registry) {
    registry_ = std::move(registry);
  }

  void* zap_handle() { return zap_.handle(); }

  void* monitor_handle() { return monitor_.handle(); }

  // Answers every waiting ZAP request.
  void handle_zap();
  // Reads every waiting monitor event.
  void handle_monitor();

  std::uint64_t refused() const { return refused_; }

  // Connections accepted and not yet heard from.
  std::size_t pending() const { return ledger_.pending(); }

  // Connections closed while pending (over a bound on pending handshakes).
  std::uint64_t closed_pending() const { return closed_pending_; }

 private:
  zmq::socket_t zap_;
  zmq::socket_t monitor_;
  // Closes a pending connection the ledger chose, if its descriptor still names that socket.
  void close_pending(const ConnectionLedger::Pending& connection);

  Limits limits_;
  ConnectionLedger ledger_;
  std::shared_ptr<const protocol::Registry> registry_;
  std::uint64_t refused_ = 0;
  std::uint64_t closed_pending_ = 0;
  std::int64_t last_close_warning_ms_ = 0;
  std::uint64_t closed_since_warning_ = 0;
};

}  // namespace alertbus::broker
