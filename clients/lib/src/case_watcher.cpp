#include "alertbus/client/case_watcher.hpp"

#include <algorithm>
#include <deque>
#include <string>
#include <unordered_set>
#include <utility>

#include "credited_stream.hpp"

namespace alertbus::client {
namespace {

constexpr std::uint32_t kMaxCredit = 10000;

}  // namespace

// The case changes of one CaseSubscribe, on the CreditedStream that Subscriber and
// CaseWatcher share; what is its own: starting from now or after a position, and skipping
// changes already seen. Positions never decrease, but one event can change several cases,
// which then share its position: a change is new when its position is higher than the
// highest seen, or equal to it for a case not seen at that position. Subscribing again goes
// back one position and skips the cases already returned at the last one.
class CaseWatcher::Stream : public CreditedStream {
 public:
  Stream(CaseWatcherOptions options, std::unique_ptr<Connection> connection)
      : CreditedStream(std::move(connection), options.credit),
        options_(std::move(options)),
        highest_seen_(options_.after_position),
        last_position_(options_.after_position) {}

  Status start() { return CreditedStream::start(options_.subscribe_timeout); }

  StatusOr<std::optional<v1::CaseChange>> next(std::chrono::milliseconds timeout) {
    const Status closed = Status::error(v1::UNKNOWN_SUBSCRIPTION, "the case watcher is closed",
                                        "việc theo dõi vụ việc đã đóng");
    if (Status status = ready_for_next(closed, timeout); !status.ok()) {
      return status;
    }
    if (buffer_.empty()) {
      return std::optional<v1::CaseChange>();
    }
    std::optional<v1::CaseChange> change(std::move(buffer_.front()));
    buffer_.pop_front();
    if (change->position() != last_position_) {
      returned_at_last_.clear();
    }
    last_position_ = change->position();
    returned_at_last_.insert(change->alert_case().event_id());
    took_item();
    return change;
  }

  void close(std::chrono::milliseconds linger) { close_stream(false, linger); }

  std::uint64_t last_position() const { return last_position_; }

 private:
  void fill_subscribe(v1::Frame* frame) override {
    v1::CaseSubscribe* subscribe = frame->mutable_case_subscribe();
    *subscribe->mutable_filter() = options_.filter;
    subscribe->set_credit(options_.credit);
    if (options_.from_now && !confirmed_once()) {
      subscribe->set_from_now(true);
    } else {
      // Again (or for the first time) after the last change handed to the application:
      // from the position before it, since cases changed by the same event may be missing
      // (take_items skips the ones already returned).
      subscribe->set_after_position(
          returned_at_last_.empty() || last_position_ == 0 ? last_position_ : last_position_ - 1);
    }
  }

  void on_subscribed(const v1::Subscribed& subscribed) override {
    if (!confirmed_once() && options_.from_now) {
      // Resume from where "now" was, should the connection be replaced.
      last_position_ = std::max(last_position_, subscribed.start_after_seq());
      highest_seen_ = std::max(highest_seen_, last_position_);
    }
  }

  bool take_items(const v1::Frame& frame) override {
    if (!frame.has_case_changes() || frame.case_changes().subscription_id() != subscription_id()) {
      return false;
    }
    for (const v1::CaseChange& change : frame.case_changes().changes()) {
      const std::string& case_id = change.alert_case().event_id();
      if (change.position() < highest_seen_ ||
          (change.position() == highest_seen_ && seen_at_highest_.contains(case_id))) {
        took_item();  // Seen before; its credit goes back.
        continue;
      }
      if (change.position() > highest_seen_) {
        highest_seen_ = change.position();
        seen_at_highest_.clear();
      }
      seen_at_highest_.insert(case_id);
      buffer_.push_back(change);
    }
    return true;
  }

  void on_resubscribe() override {
    // Changes buffered but not returned come again after the new CaseSubscribe.
    buffer_.clear();
    highest_seen_ = last_position_;
    seen_at_highest_ = returned_at_last_;
  }

  bool has_items() const override { return !buffer_.empty(); }

  CaseWatcherOptions options_;
  std::deque<v1::CaseChange> buffer_;  // Received, not yet returned.
  std::uint64_t highest_seen_ = 0;     // Highest position returned or buffered.
  std::uint64_t last_position_ = 0;    // Last position next() returned.
  // The cases (event ids) buffered or returned at highest_seen_, and returned at
  // last_position_.
  std::unordered_set<std::string> seen_at_highest_;
  std::unordered_set<std::string> returned_at_last_;
};

CaseWatcher::CaseWatcher(std::unique_ptr<Stream> stream) : stream_(std::move(stream)) {}

CaseWatcher::~CaseWatcher() = default;

StatusOr<std::unique_ptr<CaseWatcher>> CaseWatcher::connect(CaseWatcherOptions options) {
  if (options.credit == 0 || options.credit > kMaxCredit) {
    return Status::error(v1::INVALID_VALUE, "credit must be between 1 and 10000",
                         "hạn mức (credit) phải từ 1 đến 10000", "credit");
  }
  StatusOr<std::unique_ptr<Stream>> stream = start_stream<Stream>(std::move(options));
  if (!stream.ok()) {
    return stream.status();
  }
  return std::unique_ptr<CaseWatcher>(new CaseWatcher(std::move(stream).value()));
}

StatusOr<std::optional<v1::CaseChange>> CaseWatcher::next(std::chrono::milliseconds timeout) {
  return stream_->next(timeout);
}

std::uint64_t CaseWatcher::last_position() const {
  return stream_->last_position();
}

std::uint64_t CaseWatcher::reconnects() const {
  return stream_->reconnects();
}

void CaseWatcher::close(std::chrono::milliseconds linger) {
  stream_->close(linger);
}

}  // namespace alertbus::client
