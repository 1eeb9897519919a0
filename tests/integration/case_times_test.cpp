// Case times across real nodes (issue 12, item 5): the origin's store time travels with each
// event (OriginPosition.stored_at), and every node times a case by it, not by what a sender
// claims. A backdated alert and an acknowledgement dated ten minutes after it, stored hours
// later, show when they were stored at every node.
#include <chrono>
#include <thread>

#include <catch2/catch.hpp>

#include "alertbus/protocol/clock.hpp"
#include "casework_fixtures.hpp"
#include "federation.hpp"

namespace alertbus::testing {

TEST_CASE("A backdated acknowledgement counts when its node stored it, at every node") {
  Federation federation(three_provinces());
  zmq::context_t context;
  WireClient bac_giang(context, federation.endpoint_of(0));
  WireClient hai_duong(context, federation.endpoint_of(1));

  const std::int64_t before_alert = protocol::now_unix_ms();
  v1::Event alert = sample_animal_disease();                       // bac-giang/cnty
  set_unix_ms(before_alert - 5 * kHour, alert.mutable_sent_at());  // Claims 5 h ago.
  REQUIRE(bac_giang.publish(alert).has_publish_ack());
  REQUIRE(wait_for_count(context, federation.endpoint_of(1), 1) == 1);
  const std::int64_t before_ack = protocol::now_unix_ms();
  v1::Event ack = follow_up_from(alert, v1::ACKNOWLEDGE, "hai-duong/cnty");
  set_unix_ms(before_alert - 5 * kHour + 10 * 60'000, ack.mutable_sent_at());  // "10 min later".
  REQUIRE(hai_duong.publish(ack).has_publish_ack());

  const std::int64_t tolerance = 10 * 60'000;
  for (std::size_t i = 0; i < federation.size(); ++i) {
    INFO("node " << federation.node(i).id);
    REQUIRE(wait_for_count(context, federation.endpoint_of(i), 2) == 2);
    WireClient client(context, federation.endpoint_of(i));
    const v1::AlertCase view = one_case(client, alert.event_id());
    // Timed by Bắc Giang's store, at most the clocks' tolerance before it.
    CHECK(protocol::to_unix_ms(view.sent_at()) >= before_alert - tolerance);
    const v1::ReceiverCase* hd = receiver(view, "hai-duong");
    REQUIRE(hd != nullptr);
    REQUIRE(hd->has_acknowledged_at());
    CHECK(protocol::to_unix_ms(hd->acknowledged_at()) >= before_ack - tolerance);
  }
}

}  // namespace alertbus::testing
