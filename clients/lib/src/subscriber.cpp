#include "alertbus/client/subscriber.hpp"

#include <algorithm>
#include <deque>
#include <utility>

#include <google/protobuf/util/time_util.h>

#include "credited_stream.hpp"

namespace alertbus::client {
namespace {

constexpr std::uint32_t kDefaultCredit = 256;
constexpr std::uint32_t kMaxCredit = 10000;

}  // namespace

// The events of one subscription, on the CreditedStream that Subscriber and CaseWatcher share;
// what is its own: where a Subscribe starts, skipping events delivered again, and
// acknowledging (cumulatively) what the application processed.
class Subscriber::Stream : public CreditedStream {
 public:
  Stream(SubscriberOptions options, std::unique_ptr<Connection> connection)
      : CreditedStream(std::move(connection), options.credit), options_(std::move(options)) {}

  Status start() { return CreditedStream::start(options_.subscribe_timeout); }

  StatusOr<std::optional<v1::StoredEvent>> next(std::chrono::milliseconds timeout) {
    mark_processed();
    if (Status status = ready_for_next(closed_failure(), timeout); !status.ok()) {
      return status;
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

  Status ack() {
    if (Status status = usable(closed_failure()); !status.ok()) {
      return status;
    }
    mark_processed();
    return return_credit(true);
  }

  void close(bool forget, std::chrono::milliseconds linger) {
    if (closed()) {
      return;
    }
    mark_processed();
    if (usable({}).ok()) {
      // Best effort: a lost final acknowledgement only means redelivery later.
      (void)return_credit(true);
    }
    close_stream(forget, linger);
  }

  const v1::Subscribed& subscribed() const { return subscribed_; }

  std::uint64_t last_seq() const { return last_handed_seq_; }

 private:
  static Status closed_failure() {
    return Status::error(v1::UNKNOWN_SUBSCRIPTION, "the subscriber is closed",
                         "đăng ký theo dõi đã đóng");
  }

  void mark_processed() {
    if (handed_unprocessed_) {
      handed_unprocessed_ = false;
      processed_seq_ = last_handed_seq_;
      took_item();
    }
  }

  void fill_subscribe(v1::Frame* frame) override {
    v1::Subscribe* subscribe = frame->mutable_subscribe();
    subscribe->set_durable_name(options_.durable_name);
    *subscribe->mutable_filter() = options_.filter;
    subscribe->set_credit(options_.credit);
    if (subscribed_.subscription_id() != 0) {
      // Confirmed before: continue right after what the application has already seen. A
      // durable name with a stored cursor ignores this and resumes at the cursor, which may
      // repeat events; those are skipped on arrival.
      subscribe->set_after_seq(std::max(last_handed_seq_, subscribed_.start_after_seq()));
      return;
    }
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

  void on_subscribed(const v1::Subscribed& subscribed) override { subscribed_ = subscribed; }

  bool take_items(const v1::Frame& frame) override {
    if (!frame.has_delivery() || frame.delivery().subscription_id() != subscription_id()) {
      return false;
    }
    for (const v1::StoredEvent& event : frame.delivery().events()) {
      delivered_seq_ = std::max(delivered_seq_, event.seq());
      if (event.seq() <= highest_seen_seq_) {
        // Delivered before (a resumed durable cursor, or a repeat): skip it, but it used
        // one credit at the broker, so give that back.
        took_item();
        continue;
      }
      highest_seen_seq_ = event.seq();
      buffer_.push_back(event);
    }
    connection().set_last_seq(highest_seen_seq_);
    return true;
  }

  void on_resubscribe() override {
    // Whatever was buffered but not returned will be delivered again after the new Subscribe.
    buffer_.clear();
    highest_seen_seq_ = last_handed_seq_;
    delivered_seq_ = 0;
  }

  bool has_items() const override { return !buffer_.empty(); }

  std::uint64_t ack_position() const override {
    // Acknowledge only what this subscription has delivered: after a durable resume the
    // broker may not have re-sent everything the application processed before.
    const std::uint64_t up_to = std::min(processed_seq_, delivered_seq_);
    return up_to <= subscribed_.start_after_seq() ? 0 : up_to;
  }

  SubscriberOptions options_;
  v1::Subscribed subscribed_;
  std::deque<v1::StoredEvent> buffer_;  // Received, not yet returned.
  std::uint64_t highest_seen_seq_ = 0;  // Highest seq returned or buffered.
  std::uint64_t last_handed_seq_ = 0;   // Last seq next() returned.
  bool handed_unprocessed_ = false;     // next() returned an event not yet processed.
  std::uint64_t processed_seq_ = 0;     // Highest seq processed by the application.
  std::uint64_t delivered_seq_ = 0;     // Highest seq the current subscription delivered.
};

Subscriber::Subscriber(std::unique_ptr<Stream> stream) : stream_(std::move(stream)) {}

Subscriber::~Subscriber() = default;

StatusOr<std::unique_ptr<Subscriber>> Subscriber::connect(SubscriberOptions options) {
  if (options.credit == 0) {
    options.credit = kDefaultCredit;
  }
  if (options.credit > kMaxCredit) {
    return Status::error(v1::INVALID_VALUE, "credit must be between 1 and 10000",
                         "hạn mức (credit) phải từ 1 đến 10000", "credit");
  }
  StatusOr<std::unique_ptr<Stream>> stream = start_stream<Stream>(std::move(options));
  if (!stream.ok()) {
    return stream.status();
  }
  return std::unique_ptr<Subscriber>(new Subscriber(std::move(stream).value()));
}

StatusOr<std::optional<v1::StoredEvent>> Subscriber::next(std::chrono::milliseconds timeout) {
  return stream_->next(timeout);
}

Status Subscriber::ack() {
  return stream_->ack();
}

void Subscriber::close(bool forget, std::chrono::milliseconds linger) {
  stream_->close(forget, linger);
}

const v1::Subscribed& Subscriber::subscribed() const {
  return stream_->subscribed();
}

std::uint64_t Subscriber::last_seq() const {
  return stream_->last_seq();
}

std::uint64_t Subscriber::reconnects() const {
  return stream_->reconnects();
}

}  // namespace alertbus::client
