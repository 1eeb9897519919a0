// Tests of the frame codec: hostile bytes never crash it and always map to a specific code,
// invalid UTF-8 is reported with the field's path, and good frames survive a round trip.
#include "alertbus/protocol/codec.hpp"

#include <cstdint>
#include <random>
#include <string>

#include <catch2/catch.hpp>
#include <google/protobuf/util/message_differencer.h>

#include "alertbus/protocol/event_id.hpp"
#include "proto/message_paths.hpp"
#include "support/sample_events.hpp"

namespace alertbus::protocol {
namespace {

using google::protobuf::util::MessageDifferencer;

std::string serialize(const google::protobuf::Message& message) {
  // Protobuf logs (but still writes) invalid UTF-8 when serializing; tests build such
  // events on purpose.
  silence_protobuf_logging();
  std::string bytes;
  REQUIRE(message.SerializeToString(&bytes));
  return bytes;
}

v1::Frame publish_frame(const v1::Event& event) {
  v1::Frame frame;
  frame.set_request_id(42);
  frame.mutable_publish()->set_event(serialize(event));
  return frame;
}

TEST_CASE("decode_frame rejects bytes that are not protobuf as MALFORMED_FRAME", "[codec]") {
  silence_protobuf_logging();
  using namespace std::string_literals;
  for (const std::string& bytes : {"\x08"s,  // Tag, no value.
                                   "\x07"s,  // Field 0.
                                   "\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff"s,  // Long varint.
                                   "\x0f\x01"s,                                      // Wire type 7.
                                   "\x52\x05"
                                   "ab"s}) {  // Length 5, 2 bytes.
    INFO("bytes: " << bytes.size());
    const auto result = decode_frame(bytes);
    REQUIRE_FALSE(result.ok());
    CHECK(result.status().code() == v1::MALFORMED_FRAME);
    CHECK(result.status().field().empty());
  }
}

TEST_CASE(
    "A frame without a body whose fields have unknown numbers or wrong wire types is "
    "MALFORMED_FRAME",
    "[codec]") {
  silence_protobuf_logging();
  using namespace std::string_literals;
  for (const std::string& bytes : {"\x0a\x01x"s,        // request_id (1) as bytes, not a varint.
                                   "\xb8\x3e\x01"s}) {  // Field 999, a varint.
    const auto result = decode_frame(bytes);
    REQUIRE_FALSE(result.ok());
    CHECK(result.status().code() == v1::MALFORMED_FRAME);
  }
  // A frame of a kind it knows, with a field it does not (a newer client's): decoded.
  v1::Frame ping;
  ping.set_request_id(7);
  ping.mutable_ping();
  const auto newer = decode_frame(ping.SerializeAsString() + "\xb8\x3e\x01"s);
  REQUIRE(newer.ok());
  CHECK(newer.value().has_ping());
  // No body and nothing unknown: a frame, of no kind the broker serves (UNEXPECTED_FRAME).
  v1::Frame empty;
  empty.set_request_id(10);
  CHECK(decode_frame(empty.SerializeAsString()).ok());
}

TEST_CASE("A request_id varint longer than 10 bytes or beyond 64 bits is MALFORMED_FRAME",
          "[codec]") {
  silence_protobuf_logging();
  using namespace std::string_literals;
  const std::string ping_body = "\x7a\x00"s;            // Field 15 (ping), empty.
  REQUIRE(decode_frame("\x08\x07"s + ping_body).ok());  // The well-formed frame: id 7.
  // Ten bytes whose last carries bits 64 and up: protobuf drops them and reads a number.
  const std::string beyond_64_bits = "\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f"s;
  // Eleven bytes: longer than any varint.
  const std::string eleven_bytes = "\x08\x81\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00"s;
  for (const std::string& request_id : {beyond_64_bits, eleven_bytes}) {
    for (const std::string& bytes : {request_id + ping_body, ping_body + request_id}) {
      INFO("bytes: " << bytes.size());
      const auto result = decode_frame(bytes);
      REQUIRE_FALSE(result.ok());
      CHECK(result.status().code() == v1::MALFORMED_FRAME);
      // What the broker answers it with: request id 0, never a number read from it.
      CHECK(error_frame(0, result.status()).request_id() == 0);
    }
  }
  // The largest request id (ten bytes, the last 0x01) and a padded but valid one stay frames.
  const auto largest = decode_frame("\x08\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01"s + ping_body);
  REQUIRE(largest.ok());
  CHECK(largest.value().request_id() == UINT64_MAX);
  const auto padded = decode_frame("\x08\x85\x80\x80\x00"s + ping_body);
  REQUIRE(padded.ok());
  CHECK(padded.value().request_id() == 5);
}

TEST_CASE("decode_frame and decode_event never crash on random bytes", "[codec]") {
  silence_protobuf_logging();
  std::mt19937 random(20261128);  // Fixed seed: a failure is reproducible.
  std::uniform_int_distribution<int> byte(0, 255);
  std::uniform_int_distribution<int> length(0, 64);
  for (int round = 0; round < 20'000; ++round) {
    std::string bytes(static_cast<std::size_t>(length(random)), '\0');
    for (char& c : bytes) {
      c = static_cast<char>(byte(random));
    }
    const auto frame = decode_frame(bytes);
    const auto event = decode_event(bytes);
    if (!frame.ok()) {
      INFO("round " << round);
      CHECK((frame.status().code() == v1::MALFORMED_FRAME ||
             frame.status().code() == v1::INVALID_UTF8));
    }
    if (!event.ok()) {
      INFO("round " << round);
      CHECK((event.status().code() == v1::MALFORMED_EVENT ||
             event.status().code() == v1::INVALID_UTF8));
    }
  }
}

TEST_CASE("A truncated frame or event is malformed, whatever the cut", "[codec]") {
  silence_protobuf_logging();
  const v1::Event event = testing::sample_animal_disease();
  const std::string event_bytes = serialize(event);
  const std::string frame_bytes = encode_frame(publish_frame(event));
  // The last field is length-delimited, so dropping its last byte always breaks it.
  CHECK(decode_frame(frame_bytes.substr(0, frame_bytes.size() - 1)).status().code() ==
        v1::MALFORMED_FRAME);
  CHECK(decode_event(event_bytes.substr(0, event_bytes.size() - 1)).status().code() ==
        v1::MALFORMED_EVENT);
  // Any other cut parses (at a field boundary) or fails as malformed; nothing else.
  for (std::size_t size = 0; size < frame_bytes.size(); ++size) {
    const auto result = decode_frame(frame_bytes.substr(0, size));
    INFO("frame cut at " << size);
    CHECK((result.ok() || result.status().code() == v1::MALFORMED_FRAME));
  }
  for (std::size_t size = 0; size < event_bytes.size(); ++size) {
    const auto result = decode_event(event_bytes.substr(0, size));
    INFO("event cut at " << size);
    CHECK((result.ok() || result.status().code() == v1::MALFORMED_EVENT));
  }
}

TEST_CASE("Input above the size limit is MESSAGE_TOO_LARGE before any parsing", "[codec]") {
  const std::string frame_bytes = encode_frame(publish_frame(testing::sample_unsafe_food()));
  CHECK(decode_frame(frame_bytes, frame_bytes.size()).ok());
  const auto too_large = decode_frame(frame_bytes, frame_bytes.size() - 1);
  REQUIRE_FALSE(too_large.ok());
  CHECK(too_large.status().code() == v1::MESSAGE_TOO_LARGE);
  CHECK_THAT(too_large.status().message_vi(), Catch::Contains("vượt quá giới hạn"));

  // Garbage of the default limits' size + 1: the size is checked first.
  const std::string big_frame(kDefaultMaxFrameBytes + 1, '\xff');
  CHECK(decode_frame(big_frame).status().code() == v1::MESSAGE_TOO_LARGE);
  const std::string big_event(kDefaultMaxEventBytes + 1, '\xff');
  CHECK(decode_event(big_event).status().code() == v1::MESSAGE_TOO_LARGE);
}

TEST_CASE("Invalid UTF-8 in an event is INVALID_UTF8 naming the field", "[codec]") {
  struct Case {
    const char* path;
    const char* reported;  // The codec marks repeated fields "[]", without the index.
  };

  for (const Case& c :
       {Case{"title", "title"},
        Case{"animal_disease.outbreaks[0].commune.name", "animal_disease.outbreaks[].commune.name"},
        Case{"animal_disease.outbreaks[0].species[0].species",
             "animal_disease.outbreaks[].species[].species"},
        Case{"animal_disease.control_measures[1]", "animal_disease.control_measures[]"}}) {
    INFO(c.path);
    v1::Event event = testing::sample_animal_disease();
    REQUIRE(testing::set_string(event, c.path, "Lục Ngạn \xE1\xBA"));
    const auto result = decode_event(serialize(event));
    REQUIRE_FALSE(result.ok());
    CHECK(result.status().code() == v1::INVALID_UTF8);
    CHECK(result.status().field() == c.reported);
    CHECK_THAT(result.status().message_vi(), Catch::Contains("UTF-8"));
  }
}

TEST_CASE("Invalid UTF-8 inside Publish.event is found when the event bytes are decoded",
          "[codec]") {
  // Publish.event is `bytes`, so the frame itself parses; the broker decodes the event next
  // and that reports the field inside it.
  v1::Event event = testing::sample_forest_fire();
  event.mutable_forest_fire()->mutable_hotspot()->set_satellite("VIIRS \xC0\xAF");
  const auto frame = decode_frame(encode_frame(publish_frame(event)));
  REQUIRE(frame.ok());
  const auto decoded = decode_event(frame->publish().event());
  REQUIRE_FALSE(decoded.ok());
  CHECK(decoded.status().code() == v1::INVALID_UTF8);
  CHECK(decoded.status().field() == "forest_fire.hotspot.satellite");
}

TEST_CASE("Invalid UTF-8 in a frame's own strings is INVALID_UTF8 naming the field", "[codec]") {
  v1::Frame frame;
  frame.set_request_id(7);
  frame.mutable_subscribe()->set_durable_name("bảng-tin");
  frame.mutable_subscribe()->mutable_filter()->add_origin_nodes("bac-giang");
  frame.mutable_subscribe()->mutable_filter()->add_origin_nodes("hai-duong\xFF");
  const auto result = decode_frame(serialize(frame));
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == v1::INVALID_UTF8);
  CHECK(result.status().field() == "subscribe.filter.origin_nodes[]");

