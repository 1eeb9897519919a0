// Tests of alertbus::client::Subscriber against a scripted fake broker.
#include "alertbus/client/subscriber.hpp"

#include <catch2/catch.hpp>

#include "clients/fake_broker.hpp"

namespace {

using namespace std::chrono_literals;
using alertbus::client::StartPosition;
using alertbus::client::Subscriber;
using alertbus::client::SubscriberOptions;
using alertbus::testing::delivery;
using alertbus::testing::error_reply;
using alertbus::testing::FakeBroker;
using alertbus::testing::subscribed_for;
namespace v1 = alertbus::v1;

constexpr auto kSubscribe = v1::Frame::kSubscribe;
constexpr auto kDeliveryAck = v1::Frame::kDeliveryAck;

SubscriberOptions options_for(const FakeBroker& broker, std::uint32_t credit = 256,
                              std::chrono::milliseconds heartbeat = 2s) {
  SubscriberOptions options;
  options.endpoint = broker.endpoint();
  options.credit = credit;
  options.heartbeat_interval = heartbeat;
  options.subscribe_timeout = 2s;
  return options;
}

std::unique_ptr<Subscriber> connect_subscriber(const SubscriberOptions& options) {
  auto subscriber = Subscriber::connect(options);
  REQUIRE(subscriber.ok());
  return std::move(subscriber).value();
}

// The seq of the next event, or 0 when none came within `timeout`.
std::uint64_t next_seq(Subscriber& subscriber, std::chrono::milliseconds timeout = 2s) {
  auto event = subscriber.next(timeout);
  REQUIRE(event.ok());
  return event->has_value() ? (*event)->seq() : 0;
}

std::uint32_t credit_returned(const FakeBroker& broker) {
  std::uint32_t credit = 0;
  for (const auto& ack : broker.received(kDeliveryAck)) {
    credit += ack.frame.delivery_ack().credit();
  }
  return credit;
}

}  // namespace

TEST_CASE("A subscriber hands out deliveries in order and returns credit after half its window") {
  FakeBroker broker([](const FakeBroker::Received& received) -> std::vector<v1::Frame> {
    if (received.frame.has_subscribe()) {
      return {subscribed_for(received, 0, 6), delivery(received.frame.request_id(), {1, 2, 3, 4})};
    }
    if (received.frame.has_delivery_ack() && received.frame.delivery_ack().up_to_seq() == 2) {
      return {delivery(received.frame.delivery_ack().subscription_id(), {5, 6})};
    }
    return {};
  });
  SubscriberOptions options = options_for(broker, 4);
  options.durable_name = "bac-giang-van-phong";
  options.filter.add_kinds(v1::ANIMAL_DISEASE);
  auto subscriber = connect_subscriber(options);

  std::vector<std::uint64_t> seqs;
  for (int i = 0; i < 6; ++i) {
    seqs.push_back(next_seq(*subscriber));
  }

  CHECK(seqs == std::vector<std::uint64_t>{1, 2, 3, 4, 5, 6});
  const auto subscribes = broker.received(kSubscribe);
  REQUIRE(subscribes.size() == 1);
  const v1::Subscribe& subscribe = subscribes[0].frame.subscribe();
  CHECK(subscribe.durable_name() == "bac-giang-van-phong");
  CHECK(subscribe.credit() == 4);
  CHECK(subscribe.from_beginning());
  CHECK(subscribe.filter().kinds_size() == 1);
  const auto acks = broker.received(kDeliveryAck);
  REQUIRE_FALSE(acks.empty());
  CHECK(acks[0].frame.delivery_ack().up_to_seq() == 2);
  CHECK(acks[0].frame.delivery_ack().credit() == 2);
  CHECK(acks[0].frame.delivery_ack().subscription_id() == subscribes[0].frame.request_id());
  CHECK(subscriber->last_seq() == 6);
}

TEST_CASE("A subscriber skips events delivered twice and still returns their credit") {
  FakeBroker broker([](const FakeBroker::Received& received) -> std::vector<v1::Frame> {
    if (received.frame.has_subscribe()) {
      const auto id = received.frame.request_id();
      return {subscribed_for(received, 0, 4), delivery(id, {1, 2, 3}), delivery(id, {2, 3, 4})};
    }
    return {};
  });
  auto subscriber = connect_subscriber(options_for(broker, 100));

  std::vector<std::uint64_t> seqs;
  for (std::uint64_t seq = next_seq(*subscriber); seq != 0; seq = next_seq(*subscriber, 200ms)) {
    seqs.push_back(seq);
  }

  CHECK(seqs == std::vector<std::uint64_t>{1, 2, 3, 4});
  REQUIRE(broker.wait_for(kDeliveryAck, 1));
  CHECK(broker.received(kDeliveryAck).back().frame.delivery_ack().up_to_seq() == 4);
  CHECK(credit_returned(broker) == 6);
}

