// Tests of alertbus::client::Client (queries and status) against a scripted fake broker.
#include "alertbus/client/client.hpp"

#include <catch2/catch.hpp>

#include "clients/fake_broker.hpp"

namespace {

using namespace std::chrono_literals;
using alertbus::client::Client;
using alertbus::client::ClientOptions;
using alertbus::testing::error_reply;
using alertbus::testing::FakeBroker;
using alertbus::testing::sample_alert;
using alertbus::testing::stored_event;
namespace v1 = alertbus::v1;

// Answers queries from a small log of three events with references BG-2026-0000<seq>.
std::vector<v1::Frame> answer_query(const FakeBroker::Received& received) {
  v1::Frame reply;
  reply.set_request_id(received.frame.request_id());
  if (received.frame.has_status_request()) {
    v1::StatusReply* status = reply.mutable_status_reply();
    status->set_node_id("bac-giang");
    status->set_node_name("Bắc Giang");
    status->set_head_seq(3);
    return {reply};
  }
  const v1::Query& query = received.frame.query();
  std::vector<v1::StoredEvent> log;
  for (std::uint64_t seq = 1; seq <= 3; ++seq) {
    log.push_back(stored_event(seq, sample_alert("Cảnh báo " + std::to_string(seq))));
  }
  for (const v1::StoredEvent& event : log) {
    const bool match =
        (query.has_filter()) ||
        (query.by_case() == v1::Query::kEventId && query.event_id() == event.event_id()) ||
        (query.by_case() == v1::Query::kReference && query.reference() == event.reference());
    if (match && (!query.has_filter() || event.seq() > (query.page_token().empty() ? 0 : 1))) {
      *reply.mutable_query_result()->add_events() = event;
    }
  }
  if (query.has_filter() && query.page_token() == "bad") {
    return {error_reply(received.frame.request_id(), v1::INVALID_PAGE_TOKEN)};
  }
  if (!query.has_filter() && reply.query_result().events_size() == 0) {
    return {error_reply(received.frame.request_id(), v1::NOT_FOUND)};
  }
  if (query.has_filter() && query.page_token().empty()) {
    reply.mutable_query_result()->set_next_page_token("after-1");
  }
  return {reply};
}

std::unique_ptr<Client> connect_client(const FakeBroker& broker,
                                       std::chrono::milliseconds timeout = 2s) {
  ClientOptions options;
  options.endpoint = broker.endpoint();
  options.request_timeout = timeout;
  auto client = Client::connect(options);
  REQUIRE(client.ok());
  return std::move(client).value();
}

}  // namespace

TEST_CASE("A reference is looked up with a query by reference") {
  FakeBroker broker(answer_query);
  auto client = connect_client(broker);

  auto event = client->get_by_reference("BG-2026-00002");

  REQUIRE(event.ok());
  CHECK(event->seq() == 2);
  const auto queries = broker.received(v1::Frame::kQuery);
  REQUIRE(queries.size() == 1);
  CHECK(queries[0].frame.query().reference() == "BG-2026-00002");
}

TEST_CASE("An unknown reference is NOT_FOUND with the broker's messages") {
  FakeBroker broker(answer_query);
  auto client = connect_client(broker);

  auto event = client->get_by_reference("BG-2026-99999");

  REQUIRE_FALSE(event.ok());
  CHECK(event.status().code() == v1::NOT_FOUND);
  CHECK(event.status().message_vi() == "không tìm thấy");
}

TEST_CASE("A listing passes the filter, page size, page token and time window") {
  FakeBroker broker(answer_query);
  auto client = connect_client(broker);
  alertbus::client::ListRequest request;
  request.filter.add_kinds(v1::CROP_PEST);
  request.page_size = 2;
  request.since_unix_ms = 1'700'000'000'000;

  auto first = client->list(request);
  REQUIRE(first.ok());
  request.page_token = first->next_page_token;
  auto second = client->list(request);
  request.page_token = "bad";
  auto bad = client->list(request);

  CHECK(first->events.size() == 3);
  CHECK(first->next_page_token == "after-1");
  REQUIRE(second.ok());
  CHECK(second->events.size() == 2);
  CHECK(second->next_page_token.empty());
  CHECK(bad.status().code() == v1::INVALID_PAGE_TOKEN);
  const auto query = broker.received(v1::Frame::kQuery).at(0).frame.query();
  CHECK(query.page_size() == 2);
  CHECK(query.filter().kinds(0) == v1::CROP_PEST);
  CHECK(query.since().seconds() == 1'700'000'000);
  CHECK_FALSE(query.has_until());
}

TEST_CASE("The broker status is returned") {
  FakeBroker broker(answer_query);
  auto client = connect_client(broker);
  auto status = client->status();
  REQUIRE(status.ok());
  CHECK(status->node_name() == "Bắc Giang");
  CHECK(status->head_seq() == 3);
}

TEST_CASE("A request to a silent broker times out as unavailable") {
  FakeBroker broker(answer_query);
  broker.set_silent(true);
  auto client = connect_client(broker, 200ms);
  auto status = client->status();
  REQUIRE_FALSE(status.ok());
  CHECK(status.status().code() == alertbus::client::kUnavailable);
  CHECK(status.status().message_vi().find("không trả lời") != std::string::npos);
}

TEST_CASE("A request is sent again on the new connection after the broker fell silent") {
  FakeBroker broker(answer_query);
  broker.set_silent(true);
  ClientOptions options;
  options.endpoint = broker.endpoint();
  options.request_timeout = 3s;
  options.heartbeat_interval = 50ms;
  auto client = Client::connect(options);
  REQUIRE(client.ok());
  std::thread release([&broker] {
    REQUIRE(broker.wait_for(v1::Frame::kStatusRequest, 1));
    broker.ignore(broker.received(v1::Frame::kStatusRequest).at(0).identity);
    broker.set_silent(false);
  });

  auto status = (*client)->status();
  release.join();

  REQUIRE(status.ok());
  const auto requests = broker.received(v1::Frame::kStatusRequest);
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].identity != requests[0].identity);
}
