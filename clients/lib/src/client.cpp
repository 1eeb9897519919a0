#include "alertbus/client/client.hpp"

#include <string>
#include <utility>

#include <google/protobuf/util/time_util.h>

#include "alertbus/protocol/codec.hpp"
#include "connection.hpp"

namespace alertbus::client {
namespace {

using google::protobuf::util::TimeUtil;

Status unexpected_answer() {
  return Status::error(v1::INTERNAL, "the broker answered with an unexpected frame",
                       "broker trả lời bằng một khung không mong đợi");
}

}  // namespace

Client::Client(ClientOptions options, std::unique_ptr<Connection> connection)
    : options_(std::move(options)), connection_(std::move(connection)) {}

Client::~Client() = default;

StatusOr<std::unique_ptr<Client>> Client::connect(ClientOptions options) {
  StatusOr<std::unique_ptr<Connection>> connection =
      Connection::open({options.endpoint, options.heartbeat_interval, 3, options.credentials});
  if (!connection.ok()) {
    return connection.status();
  }
  return std::unique_ptr<Client>(new Client(std::move(options), std::move(connection).value()));
}

StatusOr<v1::Frame> Client::call(v1::Frame request) {
  const std::uint64_t request_id = connection_->next_request_id();
  request.set_request_id(request_id);
  const std::string bytes = protocol::encode_frame(request);
  const Clock::time_point until = Clock::now() + options_.request_timeout;
  // After a long pause the broker has forgotten this connection: start on a fresh one.
  if (StatusOr<bool> refreshed = connection_->refresh(); !refreshed.ok()) {
    return refreshed.status();
  }
  bool sent = false;
  while (true) {
    if (!sent) {
      StatusOr<bool> queued = connection_->try_send(bytes);
      if (!queued.ok()) {
        return queued.status();
      }
      sent = *queued;
    }
    StatusOr<Connection::Wake> wake = connection_->wait(until, !sent);
    if (!wake.ok()) {
      return wake.status();
    }
    if (*wake == Connection::Wake::kFrame && connection_->frame().request_id() == request_id) {
      return std::move(connection_->frame());
    }
    if (*wake == Connection::Wake::kReconnected) {
      sent = false;  // Read-only requests are safe to repeat.
    }
    if (Clock::now() >= until) {
      return connection_->unavailable(options_.request_timeout);
    }
  }
}

StatusOr<v1::StoredEvent> Client::get_one(v1::Query query) {
  v1::Frame request;
  *request.mutable_query() = std::move(query);
  StatusOr<v1::Frame> reply = call(std::move(request));
  if (!reply.ok()) {
    return reply.status();
  }
  if (reply->has_error()) {
    return Status::from_proto(reply->error());
  }
  if (!reply->has_query_result() || reply->query_result().events_size() == 0) {
    return Status::from_code(v1::NOT_FOUND);
  }
  return std::move(*reply->mutable_query_result()->mutable_events(0));
}

StatusOr<v1::StoredEvent> Client::get_by_id(std::string_view event_id) {
  v1::Query query;
  query.set_event_id(std::string(event_id));
  return get_one(std::move(query));
}

StatusOr<v1::StoredEvent> Client::get_by_reference(std::string_view reference) {
  v1::Query query;
  query.set_reference(std::string(reference));
  return get_one(std::move(query));
}

StatusOr<ListPage> Client::list(const ListRequest& request) {
  v1::Frame frame;
  v1::Query* query = frame.mutable_query();
  *query->mutable_filter() = request.filter;
  query->set_page_size(request.page_size);
  query->set_page_token(request.page_token);
  if (request.since_unix_ms) {
    *query->mutable_since() = TimeUtil::MillisecondsToTimestamp(*request.since_unix_ms);
  }
  if (request.until_unix_ms) {
    *query->mutable_until() = TimeUtil::MillisecondsToTimestamp(*request.until_unix_ms);
  }
  StatusOr<v1::Frame> reply = answer(std::move(frame), v1::Frame::kQueryResult);
  if (!reply.ok()) {
    return reply.status();
  }
  ListPage page;
  v1::QueryResult* result = reply->mutable_query_result();
  page.events.reserve(static_cast<std::size_t>(result->events_size()));
  for (v1::StoredEvent& event : *result->mutable_events()) {
    page.events.push_back(std::move(event));
  }
  page.next_page_token = result->next_page_token();
  return page;
}

StatusOr<v1::Frame> Client::answer(v1::Frame request, v1::Frame::BodyCase expected) {
  StatusOr<v1::Frame> reply = call(std::move(request));
  if (!reply.ok()) {
    return reply.status();
  }
  if (reply->has_error()) {
    return Status::from_proto(reply->error());
  }
  if (reply->body_case() != expected) {
    return unexpected_answer();
  }
  return reply;
}

StatusOr<v1::CaseList> Client::cases(const v1::CaseQuery& query) {
  v1::Frame request;
  *request.mutable_case_query() = query;
  StatusOr<v1::Frame> reply = answer(std::move(request), v1::Frame::kCaseList);
  if (!reply.ok()) {
    return reply.status();
  }
  return std::move(*reply->mutable_case_list());
}

StatusOr<v1::Directory> Client::directory() {
  v1::Frame request;
  request.mutable_directory_request();
  StatusOr<v1::Frame> reply = answer(std::move(request), v1::Frame::kDirectory);
  if (!reply.ok()) {
    return reply.status();
  }
  return std::move(*reply->mutable_directory());
}

StatusOr<std::vector<v1::StoredEvent>> Client::case_events(std::string_view alert) {
  v1::Frame request;
  request.mutable_query()->set_case_of(std::string(alert));
  StatusOr<v1::Frame> reply = answer(std::move(request), v1::Frame::kQueryResult);
  if (!reply.ok()) {
    return reply.status();
  }
  auto* events = reply->mutable_query_result()->mutable_events();
  return std::vector<v1::StoredEvent>(std::make_move_iterator(events->begin()),
                                      std::make_move_iterator(events->end()));
}

StatusOr<std::vector<v1::AlertCase>> Client::all_cases(v1::CaseQuery query, std::size_t max) {
  std::vector<v1::AlertCase> all;
  while (true) {
    StatusOr<v1::CaseList> page = cases(query);
    if (!page.ok()) {
      return page.status();
    }
    if (all.size() + static_cast<std::size_t>(page->cases_size()) > max) {
      return Status::error(
          v1::VALUE_OUT_OF_RANGE,
          "more than " + std::to_string(max) + " cases match; narrow the query",
          "có hơn " + std::to_string(max) + " hồ sơ phù hợp; hãy thu hẹp điều kiện tra cứu");
    }
    for (v1::AlertCase& alert_case : *page->mutable_cases()) {
      all.push_back(std::move(alert_case));
    }
    // A one-case query (by id or reference) has no further pages whatever the broker says.
    if (page->next_page_token().empty() || !query.event_id().empty() ||
        !query.reference().empty()) {
      return all;
    }
    if (page->next_page_token() == query.page_token()) {
      return Status::error(v1::INTERNAL, "the broker repeated the same page token",
                           "broker trả lại cùng một mã trang");
    }
    query.set_page_token(page->next_page_token());
  }
}

StatusOr<v1::StatusReply> Client::status() {
  v1::Frame request;
  request.mutable_status_request();
  StatusOr<v1::Frame> reply = answer(std::move(request), v1::Frame::kStatusReply);
  if (!reply.ok()) {
    return reply.status();
  }
  return std::move(*reply->mutable_status_reply());
}

StatusOr<v1::AdminReply> Client::admin(const v1::AdminRequest& request) {
  v1::Frame frame;
  *frame.mutable_admin_request() = request;
  StatusOr<v1::Frame> reply = answer(std::move(frame), v1::Frame::kAdminReply);
  if (!reply.ok()) {
    return reply.status();
  }
  return std::move(*reply->mutable_admin_reply());
}

}  // namespace alertbus::client
