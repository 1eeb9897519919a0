// Subscriber: receives the events a filter selects, in log order, with at-least-once
// delivery across disconnects and restarts.
//
// Flow control and acknowledgement: the broker sends at most `credit` events ahead. An event
// returned by next() counts as processed when the application calls next() again (or ack(),
// or close()); the Subscriber then acknowledges cumulatively (for a durable subscription the
// broker stores that as the cursor) and returns credit, in batches of about half the credit,
// and always before it waits for more.
//
// Resumption: when the broker falls silent (three heartbeat intervals) the Subscriber opens
// a new connection and subscribes again. A durable subscription resumes after its stored
// cursor; a transient one restarts after the last event handed to the application. Events
// delivered again are skipped: next() never returns a seq it returned before (in this
// process). After a restart of the application, events processed but not yet acknowledged
// are delivered again: applications must tolerate that (at-least-once).
//
// Threading: each Subscriber is used from one thread. It owns its own ZeroMQ context.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "alertbus/v1/event.pb.h"
#include "alertbus/v1/frame.pb.h"

#include "alertbus/client/credentials.hpp"
#include "alertbus/client/errors.hpp"
#include "alertbus/protocol/status.hpp"

namespace alertbus::client {

// Where a subscription starts when it has no stored cursor.
struct StartPosition {
  enum class Kind { kFromBeginning, kAfterSeq, kFromTime, kFromNow };
  Kind kind = Kind::kFromBeginning;
  std::uint64_t after_seq = 0;         // For kAfterSeq.
  std::int64_t from_time_unix_ms = 0;  // For kFromTime.

  static StartPosition from_beginning() { return {}; }

  static StartPosition after(std::uint64_t seq) { return {Kind::kAfterSeq, seq, 0}; }

  static StartPosition from_time(std::int64_t unix_ms) { return {Kind::kFromTime, 0, unix_ms}; }

  static StartPosition from_now() { return {Kind::kFromNow, 0, 0}; }
};

struct SubscriberOptions {
  // The broker's client endpoint, tcp://host:port or ipc:///path.
  std::string endpoint;
  // Empty: a transient subscription. Otherwise the broker keeps the cursor under this name
  // and a second subscriber with the same name takes over.
  std::string durable_name;
  // Which events; an empty filter selects everything.
  v1::Filter filter;
  // Used only when there is no stored cursor.
  StartPosition start;
  // Events the broker may send ahead, 1..10,000.
  std::uint32_t credit = 256;
  // How long connect() waits for the broker to confirm the subscription.
  std::chrono::milliseconds subscribe_timeout{10000};
  // Ping period; the broker is considered dead after three periods of silence.
  std::chrono::milliseconds heartbeat_interval{2000};
  // Keys for a broker with security on (credentials.hpp); null: plain ZeroMQ.
  std::shared_ptr<const Credentials> credentials;
};

class Subscriber {
 public:
  // Connects and subscribes, waiting until the broker confirms.
  // Fails with the broker's error (INVALID_SUBSCRIPTION, TOO_MANY_SUBSCRIPTIONS, ...),
  // kUnavailable when no confirmation came within subscribe_timeout, INVALID_VALUE for a bad
  // endpoint or option, INTERNAL for a ZeroMQ failure.
  static StatusOr<std::unique_ptr<Subscriber>> connect(SubscriberOptions options);

  Subscriber(const Subscriber&) = delete;
  Subscriber& operator=(const Subscriber&) = delete;
  // Closes the socket without acknowledging the last event returned (call close() for that).
  ~Subscriber();

  // Marks the previously returned event processed, then returns the next event, waiting up
  // to `timeout`; std::nullopt when none came in time. Reconnects and resubscribes as needed.
  // Fails with SUBSCRIPTION_TAKEN_OVER when another subscriber took over the durable name,
  // with another broker error when the broker refused to resubscribe, INTERNAL on a ZeroMQ
  // failure. After a failure every further call fails the same way.
  StatusOr<std::optional<v1::StoredEvent>> next(std::chrono::milliseconds timeout);

  // Marks the previously returned event processed and sends the acknowledgement now (the
  // broker does not answer it). Fails as next() does.
  Status ack();

  // Acknowledges the last event returned, ends the subscription and closes the connection,
  // giving the last frames up to `linger` to leave. With `forget`, the broker also deletes the
  // durable cursor. The Subscriber cannot be used afterwards.
  void close(bool forget = false,
             std::chrono::milliseconds linger = std::chrono::milliseconds(1000));

  // The broker's confirmation of the current subscription (changes after a resubscription).
  const v1::Subscribed& subscribed() const;

  // The seq of the last event next() returned (0 if none).
  std::uint64_t last_seq() const;

  // How often the subscription was set up again: the broker fell silent (a new connection),
  // or answered a ping with no subscription for it (it restarted while ZeroMQ reconnected).
  std::uint64_t reconnects() const;

 private:
  class Stream;  // subscriber.cpp: the subscription, on the library's CreditedStream.
  explicit Subscriber(std::unique_ptr<Stream> stream);

  std::unique_ptr<Stream> stream_;
};

}  // namespace alertbus::client
