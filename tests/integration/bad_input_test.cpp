// Bad input at a real broker: each kind gets its error code, is logged, changes nothing,
// and the broker keeps serving a well-behaved client at the same time.
#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>

#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "support/sample_events.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {
namespace {

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// A client publishing well-formed alerts on its own socket and thread, counting acks.
class WellBehavedClient {
 public:
  WellBehavedClient(zmq::context_t& context, const std::string& endpoint)
      : thread_([this, &context, endpoint] {
          WireClient client(context, endpoint);
          while (!stop_) {
            const v1::Frame reply = client.publish(sample_crop_pest());
            if (reply.has_publish_ack()) {
              ++acked_;
            } else {
              ++failed_;
            }
          }
        }) {}

  ~WellBehavedClient() { finish(); }

  void finish() {
    stop_ = true;
    if (thread_.joinable()) {
      thread_.join();
    }
  }

  int acked() const { return acked_; }

  // Blocks until `count` publishes were acknowledged (the client is really running).
  void wait_for_acks(int count) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (acked_ < count && std::chrono::steady_clock::now() < deadline) {
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
  }

  int failed() const { return failed_; }

 private:
  std::atomic<bool> stop_{false};
  std::atomic<int> acked_{0};
  std::atomic<int> failed_{0};
  std::thread thread_;
};

v1::Frame expect_error(WireClient& client, std::uint64_t request_id = 0) {
  auto reply = client.receive_reply(request_id);
  REQUIRE(reply.has_value());
  REQUIRE(reply->has_error());
  return *reply;
}

}  // namespace

