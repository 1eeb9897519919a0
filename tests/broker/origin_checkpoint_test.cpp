// OriginCheckpoint (federation/origin_checkpoint.hpp) over a MemoryStore: the origin digest
// of this node's own events in this epoch, read from the log at the first request up to the
// head the loop has taken, extended by later commits, signed with the node's key.
#include "federation/origin_checkpoint.hpp"

#include <catch2/catch.hpp>

#include "bac_giang_log.hpp"
#include "new_event.hpp"
#include "store/memory/memory_store.hpp"
#include "support/sample_events.hpp"
#include "test_registry.hpp"

namespace alertbus::broker {
namespace {

constexpr std::int64_t kNowMs = 1781492400000;

NewEvent from_quang_ninh(std::uint64_t seq) {
  NewEvent event = new_event(testing::sample_unsafe_food());
  event.origin.set_node("quang-ninh");
  event.origin.set_epoch(7);
  event.origin.set_seq(seq);
  event.reference = "QN-2026-0000" + std::to_string(seq);
  event.via = "quang-ninh";
  event.path = {"quang-ninh"};
  return event;
}

std::vector<LogRow> commit(Store& store, const std::vector<NewEvent>& events) {
  std::vector<AppendResult> results;
  std::vector<LogRow> appended;
  REQUIRE(store.commit(events, {}, &results, &appended).ok());
  return appended;
}

// The origin digest of `rows`, computed here step by step.
protocol::LogHash digest_of(const std::vector<LogRow>& rows) {
  protocol::LogHash digest{};
  for (const LogRow& row : rows) {
    const v1::StoredEvent& stored = row.stored;
    digest = protocol::origin_digest_step(digest, stored.origin().seq(), stored.event_id(),
                                          stored.event(), stored.signature(), stored.signer());
  }
  return digest;
}

}  // namespace

TEST_CASE("A node without a signing key gives no checkpoints") {
  MemoryStore store(bac_giang_log());
  OriginCheckpoint checkpoint("bac-giang", store.epoch(), std::nullopt);
  CHECK(checkpoint.sign(store, 0, kNowMs).status().code() == v1::NOT_FOUND);
}

TEST_CASE("A checkpoint covers this node's own events of this epoch up to the head, and verifies") {
  const testing::TestRegistry registry;
  MemoryStore store(bac_giang_log());
  NewEvent signed_alert = new_event(testing::sample_crop_pest());
  signed_alert.signature = registry.sign(signed_alert.event_bytes, "bac-giang/bvtv");
  signed_alert.signer = "bac-giang/bvtv";
  NewEvent own_old_epoch = new_event(testing::sample_forest_fire());
  own_old_epoch.origin.set_node("bac-giang");
  own_old_epoch.origin.set_epoch(store.epoch() + 1);
  own_old_epoch.origin.set_seq(90);
  own_old_epoch.reference = "BG-2025-00090";
  own_old_epoch.via = "hai-duong";
  const std::vector<LogRow> rows = commit(store, {signed_alert, from_quang_ninh(1), own_old_epoch,
                                                  new_event(testing::sample_animal_disease())});
  const std::vector<LogRow> later = commit(store, {new_event(testing::sample_crop_pest())});
  OriginCheckpoint checkpoint("bac-giang", store.epoch(), registry.signing_key("bac-giang"));
  // The loop has taken rows up to 4 only: row 5 reaches it through committed() later.
  auto signed_checkpoint = checkpoint.sign(store, 4, kNowMs);
  REQUIRE(signed_checkpoint.ok());
  const v1::Checkpoint& made = signed_checkpoint.value();
  CHECK(made.node() == "bac-giang");
  CHECK(made.epoch() == store.epoch());
  CHECK(made.count() == 2);
  CHECK(made.seq() == 4);  // Origin seq of the last own event (= its local seq).
  CHECK(made.digest() == std::string(protocol::log_hash_bytes(digest_of({rows[0], rows[3]}))));
  CHECK(to_unix_ms(made.signed_at()) == kNowMs);
  const protocol::Key32& public_key = registry.keys("bac-giang").signing_public;
  CHECK(protocol::verify_checkpoint(made, public_key));
  v1::Checkpoint altered = made;
  altered.set_count(3);
  CHECK_FALSE(protocol::verify_checkpoint(altered, public_key));

  // Row 5 arrives; rows already covered, or not this node's, change nothing.
  for (const LogRow& row : rows) {
    checkpoint.committed(row);
  }
  checkpoint.committed(later[0]);
  const v1::Checkpoint extended = checkpoint.sign(store, 5, kNowMs + 1000).value();
  CHECK(extended.count() == 3);
  CHECK(extended.seq() == 5);
  CHECK(extended.digest() ==
        std::string(protocol::log_hash_bytes(digest_of({rows[0], rows[3], later[0]}))));
}

TEST_CASE("Before the first checkpoint, committed rows are left to the first read of the log") {
  const testing::TestRegistry registry;
  MemoryStore store(bac_giang_log());
  OriginCheckpoint checkpoint("bac-giang", store.epoch(), registry.signing_key("bac-giang"));
  const std::vector<LogRow> rows = commit(
      store, {new_event(testing::sample_crop_pest()), new_event(testing::sample_forest_fire())});
  for (const LogRow& row : rows) {
    checkpoint.committed(row);  // Not counted now: the first sign() reads them.
  }
  const v1::Checkpoint made = checkpoint.sign(store, 2, kNowMs).value();
  CHECK(made.count() == 2);
  CHECK(made.digest() == std::string(protocol::log_hash_bytes(digest_of(rows))));
  // An empty log: count 0, the zero digest.
  MemoryStore empty(bac_giang_log());
  OriginCheckpoint nothing("bac-giang", empty.epoch(), registry.signing_key("bac-giang"));
  const v1::Checkpoint none = nothing.sign(empty, 0, kNowMs).value();
  CHECK(none.count() == 0);
  CHECK(none.seq() == 0);
  CHECK(none.digest() == std::string(32, '\0'));
}

}  // namespace alertbus::broker
