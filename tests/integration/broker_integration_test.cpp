// Real alertbusd processes on ipc:// sockets: publish -> ack -> delivery, durable
// subscriptions across disconnects, restarts, slow subscribers, queries.
#include <set>

#include <catch2/catch.hpp>

#include "alertbus/client/subscriber.hpp"
#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "support/sample_events.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {
namespace {

BrokerProcess::Options options_in(const TempDir& dir) {
  BrokerProcess::Options options;
  options.directory = dir.path();
  return options;
}

std::vector<v1::Event> four_kinds() {
  return {sample_animal_disease(), sample_crop_pest(), sample_forest_fire(), sample_unsafe_food()};
}

v1::Subscribe from_beginning(const std::string& durable_name = {}, std::uint32_t credit = 0) {
  v1::Subscribe subscribe;
  subscribe.set_durable_name(durable_name);
  subscribe.set_from_beginning(true);
  subscribe.set_credit(credit);
  return subscribe;
}

}  // namespace

TEST_CASE("Published alerts are acknowledged after commit and delivered to two subscribers") {
  TempDir dir;
  BrokerProcess broker(options_in(dir));
  zmq::context_t context;
  WireClient publisher(context, broker.endpoint());
  WireClient first(context, broker.endpoint());
  WireClient second(context, broker.endpoint());
  const v1::Frame subscribed_first = first.subscribe(from_beginning());
  REQUIRE(subscribed_first.has_subscribed());
  REQUIRE(second.subscribe(from_beginning()).has_subscribed());

  const std::vector<v1::Event> events = four_kinds();
  std::vector<v1::PublishAck> acks;
  for (const v1::Event& event : events) {
    const v1::Frame reply = publisher.publish(event);
    REQUIRE(reply.has_publish_ack());
    acks.push_back(reply.publish_ack());
  }
  for (std::size_t i = 0; i < acks.size(); ++i) {
    CHECK(acks[i].seq() == i + 1);
    CHECK(acks[i].event_id() == events[i].event_id());
    CHECK_FALSE(acks[i].duplicate());
    CHECK(acks[i].reference().rfind("BG-", 0) == 0);
  }
  for (WireClient* subscriber : {&first, &second}) {
    const std::vector<v1::StoredEvent> received = subscriber->receive_events(4);
    REQUIRE(received.size() == 4);
    for (std::size_t i = 0; i < 4; ++i) {
      CHECK(received[i].seq() == i + 1);
      CHECK(received[i].event_id() == events[i].event_id());
      CHECK(received[i].reference() == acks[i].reference());
      CHECK(received[i].event() == events[i].SerializeAsString());
      CHECK(received[i].origin().node() == "bac-giang");
    }
    // Nothing more than what was published.
    CHECK(subscriber->receive_events(1, std::chrono::milliseconds(200)).empty());
  }
}

// The broker dies and comes back on the same endpoint faster than the subscriber's silence
// timeout: ZeroMQ reconnects the socket underneath and the pings are answered again, but the
// new broker holds no subscription for it. The Pong says so, and the subscriber subscribes
// again (before, an idle subscriber stayed deaf).
TEST_CASE("An idle subscriber gets its events after its broker restarts under it") {
  TempDir dir;
  BrokerProcess broker(options_in(dir));
  client::SubscriberOptions options;
  options.endpoint = broker.endpoint();
  options.start = client::StartPosition::from_now();
  options.heartbeat_interval = std::chrono::milliseconds(200);
  auto subscriber = client::Subscriber::connect(options);
  INFO(subscriber.status().to_string());
  REQUIRE(subscriber.ok());
  zmq::context_t context;
  {
    WireClient publisher(context, broker.endpoint());
    REQUIRE(publisher.publish(sample_crop_pest()).has_publish_ack());
  }
  auto first = (*subscriber)->next(std::chrono::seconds(5));
  REQUIRE(first.ok());
  REQUIRE(first->has_value());
  broker.kill9();
  broker.start();
  const v1::Event after = sample_forest_fire();
  {
    WireClient publisher(context, broker.endpoint());
    REQUIRE(publisher.publish(after).has_publish_ack());
  }
  // Bounded, not timed: the reconnect, the Pong and the new Subscribe may take seconds on a
  // loaded machine (5 s was too little under a heavy load); the event comes as soon as they do.
  auto second = (*subscriber)->next(std::chrono::seconds(60));
  INFO(second.status().to_string());
  REQUIRE(second.ok());
  REQUIRE(second->has_value());
  CHECK((*second)->event_id() == after.event_id());
  CHECK((*subscriber)->reconnects() >= 1);
  (*subscriber)->close();
}