TEST_CASE(
    "After the broker falls silent a transient subscriber resumes after the last event handed "
    "out") {
  int subscribes = 0;
  FakeBroker broker([&](const FakeBroker::Received& received) -> std::vector<v1::Frame> {
    if (!received.frame.has_subscribe()) {
      return {};
    }
    const auto id = received.frame.request_id();
    if (++subscribes == 1) {
      return {subscribed_for(received, 0, 3), delivery(id, {1, 2, 3})};
    }
    return {subscribed_for(received, 3, 5), delivery(id, {3, 4, 5})};
  });
  SubscriberOptions options = options_for(broker, 256, 50ms);
  options.start = StartPosition::from_now();
  auto subscriber = connect_subscriber(options);
  CHECK(next_seq(*subscriber) == 1);
  CHECK(next_seq(*subscriber) == 2);
  broker.ignore(broker.received(kSubscribe)[0].identity);
  CHECK(next_seq(*subscriber) == 3);  // Already buffered.

  CHECK(next_seq(*subscriber, 3s) == 4);
  CHECK(next_seq(*subscriber) == 5);

  CHECK(subscriber->reconnects() >= 1);
  const auto all = broker.received(kSubscribe);
  REQUIRE(all.size() == 2);
  CHECK(all[0].frame.subscribe().from_now());
  CHECK(all[1].identity != all[0].identity);
  CHECK(all[1].frame.subscribe().after_seq() == 3);
  CHECK(subscriber->subscribed().subscription_id() == all[1].frame.request_id());
}

TEST_CASE("A durable subscriber resumed at an older cursor skips what it already handed out") {
  int subscribes = 0;
  FakeBroker broker([&](const FakeBroker::Received& received) -> std::vector<v1::Frame> {
    if (!received.frame.has_subscribe()) {
      return {};
    }
    const auto id = received.frame.request_id();
    if (++subscribes == 1) {
      return {subscribed_for(received, 0, 3), delivery(id, {1, 2, 3})};
    }
    // The stored cursor is 1: the acknowledgement of 2 and 3 never arrived.
    return {subscribed_for(received, 1, 4, true), delivery(id, {2, 3, 4})};
  });
  SubscriberOptions options = options_for(broker, 256, 50ms);
  options.durable_name = "hai-duong-cnty";
  auto subscriber = connect_subscriber(options);
  for (std::uint64_t expected = 1; expected <= 3; ++expected) {
    CHECK(next_seq(*subscriber) == expected);
  }
  broker.ignore(broker.received(kSubscribe)[0].identity);

  CHECK(next_seq(*subscriber, 3s) == 4);

  const auto all = broker.received(kSubscribe);
  REQUIRE(all.size() == 2);
  CHECK(all[1].frame.subscribe().durable_name() == "hai-duong-cnty");
  CHECK(subscriber->subscribed().resumed());
  // Once idle, the processed events are acknowledged on the new subscription.
  CHECK(next_seq(*subscriber, 100ms) == 0);
  REQUIRE(broker.wait_for(kDeliveryAck, 1));
  const auto last_ack = broker.received(kDeliveryAck).back().frame.delivery_ack();
  CHECK(last_ack.subscription_id() == all[1].frame.request_id());
  CHECK(last_ack.up_to_seq() == 4);
}

TEST_CASE("A takeover of the durable name ends the subscription") {
  FakeBroker broker([](const FakeBroker::Received& received) -> std::vector<v1::Frame> {
    if (received.frame.has_subscribe()) {
      return {subscribed_for(received, 0, 0)};
    }
    return {};
  });
  SubscriberOptions options = options_for(broker);
  options.durable_name = "quang-ninh-kiem-lam";
  auto subscriber = connect_subscriber(options);
  const auto subscribe = broker.received(kSubscribe).at(0);
  broker.send(subscribe.identity,
              error_reply(subscribe.frame.request_id(), v1::SUBSCRIPTION_TAKEN_OVER));

  auto event = subscriber->next(2s);

  REQUIRE_FALSE(event.ok());
  CHECK(event.status().code() == v1::SUBSCRIPTION_TAKEN_OVER);
  CHECK(subscriber->next(0ms).status().code() == v1::SUBSCRIPTION_TAKEN_OVER);
}

