// Client: request/response calls to a broker — look up events, list them, list cases (the
// alerts' lifecycle, alertbus/v1/casework.proto), read its status.
//
// Each call sends one request and waits for its answer up to `request_timeout`. Requests
// are read-only, so a request whose answer did not come is simply sent again after a
// reconnect.
//
// Threading: each Client is used from one thread. It owns its own ZeroMQ context.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alertbus/v1/casework.pb.h"
#include "alertbus/v1/event.pb.h"
#include "alertbus/v1/frame.pb.h"

#include "alertbus/client/credentials.hpp"
#include "alertbus/client/errors.hpp"
#include "alertbus/protocol/status.hpp"

namespace alertbus::client {

class Connection;

struct ClientOptions {
  // The broker's client endpoint, tcp://host:port or ipc:///path.
  std::string endpoint;
  // How long each call waits for its answer.
  std::chrono::milliseconds request_timeout{5000};
  // Ping period; the broker is considered dead after three periods of silence.
  std::chrono::milliseconds heartbeat_interval{2000};
  // Keys for a broker with security on (credentials.hpp); null: plain ZeroMQ.
  std::shared_ptr<const Credentials> credentials;
};

// One page of a listing.
struct ListRequest {
  v1::Filter filter;
  // 1..1,000; 0 lets the broker choose (100).
  std::uint32_t page_size = 0;
  // From the previous page's next_page_token; empty for the first page.
  std::string page_token;
  // Only events stored at or after `since_unix_ms` and before `until_unix_ms`.
  std::optional<std::int64_t> since_unix_ms;
  std::optional<std::int64_t> until_unix_ms;
};

struct ListPage {
  std::vector<v1::StoredEvent> events;  // In seq order.
  std::string next_page_token;          // Empty on the last page.
};

class Client {
 public:
  // Creates the socket and starts connecting in the background; an absent broker shows as
  // kUnavailable on the first call. Fails with INVALID_VALUE for a bad endpoint, INTERNAL for
  // a ZeroMQ failure.
  static StatusOr<std::unique_ptr<Client>> connect(ClientOptions options);

  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;
  ~Client();

  // The event with this event id. Fails with NOT_FOUND, kUnavailable, INTERNAL.
  StatusOr<v1::StoredEvent> get_by_id(std::string_view event_id);

  // The alert with this reference, e.g. "BG-2026-00042". Fails with NOT_FOUND,
  // kUnavailable, INTERNAL.
  StatusOr<v1::StoredEvent> get_by_reference(std::string_view reference);

  // One page of the events matching the request, in seq order. Fails with
  // INVALID_PAGE_TOKEN, VALUE_OUT_OF_RANGE (page size), kUnavailable, INTERNAL.
  StatusOr<ListPage> list(const ListRequest& request);

  // One page of the cases matching `query` (CaseQuery: one case by event id or reference,
  // or filters), as the broker computes them at query.as_of (default: now). Fails with
  // NOT_FOUND (one case asked for by id or reference that the broker does not hold),
  // INVALID_PAGE_TOKEN, VALUE_OUT_OF_RANGE (page size), TOO_LONG (text), PERMISSION_DENIED,
  // kUnavailable, INTERNAL (including a broker that answers with another frame).
  StatusOr<v1::CaseList> cases(const v1::CaseQuery& query);

  // A case's events (Query.case_of): the alert named by event id or reference and every
  // event that follows it, in the node's order. NOT_FOUND when the node holds none.
  StatusOr<std::vector<v1::StoredEvent>> case_events(std::string_view alert);

  // Every case matching `query`, following next_page_token from query.page_token (empty:
  // from the start) until the last page, in the broker's order. Fails as cases() does, and
  // with VALUE_OUT_OF_RANGE when more than `max` cases match (the partial result is dropped:
  // a report over a truncated list would be wrong without saying so).
  StatusOr<std::vector<v1::AlertCase>> all_cases(v1::CaseQuery query, std::size_t max);

  // The broker's status. Fails with kUnavailable, INTERNAL.
  StatusOr<v1::StatusReply> status();

  // The names people use for the federation's nodes and units (DirectoryRequest).
  StatusOr<v1::Directory> directory();

  // An operator's request (AdminRequest). Fails with kUnavailable, PERMISSION_DENIED,
  // CASEWORK_OFF, INTERNAL.
  StatusOr<v1::AdminReply> admin(const v1::AdminRequest& request);

  // Sends any request frame (its request_id is assigned here) and returns the broker's
  // answer, which may be an Error frame. Fails with kUnavailable, INTERNAL.
  StatusOr<v1::Frame> call(v1::Frame request);

 private:
  explicit Client(ClientOptions options, std::unique_ptr<Connection> connection);
  StatusOr<v1::StoredEvent> get_one(v1::Query query);
  // call(), then: an Error frame as its Status, an answer other than `expected` as
  // unexpected_answer(), else the answer.
  StatusOr<v1::Frame> answer(v1::Frame request, v1::Frame::BodyCase expected);

  ClientOptions options_;
  std::unique_ptr<Connection> connection_;
};

}  // namespace alertbus::client