TEST_CASE("A retried publish returns the original acknowledgement flagged duplicate") {
  TempDir dir;
  BrokerProcess broker(options_in(dir));
  zmq::context_t context;
  WireClient client(context, broker.endpoint());
  const v1::Event alert = sample_forest_fire();
  const v1::Frame first = client.publish(alert);
  const v1::Frame retry = client.publish(alert);
  REQUIRE(first.has_publish_ack());
  REQUIRE(retry.has_publish_ack());
  CHECK_FALSE(first.publish_ack().duplicate());
  CHECK(retry.publish_ack().duplicate());
  CHECK(retry.publish_ack().seq() == first.publish_ack().seq());
  CHECK(retry.publish_ack().reference() == first.publish_ack().reference());
  CHECK(client.status().event_count() == 1);
}

TEST_CASE("Another event under a stored id is refused with EVENT_ID_CONFLICT, never dropped") {
  TempDir dir;
  BrokerProcess broker(options_in(dir));
  zmq::context_t context;
  WireClient client(context, broker.endpoint());
  const v1::Event fire = sample_forest_fire();
  const v1::Frame first = client.publish(fire);
  REQUIRE(first.has_publish_ack());
  v1::Event no_fire = fire;  // The id of a real alert, on a test "no fire" event.
  no_fire.set_status(v1::TEST);
  no_fire.set_title("Không có cháy");
  const v1::Frame reused = client.publish(no_fire);
  REQUIRE(reused.has_error());
  CHECK(reused.error().code() == v1::EVENT_ID_CONFLICT);
  CHECK(reused.error().field() == "event_id");
  CHECK(reused.error().message().find(first.publish_ack().reference()) != std::string::npos);
  CHECK(client.status().event_count() == 1);
}

TEST_CASE("A durable subscriber that was away gets exactly what it missed") {
  TempDir dir;
  BrokerProcess broker(options_in(dir));
  zmq::context_t context;
  WireClient publisher(context, broker.endpoint());
  std::vector<std::string> ids;
  auto publish = [&](int count) {
    for (int i = 0; i < count; ++i) {
      const v1::Event event = sample_crop_pest();
      REQUIRE(publisher.publish(event).has_publish_ack());
      ids.push_back(event.event_id());
    }
  };
  publish(5);
  {
    WireClient desk(context, broker.endpoint());
    const v1::Frame subscribed = desk.subscribe(from_beginning("bvtv-desk"));
    REQUIRE(subscribed.has_subscribed());
    CHECK_FALSE(subscribed.subscribed().resumed());
    const auto received = desk.receive_events(5);
    REQUIRE(received.size() == 5);
    desk.ack(subscribed.subscribed().subscription_id(), received.back().seq(), 0);
    // The ack is stored with the next commit; a status round trip orders it before leaving.
    (void)desk.status();
  }
  publish(10);
  WireClient desk(context, broker.endpoint());
  v1::Subscribe resume = from_beginning("bvtv-desk");
  const v1::Frame subscribed = desk.subscribe(resume);
  REQUIRE(subscribed.has_subscribed());
  CHECK(subscribed.subscribed().resumed());
  CHECK(subscribed.subscribed().start_after_seq() == 5);
  const auto missed = desk.receive_events(10);
  REQUIRE(missed.size() == 10);
  for (std::size_t i = 0; i < 10; ++i) {
    CHECK(missed[i].event_id() == ids[5 + i]);
  }
  CHECK(desk.receive_events(1, std::chrono::milliseconds(200)).empty());
}

