#include "security/connection_ledger.hpp"

namespace alertbus::broker {

void ConnectionLedger::accepted(const Pending& connection) {
  if (auto existing = open_.find(connection.fd); existing != open_.end()) {
    // Its disconnection was not reported (cannot happen with ZeroMQ's ordered events, but
    // the descriptor now names another socket either way).
    stop_pending(existing->second);
    open_.erase(existing);
  }
  Open& open = open_[connection.fd];
  open.connection = connection;
  open.order = pending_.insert(pending_.end(), connection.fd);
  ++pending_by_address_[connection.address];
}

void ConnectionLedger::disconnected(int fd) {
  ++disconnected_;
  if (auto found = open_.find(fd); found != open_.end()) {
    stop_pending(found->second);
    open_.erase(found);
  }
}

void ConnectionLedger::spoke(int fd) {
  if (auto found = open_.find(fd); found != open_.end()) {
    stop_pending(found->second);
  }
}

void ConnectionLedger::stop_pending(Open& open) {
  if (!open.pending) {
    return;
  }
  open.pending = false;
  pending_.erase(open.order);
  auto count = pending_by_address_.find(open.connection.address);
  if (count != pending_by_address_.end() && --count->second == 0) {
    pending_by_address_.erase(count);
  }
}

std::size_t ConnectionLedger::pending_from(const std::string& address) const {
  const auto found = pending_by_address_.find(address);
  return found == pending_by_address_.end() ? 0 : found->second;
}

std::vector<ConnectionLedger::Pending> ConnectionLedger::over_limit() {
  std::vector<Pending> chosen;
  // Per address first: the oldest pending connections of an address over its bound.
  for (auto it = pending_.begin(); it != pending_.end();) {
    Open& open = open_.at(*it);
    ++it;  // stop_pending erases the current position.
    if (pending_from(open.connection.address) > limits_.max_pending_per_address) {
      chosen.push_back(open.connection);
      stop_pending(open);
    }
  }
  while (pending_.size() > limits_.max_pending) {
    Open& open = open_.at(pending_.front());
    chosen.push_back(open.connection);
    stop_pending(open);
  }
  return chosen;
}

}  // namespace alertbus::broker
