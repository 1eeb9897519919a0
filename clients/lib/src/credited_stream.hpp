// CreditedStream: what a Subscriber and a CaseWatcher have in common. Each holds one
// subscription on a Connection, through which the broker streams items (events, case
// changes) never more than the credit ahead:
// - subscribing: the request id of the current Subscribe, sending it (again when the socket
//   could not take it), waiting for the confirmation;
// - credit: returned with a DeliveryAck as the application takes items, in batches of about
//   half the credit, and always before waiting for more; a subclass with a position to
//   acknowledge (a Subscriber's seq) has it carried in the same DeliveryAck;
// - resuming: when the connection is replaced, a Pong reports no subscription, or the
//   broker no longer knows it (UNKNOWN_SUBSCRIPTION), subscribe again at once; after a
//   retryable refusal of the Subscribe (SHUTTING_DOWN, ...), after a pause; any other refusal
//   is a sticky failure;
// - closing with an Unsubscribe.
//
// A subclass says what its Subscribe is, which frames carry its items and where it resumes.
//
// Internal to libalertbus. Threading: one thread, like its Connection.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>

#include "alertbus/v1/frame.pb.h"

#include "alertbus/client/errors.hpp"
#include "alertbus/protocol/status.hpp"
#include "connection.hpp"

namespace alertbus::client {

class CreditedStream {
 public:
  CreditedStream(const CreditedStream&) = delete;
  CreditedStream& operator=(const CreditedStream&) = delete;
  virtual ~CreditedStream();

  // How often the subscription was set up again on a new connection, or after a Pong that
  // reported none.
  std::uint64_t reconnects() const;

  bool closed() const { return closed_; }

 protected:
  // `credit`: the items the broker may send ahead, 1..10,000.
  CreditedStream(std::unique_ptr<Connection> connection, std::uint32_t credit);

  // Subscribes and waits until the broker confirms. Fails with the broker's refusal,
  // kUnavailable (or the broker's refusal of our key) when no confirmation came in `timeout`,
  // INTERNAL on a ZeroMQ failure.
  Status start(std::chrono::milliseconds timeout);

  // OK while the stream can be used; `closed_failure` once closed; the sticky failure after
  // one.
  Status usable(const Status& closed_failure) const;

  // Before handing out the next item: fails as usable() does; returns the credit of the items
  // taken once a batch has gathered, then waits up to `timeout` for an item unless one is
  // buffered already. Fails as start() does.
  Status ready_for_next(const Status& closed_failure, std::chrono::milliseconds timeout);

  // The application took (or the stream skipped) one item: its credit is due back.
  void took_item() { ++consumed_; }

  // Returns the credit due (with the position to acknowledge) when a batch has gathered, or
  // when `idle` and anything is due at all.
  Status return_credit(bool idle);

  // Ends the subscription (with `forget`, the broker also drops a durable cursor) unless it
  // failed, and closes the connection, giving the last frames up to `linger` to leave.
  void close_stream(bool forget, std::chrono::milliseconds linger);

  Connection& connection() { return *connection_; }

  std::uint64_t subscription_id() const { return subscription_id_; }

  // A subscription was confirmed before, on this or an earlier connection.
  bool confirmed_once() const { return confirmed_once_; }

  // The subclass's part.
  // Fills the body of the Subscribe (Subscribe or CaseSubscribe, with the credit).
  virtual void fill_subscribe(v1::Frame* frame) = 0;
  // The broker confirmed the current Subscribe (called before confirmed_once() turns true).
  virtual void on_subscribed(const v1::Subscribed& subscribed) = 0;
  // Buffers the items if `frame` carries them for the current subscription; true if it did.
  virtual bool take_items(const v1::Frame& frame) = 0;
  // Subscribing again: the broker sends again whatever was buffered and not handed out.
  virtual void on_resubscribe() = 0;
  virtual bool has_items() const = 0;

  // The position a DeliveryAck acknowledges, cumulative; 0: none.
  virtual std::uint64_t ack_position() const { return 0; }

 private:
  Status pump(Clock::time_point until, bool stop_on_item);
  void resubscribe();
  Status send_subscribe();
  void handle_frame(const v1::Frame& frame);

  std::unique_ptr<Connection> connection_;
  std::uint32_t credit_;
  std::uint64_t subscription_id_ = 0;  // Request id of the current Subscribe.
  bool subscribe_sent_ = false;        // The current Subscribe is queued.
  bool confirmed_ = false;             // Subscribed received for it.
  bool confirmed_once_ = false;
  Clock::time_point resubscribe_at_;  // Not before this (after a retryable refusal).
  std::uint32_t consumed_ = 0;        // Items taken since credit was last returned.
  std::uint64_t acked_position_ = 0;  // Highest position acknowledged on this subscription.
  Status failure_;                    // Sticky failure (takeover, refusal).
  bool closed_ = false;
};

// Opens a Connection for `options` (a SubscriberOptions or CaseWatcherOptions) and starts a
// Stream (a CreditedStream made from the options and the connection, with start()) on it.
template <typename Stream, typename Options>
StatusOr<std::unique_ptr<Stream>> start_stream(Options options) {
  StatusOr<std::unique_ptr<Connection>> connection =
      Connection::open({options.endpoint, options.heartbeat_interval, 3, options.credentials});
  if (!connection.ok()) {
    return connection.status();
  }
  auto stream = std::make_unique<Stream>(std::move(options), std::move(connection).value());
  if (Status status = stream->start(); !status.ok()) {
    return status;
  }
  return stream;
}

}  // namespace alertbus::client