  v1::Frame query;
  query.mutable_query()->set_reference("BG-2026-\xED\xA0\x80");  // A surrogate.
  const auto query_result = decode_frame(serialize(query));
  REQUIRE_FALSE(query_result.ok());
  CHECK(query_result.status().code() == v1::INVALID_UTF8);
  CHECK(query_result.status().field() == "query.reference");
}

TEST_CASE("A frame and the event bytes inside it survive a round trip unchanged", "[codec]") {
  for (const v1::Event& event : {testing::sample_animal_disease(), testing::sample_crop_pest(),
                                 testing::sample_forest_fire(), testing::sample_unsafe_food(),
                                 testing::sample_follow_up(new_event_id(), v1::MEASURES_TAKEN)}) {
    const v1::Frame frame = publish_frame(event);
    const auto decoded = decode_frame(encode_frame(frame));
    REQUIRE(decoded.ok());
    CHECK(MessageDifferencer::Equals(decoded.value(), frame));
    // The broker stores and relays these exact bytes.
    CHECK(decoded->publish().event() == frame.publish().event());
    const auto decoded_event = decode_event(decoded->publish().event());
    REQUIRE(decoded_event.ok());
    CHECK(MessageDifferencer::Equals(decoded_event.value(), event));
  }
}

TEST_CASE("An error frame carries the status in both languages with its field", "[codec]") {
  const Status status =
      Status::error(v1::MISSING_FIELD, "title is required", "thiếu trường bắt buộc title", "title");
  const auto decoded = decode_frame(encode_frame(error_frame(99, status)));
  REQUIRE(decoded.ok());
  CHECK(decoded->request_id() == 99);
  const Status back = Status::from_proto(decoded->error());
  CHECK(back.code() == v1::MISSING_FIELD);
  CHECK(back.message() == status.message());
  CHECK(back.message_vi() == status.message_vi());
  CHECK(back.field() == "title");
}

}  // namespace
}  // namespace alertbus::protocol
