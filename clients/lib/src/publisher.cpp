#include "alertbus/client/publisher.hpp"

#include <algorithm>
#include <utility>

#include "alertbus/protocol/codec.hpp"
#include "alertbus/protocol/event_id.hpp"
#include "connection.hpp"

namespace alertbus::client {
namespace {

// Pause before resending after a retryable error: 100 ms doubling per retry, capped at the
// ack timeout, so a broker that is shutting down or out of disk is not hammered.
std::chrono::milliseconds retry_backoff(int retries, std::chrono::milliseconds ack_timeout) {
  const std::chrono::milliseconds backoff(100L << std::min(retries, 8));
  return std::min(backoff, ack_timeout);
}

Clock::time_point deadline_after(std::chrono::milliseconds timeout) {
  return Clock::now() + timeout;
}

}  // namespace

Publisher::Publisher(PublisherOptions options, std::unique_ptr<Connection> connection)
    : options_(std::move(options)), connection_(std::move(connection)) {}

Publisher::~Publisher() = default;

StatusOr<std::unique_ptr<Publisher>> Publisher::connect(PublisherOptions options) {
  if (options.window == 0) {
    return Status::error(v1::INVALID_VALUE, "the publish window must be at least 1",
                         "cửa sổ gửi phải ít nhất là 1", "window");
  }
  if (options.ack_timeout <= std::chrono::milliseconds(0)) {
    return Status::error(v1::INVALID_VALUE, "the ack timeout must be positive",
                         "thời gian chờ xác nhận phải lớn hơn 0", "ack_timeout");
  }
  StatusOr<std::unique_ptr<Connection>> connection =
      Connection::open({options.endpoint, options.heartbeat_interval, 3, options.credentials});
  if (!connection.ok()) {
    return connection.status();
  }
  return std::unique_ptr<Publisher>(
      new Publisher(std::move(options), std::move(connection).value()));
}

std::uint64_t Publisher::reconnects() const {
  return connection_->reconnects();
}

StatusOr<std::string> Publisher::submit(v1::Event event,
                                        std::optional<std::chrono::milliseconds> timeout) {
  if (event.event_id().empty()) {
    event.set_event_id(protocol::new_event_id());
  } else if (!protocol::is_valid_event_id(event.event_id())) {
    return Status::from_code(v1::INVALID_EVENT_ID, "event_id");
  }
  std::string event_id = event.event_id();
  if (request_by_event_id_.count(event_id) != 0) {
    return event_id;
  }
  if (event.ByteSizeLong() > protocol::kDefaultMaxEventBytes) {
    return Status::from_code(v1::MESSAGE_TOO_LARGE);
  }
  if (!has_room()) {
    const Clock::time_point until = timeout ? deadline_after(*timeout) : Clock::time_point::max();
    StatusOr<bool> room = pump(until, &Publisher::has_room);
    if (!room.ok()) {
      return room.status();
    }
    if (!*room) {
      return connection_->unavailable(timeout.value_or(std::chrono::milliseconds(0)));
    }
  }
  // Serialized exactly once: every resend repeats these bytes.
  v1::Frame frame;
  const std::uint64_t request_id = connection_->next_request_id();
  frame.set_request_id(request_id);
  v1::Publish* publish = frame.mutable_publish();
  event.SerializeToString(publish->mutable_event());
  if (options_.credentials) {
    // The signature covers these exact bytes; the broker stores and relays them unchanged.
    publish->set_signature(
        protocol::sign_message(publish->event(), options_.credentials->signing_secret));
    publish->set_signer(options_.credentials->keys.principal);
  }
  Pending pending;
  pending.event_id = event_id;
  pending.frame_bytes = protocol::encode_frame(frame);
  pending.retry_at = Clock::now();
  in_flight_.emplace(request_id, std::move(pending));
  request_by_event_id_.emplace(event_id, request_id);

  // After a long pause the broker has forgotten this connection: do not send on it first.
  StatusOr<bool> refreshed = connection_->refresh();
  if (!refreshed.ok()) {
    return refreshed.status();
  }
  if (*refreshed) {
    mark_all_unsent();
  }

  Clock::time_point next_due;
  bool want_writable = false;
  StatusOr<bool> sent = send_due(Clock::now(), &next_due, &want_writable);
  if (!sent.ok()) {
    return sent.status();
  }
  return event_id;
}

StatusOr<std::vector<PublishResult>> Publisher::poll(std::chrono::milliseconds timeout) {
  if (results_.empty()) {
    StatusOr<bool> pumped = pump(deadline_after(timeout), &Publisher::has_result);
    if (!pumped.ok()) {
      return pumped.status();
    }
  }
  std::vector<PublishResult> results(std::make_move_iterator(results_.begin()),
                                     std::make_move_iterator(results_.end()));
  results_.clear();
  return results;
}

Status Publisher::flush(std::chrono::milliseconds timeout) {
  StatusOr<bool> idle = pump(deadline_after(timeout), &Publisher::is_idle);
  if (!idle.ok()) {
    return idle.status();
  }
  return *idle ? Status() : connection_->unavailable(timeout);
}

bool Publisher::awaited_done() const {
  return std::any_of(results_.begin(), results_.end(), [this](const PublishResult& result) {
    return result.event_id == awaited_event_id_;
  });
}

StatusOr<v1::PublishAck> Publisher::publish(v1::Event event, std::chrono::milliseconds timeout) {
  const Clock::time_point until = deadline_after(timeout);
  StatusOr<std::string> event_id = submit(std::move(event), timeout);
  if (!event_id.ok()) {
    return event_id.status();
  }
  awaited_event_id_ = *event_id;
  StatusOr<bool> done = pump(until, &Publisher::awaited_done);
  if (!done.ok()) {
    return done.status();
  }
  if (!*done) {
    return connection_->unavailable(timeout);
  }
  const auto it = std::find_if(results_.begin(), results_.end(), [this](const PublishResult& r) {
    return r.event_id == awaited_event_id_;
  });
  PublishResult result = std::move(*it);
  results_.erase(it);
  if (!result.status.ok()) {
    return std::move(result.status);
  }
  return std::move(result.ack);
}

StatusOr<bool> Publisher::send_due(Clock::time_point now, Clock::time_point* next_due,
                                   bool* want_writable) {
  bool blocked = false;
  for (auto& [request_id, pending] : in_flight_) {
    const Clock::time_point due =
        pending.sent ? pending.sent_at + options_.ack_timeout : pending.retry_at;
    if (due > now) {
      *next_due = std::min(*next_due, due);
      continue;
    }
    if (blocked) {
      *want_writable = true;
      continue;
    }
    StatusOr<bool> sent = connection_->try_send(pending.frame_bytes);
    if (!sent.ok()) {
      return sent.status();
    }
    if (!*sent) {
      // No connection yet or the queue is full: try again once the socket is writable.
      blocked = true;
      *want_writable = true;
      continue;
    }
    pending.sent = true;
    pending.sent_at = now;
    *next_due = std::min(*next_due, now + options_.ack_timeout);
  }
  return !blocked;
}

StatusOr<bool> Publisher::pump(Clock::time_point until, bool (Publisher::*done)() const) {
  while (true) {
    if ((this->*done)()) {
      return true;
    }
    const Clock::time_point now = Clock::now();
    Clock::time_point next_due = until;
    bool want_writable = false;
    StatusOr<bool> sent = send_due(now, &next_due, &want_writable);
    if (!sent.ok()) {
      return sent.status();
    }
    StatusOr<Connection::Wake> wake = connection_->wait(next_due, want_writable);
    if (!wake.ok()) {
      return wake.status();
    }
    switch (*wake) {
      case Connection::Wake::kFrame:
        handle_frame(connection_->frame());
        break;
      case Connection::Wake::kReconnected:
        mark_all_unsent();
        break;
      case Connection::Wake::kTimeout:
      case Connection::Wake::kWritable:
        break;
    }
    if (Clock::now() >= until && !(this->*done)()) {
      return false;
    }
  }
}

void Publisher::mark_all_unsent() {
  // The old socket may have lost anything: send everything again on the new one.
  for (auto& entry : in_flight_) {
    entry.second.sent = false;
    entry.second.retry_at = Clock::now();
  }
}

void Publisher::handle_frame(const v1::Frame& frame) {
  auto it = in_flight_.find(frame.request_id());
  if (frame.has_publish_ack()) {
    if (it == in_flight_.end()) {
      // Correlate by event id as well, in case the broker answered with another request id.
      const auto by_id = request_by_event_id_.find(frame.publish_ack().event_id());
      if (by_id == request_by_event_id_.end()) {
        return;  // A late answer to an event already completed.
      }
      it = in_flight_.find(by_id->second);
    }
    complete(it->first, Status(), frame.publish_ack());
    return;
  }
  if (!frame.has_error() || it == in_flight_.end()) {
    return;  // Not ours (for instance an error about a frame with request id 0).
  }
  const ErrorCode code = frame.error().code();
  if (is_retryable(code)) {
    Pending& pending = it->second;
    pending.sent = false;
    pending.retry_at = Clock::now() + retry_backoff(pending.retries, options_.ack_timeout);
    ++pending.retries;
    return;
  }
  complete(it->first, Status::from_proto(frame.error()), {});
}

void Publisher::complete(std::uint64_t request_id, Status status, v1::PublishAck ack) {
  auto it = in_flight_.find(request_id);
  PublishResult result;
  result.event_id = std::move(it->second.event_id);
  result.status = std::move(status);
  result.ack = std::move(ack);
  request_by_event_id_.erase(result.event_id);
  in_flight_.erase(it);
  results_.push_back(std::move(result));
}

}  // namespace alertbus::client
