#include "fuzz_checks.hpp"

#include "alertbus/protocol/codec.hpp"
#include "alertbus/protocol/validation.hpp"
#include "store/event_facts.hpp"

namespace alertbus::fuzz {

void check_error_reply(const Status& status) {
  require(!status.ok(), "a failure has a non-OK code");
  // The broker replies to a frame it could not read with request id 0.
  const std::string bytes = protocol::encode_frame(protocol::error_frame(0, status));
  // A reply is small whatever the input: messages quote at most 40 characters of a value.
  auto decoded = protocol::decode_frame(bytes);
  require(decoded.ok(), "an Error frame decodes (its texts are UTF-8)");
  require(decoded.value().has_error(), "an Error frame holds an error");
  const Status back = Status::from_proto(decoded.value().error());
  require(back.code() == status.code() && back.message() == status.message() &&
              back.message_vi() == status.message_vi() && back.field() == status.field(),
          "an Error frame carries the Status unchanged");
}

bool check_event_bytes(std::string_view bytes, std::int64_t max_clock_skew_ms) {
  auto decoded = protocol::decode_event(bytes);
  if (!decoded.ok()) {
    check_error_reply(decoded.status());
    return false;
  }
  protocol::ValidationOptions options;
  options.now_unix_ms = kNowUnixMs;
  options.max_clock_skew_ms = max_clock_skew_ms;
  const Status valid = protocol::validate_event(decoded.value(), options);
  if (!valid.ok()) {
    check_error_reply(valid);
    return false;
  }
  // What ingest does next with a valid event.
  const broker::EventFacts facts = broker::facts_of(decoded.value());
  require(facts.area_codes.front() == ' ' && facts.area_codes.back() == ' ',
          "area codes are space-delimited");
  // Validity is a property of the values, not of the bytes that carried them.
  const std::string again = decoded.value().SerializeAsString();
  auto redecoded = protocol::decode_event(again);
  require(redecoded.ok(), "a valid event re-serialized decodes");
  require(protocol::validate_event(redecoded.value(), options).ok(),
          "a valid event re-serialized is still valid");
  return true;
}

}  // namespace alertbus::fuzz
