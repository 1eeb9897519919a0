// libFuzzer target: the input is one ZeroMQ message as the broker receives it, from a client
// on its ROUTER socket or from a peer on a federation link. Whatever the bytes, decoding
// must fail cleanly or yield a Frame that the broker's handlers can take apart:
//   - Publish: the event bytes are decoded and validated as for a client publish;
//   - Delivery (what a link receives) and QueryResult: each StoredEvent's bytes are decoded
//     and validated as a link does for a relayed event;
//   - Subscribe and Query: the filter is compiled as the subscription code does;
// and every failure's Error reply survives the wire (fuzz_checks.hpp).
// Run through tests/fuzz/run.sh; docs/TESTING.md says how to reproduce a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "alertbus/protocol/codec.hpp"
#include "delivery/event_filter.hpp"
#include "fuzz_checks.hpp"

namespace alertbus::fuzz {
namespace {

void check_filter(const v1::Filter& filter) {
  auto compiled = broker::EventFilter::from_proto(filter);
  if (!compiled.ok()) {
    require(compiled.status().code() == v1::INVALID_SUBSCRIPTION,
            "a refused filter is INVALID_SUBSCRIPTION");
    check_error_reply(compiled.status());
  }
}

void check_stored_events(const google::protobuf::RepeatedPtrField<v1::StoredEvent>& events) {
  for (const v1::StoredEvent& stored : events) {
    (void)check_event_bytes(stored.event(), kPeerClockSkewMs);
  }
}

}  // namespace
}  // namespace alertbus::fuzz

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  // As alertbusd does: protobuf's own complaints about bad UTF-8 would flood the output.
  alertbus::protocol::silence_protobuf_logging();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace alertbus;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  auto decoded = protocol::decode_frame(bytes);
  if (!decoded.ok()) {
    fuzz::check_error_reply(decoded.status());
    return 0;
  }
  const v1::Frame& frame = decoded.value();
  switch (frame.body_case()) {
    case v1::Frame::kPublish:
      (void)fuzz::check_event_bytes(frame.publish().event(), fuzz::kClientClockSkewMs);
      break;
    case v1::Frame::kDelivery:
      fuzz::check_stored_events(frame.delivery().events());
      break;
    case v1::Frame::kQueryResult:
      fuzz::check_stored_events(frame.query_result().events());
      break;
    case v1::Frame::kSubscribe:
      fuzz::check_filter(frame.subscribe().filter());
      break;
    case v1::Frame::kQuery:
      if (frame.query().has_filter()) {
        fuzz::check_filter(frame.query().filter());
      }
      break;
    default:
      break;
  }
  // Whatever was read, written back it reads the same (the broker echoes and relays frames
  // it parsed, e.g. StoredEvents in deliveries).
  auto again = protocol::decode_frame(protocol::encode_frame(frame));
  fuzz::require(again.ok(), "a decoded frame re-encoded decodes");
  return 0;
}
