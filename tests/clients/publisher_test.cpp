// Tests of alertbus::client::Publisher against a scripted fake broker.
#include "alertbus/client/publisher.hpp"

#include <set>

#include <catch2/catch.hpp>

#include "alertbus/protocol/event_id.hpp"
#include "clients/fake_broker.hpp"

namespace {

using namespace std::chrono_literals;
using alertbus::client::Publisher;
using alertbus::client::PublisherOptions;
using alertbus::testing::ack_for;
using alertbus::testing::error_reply;
using alertbus::testing::FakeBroker;
using alertbus::testing::published_event;
using alertbus::testing::sample_alert;
namespace v1 = alertbus::v1;

constexpr auto kPublish = v1::Frame::kPublish;

std::unique_ptr<Publisher> connect_publisher(const FakeBroker& broker,
                                             std::chrono::milliseconds ack_timeout = 5s,
                                             std::chrono::milliseconds heartbeat = 2s) {
  PublisherOptions options;
  options.endpoint = broker.endpoint();
  options.ack_timeout = ack_timeout;
  options.heartbeat_interval = heartbeat;
  auto publisher = Publisher::connect(options);
  REQUIRE(publisher.ok());
  return std::move(publisher).value();
}

}  // namespace

TEST_CASE("A published event travels as one single-part frame and its ack is returned") {
  FakeBroker broker([](const FakeBroker::Received& received) -> std::vector<v1::Frame> {
    if (received.frame.has_publish()) {
      return {ack_for(received, 42)};
    }
    return {};
  });
  auto publisher = connect_publisher(broker);
  v1::Event event = sample_alert();
  event.clear_event_id();

  auto ack = publisher->publish(event, 3s);

  REQUIRE(ack.ok());
  CHECK(ack->seq() == 42);
  CHECK(ack->reference() == "BG-2026-00042");
  CHECK_FALSE(ack->duplicate());
  CHECK(alertbus::protocol::is_valid_event_id(ack->event_id()));
  const auto publishes = broker.received(kPublish);
  REQUIRE(publishes.size() == 1);
  CHECK(publishes[0].parts == 1);
  CHECK(published_event(publishes[0]).event_id() == ack->event_id());
  CHECK(published_event(publishes[0]).title() == event.title());
  CHECK(publisher->in_flight() == 0);
  for (const auto& received : broker.received()) {
    CHECK(received.parts == 1);
  }
}

TEST_CASE("A publisher keeps an event id the caller chose") {
  FakeBroker broker([](const FakeBroker::Received& received) -> std::vector<v1::Frame> {
    return {ack_for(received, 1)};
  });
  auto publisher = connect_publisher(broker);
  const v1::Event event = sample_alert();

  auto ack = publisher->publish(event, 3s);

  REQUIRE(ack.ok());
  CHECK(ack->event_id() == event.event_id());
}

TEST_CASE("When the first ack is lost the publisher resends the same bytes and event id") {
  int publishes_seen = 0;
  FakeBroker broker([&](const FakeBroker::Received& received) -> std::vector<v1::Frame> {
    if (++publishes_seen == 1) {
      return {};  // The ack of the first send is lost.
    }
    return {ack_for(received, 7, true)};
  });
  auto publisher = connect_publisher(broker, 150ms);

  auto ack = publisher->publish(sample_alert(), 3s);

  REQUIRE(ack.ok());
  CHECK(ack->duplicate());
  const auto publishes = broker.received(kPublish);
  REQUIRE(publishes.size() == 2);
  CHECK(publishes[1].bytes == publishes[0].bytes);
  CHECK(published_event(publishes[1]).event_id() == ack->event_id());
}

TEST_CASE("A silent broker makes the publisher reconnect with a new identity and resend") {
  FakeBroker broker([](const FakeBroker::Received& received) -> std::vector<v1::Frame> {
    return {ack_for(received, 3)};
  });
  broker.set_silent(true);
  // A long ack timeout: only the reconnect can cause the resend.
  auto publisher = connect_publisher(broker, 60s, 50ms);
  REQUIRE(publisher->submit(sample_alert()).ok());
  REQUIRE(publisher->poll(30ms).ok());  // Sends it once the connection is up.
  REQUIRE(broker.wait_for(kPublish, 1));
  broker.ignore(broker.received(kPublish)[0].identity);  // That connection stays dead.
  broker.set_silent(false);

  auto results = publisher->poll(3s);

  REQUIRE(results.ok());
  REQUIRE(results->size() == 1);
  CHECK((*results)[0].status.ok());
  CHECK(publisher->reconnects() >= 1);
  const auto publishes = broker.received(kPublish);
  REQUIRE(publishes.size() == 2);
  CHECK(publishes[1].identity != publishes[0].identity);
  CHECK(publishes[1].bytes == publishes[0].bytes);
}

