#include "loop/connection_table.hpp"

#include "loop/router_channel.hpp"

namespace alertbus::broker {

ConnectionTable::Connection* ConnectionTable::heard_from(const std::string& routing_id,
                                                         Clock::time_point now) {
  auto existing = connections_.find(routing_id);
  if (existing == connections_.end() && connections_.size() >= limits_.max_connections) {
    return nullptr;
  }
  Connection& connection =
      existing != connections_.end() ? existing->second : connections_[routing_id];
  connection.last_seen = now;
  return &connection;
}

bool ConnectionTable::publish_staged(Connection& connection) {
  if (connection.in_flight >= limits_.max_in_flight) {
    return false;
  }
  ++connection.in_flight;
  return true;
}

void ConnectionTable::publish_answered(const std::string& routing_id) {
  if (auto connection = connections_.find(routing_id);
      connection != connections_.end() && connection->second.in_flight > 0) {
    --connection->second.in_flight;
  }
}

std::string ConnectionTable::who(const std::string& routing_id) const {
  const auto found = connections_.find(routing_id);
  const std::string connection = "connection " + peer_name(routing_id);
  return found == connections_.end() || found->second.principal.empty()
             ? connection
             : found->second.principal + " (" + connection + ")";
}

std::vector<std::string> ConnectionTable::expire(Clock::time_point now,
                                                 std::vector<std::string>* principals) {
  std::vector<std::string> dropped;
  if (now - last_expiry_check_ < limits_.check_interval) {
    return dropped;
  }
  last_expiry_check_ = now;
  for (auto it = connections_.begin(); it != connections_.end();) {
    if (now - it->second.last_seen > limits_.silence && it->second.in_flight == 0) {
      dropped.push_back(it->first);
      if (principals != nullptr) {
        principals->push_back(it->second.principal);
      }
      it = connections_.erase(it);
    } else {
      ++it;
    }
  }
  return dropped;
}

}  // namespace alertbus::broker
