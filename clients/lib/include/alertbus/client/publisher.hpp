// Publisher: publishes events to a broker with at-most-one stored copy and no loss while the
// Publisher lives.
//
// Each event is given an event id (unless it has one), serialized once, and kept until the
// broker acknowledges it (after its durable commit) or refuses it. Unacknowledged events are
// resent with the same bytes, hence the same event id, after `ack_timeout`, after a
// retryable error, and after a reconnect; the broker's permanent dedup turns every resend
// into the original acknowledgement (flagged duplicate). The Publisher never makes a second
// event out of one.
//
// At most `window` events are in flight; submit() blocks while the window is full.
// Results (acknowledged or refused) are buffered and handed out by poll().
//
// Events still in flight when the Publisher is destroyed are not resent by anyone: call
// flush() first. To retry an event across Publisher lifetimes without duplicating it, set
// its event_id yourself and resend the same event.
//
// Threading: each Publisher is used from one thread. It owns its own ZeroMQ context.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "alertbus/v1/event.pb.h"
#include "alertbus/v1/frame.pb.h"

#include "alertbus/client/credentials.hpp"
#include "alertbus/client/errors.hpp"
#include "alertbus/protocol/status.hpp"

namespace alertbus::client {

class Connection;

struct PublisherOptions {
  // The broker's client endpoint, tcp://host:port or ipc:///path.
  std::string endpoint;
  // Events in flight at most (the broker allows 1024 per connection by default).
  std::size_t window = 256;
  // An event without an answer for this long is sent again (same bytes).
  std::chrono::milliseconds ack_timeout{5000};
  // Ping period; the broker is considered dead after three periods of silence.
  std::chrono::milliseconds heartbeat_interval{2000};
  // Keys for a broker with security on (credentials.hpp); null: plain ZeroMQ. A Publisher
  // with credentials signs every event as the key file's principal.
  std::shared_ptr<const Credentials> credentials;
};

// The outcome of one submitted event.
struct PublishResult {
  std::string event_id;
  // OK, or the broker's refusal (never a retryable code: those are retried).
  Status status;
  // The acknowledgement when status is OK. `duplicate` is set when the broker had stored the
  // event before, which includes an earlier send of this same Publisher whose ack was lost.
  v1::PublishAck ack;
};

class Publisher {
 public:
  // Creates the socket and starts connecting in the background; an absent broker is not an
  // error here (events wait in the window). Fails with INVALID_VALUE for a bad endpoint or
  // option, INTERNAL for a ZeroMQ failure.
  static StatusOr<std::unique_ptr<Publisher>> connect(PublisherOptions options);

  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;
  ~Publisher();

  // Hands an event over for publishing and returns its event id. Assigns a new UUIDv7 when
  // event_id is empty, serializes the event once and sends it. While `window` events are in
  // flight, blocks (processing replies) until one completes or `timeout` passes (no timeout:
  // wait as long as it takes). Submitting an event id that is still in flight returns that
  // id without sending a second copy.
  // Fails with MESSAGE_TOO_LARGE beyond the default event size limit, INVALID_EVENT_ID for a
  // malformed event_id, kUnavailable when the window stayed full until `timeout`,
  // INTERNAL on a ZeroMQ failure. Nothing is kept when it fails.
  StatusOr<std::string> submit(v1::Event event,
                               std::optional<std::chrono::milliseconds> timeout = std::nullopt);

  // Processes replies and resends for up to `timeout`, returning as soon as at least one
  // result is available, and then returns all results available (possibly none).
  // Fails only with INTERNAL on a ZeroMQ failure.
  StatusOr<std::vector<PublishResult>> poll(std::chrono::milliseconds timeout);

  // Processes replies until no event is in flight. Results stay buffered for poll().
  // Fails with kUnavailable if events are still in flight after `timeout` (they stay in
  // flight), INTERNAL on a ZeroMQ failure.
  Status flush(std::chrono::milliseconds timeout);

  // Submits one event and waits for its result: the acknowledgement, or the broker's refusal
  // as a Status. Other events' results stay buffered for poll(). Fails with kUnavailable
  // after `timeout` (the event stays in flight and is still resent while this Publisher
  // lives), or as submit() does.
  StatusOr<v1::PublishAck> publish(v1::Event event, std::chrono::milliseconds timeout);

  // Events submitted and not yet acknowledged or refused.
  std::size_t in_flight() const { return in_flight_.size(); }

  // How often the connection was replaced after the broker fell silent.
  std::uint64_t reconnects() const;

 private:
  struct Pending {
    std::string event_id;
    std::string frame_bytes;  // The whole Publish frame, serialized once.
    bool sent = false;        // Queued on the current socket.
    Clock::time_point sent_at;
    Clock::time_point retry_at;  // Not before this (after a retryable error).
    int retries = 0;
  };

  explicit Publisher(PublisherOptions options, std::unique_ptr<Connection> connection);
  StatusOr<bool> pump(Clock::time_point until, bool (Publisher::*done)() const);
  StatusOr<bool> send_due(Clock::time_point now, Clock::time_point* next_due, bool* want_writable);
  void handle_frame(const v1::Frame& frame);
  void mark_all_unsent();
  void complete(std::uint64_t request_id, Status status, v1::PublishAck ack);

  bool has_room() const { return in_flight_.size() < options_.window; }

  bool has_result() const { return !results_.empty(); }

  bool is_idle() const { return in_flight_.empty(); }

  bool awaited_done() const;

  PublisherOptions options_;
  std::unique_ptr<Connection> connection_;
  // In flight, keyed by request id, which is also submission order.
  std::map<std::uint64_t, Pending> in_flight_;
  std::unordered_map<std::string, std::uint64_t> request_by_event_id_;
  std::deque<PublishResult> results_;
  std::string awaited_event_id_;  // publish(): the event whose result ends the wait.
};

}  // namespace alertbus::client
