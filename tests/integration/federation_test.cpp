// Three real brokers in a full mesh: every alert reaches every node exactly once, follow-ups
// travel back to the origin, and the link state is visible in the status reply.
#include "federation.hpp"

#include <catch2/catch.hpp>

#include "support/sample_events.hpp"

namespace alertbus::testing {
namespace {

v1::Subscribe everything() {
  v1::Subscribe subscribe;
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
    CHECK(reply.publish_ack().reference().rfind("HD-", 0) == 0);
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
    CHECK(peer.events_duplicate() == 0);
    CHECK(peer.events_stored() == (peer.peer_id() == "hai-duong" ? 2 : 1));
    CHECK(peer.peer_epoch() != 0);
    CHECK(peer.has_last_contact());
  }
}

}  // namespace alertbus::testing
