// Connections that never finish a handshake, against a real alertbusd: they take no
// connection slot, they are bounded per source address (the oldest closed first) and in time
// (security/gatekeeper.hpp, docs/OPERATIONS.md "Limits").
#include <cerrno>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "alertbus/client/client.hpp"
#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "security_helpers.hpp"

namespace alertbus::testing {
namespace {

// A plain Unix socket connected to the broker's ipc:// endpoint that says nothing: what an
// attacker without a key holds open.
class SilentSocket {
 public:
  explicit SilentSocket(const std::string& endpoint) {
    const std::string path = endpoint.substr(std::string("ipc://").size());
    fd_ = ::socket(AF_UNIX, SOCK_STREAM, 0);
    REQUIRE(fd_ >= 0);
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    REQUIRE(path.size() < sizeof(address.sun_path));
    path.copy(address.sun_path, path.size());
    REQUIRE(::connect(fd_, reinterpret_cast<const sockaddr*>(&address), sizeof(address)) == 0);
  }

  ~SilentSocket() { ::close(fd_); }

  SilentSocket(const SilentSocket&) = delete;
  SilentSocket& operator=(const SilentSocket&) = delete;

  // True once the broker has closed its end (what it sends before, its ZMTP greeting, is
  // read and dropped).
  bool closed_by_broker() {
    char buffer[256];
    for (;;) {
      pollfd item{fd_, POLLIN, 0};
      if (::poll(&item, 1, 0) <= 0) {
        return false;
      }
      const ssize_t got = ::recv(fd_, buffer, sizeof(buffer), MSG_DONTWAIT);
      if (got == 0 || (got < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
        return true;
      }
      if (got < 0) {
        return false;
      }
    }
  }

 private:
  int fd_ = -1;
};

std::unique_ptr<client::Client> connect_client(const BrokerProcess& broker) {
  client::ClientOptions options;
  options.endpoint = broker.endpoint();
  options.request_timeout = std::chrono::milliseconds(3000);
  auto connected = client::Client::connect(options);
  REQUIRE(connected.ok());
  return std::move(connected).value();
}

std::vector<std::unique_ptr<SilentSocket>> open_silent(const BrokerProcess& broker, int count) {
  std::vector<std::unique_ptr<SilentSocket>> sockets;
  for (int i = 0; i < count; ++i) {
    sockets.push_back(std::make_unique<SilentSocket>(broker.endpoint()));
  }
  std::this_thread::sleep_for(300ms);  // The broker has accepted them all.
  return sockets;
}

}  // namespace

TEST_CASE("Sockets that never finish a handshake take no connection slot") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path();
  options.extra_args = {"--max-connections", "2"};
  BrokerProcess broker(options);
  const auto silent = open_silent(broker, 20);  // Ten times the limit, no handshake.
  auto first = connect_client(broker);
  auto second = connect_client(broker);
  CHECK(first->status().ok());
  CHECK(second->status().ok());
  // The limit still holds for connections that do authenticate.
  auto third = connect_client(broker);
  const StatusOr<v1::StatusReply> refused = third->status();
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == v1::TOO_MANY_CONNECTIONS);
  CHECK(wait_for_log(broker, "3 connections, the limit is 2"));
}

TEST_CASE("Connections in their handshake are bounded per address: the oldest are closed") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path();
  options.extra_args = {"--max-pending-handshakes-per-address", "8"};
  BrokerProcess broker(options);
  const auto silent = open_silent(broker, 40);
  std::vector<int> closed;
  for (int i = 0; i < 40; ++i) {
    if (silent[static_cast<std::size_t>(i)]->closed_by_broker()) {
      closed.push_back(i);
    }
  }
  // The first 32 are closed, the newest 8 stay (nothing else connected from here).
  REQUIRE(closed.size() == 32);
  CHECK(closed.back() == 31);
  CHECK(wait_for_log(broker, "connections still in their handshake, the last from local"));
  // A client from the same address still gets in: its handshake ends before it is oldest.
  auto client = connect_client(broker);
  CHECK(client->status().ok());
}

TEST_CASE("Connections in use are never closed as pending, however many come from one address") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path();
  options.extra_args = {"--max-pending-handshakes-per-address", "4"};
  BrokerProcess broker(options);
  std::vector<std::unique_ptr<client::Client>> clients;
  for (int i = 0; i < 24; ++i) {
    clients.push_back(connect_client(broker));
    REQUIRE(clients.back()->status().ok());  // Heard from: no longer pending.
  }
  // Silent sockets over the bound close the oldest pending ones: the 8 oldest silent ones,
  // never a client in use (whose closing the clients' reconnection would hide).
  const auto silent = open_silent(broker, 12);
  const StatusOr<v1::StatusReply> status = clients.front()->status();
  REQUIRE(status.ok());
  CHECK(status.value().pending_handshakes_closed() == 8);
  CHECK(status.value().pending_handshakes() == 4);
  for (std::size_t i = 0; i < silent.size(); ++i) {
    INFO(i);
    CHECK(silent[i]->closed_by_broker() == (i < 8));
  }
}

TEST_CASE("A connection that does not finish its handshake in time is closed") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path();
  options.extra_args = {"--handshake-timeout-ms", "300"};
  BrokerProcess broker(options);
  SilentSocket silent(broker.endpoint());
  const auto deadline = std::chrono::steady_clock::now() + 5s;
  bool closed = false;
  while (!closed && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(50ms);
    closed = silent.closed_by_broker();
  }
  CHECK(closed);
  auto client = connect_client(broker);
  CHECK(client->status().ok());
}

}  // namespace alertbus::testing
