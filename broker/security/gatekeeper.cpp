#include "security/gatekeeper.hpp"

#include <arpa/inet.h>
#include <array>
#include <chrono>
#include <cstring>
#include <netinet/in.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <vector>

#include "alertbus/protocol/clock.hpp"

namespace alertbus::broker {
namespace {

constexpr const char* kMonitorEndpoint = "inproc://alertbus-client-endpoint-monitor";

constexpr int kHandshakeFailed = ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL |
                                 ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL |
                                 ZMQ_EVENT_HANDSHAKE_FAILED_AUTH;

std::int64_t now_ms() {
  return protocol::now_unix_ms();
}

// The socket behind `fd` as the ledger keeps it: its source address (no port) and inode.
ConnectionLedger::Pending describe(int fd) {
  ConnectionLedger::Pending connection;
  connection.fd = fd;

  struct stat status {};

  if (fstat(fd, &status) == 0) {
    connection.identity = status.st_ino;
  }
  sockaddr_storage peer{};
  socklen_t size = sizeof(peer);
  char text[INET6_ADDRSTRLEN] = {};
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&peer), &size) != 0) {
    connection.address = "unknown";
  } else if (peer.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in&>(peer).sin_addr, text, sizeof(text));
    connection.address = text;
  } else if (peer.ss_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6&>(peer).sin6_addr, text, sizeof(text));
    connection.address = text;
  } else {
    connection.address = "local";  // ipc:// (a Unix socket).
  }
  return connection;
}

}  // namespace

Gatekeeper::Gatekeeper(zmq::context_t& context, Limits limits)
    : zap_(context, zmq::socket_type::rep),
      monitor_(context, zmq::socket_type::pair),
      limits_(limits),
      ledger_(limits.pending) {
  zap_.set(zmq::sockopt::linger, 0);
  zap_.bind("inproc://zeromq.zap.01");
}

void Gatekeeper::watch(zmq::socket_t& router) {
  // A connection that has not finished its handshake in this time is dropped by ZeroMQ.
  router.set(zmq::sockopt::handshake_ivl, static_cast<int>(limits_.handshake_timeout_ms));
  if (zmq_socket_monitor(router.handle(), kMonitorEndpoint,
                         ZMQ_EVENT_ACCEPTED | ZMQ_EVENT_DISCONNECTED |
                             ZMQ_EVENT_HANDSHAKE_SUCCEEDED | kHandshakeFailed) != 0) {
    throw zmq::error_t();
  }
  monitor_.set(zmq::sockopt::linger, 0);
  // No high-water mark on the events: the ledger must see every one (a lost disconnection
  // would count a connection for ever), and ZeroMQ's I/O thread must never wait on them.
  monitor_.set(zmq::sockopt::rcvhwm, 0);
  monitor_.connect(kMonitorEndpoint);
}

void Gatekeeper::close_pending(const ConnectionLedger::Pending& connection) {
  // The descriptor belongs to ZeroMQ; shutting it down (not closing it) makes ZeroMQ see the
  // connection end and clean up as for any peer that went away. The inode check keeps a
  // descriptor already reused for another socket untouched.
  struct stat status {};

  if (fstat(connection.fd, &status) != 0 || status.st_ino != connection.identity ||
      ::shutdown(connection.fd, SHUT_RDWR) != 0) {
    return;
  }
  ++closed_pending_;
  ++closed_since_warning_;
  // One warning per 10 s at most, with the count: a flood must not flood the log too.
  const std::int64_t now = now_ms();
  if (now - last_close_warning_ms_ >= 10000) {
    spdlog::warn(
        "closed {} connections still in their handshake, the last from {} ({} pending from it;"
        " limits: [limits] max_pending_handshakes {}, max_pending_handshakes_per_address {})",
        closed_since_warning_, connection.address, ledger_.pending_from(connection.address),
        limits_.pending.max_pending, limits_.pending.max_pending_per_address);
    last_close_warning_ms_ = now;
    closed_since_warning_ = 0;
  }
}

void Gatekeeper::handle_monitor() {
  for (;;) {
    zmq::message_t event;
    if (!monitor_.recv(event, zmq::recv_flags::dontwait)) {
      break;
    }
    // Version 1 events: the event (16 bits) and its value (32 bits: the descriptor for
    // accepted and disconnected), then the endpoint.
    std::uint16_t kind = 0;
    std::uint32_t value = 0;
    if (event.size() >= sizeof(kind) + sizeof(value)) {
      std::memcpy(&kind, event.data(), sizeof(kind));
      std::memcpy(&value, static_cast<const char*>(event.data()) + sizeof(kind), sizeof(value));
    }
    while (monitor_.get(zmq::sockopt::rcvmore) != 0) {
      zmq::message_t address;
      (void)monitor_.recv(address, zmq::recv_flags::none);
    }
    const int fd = static_cast<int>(value);
    if (kind == ZMQ_EVENT_ACCEPTED) {
      ledger_.accepted(describe(fd));
    } else if (kind == ZMQ_EVENT_DISCONNECTED) {
      ledger_.disconnected(fd);
    } else if (kind == ZMQ_EVENT_HANDSHAKE_SUCCEEDED) {
      ledger_.handshake_succeeded();
    } else if ((kind & kHandshakeFailed) != 0) {
      ledger_.handshake_failed();
    }
  }
  // Every waiting event is in the ledger: what it chooses to close is still open.
  for (const ConnectionLedger::Pending& connection : ledger_.over_limit()) {
    close_pending(connection);
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
      handle_monitor();  // Count the connections authenticated so far.
      if (ledger_.authenticated() >= limits_.max_connections) {
        // 500, not 300: ZeroMQ tells the client about 400 and 500 only (an ERROR command),
        // and this refusal must reach it as one.
        status = "500";
        text = "too many connections";
        spdlog::warn(
            "connection from {} refused: {} connections, the limit is {}"
            " ([limits] max_connections)",
            address, ledger_.authenticated() + 1, limits_.max_connections);
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
