// References for people, across three real brokers and the real alertctl (issue 13): a
// node's alerts are numbered without gaps whatever receipts it issues for its neighbours'
// alerts, a follow-up is numbered within the alert it follows and names it by reference,
// `alertctl list` leaves the brokers' notices out unless asked (--notices), and `alertctl
// case` tells a case's story (Query.case_of).
#include <nlohmann/json.hpp>

#include <catch2/catch.hpp>

#include "alertctl_process.hpp"
#include "federation.hpp"
#include "support/sample_events.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {
namespace {

v1::PublishAck publish(zmq::context_t& context, const std::string& endpoint,
                       const v1::Event& event) {
  WireClient client(context, endpoint);
  const v1::Frame reply = client.publish(event);
  INFO(reply.DebugString());
  REQUIRE(reply.has_publish_ack());
  return reply.publish_ack();
}

// The lines of `text` that contain `needle`.
std::vector<std::string> lines_with(const std::string& text, const std::string& needle) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    end = end == std::string::npos ? text.size() : end;
    const std::string line = text.substr(start, end - start);
    if (line.find(needle) != std::string::npos) {
      lines.push_back(line);
    }
    start = end + 1;
  }
  return lines;
}

}  // namespace

TEST_CASE("Alerts are numbered without gaps, follow-ups within their alert, notices not shown") {
  Federation federation(three_provinces());
  zmq::context_t context;
  const std::string bac_giang = federation.endpoint_of(0);
  const std::string hai_duong = federation.endpoint_of(1);
  // Hải Dương's alert first: Bắc Giang and Quảng Ninh store it and each issues a receipt.
  v1::Event outbreak = sample_animal_disease();
  outbreak.set_sender_unit("hai-duong/cnty");
  const v1::PublishAck neighbours = publish(context, hai_duong, outbreak);
  REQUIRE(wait_for_receipts(context, hai_duong));

  // Bắc Giang's first alert of the year is its number 1: the receipt took no number.
  const v1::Event pest = sample_crop_pest();
  const v1::PublishAck first = publish(context, bac_giang, pest);
  CHECK(first.reference().size() == 13);
  CHECK(first.reference().substr(0, 3) == "BG-");
  CHECK(first.reference().substr(8) == "00001");
  // Hải Dương acknowledges it, and adds information twice; Bắc Giang updates its own alert
  // and acknowledges Hải Dương's.
  REQUIRE(wait_for_count(context, hai_duong, 2) == 2);
  v1::Event acknowledge = sample_follow_up(pest, v1::ACKNOWLEDGE);
  acknowledge.set_sender_unit("hai-duong/bvtv");
  CHECK(publish(context, hai_duong, acknowledge).reference() == first.reference() + "/HD-1");
  v1::Event information = sample_follow_up(pest, v1::ADDITIONAL_INFO);
  information.set_sender_unit("hai-duong/bvtv");
  CHECK(publish(context, hai_duong, information).reference() == first.reference() + "/HD-2");
  CHECK(publish(context, bac_giang, sample_follow_up(pest, v1::ADDITIONAL_INFO)).reference() ==
        first.reference() + "/1");
  v1::Event acknowledged_there = sample_follow_up(outbreak, v1::ACKNOWLEDGE);
  acknowledged_there.set_sender_unit("bac-giang/cnty");
  CHECK(publish(context, bac_giang, acknowledged_there).reference() ==
        neighbours.reference() + "/BG-1");
  // The next alert follows on.
  CHECK(publish(context, bac_giang, sample_unsafe_food()).reference().substr(8) == "00002");
  REQUIRE(wait_for_count(context, bac_giang, 7) == 7);

  // `list` names each follow-up's alert by reference and leaves the notices out.
  Run run = run_alertctl({"list", "--broker", bac_giang, "--lang", "en"});
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  CHECK(run.output.find(outbreak.event_id()) == std::string::npos);
  CHECK(run.output.find(pest.event_id()) == std::string::npos);
  const std::vector<std::string> acknowledged = lines_with(run.output, first.reference() + "/HD-1");
  REQUIRE(acknowledged.size() == 1);
  CHECK(acknowledged[0].find("→ " + first.reference()) != std::string::npos);
  CHECK(lines_with(run.output, "Delivery receipt").empty());
  CHECK(lines_with(run.output, "  -  ").empty());  // No event without a reference.
  run = run_alertctl({"list", "--broker", bac_giang, "--lang", "en", "--notices"});
  CHECK(lines_with(run.output, "Delivery receipt").size() >= 2);  // Its own and Quảng Ninh's.

  // `case` tells the case as a story: every follow-up with its reference, unit and text, and
  // where it was delivered.
  REQUIRE(wait_for_receipts(context, bac_giang));
  run = run_alertctl({"case", first.reference(), "--broker", bac_giang, "--lang", "en"});
  INFO(run.output);
  REQUIRE(run.exit_code == 0);
  CHECK(run.output.find("Timeline:") != std::string::npos);
  const std::vector<std::string> told = lines_with(run.output, first.reference() + "/HD-2");
  REQUIRE(told.size() == 1);
  CHECK(told[0].find("Additional information · hai-duong/bvtv: " +
                     information.follow_up().text()) != std::string::npos);
  CHECK(lines_with(run.output, first.reference() + "/1  ").size() == 1);
  CHECK(lines_with(run.output, "Delivery receipt: stored at hai-duong").size() == 1);
  CHECK(lines_with(run.output, "Delivery receipt: stored at quang-ninh").size() == 1);
  run = run_alertctl({"case", first.reference(), "--broker", bac_giang, "--json"});
  const auto json = nlohmann::json::parse(run.output);
  REQUIRE(json["timeline"].size() == 6);  // The alert, three follow-ups, two receipts.
  CHECK(json["timeline"][0]["reference"] == first.reference());
}

}  // namespace alertbus::testing