TEST_CASE("A broker restart keeps every event, cursor and reference counter") {
  TempDir dir;
  BrokerProcess broker(options_in(dir));
  zmq::context_t context;
  std::vector<v1::PublishAck> acks;
  std::uint64_t epoch = 0;
  {
    WireClient client(context, broker.endpoint());
    for (const v1::Event& event : four_kinds()) {
      const v1::Frame reply = client.publish(event);
      REQUIRE(reply.has_publish_ack());
      acks.push_back(reply.publish_ack());
    }
    const v1::Frame subscribed = client.subscribe(from_beginning("wall"));
    REQUIRE(client.receive_events(4).size() == 4);
    client.ack(subscribed.subscribed().subscription_id(), 2, 0);
    epoch = client.status().epoch();
  }
  REQUIRE(broker.stop() == 0);
  broker.start();
  WireClient client(context, broker.endpoint());
  const v1::StatusReply status = client.status();
  CHECK(status.event_count() == 4);
  CHECK(status.head_seq() == 4);
  CHECK(status.epoch() == epoch);
  for (const v1::PublishAck& ack : acks) {
    v1::Query query;
    query.set_event_id(ack.event_id());
    const v1::Frame found = client.query(query);
    REQUIRE(found.has_query_result());
    REQUIRE(found.query_result().events_size() == 1);
    CHECK(found.query_result().events(0).reference() == ack.reference());
  }
  const v1::Frame resumed = client.subscribe(from_beginning("wall"));
  CHECK(resumed.subscribed().start_after_seq() == 2);
  CHECK(client.receive_events(2).size() == 2);
  const v1::Frame next = client.publish(sample_unsafe_food());
  REQUIRE(next.has_publish_ack());
  CHECK(next.publish_ack().seq() == 5);
  CHECK(next.publish_ack().reference().substr(8) == "00005");
}

