// Integration tests of the case change stream (CaseSubscribe) and of the client library's
// CaseWatcher on it, against a real alertbusd.
#include <chrono>
#include <set>
#include <thread>

#include <catch2/catch.hpp>

#include "alertbus/client/case_watcher.hpp"
#include "casework_fixtures.hpp"
#include "federation.hpp"

namespace alertbus::testing {

using namespace std::chrono_literals;

namespace {

// A case subscription on `client`: the Subscribed reply.
v1::Frame subscribe_cases(WireClient& client, const v1::CaseSubscribe& request) {
  v1::Frame frame;
  *frame.mutable_case_subscribe() = request;
  return ask(client, frame);
}

// The case changes that arrive within `wait`.
std::vector<v1::CaseChange> receive_changes(WireClient& client, std::size_t wanted,
                                            std::chrono::milliseconds wait = 3000ms) {
  std::vector<v1::CaseChange> changes;
  const auto deadline = std::chrono::steady_clock::now() + wait;
  while (changes.size() < wanted && std::chrono::steady_clock::now() < deadline) {
    const std::optional<v1::Frame> frame = client.receive(100ms);
    if (frame && frame->has_case_changes()) {
      for (const v1::CaseChange& change : frame->case_changes().changes()) {
        changes.push_back(change);
      }
    }
  }
  return changes;
}

}  // namespace

TEST_CASE("Case changes stream live, resume from a position, and respect credit and filters") {
  SingleBroker node;
  const v1::Event first = sample_animal_disease();
  const v1::Event pest = sample_crop_pest();
  node.post(first);
  node.post(pest);

  zmq::context_t context;
  WireClient watcher(context, node.broker.endpoint());
  v1::CaseSubscribe everything;
  everything.set_from_beginning(true);
  everything.set_credit(100);
  const v1::Frame subscribed = subscribe_cases(watcher, everything);
  INFO(subscribed.ShortDebugString());
  REQUIRE(subscribed.has_subscribed());
  std::vector<v1::CaseChange> changes = receive_changes(watcher, 2);
  REQUIRE(changes.size() == 2);
  CHECK(changes[0].alert_case().event_id() == first.event_id());
  CHECK(changes[1].alert_case().event_id() == pest.event_id());
  CHECK(changes[0].position() < changes[1].position());
  // Completed for delivery: every node is a receiver, with its deadline.
  REQUIRE(changes[0].alert_case().receivers_size() == 2);
  CHECK(changes[0].alert_case().receivers(0).has_acknowledge_due());

  // A follow-up changes the case: it comes again, in its new state, at a later position.
  node.post(follow_up_from(first, v1::ACKNOWLEDGE, "hai-duong/cnty"));
  changes = receive_changes(watcher, 1);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].alert_case().event_id() == first.event_id());
  CHECK(receiver(changes[0].alert_case(), "hai-duong")->state() == v1::RECEIVER_ACKNOWLEDGED);
  const std::uint64_t position = changes[0].position();
  CHECK(receive_changes(watcher, 1, 300ms).empty());  // Nothing else changed.

  // While a client is away: two more changes to one case, one new case. Resuming after its
  // position brings each changed case once, in its latest state.
  node.post(follow_up_from(first, v1::MEASURES_TAKEN, "quang-ninh/cnty"));
  node.post(follow_up_from(first, v1::ADDITIONAL_INFO, "bac-giang/cnty"));
  const v1::Event fire = sample_forest_fire();
  node.post(fire);
  WireClient resumed(context, node.broker.endpoint());
  v1::CaseSubscribe resume;
  resume.set_after_position(position);
  resume.set_credit(1);  // One case at a time.
  const v1::Frame resumed_reply = subscribe_cases(resumed, resume);
  REQUIRE(resumed_reply.has_subscribed());
  changes = receive_changes(resumed, 2, 500ms);
  REQUIRE(changes.size() == 1);  // The credit: one.
  CHECK(changes[0].alert_case().event_id() == first.event_id());
  CHECK(changes[0].alert_case().follow_up_count() == 3);
  CHECK(changes[0].position() > position);
  v1::Frame credit;
  credit.set_request_id(resumed.next_request_id());
  credit.mutable_delivery_ack()->set_subscription_id(resumed_reply.subscribed().subscription_id());
  credit.mutable_delivery_ack()->set_credit(5);
  resumed.send(credit);
  changes = receive_changes(resumed, 2, 500ms);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].alert_case().event_id() == fire.event_id());

  // A filter: crop pests only, from the beginning.
  WireClient pests(context, node.broker.endpoint());
  v1::CaseSubscribe only_pests;
  only_pests.mutable_filter()->add_kinds(v1::CROP_PEST);
  only_pests.set_credit(10);
  REQUIRE(subscribe_cases(pests, only_pests).has_subscribed());
  changes = receive_changes(pests, 2, 500ms);
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].alert_case().event_id() == pest.event_id());
}

