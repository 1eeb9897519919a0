// A client that overdoes it, against a real curve-mode alertbusd: publishes over its rate
// are refused with RATE_LIMITED, a flood of wrong requests fills neither the log nor the
// replies, and text it sent is echoed cut (issue "Hardening", item 8).
#include <fstream>
#include <sstream>

#include <catch2/catch.hpp>

#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "security_fixture.hpp"
#include "security_helpers.hpp"
#include "support/sample_events.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {
namespace {

// 5 events/s per principal: a burst of 50.
struct LimitedNode : SecureNode {
  LimitedNode() : SecureNode({"--publish-events-per-second", "5"}) {}
};

std::size_t lines_with(const std::string& path, const std::string& needle) {
  std::ifstream in(path);
  std::string line;
  std::size_t count = 0;
  while (std::getline(in, line)) {
    count += line.find(needle) != std::string::npos ? 1U : 0U;
  }
  return count;
}

}  // namespace

TEST_CASE("A unit publishing over its rate is refused with RATE_LIMITED, others are served") {
  LimitedNode node;
  auto cnty = node.client("bac-giang/cnty");
  for (int i = 0; i < 80; ++i) {
    v1::Frame frame = node.keys.signed_publish(own_alert("bac-giang"), "bac-giang/cnty");
    frame.set_request_id(cnty->next_request_id());
    cnty->send(frame);
  }
  int stored = 0;
  int limited = 0;
  for (int i = 0; i < 80; ++i) {
    const std::optional<v1::Frame> reply = cnty->receive(10s);
    REQUIRE(reply);
    if (reply->has_publish_ack()) {
      ++stored;
    } else {
      REQUIRE(reply->has_error());
      CHECK(reply->error().code() == v1::RATE_LIMITED);
      CHECK(reply->error().message().find("bac-giang/cnty publishes faster than its limit") !=
            std::string::npos);
      ++limited;
    }
  }
  CHECK(stored >= 50);
  CHECK(stored <= 55);  // The burst, and what 5/s refills while they arrive.
  CHECK(limited == 80 - stored);
  // Another unit has its own allowance.
  auto bvtv = node.client("bac-giang/bvtv");
  CHECK(publish(*bvtv, node.keys.signed_publish(sample_crop_pest(), "bac-giang/bvtv"))
            .has_publish_ack());
}

TEST_CASE("A flood of wrong requests is answered, logged once per interval, and echoed cut") {
  LimitedNode node;
  auto cnty = node.client("bac-giang/cnty");
  // 2,000 DeliveryAcks for a subscription that does not exist.
  for (int i = 0; i < 2000; ++i) {
    v1::Frame ack;
    ack.set_request_id(cnty->next_request_id());
    ack.mutable_delivery_ack()->set_subscription_id(424242);
    ack.mutable_delivery_ack()->set_credit(1);
    cnty->send(ack);
  }
  int answered = 0;
  while (answered < 2000 && cnty->receive(5s)) {
    ++answered;
  }
  CHECK(answered == 2000);                                                 // Every one answered...
  CHECK(lines_with(node.broker.log_path(), "UNKNOWN_SUBSCRIPTION") == 1);  // ...one logged.
  // A 200 KB signer name comes back, and goes to the log, cut.
  v1::Frame forged = node.keys.signed_publish(own_alert("bac-giang"), "bac-giang/cnty");
  forged.mutable_publish()->set_signer(std::string(200000, 'x'));
  const v1::Frame refused = publish(*cnty, forged);
  REQUIRE(refused.has_error());
  CHECK(refused.error().message().size() <= 600);
  CHECK(refused.error().message_vi().size() <= 600);
  std::ifstream log(node.broker.log_path());
  std::string line;
  std::size_t longest = 0;
  while (std::getline(log, line)) {
    longest = std::max(longest, line.size());
  }
  CHECK(longest < 4096);
}

}  // namespace alertbus::testing
