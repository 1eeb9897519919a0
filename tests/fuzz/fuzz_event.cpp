// libFuzzer target: the input is the serialized Event inside a Publish (or a StoredEvent),
// straight to decode_event and validate_event. fuzz_frame reaches the same code through the
// frame; here the fuzzer mutates the event's own fields directly, which explores the
// validation rules of every alert kind far faster. Each input is checked as a client's
// publish and as a peer's relayed event (fuzz_checks.hpp).
// Run through tests/fuzz/run.sh; docs/TESTING.md says how to reproduce a crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "alertbus/protocol/codec.hpp"
#include "fuzz_checks.hpp"

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  alertbus::protocol::silence_protobuf_logging();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace alertbus::fuzz;
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  const bool valid_from_client = check_event_bytes(bytes, kClientClockSkewMs);
  const bool valid_from_peer = check_event_bytes(bytes, kPeerClockSkewMs);
  // A peer is allowed more skew, never less.
  require(!valid_from_client || valid_from_peer, "what a client may publish, a peer may relay");
  return 0;
}