TEST_CASE("Malformed frames get their error codes while a good client is served") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path();
  BrokerProcess broker(options);
  zmq::context_t context;
  WellBehavedClient good(context, broker.endpoint());
  good.wait_for_acks(5);
  WireClient bad(context, broker.endpoint());

  SECTION("garbage bytes") {
    bad.send_parts({std::string("\xff\xfe garbage \x01\x02\x03", 15)});
    CHECK(expect_error(bad).error().code() == v1::MALFORMED_FRAME);
  }
  SECTION("a truncated protobuf frame") {
    v1::Frame frame;
    frame.set_request_id(7);
    frame.mutable_publish()->set_event(sample_animal_disease().SerializeAsString());
    const std::string bytes = frame.SerializeAsString();
    bad.send_parts({bytes.substr(0, bytes.size() / 2)});
    CHECK(expect_error(bad).error().code() == v1::MALFORMED_FRAME);
  }
  SECTION("a message of two parts, and an empty one") {
    bad.send_parts({"first", "second"});
    CHECK(expect_error(bad).error().code() == v1::WRONG_FRAME_COUNT);
  }
  SECTION("a frame the broker only sends") {
    v1::Frame frame;
    frame.set_request_id(9);
    frame.mutable_publish_ack()->set_seq(1);
    bad.send(frame);
    CHECK(expect_error(bad, 9).error().code() == v1::UNEXPECTED_FRAME);
    v1::Frame empty;
    empty.set_request_id(10);
    bad.send(empty);
    CHECK(expect_error(bad, 10).error().code() == v1::UNEXPECTED_FRAME);
  }
  SECTION("an event over the size limit") {
    v1::Event huge = sample_animal_disease();
    huge.set_description(std::string(300 * 1024, 'x'));
    const v1::Frame reply = bad.publish(huge);
    REQUIRE(reply.has_error());
    CHECK(reply.error().code() == v1::MESSAGE_TOO_LARGE);
  }
  SECTION("a frame far over the limit drops that connection only") {
    bad.send_parts({std::string(4 * 1024 * 1024, 'x')});
    CHECK_FALSE(bad.receive(std::chrono::milliseconds(500)).has_value());
    // A fresh connection is served, and its garbage is refused and logged like any other.
    WireClient again(context, broker.endpoint());
    again.send_parts({"junk"});
    CHECK(expect_error(again).error().code() == v1::MALFORMED_FRAME);
  }
  SECTION("event bytes that are not an event") {
    const v1::Frame reply = bad.publish_bytes(std::string("\x0a\xff\xff\xff", 4));
    REQUIRE(reply.has_error());
    CHECK(reply.error().code() == v1::MALFORMED_EVENT);
  }
  SECTION("invalid UTF-8 in a nested string names the field") {
    v1::Event event = sample_animal_disease();
    event.set_title("ok");
    std::string bytes = event.SerializeAsString();
    // Replace the title's two bytes with an invalid sequence, in place.
    const std::size_t at = bytes.find("ok");
    REQUIRE(at != std::string::npos);
    bytes[at] = '\xc3';
    bytes[at + 1] = '\x28';
    const v1::Frame reply = bad.publish_bytes(bytes);
    REQUIRE(reply.has_error());
    CHECK(reply.error().code() == v1::INVALID_UTF8);
    CHECK(reply.error().field() == "title");
  }
  SECTION("out-of-range values, coordinates outside Vietnam and unknown enums") {
    v1::Event outside = sample_forest_fire();
    outside.mutable_forest_fire()->mutable_hotspot()->mutable_location()->set_latitude(35.0);
    CHECK(bad.publish(outside).error().code() == v1::COORDINATES_OUTSIDE_VIETNAM);
    v1::Event unknown = sample_crop_pest();
    unknown.set_severity(static_cast<v1::Severity>(77));
    CHECK(bad.publish(unknown).error().code() == v1::UNKNOWN_ENUM_VALUE);
    v1::Event negative = sample_crop_pest();
    negative.mutable_crop_pest()->set_incidence_percent(140);
    const v1::Frame reply = bad.publish(negative);
    CHECK(reply.error().code() == v1::VALUE_OUT_OF_RANGE);
    CHECK(reply.error().field() == "crop_pest.incidence_percent");
  }
  SECTION("every required envelope field missing in turn") {
    using Clear = void (*)(v1::Event*);
    const std::vector<std::pair<std::string, Clear>> fields{
        {"event_id", [](v1::Event* e) { e->clear_event_id(); }},
        {"sender_unit", [](v1::Event* e) { e->clear_sender_unit(); }},
        {"sent_at", [](v1::Event* e) { e->clear_sent_at(); }},
        {"status", [](v1::Event* e) { e->clear_status(); }},
        {"kind", [](v1::Event* e) { e->clear_kind(); }},
        {"type", [](v1::Event* e) { e->clear_type(); }},
        {"urgency", [](v1::Event* e) { e->clear_urgency(); }},
        {"severity", [](v1::Event* e) { e->clear_severity(); }},
        {"certainty", [](v1::Event* e) { e->clear_certainty(); }},
        {"areas", [](v1::Event* e) { e->clear_areas(); }},
        {"title", [](v1::Event* e) { e->clear_title(); }},
        {"body", [](v1::Event* e) { e->clear_body(); }},
    };
    for (const auto& [field, clear] : fields) {
      v1::Event event = sample_unsafe_food();
      clear(&event);
      const v1::Frame reply = bad.publish(event);
      INFO("field " << field);
      REQUIRE(reply.has_error());
      CHECK(reply.error().code() == v1::MISSING_FIELD);
      CHECK(reply.error().field().rfind(field, 0) == 0);
      CHECK_FALSE(reply.error().message_vi().empty());
    }
  }
  SECTION("an acknowledgement for a subscription that does not exist") {
    bad.ack(12345, 1, 1);
    CHECK(expect_error(bad, 12345).error().code() == v1::UNKNOWN_SUBSCRIPTION);
  }

  // Nothing of the bad input was stored, the good client was served all along, and the
  // refusals are in the log.
  const int acked_during_bad_input = good.acked();
  good.wait_for_acks(acked_during_bad_input + 5);
  good.finish();
  CHECK(good.failed() == 0);
  CHECK(good.acked() > 0);
  WireClient checker(context, broker.endpoint());
  CHECK(checker.status().event_count() == static_cast<std::uint64_t>(good.acked()));
  CHECK(broker.alive());
  const std::string log = read_file(broker.log_path());
  CHECK(log.find("refused") != std::string::npos);
}

}  // namespace alertbus::testing
