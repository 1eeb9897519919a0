// libFuzzer target: a hostile peer at the other end of a federation link. The input is the
// frames the peer sends (fuzz_peer.hpp's framing: two-byte length, bytes), read one by one
// by a PeerLink (bac-giang's link from hai-duong, under the fuzz trust bundle) over a channel
// of this target's, with a tick after each; its Deliveries are checked by Ingest, committed to
// an in-memory log and reported back to the link, as the loop does. Whatever the peer says
// (Pongs with any epoch or head, Subscribed for unknown ids, Deliveries with hostile
// StoredEvents, Errors, checkpoints), nothing crashes and:
//   - every frame the link sends encodes and decodes back;
//   - every event it hands over for commit came via the peer, ends its path with the peer,
//     within max_hops, and originated at the peer (or here, while the link recovers);
//   - none of this node's current epoch, and one of an earlier epoch only released by
//     OwnRecovery (it matched a checkpoint signed with this node's key: the fuzz bundle's);
//   - every DeliveryAck names a subscription the link asked for;
//   - the link's status can be read at every step.
// Seeds: corpus/peer_link (fuzz_seed_peer). Run through tests/fuzz/run.sh.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <set>
#include <span>
#include <spdlog/spdlog.h>
#include <string_view>

#include "alertbus/protocol/codec.hpp"
#include "federation/peer_link.hpp"
#include "fuzz_checks.hpp"
#include "fuzz_peer.hpp"
#include "store/memory/memory_store.hpp"

namespace alertbus::fuzz {
namespace {

constexpr int kMaxHops = 8;

// The peer's side: the frames of the input, in order, and what the link sent.
struct Wire {
  std::deque<StatusOr<v1::Frame>> inbox;
  std::vector<v1::Frame> sent;
  bool open = false;
};

class FuzzChannel final : public broker::LinkChannel {
 public:
  explicit FuzzChannel(Wire& wire) : wire_(wire) {}

  Status open(const protocol::Registry* /*registry*/) override {
    wire_.open = true;
    return {};
  }

  void close() override { wire_.open = false; }

  bool send(const v1::Frame& frame) override {
    if (!wire_.open) {
      return false;
    }
    wire_.sent.push_back(frame);
    return true;
  }

  std::optional<StatusOr<v1::Frame>> receive() override {
    if (!wire_.open || wire_.inbox.empty()) {
      return std::nullopt;
    }
    StatusOr<v1::Frame> frame = std::move(wire_.inbox.front());
    wire_.inbox.pop_front();
    return frame;
  }

  void* poll_handle() override { return nullptr; }

 private:
  Wire& wire_;
};

void check_batch(const broker::PeerLink::Batch& batch) {
  for (const broker::NewEvent& event : batch.events) {
    require(event.via == kPeer, "a linked event came via the peer");
    require(!event.path.empty() && event.path.back() == kPeer &&
                event.path.size() <= static_cast<std::size_t>(kMaxHops),
            "a linked event's path ends with the peer, within max_hops");
    require(event.origin.node() == kPeer || event.origin.node() == kSelf,
            "a linked event originated at the peer (or here, recovering)");
    require(event.origin.node() != kSelf || event.origin.epoch() != kSelfEpoch,
            "no event of this node's current epoch is taken from the peer");
    // The bundle holds this node's signing key: its earlier epochs' events come back only
    // checked against its checkpoints.
    require(event.origin.node() != kSelf || batch.release != 0,
            "this node's own events of an earlier epoch only once a checkpoint covers them");
  }
}

void run(std::string_view input) {
  broker::MemoryStoreOptions options;
  options.node_id = std::string(kSelf);
  options.reference_prefix = "BG";
  options.epoch = kSelfEpoch;
  broker::MemoryStore store(options);
  broker::Ingest ingest(store, protocol::kDefaultMaxEventBytes, std::string(kSelf), 0);
  ingest.set_registry(registry());
  Wire wire;
  broker::PeerConfig peer;
  peer.id = std::string(kPeer);
  peer.endpoint = "tcp://hai-duong.invalid:7302";
  broker::PeerLink::Options link_options;
  link_options.self_id = std::string(kSelf);
  link_options.self_epoch = kSelfEpoch;
  link_options.max_hops = kMaxHops;
  link_options.credit = 64;
  link_options.log = &store;
  link_options.own_recovery_max_bytes = 1024 * 1024;  // Reached by a few large events.
  broker::PeerLink link(peer, std::make_unique<FuzzChannel>(wire), ingest, std::nullopt,
                        link_options);
  std::set<std::uint64_t> subscriptions;
  auto check_sent = [&] {
    for (const v1::Frame& frame : wire.sent) {
      auto again = protocol::decode_frame(protocol::encode_frame(frame));
      require(again.ok(), "a frame the link sends decodes");
      if (frame.has_subscribe()) {
        subscriptions.insert(frame.request_id());
      }
      if (frame.has_delivery_ack()) {
        require(subscriptions.count(frame.delivery_ack().subscription_id()) == 1,
                "a DeliveryAck names a subscription the link made");
      }
    }
    wire.sent.clear();
  };
  link.tick();  // Connects and pings.
  check_sent();
  for (std::string_view bytes : split_frames(input)) {
    wire.inbox.push_back(protocol::decode_frame(bytes));
    std::vector<broker::PeerLink::Batch> batches;
    link.read(&batches);
    ingest.wait_checks();
    while (std::unique_ptr<broker::CheckBatch> checked = ingest.take_checked()) {
      require(checked->kind == broker::CheckBatch::Kind::kRemote, "a link's batch is remote");
      link.checked(static_cast<broker::RemoteBatch&>(*checked), &batches);
    }
    // Committed as the loop does: all the batches in one transaction, each reported back.
    std::vector<broker::NewEvent> events;
    std::vector<broker::CursorUpdate> cursors;
    std::vector<std::size_t> firsts;
    for (broker::PeerLink::Batch& batch : batches) {
      check_batch(batch);
      firsts.push_back(events.size());
      events.insert(events.end(), batch.events.begin(), batch.events.end());
      cursors.push_back(batch.cursor);
    }
    std::vector<broker::AppendResult> results;
    std::vector<broker::LogRow> appended;
    const Status status =
        batches.empty() ? Status{} : store.commit(events, cursors, &results, &appended);
    for (const broker::LogRow& row : appended) {
      ingest.row_committed(row);
    }
    for (std::size_t i = 0; i < batches.size(); ++i) {
      const std::size_t end = i + 1 < batches.size() ? firsts[i + 1] : events.size();
      std::span<const broker::AppendResult> mine;
      if (status.ok()) {
        mine = std::span<const broker::AppendResult>(results).subspan(firsts[i], end - firsts[i]);
      }
      link.committed(batches[i], status, mine);
    }
    link.tick();
    check_sent();
    (void)link.status();
  }
}

}  // namespace
}  // namespace alertbus::fuzz

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  alertbus::protocol::silence_protobuf_logging();
  spdlog::set_level(spdlog::level::off);  // The link logs every refusal; so many inputs.
  (void)alertbus::fuzz::registry();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  alertbus::fuzz::run(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