TEST_CASE("A subscriber without credit delays neither a fast subscriber nor the publisher") {
  TempDir dir;
  BrokerProcess broker(options_in(dir));
  zmq::context_t context;
  WireClient slow(context, broker.endpoint());
  WireClient fast(context, broker.endpoint());
  WireClient publisher(context, broker.endpoint());
  REQUIRE(slow.subscribe(from_beginning({}, 5)).has_subscribed());
  const v1::Frame fast_subscribed = fast.subscribe(from_beginning({}, 100));
  REQUIRE(fast_subscribed.has_subscribed());
  const std::uint64_t fast_id = fast_subscribed.subscribed().subscription_id();

  // Publish 1,000 events with 100 in flight; the fast subscriber acks as it goes.
  constexpr int kEvents = 1000;
  std::size_t acked = 0;
  std::size_t received = 0;
  std::uint64_t last_seq = 0;
  int sent = 0;
  std::set<std::uint64_t> waiting;
  // The fast subscriber takes whatever arrived, checks the order and returns the credit.
  auto take_fast = [&](std::chrono::milliseconds timeout) {
    for (const v1::StoredEvent& event : fast.receive_events(1, timeout)) {
      CHECK(event.seq() == last_seq + 1);
      last_seq = event.seq();
      ++received;
      fast.ack(fast_id, event.seq(), 1);
    }
  };
  while (acked < kEvents) {
    while (sent < kEvents && waiting.size() < 100) {
      v1::Frame frame;
      frame.set_request_id(publisher.next_request_id());
      frame.mutable_publish()->set_event(sample_crop_pest().SerializeAsString());
      publisher.send(frame);
      waiting.insert(frame.request_id());
      ++sent;
    }
    auto reply = publisher.receive(std::chrono::seconds(10));
    REQUIRE(reply.has_value());
    REQUIRE(reply->has_publish_ack());
    waiting.erase(reply->request_id());
    ++acked;
    take_fast(std::chrono::milliseconds(0));
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (received < kEvents && std::chrono::steady_clock::now() < deadline) {
    take_fast(std::chrono::milliseconds(100));
  }
  CHECK(received == kEvents);
  // The slow one got exactly its 5 credits' worth, and the broker holds the rest for it.
  const auto slow_events = slow.receive_events(6, std::chrono::milliseconds(300));
  CHECK(slow_events.size() == 5);
  CHECK(broker.alive());
}

TEST_CASE("Queries find events by id, by reference and by filter with stable paging") {
  TempDir dir;
  BrokerProcess broker(options_in(dir));
  zmq::context_t context;
  WireClient client(context, broker.endpoint());
  std::vector<std::string> fire_ids;
  std::string pest_reference;
  for (int i = 0; i < 30; ++i) {
    const v1::Event fire = sample_forest_fire();
    REQUIRE(client.publish(fire).has_publish_ack());
    fire_ids.push_back(fire.event_id());
    const v1::Frame pest = client.publish(sample_crop_pest());
    pest_reference = pest.publish_ack().reference();
  }
  v1::Query by_reference;
  by_reference.set_reference(pest_reference);
  const v1::Frame found = client.query(by_reference);
  REQUIRE(found.has_query_result());
  CHECK(found.query_result().events(0).kind() == v1::CROP_PEST);

  v1::Query missing;
  missing.set_reference("BG-2026-99999");
  const v1::Frame not_found = client.query(missing);
  REQUIRE(not_found.has_error());
  CHECK(not_found.error().code() == v1::NOT_FOUND);

  v1::Query fires;
  fires.mutable_filter()->add_kinds(v1::FOREST_FIRE);
  fires.set_page_size(7);
  std::vector<std::string> paged;
  for (int page = 0; page < 10; ++page) {
    const v1::Frame result = client.query(fires);
    REQUIRE(result.has_query_result());
    for (const v1::StoredEvent& event : result.query_result().events()) {
      CHECK(event.kind() == v1::FOREST_FIRE);
      paged.push_back(event.event_id());
    }
    if (result.query_result().next_page_token().empty()) {
      break;
    }
    fires.set_page_token(result.query_result().next_page_token());
  }
  CHECK(paged == fire_ids);

  v1::Query bad_token;
  bad_token.mutable_filter();
  bad_token.set_page_token("not-a-token");
  CHECK(client.query(bad_token).error().code() == v1::INVALID_PAGE_TOKEN);
}

TEST_CASE("A follow-up to an unknown alert is refused and one to a held alert is accepted") {
  TempDir dir;
  BrokerProcess broker(options_in(dir));
  zmq::context_t context;
  WireClient client(context, broker.endpoint());
  const v1::Event stranger = sample_animal_disease();
  const v1::Frame refused = client.publish(sample_follow_up(stranger, v1::ACKNOWLEDGE));
  REQUIRE(refused.has_error());
  CHECK(refused.error().code() == v1::UNKNOWN_REFERENCE);
  CHECK(refused.error().field() == "follow_up.alert_event_id");
  CHECK_FALSE(refused.error().message_vi().empty());

  const v1::Event alert = sample_animal_disease();
  REQUIRE(client.publish(alert).has_publish_ack());
  v1::Event wrong_kind = sample_follow_up(alert, v1::ACKNOWLEDGE);
  wrong_kind.set_kind(v1::CROP_PEST);
  CHECK(client.publish(wrong_kind).error().code() == v1::KIND_MISMATCH);
  const v1::Frame accepted = client.publish(sample_follow_up(alert, v1::ACKNOWLEDGE));
  REQUIRE(accepted.has_publish_ack());

  // The follow-up inherits the alert's areas: an area-filtered subscriber sees both.
  WireClient watcher(context, broker.endpoint());
  v1::Subscribe by_area = from_beginning();
  by_area.mutable_filter()->add_area_codes(alert.areas(0).scheme() + ":" + alert.areas(0).code());
  REQUIRE(watcher.subscribe(by_area).has_subscribed());
  const auto events = watcher.receive_events(2);
  REQUIRE(events.size() == 2);
  CHECK(events[0].event_id() == alert.event_id());
  CHECK(events[1].type() == v1::ACKNOWLEDGE);
}

}  // namespace alertbus::testing
