// ConnectionLedger: which connections count against max_connections, which are pending, and
// which a bound on pending handshakes chooses to close (security/connection_ledger.hpp).
#include "security/connection_ledger.hpp"

#include <catch2/catch.hpp>

namespace alertbus::broker {
namespace {

ConnectionLedger::Pending socket_from(int fd, const std::string& address) {
  ConnectionLedger::Pending connection;
  connection.fd = fd;
  connection.address = address;
  connection.identity = 1000 + static_cast<std::uint64_t>(fd);
  return connection;
}

std::vector<int> fds_of(const std::vector<ConnectionLedger::Pending>& chosen) {
  std::vector<int> fds;
  for (const auto& connection : chosen) {
    fds.push_back(connection.fd);
  }
  return fds;
}

}  // namespace

TEST_CASE("Only connections whose handshake ended count as authenticated, until they go") {
  ConnectionLedger ledger({});
  for (int fd = 10; fd < 13; ++fd) {
    ledger.accepted(socket_from(fd, "10.0.0.7"));
  }
  CHECK(ledger.authenticated() == 0);  // Accepted is not authenticated.
  CHECK(ledger.pending() == 3);
  ledger.handshake_succeeded();
  ledger.spoke(10);
  CHECK(ledger.authenticated() == 1);
  CHECK(ledger.pending() == 2);
  // A refused key: the handshake fails, then the connection goes. It never counted.
  ledger.handshake_failed();
  ledger.disconnected(11);
  CHECK(ledger.authenticated() == 1);
  CHECK(ledger.pending() == 1);
  ledger.disconnected(10);
  CHECK(ledger.authenticated() == 0);
  CHECK(ledger.pending() == 1);  // 12 never finished its handshake.
}

TEST_CASE("Pending connections over the per-address bound: the oldest of that address closes") {
  ConnectionLedger ledger({.max_pending = 100, .max_pending_per_address = 3});
  ledger.accepted(socket_from(5, "10.0.0.1"));  // Another address, older than all.
  for (int fd = 20; fd < 25; ++fd) {
    ledger.accepted(socket_from(fd, "10.0.0.9"));
  }
  ledger.spoke(20);  // In use: never chosen.
  CHECK(fds_of(ledger.over_limit()) == std::vector<int>{21});
  CHECK(ledger.pending_from("10.0.0.9") == 3);
  CHECK(ledger.pending_from("10.0.0.1") == 1);
  CHECK(ledger.over_limit().empty());
  // Chosen connections are no longer pending; their disconnection still comes.
  ledger.disconnected(21);
  CHECK(ledger.pending() == 4);
}

TEST_CASE("Pending connections over the total bound: the oldest close, whatever the address") {
  ConnectionLedger ledger({.max_pending = 2, .max_pending_per_address = 100});
  ledger.accepted(socket_from(7, "10.0.0.1"));
  ledger.accepted(socket_from(8, "10.0.0.2"));
  ledger.accepted(socket_from(9, "10.0.0.3"));
  ledger.accepted(socket_from(10, "10.0.0.4"));
  const auto chosen = ledger.over_limit();
  CHECK(fds_of(chosen) == std::vector<int>{7, 8});
  CHECK(chosen.front().address == "10.0.0.1");
  CHECK(chosen.front().identity == 1007);
  CHECK(ledger.pending() == 2);
}

TEST_CASE("A descriptor accepted again replaces what the ledger knew of it") {
  ConnectionLedger ledger({.max_pending = 10, .max_pending_per_address = 10});
  ledger.accepted(socket_from(30, "10.0.0.1"));
  ledger.accepted(socket_from(30, "10.0.0.2"));
  CHECK(ledger.pending() == 1);
  CHECK(ledger.pending_from("10.0.0.1") == 0);
  CHECK(ledger.pending_from("10.0.0.2") == 1);
}

}  // namespace alertbus::broker