TEST_CASE("Submit blocks while 256 events are in flight") {
  std::size_t outstanding = 0;
  std::size_t most_outstanding = 0;
  std::vector<FakeBroker::Received> held;
  std::uint64_t seq = 0;
  FakeBroker broker([&](const FakeBroker::Received& received) -> std::vector<v1::Frame> {
    held.push_back(received);
    most_outstanding = std::max(most_outstanding, ++outstanding);
    std::vector<v1::Frame> replies;
    if (held.size() == 256) {  // Answer only once the window is full.
      for (const auto& publish : held) {
        replies.push_back(ack_for(publish, ++seq));
      }
      outstanding -= held.size();
      held.clear();
    }
    return replies;
  });
  auto publisher = connect_publisher(broker);
  std::set<std::string> ids;

  for (int i = 0; i < 300; ++i) {
    auto id = publisher->submit(sample_alert(), 3s);
    REQUIRE(id.ok());
    ids.insert(*id);
    CHECK(publisher->in_flight() <= 256);
  }

  CHECK(broker.locked([&] { return most_outstanding; }) == 256);
  CHECK(ids.size() == 300);
  // 44 remain in flight and the fake waits for 256: they are never acknowledged.
  CHECK(publisher->flush(200ms).code() == alertbus::client::kUnavailable);
  CHECK(publisher->in_flight() == 44);
  auto results = publisher->poll(0ms);
  REQUIRE(results.ok());
  CHECK(results->size() == 256);
}

TEST_CASE("A refused event is reported with the broker's code and never resent") {
  FakeBroker broker([](const FakeBroker::Received& received) -> std::vector<v1::Frame> {
    return {error_reply(received.frame.request_id(), v1::MISSING_FIELD)};
  });
  auto publisher = connect_publisher(broker, 100ms);

  auto ack = publisher->publish(sample_alert(), 3s);

  REQUIRE_FALSE(ack.ok());
  CHECK(ack.status().code() == v1::MISSING_FIELD);
  CHECK_FALSE(ack.status().message_vi().empty());
  std::this_thread::sleep_for(300ms);
  auto results = publisher->poll(0ms);
  REQUIRE(results.ok());
  CHECK(results->empty());
  CHECK(broker.received(kPublish).size() == 1);
}

TEST_CASE("A retryable error makes the publisher resend the same event") {
  int publishes_seen = 0;
  FakeBroker broker([&](const FakeBroker::Received& received) -> std::vector<v1::Frame> {
    if (++publishes_seen == 1) {
      return {error_reply(received.frame.request_id(), v1::STORE_FAILURE)};
    }
    return {ack_for(received, 9)};
  });
  auto publisher = connect_publisher(broker);

  auto ack = publisher->publish(sample_alert(), 3s);

  REQUIRE(ack.ok());
  const auto publishes = broker.received(kPublish);
  REQUIRE(publishes.size() == 2);
  CHECK(publishes[0].bytes == publishes[1].bytes);
}

TEST_CASE("Results of submitted events come back through poll and flush empties the window") {
  std::uint64_t seq = 0;
  FakeBroker broker([&](const FakeBroker::Received& received) -> std::vector<v1::Frame> {
    ++seq;
    if (seq == 2) {
      return {error_reply(received.frame.request_id(), v1::KIND_MISMATCH)};
    }
    return {ack_for(received, seq)};
  });
  auto publisher = connect_publisher(broker);
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    auto id = publisher->submit(sample_alert());
    REQUIRE(id.ok());
    ids.push_back(id.value());
  }

  REQUIRE(publisher->flush(3s).ok());
  auto results = publisher->poll(0ms);

  REQUIRE(results.ok());
  REQUIRE(results->size() == 3);
  CHECK((*results)[0].event_id == ids[0]);
  CHECK((*results)[0].status.ok());
  CHECK((*results)[1].status.code() == v1::KIND_MISMATCH);
  CHECK((*results)[2].ack.seq() == 3);
}

TEST_CASE("Publishing to an endpoint nobody serves times out as unavailable") {
  PublisherOptions options;
  options.endpoint = "ipc:///tmp/alertbus-test-nobody-here.sock";
  auto publisher = Publisher::connect(options);
  REQUIRE(publisher.ok());

  auto ack = (*publisher)->publish(sample_alert(), 200ms);

  REQUIRE_FALSE(ack.ok());
  CHECK(ack.status().code() == alertbus::client::kUnavailable);
  CHECK(alertbus::client::error_code_name(ack.status().code()) == "UNAVAILABLE");
  CHECK((*publisher)->in_flight() == 1);
}

TEST_CASE("A malformed endpoint is refused when connecting") {
  PublisherOptions options;
  options.endpoint = "carrier-pigeon://bac-giang";
  auto publisher = Publisher::connect(options);
  REQUIRE_FALSE(publisher.ok());
  CHECK(publisher.status().code() == v1::INVALID_VALUE);
  CHECK(publisher.status().field() == "endpoint");
}

TEST_CASE("A malformed event id is refused before anything is sent") {
  FakeBroker broker;
  auto publisher = connect_publisher(broker);
  v1::Event event = sample_alert();
  event.set_event_id("not-a-uuid");
  auto id = publisher->submit(event);
  REQUIRE_FALSE(id.ok());
  CHECK(id.status().code() == v1::INVALID_EVENT_ID);
  CHECK(publisher->in_flight() == 0);
}

TEST_CASE("A publisher idle for longer than three heartbeats sends on a new connection") {
  std::uint64_t seq = 0;
  FakeBroker broker([&](const FakeBroker::Received& received) -> std::vector<v1::Frame> {
    return {ack_for(received, ++seq)};
  });
  auto publisher = connect_publisher(broker, 5s, 50ms);
  REQUIRE(publisher->publish(sample_alert(), 3s).ok());
  std::this_thread::sleep_for(200ms);  // No calls, so no pings: the broker forgets us.

  REQUIRE(publisher->publish(sample_alert(), 3s).ok());

  const auto publishes = broker.received(kPublish);
  REQUIRE(publishes.size() == 2);  // Not sent on the stale connection first.
  CHECK(publishes[1].identity != publishes[0].identity);
  CHECK(publisher->reconnects() == 1);
}