TEST_CASE("Connecting reports the broker's refusal of the subscription") {
  FakeBroker broker([](const FakeBroker::Received& received) -> std::vector<v1::Frame> {
    return {error_reply(received.frame.request_id(), v1::INVALID_SUBSCRIPTION)};
  });
  auto subscriber = Subscriber::connect(options_for(broker));
  REQUIRE_FALSE(subscriber.ok());
  CHECK(subscriber.status().code() == v1::INVALID_SUBSCRIPTION);
}

TEST_CASE("Connecting times out as unavailable when the broker never confirms") {
  FakeBroker broker;
  broker.set_silent(true);
  SubscriberOptions options = options_for(broker);
  options.subscribe_timeout = 200ms;
  auto subscriber = Subscriber::connect(options);
  REQUIRE_FALSE(subscriber.ok());
  CHECK(subscriber.status().code() == alertbus::client::kUnavailable);
}

TEST_CASE("A credit of zero asks for the default and more than 10000 is refused") {
  FakeBroker broker([](const FakeBroker::Received& received) -> std::vector<v1::Frame> {
    return {subscribed_for(received, 0, 0)};
  });
  auto subscriber = connect_subscriber(options_for(broker, 0));
  CHECK(broker.received(kSubscribe).at(0).frame.subscribe().credit() == 256);
  auto refused = Subscriber::connect(options_for(broker, 10001));
  REQUIRE_FALSE(refused.ok());
  CHECK(refused.status().code() == v1::INVALID_VALUE);
}

TEST_CASE("Closing acknowledges the last event handed out and unsubscribes") {
  FakeBroker broker([](const FakeBroker::Received& received) -> std::vector<v1::Frame> {
    if (received.frame.has_subscribe()) {
      return {subscribed_for(received, 0, 2), delivery(received.frame.request_id(), {1, 2})};
    }
    return {};
  });
  auto subscriber = connect_subscriber(options_for(broker, 100));
  CHECK(next_seq(*subscriber) == 1);
  CHECK(next_seq(*subscriber) == 2);

  subscriber->close(true);

  REQUIRE(broker.wait_for(v1::Frame::kUnsubscribe, 1));
  const auto acks = broker.received(kDeliveryAck);
  REQUIRE_FALSE(acks.empty());
  CHECK(acks.back().frame.delivery_ack().up_to_seq() == 2);
  const auto unsubscribe = broker.received(v1::Frame::kUnsubscribe).at(0).frame.unsubscribe();
  CHECK(unsubscribe.forget());
  CHECK(unsubscribe.subscription_id() == broker.received(kSubscribe).at(0).frame.request_id());
}

TEST_CASE("An idle subscriber pings every heartbeat interval with the last seq it saw") {
  FakeBroker broker([](const FakeBroker::Received& received) -> std::vector<v1::Frame> {
    if (received.frame.has_subscribe()) {
      return {subscribed_for(received, 0, 7), delivery(received.frame.request_id(), {7})};
    }
    return {};
  });
  auto subscriber = connect_subscriber(options_for(broker, 256, 50ms));
  CHECK(next_seq(*subscriber) == 7);

  CHECK(next_seq(*subscriber, 400ms) == 0);

  const auto pings = broker.received(v1::Frame::kPing);
  CHECK(pings.size() >= 5);
  CHECK(pings.back().frame.ping().last_seq() == 7);
  CHECK(subscriber->reconnects() == 0);
}

TEST_CASE("A subscriber subscribes again when the broker no longer knows its subscription") {
  int subscribes = 0;
  FakeBroker broker([&](const FakeBroker::Received& received) -> std::vector<v1::Frame> {
    if (received.frame.has_subscribe()) {
      const auto id = received.frame.request_id();
      if (++subscribes == 1) {
        return {subscribed_for(received, 0, 1), delivery(id, {1})};
      }
      return {subscribed_for(received, 1, 2), delivery(id, {2})};
    }
    if (received.frame.has_delivery_ack() && subscribes == 1) {
      // As alertbusd does: an error about a DeliveryAck carries the subscription id.
      return {
          error_reply(received.frame.delivery_ack().subscription_id(), v1::UNKNOWN_SUBSCRIPTION)};
    }
    return {};
  });
  auto subscriber = connect_subscriber(options_for(broker));
  CHECK(next_seq(*subscriber) == 1);

  CHECK(next_seq(*subscriber) == 2);

  const auto all = broker.received(kSubscribe);
  REQUIRE(all.size() == 2);
  CHECK(all[1].frame.subscribe().after_seq() == 1);
  CHECK(all[1].identity == all[0].identity);
}
