// Three real brokers in a full mesh: every alert reaches every node exactly once, follow-ups
// travel back to the origin, and the link state is visible in the status reply.
#include "federation.hpp"

#include <catch2/catch.hpp>

#include "support/sample_events.hpp"

namespace alertbus::testing {
namespace {

// Every event but the brokers' notices (receipts arrive too, on their own schedule).
v1::Subscribe everything() {
  v1::Subscribe subscribe;
  for (int type = v1::ALERT; type <= v1::WITHDRAW; ++type) {
    subscribe.mutable_filter()->add_types(static_cast<v1::EventType>(type));
  }
  subscribe.set_from_beginning(true);
  subscribe.set_credit(1000);
  return subscribe;
}

}  // namespace

TEST_CASE(
    "An alert posted at each of three nodes reaches every node once, and follow-ups the origin") {
  Federation federation(three_provinces());
  zmq::context_t context;
  // A watcher at every node, subscribed before anything is posted.
  std::vector<std::unique_ptr<WireClient>> watchers;
  for (std::size_t i = 0; i < federation.size(); ++i) {
    watchers.push_back(std::make_unique<WireClient>(context, federation.endpoint_of(i)));
    REQUIRE(watchers.back()->subscribe(everything()).has_subscribed());
  }
  const std::vector<v1::Event> alerts{sample_animal_disease(), sample_forest_fire(),
                                      sample_unsafe_food()};
  std::set<std::string> ids;
  std::map<std::string, std::string> reference_of;
  for (std::size_t i = 0; i < federation.size(); ++i) {
    WireClient publisher(context, federation.endpoint_of(i));
    const v1::Frame reply = publisher.publish(alerts[i]);
    REQUIRE(reply.has_publish_ack());
    CHECK(reply.publish_ack().reference().rfind(federation.node(i).prefix + "-", 0) == 0);
    ids.insert(alerts[i].event_id());
    reference_of[alerts[i].event_id()] = reply.publish_ack().reference();
  }
  // Hai Dương acknowledges Bắc Giang's alert once it holds it.
  REQUIRE(wait_for_count(context, federation.endpoint_of(1), 3) == 3);
  const v1::Event acknowledge = sample_follow_up(alerts[0], v1::ACKNOWLEDGE);
  {
    WireClient publisher(context, federation.endpoint_of(1));
    const v1::Frame reply = publisher.publish(acknowledge);
    REQUIRE(reply.has_publish_ack());
    // Numbered within the alert it follows, as Hải Dương's first follow-up of it.
    CHECK(reply.publish_ack().reference() == reference_of[alerts[0].event_id()] + "/HD-1");
  }
  ids.insert(acknowledge.event_id());

  for (std::size_t i = 0; i < federation.size(); ++i) {
    INFO("watcher at " << federation.node(i).id);
    const std::vector<v1::StoredEvent> received = watchers[i]->receive_events(4);
    std::set<std::string> received_ids;
    for (const v1::StoredEvent& event : received) {
      received_ids.insert(event.event_id());
      if (event.type() == v1::ALERT) {
        CHECK(event.reference() == reference_of[event.event_id()]);  // The origin's number.
      }
    }
    CHECK(received.size() == 4);
    CHECK(received_ids == ids);
    // And nothing more: no event arrives twice.
    CHECK(watchers[i]->receive_events(1, std::chrono::milliseconds(500)).empty());
  }
  check_converged(federation, context, ids);

  // The origin (Bắc Giang) sees the acknowledgement came from Hải Dương.
  v1::Query query;
  query.set_event_id(acknowledge.event_id());
  WireClient client(context, federation.endpoint_of(0));
  const v1::Frame found = client.query(query);
  REQUIRE(found.has_query_result());
  CHECK(found.query_result().events(0).origin().node() == "hai-duong");
  CHECK(found.query_result().events(0).via() == "hai-duong");

  // Link state: both links of Bắc Giang are connected and caught up.
  const v1::StatusReply status = client.status();
  REQUIRE(status.peers_size() == 2);
  for (const v1::PeerLinkStatus& peer : status.peers()) {
    INFO("link from " << peer.peer_id());
    CHECK(peer.connected());
    CHECK(peer.lag_events() == 0);
    CHECK(peer.events_refused() == 0);
    // Its own events are asked back only at start (none then): no echo.
    CHECK(peer.events_duplicate() == 0);
    // Its alert (and Hải Dương's acknowledgement), and its receipts for the other two alerts.
    CHECK(peer.events_stored() == (peer.peer_id() == "hai-duong" ? 4 : 3));
    CHECK(peer.peer_epoch() != 0);
    CHECK(peer.has_last_contact());
  }
}

std::vector<NodeSpec> five_nodes() {
  return {{"lang-son", "LS"},
          {"bac-giang", "BG"},
          {"hai-duong", "HD"},
          {"quang-ninh", "QN"},
          {"hai-phong", "HP"}};
}

// Publishes `count` alerts at every node; returns all their ids.
std::set<std::string> publish_everywhere(Federation& federation, zmq::context_t& context,
                                         int count) {
  std::set<std::string> ids;
  for (std::size_t i = 0; i < federation.size(); ++i) {
    WireClient publisher(context, federation.endpoint_of(i));
    for (int n = 0; n < count; ++n) {
      const v1::Event alert = sample_forest_fire();
      REQUIRE(publisher.publish(alert).has_publish_ack());
      ids.insert(alert.event_id());
    }
  }
  return ids;
}

TEST_CASE("Relay: five nodes in a line deliver every event to every node once, with its path") {
  // 0 - 1 - 2 - 3 - 4, each node linked to its neighbours only.
  Federation federation(five_nodes(),
                        [](std::size_t i, std::size_t j) { return i + 1 == j || j + 1 == i; },
                        {"--relay"});
  zmq::context_t context;
  const std::set<std::string> ids = publish_everywhere(federation, context, 3);
  for (std::size_t i = 0; i < federation.size(); ++i) {
    REQUIRE(wait_for_count(context, federation.endpoint_of(i), ids.size()) == ids.size());
  }
  check_converged(federation, context, ids, false);
  // At the far end, an event from the first node went through every node in between.
  for (const v1::StoredEvent& event : all_events(context, federation.endpoint_of(4))) {
    if (event.origin().node() == "lang-son") {
      REQUIRE(event.path_size() == 4);
      CHECK(event.path(0) == "lang-son");
      CHECK(event.path(1) == "bac-giang");
      CHECK(event.path(2) == "hai-duong");
      CHECK(event.path(3) == "quang-ninh");
    }
  }
}

TEST_CASE("Relay: five nodes in a ring deliver every event to every node once") {
  Federation federation(
      five_nodes(),
      [](std::size_t i, std::size_t j) { return (i + 1) % 5 == j || (j + 1) % 5 == i; },
      {"--relay"});
  zmq::context_t context;
  const std::set<std::string> ids = publish_everywhere(federation, context, 3);
  for (std::size_t i = 0; i < federation.size(); ++i) {
    REQUIRE(wait_for_count(context, federation.endpoint_of(i), ids.size()) == ids.size());
  }
  // Let the copies that travel the other way round arrive too: they must be dropped.
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  check_converged(federation, context, ids, false);
  for (const v1::StoredEvent& event : all_events(context, federation.endpoint_of(0))) {
    CHECK(event.path_size() <= 4);  // Whichever way round came first, no node twice.
  }
}

TEST_CASE("Relay stops at max_hops") {
  // A line of five with at most two hops: the ends do not hear of each other.
  Federation federation(five_nodes(),
                        [](std::size_t i, std::size_t j) { return i + 1 == j || j + 1 == i; },
                        {"--relay", "--max-hops", "2"});
  zmq::context_t context;
  std::set<std::string> first;
  {
    WireClient publisher(context, federation.endpoint_of(0));
    const v1::Event alert = sample_forest_fire();
    REQUIRE(publisher.publish(alert).has_publish_ack());
  }
  REQUIRE(wait_for_count(context, federation.endpoint_of(2), 1) == 1);
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  WireClient far(context, federation.endpoint_of(3));
  // The alert did not reach it (the receipts of the nodes within two hops of it did).
  for (const v1::StoredEvent& event : all_events(context, federation.endpoint_of(3))) {
    CHECK(event.type() == v1::RECEIPT);
  }
  const v1::StatusReply status = far.status();
  std::uint64_t beyond = 0;
  for (const v1::PeerLinkStatus& peer : status.peers()) {
    beyond += peer.events_beyond_max_hops();
  }
  CHECK(beyond >= 1);
}

}  // namespace alertbus::testing
