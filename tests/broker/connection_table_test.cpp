// The loop's connection table (loop/connection_table.hpp), on a clock the test moves:
// admission up to max_connections, publishes in flight up to max_in_flight, and expiry of
// silent connections, never of one with a publish in flight.
#include "loop/connection_table.hpp"

#include <catch2/catch.hpp>

namespace alertbus::broker {
namespace {

using Clock = ConnectionTable::Clock;
using std::chrono::milliseconds;

ConnectionTable::Limits limits() {
  ConnectionTable::Limits limits;
  limits.max_connections = 2;
  limits.max_in_flight = 2;
  limits.silence = milliseconds(6000);
  limits.check_interval = milliseconds(1000);
  return limits;
}

}  // namespace

TEST_CASE("A new connection is admitted only while the table has room") {
  const Clock::time_point start = Clock::now();
  ConnectionTable table(limits(), start);
  REQUIRE(table.heard_from("a", start) != nullptr);
  REQUIRE(table.heard_from("b", start) != nullptr);
  CHECK(table.heard_from("c", start) == nullptr);  // Full: the third is refused.
  CHECK(table.size() == 2);
  // Those admitted are still heard, and their last_seen moves.
  ConnectionTable::Connection* a = table.heard_from("a", start + milliseconds(10));
  REQUIRE(a != nullptr);
  CHECK(a->last_seen == start + milliseconds(10));
  CHECK(table.size() == 2);
}

TEST_CASE("Publishes in flight are counted up to the limit and given back when answered") {
  const Clock::time_point start = Clock::now();
  ConnectionTable table(limits(), start);
  ConnectionTable::Connection* a = table.heard_from("a", start);
  REQUIRE(a != nullptr);
  CHECK(table.publish_staged(*a));
  CHECK(table.publish_staged(*a));
  CHECK_FALSE(table.publish_staged(*a));  // max_in_flight reached: not counted.
  CHECK(a->in_flight == 2);
  table.publish_answered("a");
  CHECK(a->in_flight == 1);
  CHECK(table.publish_staged(*a));
  table.publish_answered("a");
  table.publish_answered("a");
  table.publish_answered("a");  // Never below zero.
  CHECK(a->in_flight == 0);
  table.publish_answered("gone");  // A connection no longer in the table: nothing happens.
  CHECK(table.size() == 1);
}

TEST_CASE("Silent connections are dropped, those with a publish in flight are kept") {
  const Clock::time_point start = Clock::now();
  ConnectionTable table(limits(), start);
  ConnectionTable::Connection* quiet = table.heard_from("quiet", start);
  ConnectionTable::Connection* busy = table.heard_from("busy", start);
  REQUIRE(quiet != nullptr);
  REQUIRE(busy != nullptr);
  REQUIRE(table.publish_staged(*busy));
  // Not yet a check interval since the last check: nothing is looked at.
  CHECK(table.expire(start + milliseconds(500)).empty());
  // Checked, but nobody is silent for longer than the limit yet.
  CHECK(table.expire(start + milliseconds(6000)).empty());
  CHECK(table.size() == 2);
  // Too soon after that check, even though both are now silent too long.
  CHECK(table.expire(start + milliseconds(6500)).empty());
  const std::vector<std::string> dropped = table.expire(start + milliseconds(7000));
  CHECK(dropped == std::vector<std::string>{"quiet"});
  CHECK(table.size() == 1);
  CHECK(table.connections().count("busy") == 1);
  // Once answered, the busy one goes too at the next check.
  table.publish_answered("busy");
  CHECK(table.expire(start + milliseconds(8000)) == std::vector<std::string>{"busy"});
  CHECK(table.size() == 0);
  // A dropped connection heard from again is admitted as new.
  ConnectionTable::Connection* back = table.heard_from("quiet", start + milliseconds(8001));
  REQUIRE(back != nullptr);
  CHECK(back->in_flight == 0);
}

}  // namespace alertbus::broker
