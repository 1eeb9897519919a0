// ConnectionLedger: the client endpoint's connections as its monitor reports them, counted
// so that only authenticated connections take a slot and connections still in their
// handshake are bounded.
//
// ZeroMQ reports every accepted connection (with its file descriptor), the end of its
// handshake (succeeded, or failed: no detail, protocol, authentication) and its
// disconnection (with the descriptor). Each accepted connection ends its handshake exactly
// once, before it disconnects, so:
//   authenticated (open, handshake done) = succeeded + failed - disconnected
// A connection is pending from its acceptance until the loop receives its first message
// (spoke) or it disconnects: a socket that never completes a handshake, or completes one
// and then says nothing, stays pending. Pending connections are bounded in number, in all
// and per source address; beyond either bound the oldest pending one is chosen to close.
// Their time is bounded by ZeroMQ's handshake interval (Gatekeeper::watch).
//
// No sockets here: Gatekeeper feeds the events and closes what the ledger chooses.
//
// Threading: one thread (the loop).
#pragma once

#include <cstdint>
#include <list>
#include <string>
#include <unordered_map>
#include <vector>

namespace alertbus::broker {

class ConnectionLedger {
 public:
  struct Limits {
    std::uint32_t max_pending = 256;
    std::uint32_t max_pending_per_address = 32;
  };

  // A connection the ledger chose to close: its descriptor and what it was accepted as.
  struct Pending {
    int fd = -1;
    std::string address;         // Source address without port ("10.0.0.7"; "local" for ipc).
    std::uint64_t identity = 0;  // The socket's inode when accepted (Gatekeeper checks it).
  };

  explicit ConnectionLedger(Limits limits) : limits_(limits) {}

  // Accepted on `fd`. Call limit() after a batch of events to learn what to close.
  void accepted(const Pending& connection);

  void handshake_succeeded() { ++succeeded_; }

  void handshake_failed() { ++failed_; }

  void disconnected(int fd);
  // The loop received a message over `fd`: the connection is no longer pending.
  void spoke(int fd);

  // The pending connections over a bound, oldest first, each taken out of the ledger's
  // pending count (its disconnection is still expected).
  std::vector<Pending> over_limit();

  std::uint64_t authenticated() const {
    const std::uint64_t ended = succeeded_ + failed_;
    return ended > disconnected_ ? ended - disconnected_ : 0;
  }

  std::size_t pending() const { return pending_.size(); }

  std::size_t pending_from(const std::string& address) const;

 private:
  struct Open {
    Pending connection;
    bool pending = true;
    std::list<int>::iterator order;  // In pending_, while pending.
  };

  void stop_pending(Open& open);

  Limits limits_;
  std::unordered_map<int, Open> open_;  // By descriptor.
  std::list<int> pending_;              // Pending descriptors, oldest first.
  std::unordered_map<std::string, std::uint32_t> pending_by_address_;
  std::uint64_t succeeded_ = 0;
  std::uint64_t failed_ = 0;
  std::uint64_t disconnected_ = 0;
};

}  // namespace alertbus::broker
