#include "credited_stream.hpp"

#include <algorithm>
#include <utility>

namespace alertbus::client {
namespace {

// Pause before subscribing again after a retryable refusal (the broker is shutting down).
constexpr std::chrono::milliseconds kResubscribeBackoff{1000};

}  // namespace

CreditedStream::CreditedStream(std::unique_ptr<Connection> connection, std::uint32_t credit)
    : connection_(std::move(connection)), credit_(credit) {}

CreditedStream::~CreditedStream() = default;

std::uint64_t CreditedStream::reconnects() const {
  return connection_->reconnects();
}

Status CreditedStream::start(std::chrono::milliseconds timeout) {
  resubscribe();
  if (Status status = pump(Clock::now() + timeout, false); !status.ok()) {
    return status;
  }
  if (!confirmed_) {
    return connection_->unavailable(timeout);
  }
  return {};
}

Status CreditedStream::usable(const Status& closed_failure) const {
  if (closed_) {
    return closed_failure;
  }
  return failure_;
}

Status CreditedStream::ready_for_next(const Status& closed_failure,
                                      std::chrono::milliseconds timeout) {
  if (Status status = usable(closed_failure); !status.ok()) {
    return status;
  }
  if (Status status = return_credit(false); !status.ok()) {
    return status;
  }
  if (has_items()) {
    return {};
  }
  return pump(Clock::now() + timeout, true);
}

void CreditedStream::resubscribe() {
  on_resubscribe();
  confirmed_ = false;
  connection_->expect_subscription(false);
  subscribe_sent_ = false;
  subscription_id_ = connection_->next_request_id();
  resubscribe_at_ = Clock::now();
  consumed_ = 0;
  acked_position_ = 0;
}

Status CreditedStream::send_subscribe() {
  v1::Frame frame;
  frame.set_request_id(subscription_id_);
  fill_subscribe(&frame);
  StatusOr<bool> sent = connection_->try_send(frame);
  if (!sent.ok()) {
    return sent.status();
  }
  subscribe_sent_ = *sent;
  return {};
}

Status CreditedStream::return_credit(bool idle) {
  if (!confirmed_) {
    return {};
  }
  const std::uint64_t up_to = ack_position();
  const std::uint32_t batch = std::max<std::uint32_t>(1, credit_ / 2);
  const bool due = consumed_ >= batch || (idle && (consumed_ > 0 || up_to > acked_position_));
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
    acked_position_ = std::max(acked_position_, up_to);
    consumed_ = 0;
  }
  return {};
}

void CreditedStream::handle_frame(const v1::Frame& frame) {
  if (frame.has_subscribed() && frame.request_id() == subscription_id_) {
    confirmed_ = true;
    connection_->expect_subscription(true);
    on_subscribed(frame.subscribed());
    confirmed_once_ = true;
    return;
  }
  if (take_items(frame) || !frame.has_error()) {
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

Status CreditedStream::pump(Clock::time_point until, bool stop_on_item) {
  const auto done = [&] { return stop_on_item ? has_items() : confirmed_; };
  while (true) {
    if (!failure_.ok()) {
      return failure_;
    }
    if (done()) {
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
    // About to wait for items: return the credit of those taken (and acknowledge them).
    if (Status status = return_credit(true); !status.ok()) {
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
    if (Clock::now() >= until && failure_.ok() && !done()) {
      return {};
    }
  }
}

void CreditedStream::close_stream(bool forget, std::chrono::milliseconds linger) {
  if (closed_) {
    return;
  }
  closed_ = true;
  if (failure_.ok() && confirmed_) {
    // Best effort: a lost Unsubscribe ends with the connection anyway.
    v1::Frame frame;
    frame.set_request_id(connection_->next_request_id());
    frame.mutable_unsubscribe()->set_subscription_id(subscription_id_);
    frame.mutable_unsubscribe()->set_forget(forget);
    (void)connection_->try_send(frame);
  }
  connection_->close(linger);
}

}  // namespace alertbus::client
