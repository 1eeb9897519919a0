#include "alertbus/client/subscriber.hpp"

#include <algorithm>
#include <utility>

#include <google/protobuf/util/time_util.h>

#include "connection.hpp"

namespace alertbus::client {
namespace {

constexpr std::uint32_t kDefaultCredit = 256;
constexpr std::uint32_t kMaxCredit = 10000;
// Pause before subscribing again after a retryable refusal (the broker is shutting down).
constexpr std::chrono::milliseconds kResubscribeBackoff{1000};

}  // namespace

Subscriber::Subscriber(SubscriberOptions options, std::unique_ptr<Connection> connection)
    : options_(std::move(options)), connection_(std::move(connection)) {}

Subscriber::~Subscriber() = default;

std::uint64_t Subscriber::reconnects() const {
  return connection_->reconnects();
}

StatusOr<std::unique_ptr<Subscriber>> Subscriber::connect(SubscriberOptions options) {
  if (options.credit == 0) {
    options.credit = kDefaultCredit;
  }
  if (options.credit > kMaxCredit) {
    return Status::error(v1::INVALID_VALUE, "credit must be between 1 and 10000",
                         "hạn mức (credit) phải từ 1 đến 10000", "credit");
  }
  StatusOr<std::unique_ptr<Connection>> connection =
      Connection::open({options.endpoint, options.heartbeat_interval, 3, options.credentials});
  if (!connection.ok()) {
    return connection.status();
  }
  const std::chrono::milliseconds timeout = options.subscribe_timeout;
  std::unique_ptr<Subscriber> subscriber(
      new Subscriber(std::move(options), std::move(connection).value()));
  subscriber->resubscribe();
  // Wait for the confirmation (or a refusal).
  if (Status status = subscriber->pump(Clock::now() + timeout, false); !status.ok()) {
    return status;
  }
  if (!subscriber->confirmed_) {
    return subscriber->connection_->unavailable(timeout);
  }
  return subscriber;
}

void Subscriber::resubscribe() {
  // Whatever was buffered but not returned will be delivered again after the new Subscribe.
  buffer_.clear();
  highest_seen_seq_ = last_handed_seq_;
  confirmed_ = false;
  connection_->expect_subscription(false);
  subscribe_sent_ = false;
  subscription_id_ = connection_->next_request_id();
  resubscribe_at_ = Clock::now();
  acked_seq_ = 0;
  delivered_seq_ = 0;
  consumed_ = 0;
}

Status Subscriber::send_subscribe() {
  v1::Frame frame;
  frame.set_request_id(subscription_id_);
  v1::Subscribe* subscribe = frame.mutable_subscribe();
  subscribe->set_durable_name(options_.durable_name);
  *subscribe->mutable_filter() = options_.filter;
  subscribe->set_credit(options_.credit);
  if (subscribed_.subscription_id() != 0) {
    // Confirmed before: continue right after what the application has already seen. A
    // durable name with a stored cursor ignores this and resumes at the cursor, which may
    // repeat events; those are skipped on arrival.
    subscribe->set_after_seq(std::max(last_handed_seq_, subscribed_.start_after_seq()));
  } else {
    switch (options_.start.kind) {
      case StartPosition::Kind::kFromBeginning:
        subscribe->set_from_beginning(true);
        break;
      case StartPosition::Kind::kAfterSeq:
        subscribe->set_after_seq(options_.start.after_seq);
        break;
      case StartPosition::Kind::kFromTime:
        *subscribe->mutable_from_time() = google::protobuf::util::TimeUtil::MillisecondsToTimestamp(
            options_.start.from_time_unix_ms);
        break;
      case StartPosition::Kind::kFromNow:
        subscribe->set_from_now(true);
        break;
    }
  }
  StatusOr<bool> sent = connection_->try_send(frame);
  if (!sent.ok()) {
    return sent.status();
  }
  subscribe_sent_ = *sent;
  return {};
}

void Subscriber::mark_processed() {
  if (handed_unprocessed_) {
    handed_unprocessed_ = false;
    processed_seq_ = last_handed_seq_;
    ++consumed_;
  }
}

Status Subscriber::send_ack_if_due(bool idle) {
  if (!confirmed_) {
    return {};
  }
  // Acknowledge only what this subscription has delivered: after a durable resume the broker
  // may not have re-sent everything the application processed before.
  std::uint64_t up_to = std::min(processed_seq_, delivered_seq_);
  if (up_to <= subscribed_.start_after_seq()) {
    up_to = 0;  // Nothing this subscription delivered: acknowledge nothing.
  }
  const std::uint32_t batch = std::max<std::uint32_t>(1, options_.credit / 2);
  const bool due = consumed_ >= batch || (idle && (consumed_ > 0 || up_to > acked_seq_));
  if (!due) {
    return {};
  }
  v1::Frame frame;
  // A DeliveryAck is not answered; the broker reports a problem with it under this id.
  frame.set_request_id(subscription_id_);
  v1::DeliveryAck* ack = frame.mutable_delivery_ack();
  ack->set_subscription_id(subscription_id_);
  ack->set_up_to_seq(up_to);
  ack->set_credit(consumed_);
  StatusOr<bool> sent = connection_->try_send(frame);
  if (!sent.ok()) {
    return sent.status();
  }
  if (*sent) {
    acked_seq_ = std::max(acked_seq_, up_to);
    consumed_ = 0;
  }
  return {};
}

void Subscriber::handle_frame(const v1::Frame& frame) {
  if (frame.has_subscribed() && frame.request_id() == subscription_id_) {
    confirmed_ = true;
    subscribed_ = frame.subscribed();
    connection_->expect_subscription(true);
    return;
  }
  if (frame.has_delivery() && frame.delivery().subscription_id() == subscription_id_) {
    for (const v1::StoredEvent& event : frame.delivery().events()) {
      delivered_seq_ = std::max(delivered_seq_, event.seq());
      if (event.seq() <= highest_seen_seq_) {
        // Delivered before (a resumed durable cursor, or a repeat): skip it, but it used
        // one credit at the broker, so give that back.
        ++consumed_;
        continue;
      }
      highest_seen_seq_ = event.seq();
      buffer_.push_back(event);
    }
    connection_->set_last_seq(highest_seen_seq_);
    return;
  }
  if (!frame.has_error()) {
    return;
  }
  const Status status = Status::from_proto(frame.error());
  // The broker no longer knows the subscription (it forgot this connection): subscribe
  // again. Errors about a DeliveryAck carry the subscription id as their request id; errors
  // older than the current Subscribe are stale and ignored.
  if (status.code() == v1::UNKNOWN_SUBSCRIPTION) {
    if (frame.request_id() >= subscription_id_) {
      resubscribe();
    }
    return;
  }
  if (frame.request_id() == subscription_id_) {
    if (is_retryable(status.code())) {
      resubscribe();
      resubscribe_at_ = Clock::now() + kResubscribeBackoff;
      return;
    }
    failure_ = status;  // Taken over, or refused: nothing to resume.
  }
}

Status Subscriber::pump(Clock::time_point until, bool stop_on_event) {
  while (true) {
    if (!failure_.ok()) {
      return failure_;
    }
    if (stop_on_event ? has_event() : confirmed_) {
      return {};
    }
    const Clock::time_point now = Clock::now();
    Clock::time_point wake_at = until;
    bool want_writable = false;
    if (!subscribe_sent_) {
      if (now >= resubscribe_at_) {
        if (Status status = send_subscribe(); !status.ok()) {
          return status;
        }
        want_writable = !subscribe_sent_;
      } else {
        wake_at = std::min(wake_at, resubscribe_at_);
      }
    }
    // About to wait for events: acknowledge what was processed and return its credit.
    if (Status status = send_ack_if_due(true); !status.ok()) {
      return status;
    }
    StatusOr<Connection::Wake> wake = connection_->wait(wake_at, want_writable);
    if (!wake.ok()) {
      return wake.status();
    }
    if (*wake == Connection::Wake::kFrame) {
      handle_frame(connection_->frame());
    } else if (*wake == Connection::Wake::kReconnected) {
      resubscribe();
    }
    if (Clock::now() >= until && failure_.ok() && !(stop_on_event ? has_event() : confirmed_)) {
      return {};
    }
  }
}

StatusOr<std::optional<v1::StoredEvent>> Subscriber::next(std::chrono::milliseconds timeout) {
  if (closed_) {
    return Status::error(v1::UNKNOWN_SUBSCRIPTION, "the subscriber is closed",
                         "đăng ký theo dõi đã đóng");
  }
  if (!failure_.ok()) {
    return failure_;
  }
  mark_processed();
  if (Status status = send_ack_if_due(false); !status.ok()) {
    return status;
  }
  if (buffer_.empty()) {
    if (Status status = pump(Clock::now() + timeout, true); !status.ok()) {
      return status;
    }
  }
  if (buffer_.empty()) {
    return std::optional<v1::StoredEvent>();
  }
  std::optional<v1::StoredEvent> event(std::move(buffer_.front()));
  buffer_.pop_front();
  last_handed_seq_ = event->seq();
  handed_unprocessed_ = true;
  return event;
}

Status Subscriber::ack() {
  if (closed_) {
    return Status::error(v1::UNKNOWN_SUBSCRIPTION, "the subscriber is closed",
                         "đăng ký theo dõi đã đóng");
  }
  if (!failure_.ok()) {
    return failure_;
  }
  mark_processed();
  return send_ack_if_due(true);
}

void Subscriber::close(bool forget, std::chrono::milliseconds linger) {
  if (closed_) {
    return;
  }
  closed_ = true;
  mark_processed();
  if (failure_.ok() && confirmed_) {
    // Best effort: a lost final acknowledgement only means redelivery later.
    (void)send_ack_if_due(true);
    v1::Frame frame;
    frame.set_request_id(connection_->next_request_id());
    frame.mutable_unsubscribe()->set_subscription_id(subscription_id_);
    frame.mutable_unsubscribe()->set_forget(forget);
    (void)connection_->try_send(frame);
  }
  connection_->close(linger);
}

}  // namespace alertbus::client
