// UnitGateway: one unit's way to its broker. Everything an officer of the unit reads or does
// goes through the unit's key (config.hpp [[unit]]), so the broker's read scope and authority
// rules for that key are the officer's: nothing is filtered here that the broker would not.
//
// Holds a small pool of request clients (a Client serves one call at a time, so concurrent
// HTTP requests each borrow one; the pool grows to `max_clients`, and a request beyond waits)
// and one publisher for the officers' alerts and follow-ups, behind a mutex.
//
// Threading: every method is safe to call from any HTTP worker thread.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "alertbus/client/client.hpp"
#include "alertbus/client/credentials.hpp"
#include "alertbus/client/publisher.hpp"
#include "alertbus/protocol/status.hpp"
#include "config.hpp"

namespace alertbus::dashboard {

class UnitGateway {
 public:
  // Reads the unit's key file (refused when readable by others) and prepares the connections;
  // an absent broker is not an error here (calls answer kUnavailable until it is back).
  static StatusOr<std::unique_ptr<UnitGateway>> open(const UnitConfig& unit,
                                                     const DashboardConfig& config);

  UnitGateway(const UnitGateway&) = delete;
  UnitGateway& operator=(const UnitGateway&) = delete;
  ~UnitGateway();

  const std::string& unit_id() const { return unit_id_; }

  const std::string& node_id() const { return node_id_; }

  // The key's principal: the unit itself, or a dashboard principal acting for it.
  const std::string& principal() const;

  // True for the unit's own key: it may post alerts and close, cancel, withdraw them.
  bool can_issue() const { return principal() == unit_id_; }

  const std::string& endpoint() const { return endpoint_; }

  std::shared_ptr<const client::Credentials> credentials() const { return credentials_; }

  // Runs `call` with a client of the pool. The client is returned to the pool afterwards; one
  // whose call failed with kUnavailable is dropped (a fresh one reconnects).
  Status with_client(const std::function<Status(client::Client&)>& call);

  // Publishes one event signed with the unit's key and waits up to `timeout` for the broker:
  // its acknowledgement (reference, seq), or its refusal as a Status (the rule, the field).
  // kUnavailable when no answer came: the event stays in flight and is sent again (same event
  // id, stored at most once) while the dashboard runs.
  StatusOr<v1::PublishAck> publish(v1::Event event, std::chrono::milliseconds timeout);

  // Waits up to `timeout` until no event is in flight.
  Status flush(std::chrono::milliseconds timeout);

 private:
  UnitGateway(std::string unit_id, std::string endpoint,
              std::shared_ptr<const client::Credentials> credentials,
              std::chrono::milliseconds request_timeout);
  StatusOr<std::unique_ptr<client::Client>> borrow();
  void give_back(std::unique_ptr<client::Client> client);

  std::string unit_id_;
  std::string node_id_;
  std::string endpoint_;
  std::shared_ptr<const client::Credentials> credentials_;
  std::chrono::milliseconds request_timeout_;

  std::mutex pool_mutex_;
  std::condition_variable pool_returned_;
  std::vector<std::unique_ptr<client::Client>> idle_;
  std::size_t lent_ = 0;
  static constexpr std::size_t kMaxClients = 8;

  std::mutex publish_mutex_;
  std::unique_ptr<client::Publisher> publisher_;
};

}  // namespace alertbus::dashboard
