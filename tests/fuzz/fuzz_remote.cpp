// libFuzzer target: a hostile peer's Delivery. The input is one frame as a federation link
// receives it; each StoredEvent of its Delivery (or QueryResult) goes through the check a
// link makes of every relayed event (Ingest::check_remote, link from hai-duong), under the
// fuzz trust bundle when the frame's request_id is odd and without one when it is even (no
// signatures needed: the checks after the signature are reached whatever the bytes).
// Whatever the origin, reference, path, via and signer claim, the check refuses with a
// reply that survives the wire, or accepts an event that is what it says:
//   - its id is the event's own, its bytes are the StoredEvent's, unchanged;
//   - it has an origin node and seq and, unless a broker's notice, a reference: one its
//     origin numbers when the registry knows the origin's, of a yearly series for an alert;
//   - its path is the StoredEvent's plus the link's peer, at most 64 node ids, none empty,
//     longer than 64 bytes or holding a comma;
//   - under the registry, its signer is a principal the registry knows.
// Seeds: corpus/remote (fuzz_seed_peer). Run through tests/fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "alertbus/protocol/codec.hpp"
#include "alertbus/protocol/reference.hpp"
#include "fuzz_checks.hpp"
#include "fuzz_peer.hpp"
#include "ingest/ingest.hpp"
#include "store/memory/memory_store.hpp"

namespace alertbus::fuzz {
namespace {

broker::Ingest& ingest() {
  static broker::MemoryStore store([] {
    broker::MemoryStoreOptions options;
    options.node_id = std::string(kSelf);
    options.reference_prefix = "BG";
    return options;
  }());
  static broker::Ingest checks(store, protocol::kDefaultMaxEventBytes, std::string(kSelf), 0);
  return checks;
}

void check_stored(const v1::StoredEvent& stored, const protocol::Registry* registry) {
  const std::string via(kPeer);
  StatusOr<broker::NewEvent> checked = ingest().check_remote(stored, via, kNowUnixMs, registry);
  if (!checked.ok()) {
    check_error_reply(checked.status());
    return;
  }
  const broker::NewEvent& event = checked.value();
  require(event.event_id == stored.event_id(), "an accepted event keeps its own id");
  require(event.event_bytes == stored.event(), "an accepted event keeps its exact bytes");
  require(!event.origin.node().empty() && event.origin.seq() != 0 &&
              (!event.reference.empty() || event.facts.type == v1::RECEIPT ||
               event.facts.type == v1::OVERDUE),
          "an accepted event has an origin, and a reference unless a notice");
  require(event.facts.type != v1::ALERT || protocol::is_yearly_reference(event.reference),
          "an accepted alert's reference is of a yearly series");
  require(event.origin.node() == stored.origin().node() && event.reference == stored.reference(),
          "an accepted event keeps its origin and reference");
  if (registry != nullptr) {
    if (const protocol::NodeArea* origin = registry->node(event.origin.node());
        origin != nullptr && !event.reference.empty()) {
      require(origin->issues_reference(event.reference),
              "an accepted reference is of its origin's series");
    }
    require(registry->find(stored.signer()) != nullptr,
            "under a registry, an accepted event's signer is known");
  }
  require(event.via == via, "an accepted event came via the link's peer");
  require(event.path.size() == static_cast<std::size_t>(stored.path_size()) + 1 &&
              event.path.back() == via && event.path.size() <= 64,
          "an accepted path is the stored one plus the peer, at most 64 nodes");
  for (const std::string& node : event.path) {
    require(!node.empty() && node.size() <= 64 && node.find(',') == std::string::npos,
            "an accepted path holds node ids only");
  }
  require(event.facts.area_codes.front() == ' ' && event.facts.area_codes.back() == ' ',
          "area codes are space-delimited");
}

}  // namespace
}  // namespace alertbus::fuzz

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  alertbus::protocol::silence_protobuf_logging();
  (void)alertbus::fuzz::registry();
  (void)alertbus::fuzz::ingest();
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
  const protocol::Registry* registry =
      (frame.request_id() & 1U) != 0 ? fuzz::registry().get() : nullptr;
  if (frame.has_delivery()) {
    for (const v1::StoredEvent& stored : frame.delivery().events()) {
      fuzz::check_stored(stored, registry);
    }
  } else if (frame.has_query_result()) {
    for (const v1::StoredEvent& stored : frame.query_result().events()) {
      fuzz::check_stored(stored, registry);
    }
  }
  return 0;
}
