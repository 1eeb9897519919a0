#include "alertbus/client/case_watcher.hpp"

#include <algorithm>
#include <utility>

#include "connection.hpp"

namespace alertbus::client {
namespace {

constexpr std::uint32_t kMaxCredit = 10000;
// Pause before subscribing again after a retryable refusal.
constexpr std::chrono::milliseconds kResubscribeBackoff{1000};

}  // namespace

CaseWatcher::CaseWatcher(CaseWatcherOptions options, std::unique_ptr<Connection> connection)
    : options_(std::move(options)), connection_(std::move(connection)) {
  last_position_ = options_.after_position;
  highest_seen_ = options_.after_position;
}

CaseWatcher::~CaseWatcher() = default;

std::uint64_t CaseWatcher::reconnects() const {
  return connection_->reconnects();
}

StatusOr<std::unique_ptr<CaseWatcher>> CaseWatcher::connect(CaseWatcherOptions options) {
  if (options.credit == 0 || options.credit > kMaxCredit) {
    return Status::error(v1::INVALID_VALUE, "credit must be between 1 and 10000",
                         "hạn mức (credit) phải từ 1 đến 10000", "credit");
  }
  StatusOr<std::unique_ptr<Connection>> connection =
      Connection::open({options.endpoint, options.heartbeat_interval, 3, options.credentials});
  if (!connection.ok()) {
    return connection.status();
  }
  const std::chrono::milliseconds timeout = options.subscribe_timeout;
  std::unique_ptr<CaseWatcher> watcher(
      new CaseWatcher(std::move(options), std::move(connection).value()));
  watcher->resubscribe();
  if (Status status = watcher->pump(Clock::now() + timeout, false); !status.ok()) {
    return status;
  }
  if (!watcher->confirmed_) {
    return watcher->connection_->unavailable(timeout);
  }
  return watcher;
}

void CaseWatcher::resubscribe() {
  // Changes buffered but not returned come again after the new CaseSubscribe.
  buffer_.clear();
  highest_seen_ = last_position_;
  confirmed_ = false;
  connection_->expect_subscription(false);
  subscribe_sent_ = false;
  subscription_id_ = connection_->next_request_id();
  resubscribe_at_ = Clock::now();
  consumed_ = 0;
}

Status CaseWatcher::send_subscribe() {
  v1::Frame frame;
  frame.set_request_id(subscription_id_);
  v1::CaseSubscribe* subscribe = frame.mutable_case_subscribe();
  *subscribe->mutable_filter() = options_.filter;
  subscribe->set_credit(options_.credit);
  if (options_.from_now && !confirmed_once_) {
    subscribe->set_from_now(true);
  } else {
    // Again (or for the first time) after the last change handed to the application.
    subscribe->set_after_position(last_position_);
  }
  StatusOr<bool> sent = connection_->try_send(frame);
  if (!sent.ok()) {
    return sent.status();
  }
  subscribe_sent_ = *sent;
  return {};
}

Status CaseWatcher::return_credit(bool idle) {
  if (!confirmed_) {
    return {};
  }
  const std::uint32_t batch = std::max<std::uint32_t>(1, options_.credit / 2);
  if (consumed_ == 0 || (!idle && consumed_ < batch)) {
    return {};
  }
  v1::Frame frame;
  frame.set_request_id(subscription_id_);
  frame.mutable_delivery_ack()->set_subscription_id(subscription_id_);
  frame.mutable_delivery_ack()->set_credit(consumed_);
  StatusOr<bool> sent = connection_->try_send(frame);
  if (!sent.ok()) {
    return sent.status();
  }
  if (*sent) {
    consumed_ = 0;
  }
  return {};
}

void CaseWatcher::handle_frame(const v1::Frame& frame) {
  if (frame.has_subscribed() && frame.request_id() == subscription_id_) {
    confirmed_ = true;
    connection_->expect_subscription(true);
    if (!confirmed_once_ && options_.from_now) {
      // Resume from where "now" was, should the connection be replaced.
      last_position_ = std::max(last_position_, frame.subscribed().start_after_seq());
      highest_seen_ = std::max(highest_seen_, last_position_);
    }
    confirmed_once_ = true;
    return;
  }
  if (frame.has_case_changes() && frame.case_changes().subscription_id() == subscription_id_) {
    for (const v1::CaseChange& change : frame.case_changes().changes()) {
      if (change.position() <= highest_seen_) {
        ++consumed_;  // Seen before; its credit goes back.
        continue;
      }
      highest_seen_ = change.position();
      buffer_.push_back(change);
    }
    return;
  }
  if (!frame.has_error() || frame.request_id() < subscription_id_) {
    return;
  }
  const Status status = Status::from_proto(frame.error());
  if (status.code() == v1::UNKNOWN_SUBSCRIPTION || is_retryable(status.code())) {
    resubscribe();
    resubscribe_at_ = Clock::now() + kResubscribeBackoff;
    return;
  }
  if (frame.request_id() == subscription_id_) {
    failure_ = status;
  }
}

Status CaseWatcher::pump(Clock::time_point until, bool stop_on_change) {
  while (true) {
    if (!failure_.ok()) {
      return failure_;
    }
    if (stop_on_change ? !buffer_.empty() : confirmed_) {
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
    if (Clock::now() >= until && failure_.ok() &&
        !(stop_on_change ? !buffer_.empty() : confirmed_)) {
      return {};
    }
  }
}

StatusOr<std::optional<v1::CaseChange>> CaseWatcher::next(std::chrono::milliseconds timeout) {
  if (closed_) {
    return Status::error(v1::UNKNOWN_SUBSCRIPTION, "the case watcher is closed",
                         "việc theo dõi vụ việc đã đóng");
  }
  if (!failure_.ok()) {
    return failure_;
  }
  if (Status status = return_credit(false); !status.ok()) {
    return status;
  }
  if (buffer_.empty()) {
    if (Status status = pump(Clock::now() + timeout, true); !status.ok()) {
      return status;
    }
  }
  if (buffer_.empty()) {
    return std::optional<v1::CaseChange>();
  }
  std::optional<v1::CaseChange> change(std::move(buffer_.front()));
  buffer_.pop_front();
  last_position_ = change->position();
  ++consumed_;
  return change;
}

void CaseWatcher::close(std::chrono::milliseconds linger) {
  if (closed_) {
    return;
  }
  closed_ = true;
  if (failure_.ok() && confirmed_) {
    v1::Frame frame;
    frame.set_request_id(connection_->next_request_id());
    frame.mutable_unsubscribe()->set_subscription_id(subscription_id_);
    (void)connection_->try_send(frame);
  }
  connection_->close(linger);
}

}  // namespace alertbus::client
