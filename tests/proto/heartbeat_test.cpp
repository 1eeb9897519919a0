// Tests of Heartbeat (alertbus/protocol/heartbeat.hpp): the liveness rules the client library
// and the federation links share, on a clock the test moves.
#include "alertbus/protocol/heartbeat.hpp"

#include <chrono>

#include <catch2/catch.hpp>

namespace {

using alertbus::protocol::Heartbeat;
using namespace std::chrono_literals;

}  // namespace

TEST_CASE("A Ping is due at once on a new connection, then once per interval") {
  Heartbeat heartbeat(2000ms, 3);
  const Heartbeat::Clock::time_point start{};
  heartbeat.start(start);
  CHECK(heartbeat.ping_due(start));
  CHECK_FALSE(heartbeat.ping_due(start + 1999ms));
  CHECK(heartbeat.ping_due(start + 2000ms));
  CHECK_FALSE(heartbeat.ping_due(start + 2500ms));
  CHECK(heartbeat.next_due() == start + 4000ms);
}

TEST_CASE("A broker is silent after three intervals without a message, and any message resets it") {
  Heartbeat heartbeat(200ms, 3);
  const Heartbeat::Clock::time_point start{};
  heartbeat.start(start);
  CHECK_FALSE(heartbeat.silent(start + 599ms));
  CHECK(heartbeat.silent(start + 600ms));
  heartbeat.heard(start + 500ms);
  CHECK_FALSE(heartbeat.silent(start + 1000ms));
  CHECK(heartbeat.silent(start + 1100ms));
  CHECK(heartbeat.connected_at() == start);
}

TEST_CASE("A Pong without subscriptions is a lost subscription only while one is held") {
  Heartbeat heartbeat(2000ms, 3);
  heartbeat.start({});
  alertbus::v1::Pong none;
  alertbus::v1::Pong one;
  one.set_subscriptions(1);
  CHECK_FALSE(heartbeat.subscription_lost(none));
  heartbeat.expect_subscription(true);
  CHECK(heartbeat.subscription_lost(none));
  CHECK_FALSE(heartbeat.subscription_lost(one));
  heartbeat.start({});  // A new connection holds nothing yet.
  CHECK_FALSE(heartbeat.subscription_lost(none));
}

TEST_CASE("A Ping frame carries its request id and the last seq seen") {
  const alertbus::v1::Frame ping = alertbus::protocol::ping_frame(7, 42);
  CHECK(ping.request_id() == 7);
  REQUIRE(ping.has_ping());
  CHECK(ping.ping().last_seq() == 42);
}