TEST_CASE("The client library's case watcher follows the cases across a broker restart") {
  SingleBroker node;
  const v1::Event alert = sample_unsafe_food();
  node.post(alert);
  client::CaseWatcherOptions options;
  options.endpoint = node.broker.endpoint();
  options.heartbeat_interval = 200ms;
  options.credit = 4;
  auto watcher = client::CaseWatcher::connect(options);
  INFO(watcher.status().to_string());
  REQUIRE(watcher.ok());
  int call = 0;
  auto next = [&] {
    ++call;
    INFO("call " << call << ", reconnects " << (*watcher)->reconnects());
    StatusOr<std::optional<v1::CaseChange>> change = (*watcher)->next(5000ms);
    INFO(change.status().to_string());
    REQUIRE(change.ok());
    REQUIRE(change->has_value());
    return **change;
  };
  CHECK(next().alert_case().event_id() == alert.event_id());
  node.post(follow_up_from(alert, v1::ACKNOWLEDGE, "hai-duong/qlcl"));
  const v1::CaseChange acknowledged = next();
  CHECK(receiver(acknowledged.alert_case(), "hai-duong")->state() == v1::RECEIVER_ACKNOWLEDGED);
  // The broker dies and comes back; a change made meanwhile still arrives, once.
  node.broker.kill9();
  node.broker.start();
  WireClient again(node.context, node.broker.endpoint());
  REQUIRE(again.publish(follow_up_from(alert, v1::MEASURES_TAKEN, "quang-ninh/qlcl"))
              .has_publish_ack());
  const v1::CaseChange measures = next();
  CHECK(measures.position() > acknowledged.position());
  CHECK(receiver(measures.alert_case(), "quang-ninh")->state() == v1::RECEIVER_ACTION_TAKEN);
  CHECK((*watcher)->last_position() == measures.position());
  CHECK((*watcher)->reconnects() >= 1);
  const StatusOr<std::optional<v1::CaseChange>> nothing = (*watcher)->next(300ms);
  REQUIRE(nothing.ok());
  CHECK_FALSE(nothing->has_value());
  (*watcher)->close();
}

TEST_CASE("Cases changed by one event share its position and none is lost at one credit a time") {
  // Three alerts posted at once are covered by one receipt from each receiving node (one per
  // interval): the receipt changes the three cases, which then share its position.
  Federation federation(three_provinces(), [](std::size_t, std::size_t) { return true; },
                        {"--receipt-interval-ms", "1500"});
  zmq::context_t context;
  WireClient bac_giang(context, federation.endpoint_of(0));
  std::set<std::string> alerts;
  for (int i = 0; i < 3; ++i) {
    const v1::Event alert = sample_animal_disease();
    REQUIRE(bac_giang.publish(alert).has_publish_ack());
    alerts.insert(alert.event_id());
  }
  // Bắc Giang holds both receipts, one covering all three alerts.
  bool covered = false;
  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (!covered && std::chrono::steady_clock::now() < deadline) {
    for (const v1::StoredEvent& stored : all_events(context, federation.endpoint_of(0))) {
      v1::Event event;
      covered = covered || (stored.type() == v1::RECEIPT && event.ParseFromString(stored.event()) &&
                            event.follow_up().receipts_size() == 3);
    }
    std::this_thread::sleep_for(100ms);
  }
  REQUIRE(covered);

  // On the wire, one credit at a time: every case comes, in (position, event id) order.
  WireClient watcher(context, federation.endpoint_of(0));
  v1::CaseSubscribe request;
  request.set_from_beginning(true);
  request.set_credit(1);
  const v1::Frame subscribed = subscribe_cases(watcher, request);
  REQUIRE(subscribed.has_subscribed());
  std::vector<v1::CaseChange> received;
  while (received.size() < 3 && std::chrono::steady_clock::now() < deadline) {
    for (v1::CaseChange& change : receive_changes(watcher, 1, 500ms)) {
      received.push_back(std::move(change));
      v1::Frame credit;
      credit.set_request_id(watcher.next_request_id());
      credit.mutable_delivery_ack()->set_subscription_id(subscribed.subscribed().subscription_id());
      credit.mutable_delivery_ack()->set_credit(1);
      watcher.send(credit);
    }
  }
  std::set<std::string> streamed;
  std::set<std::uint64_t> positions;
  for (const v1::CaseChange& change : received) {
    streamed.insert(change.alert_case().event_id());
    positions.insert(change.position());
  }
  CHECK(streamed == alerts);
  CHECK(received.size() == 3);
  CHECK(positions.size() < 3);  // Some share a position: what this test is about.

  // The client library's watcher hands each of them out once, too.
  client::CaseWatcherOptions options;
  options.endpoint = federation.endpoint_of(0);
  options.credit = 1;
  auto case_watcher = client::CaseWatcher::connect(options);
  REQUIRE(case_watcher.ok());
  std::vector<std::string> handed;
  while (handed.size() < 4 && std::chrono::steady_clock::now() < deadline) {
    auto next = case_watcher.value()->next(500ms);
    REQUIRE(next.ok());
    if (!next.value()) {
      break;
    }
    handed.push_back(next.value()->alert_case().event_id());
  }
  CHECK(std::set<std::string>(handed.begin(), handed.end()) == alerts);
  CHECK(handed.size() == 3);
}

}  // namespace alertbus::testing
