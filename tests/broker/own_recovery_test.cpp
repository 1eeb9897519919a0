// OwnRecovery (federation/own_recovery.hpp): this node's own events of an earlier epoch, from
// a peer, are released only when they match a checkpoint this node signed; a forgery (an
// event it never stored, validly signed by one of its units, or one moved to another origin
// position) is never released; what no checkpoint covers when the recovery ends is not taken;
// the memory it holds is bounded.
#include "federation/own_recovery.hpp"

#include <catch2/catch.hpp>

#include "alertbus/protocol/checkpoint.hpp"
#include "bac_giang_log.hpp"
#include "new_event.hpp"
#include "support/sample_events.hpp"
#include "test_registry.hpp"

namespace alertbus::broker {
namespace {

constexpr std::uint64_t kEarlier = 7;  // An earlier epoch of bac-giang's log.

// bac-giang's own event of epoch kEarlier at origin seq `origin_seq`, signed by its unit, as
// the peer holds it at its seq `peer_seq`.
v1::StoredEvent own(const testing::TestRegistry& registry, std::uint64_t origin_seq,
                    std::uint64_t peer_seq) {
  const v1::Event event = testing::sample_animal_disease();
  v1::StoredEvent stored;
  stored.set_seq(peer_seq);
  stored.set_event_id(event.event_id());
  event.SerializeToString(stored.mutable_event());
  stored.set_signer("bac-giang/cnty");
  stored.set_signature(registry.sign(stored.event(), "bac-giang/cnty"));
  stored.mutable_origin()->set_node("bac-giang");
  stored.mutable_origin()->set_epoch(kEarlier);
  stored.mutable_origin()->set_seq(origin_seq);
  return stored;
}

// The checkpoint over `events` (all of bac-giang's own of kEarlier up to `seq`), signed by
// `signer`'s node key.
v1::Checkpoint checkpoint_of(const testing::TestRegistry& registry,
                             const std::vector<v1::StoredEvent>& events, std::uint64_t seq,
                             const std::string& signer = "bac-giang") {
  protocol::LogHash digest{};
  for (const v1::StoredEvent& stored : events) {
    digest = protocol::origin_digest_step(digest, stored.origin().seq(), stored.event_id(),
                                          stored.event(), stored.signature(), stored.signer());
  }
  v1::Checkpoint checkpoint;
  checkpoint.set_node("bac-giang");
  checkpoint.set_epoch(kEarlier);
  checkpoint.set_seq(seq);
  checkpoint.set_count(events.size());
  checkpoint.set_digest(std::string(protocol::log_hash_bytes(digest)));
  checkpoint.mutable_signed_at()->set_seconds(1767225600);
  protocol::sign_checkpoint(&checkpoint, registry.signing_key(signer));
  return checkpoint;
}

struct Recovering {
  testing::TestRegistry registry;
  MemoryStore store{bac_giang_log()};
  OwnRecovery recovery{"bac-giang", "quang-ninh", &store, 1024 * 1024};

  const protocol::Key32* key() const { return &*registry.principal("bac-giang").signing_public; }

  // Takes the ask the recovery needs now, which must be for `at_or_after`.
  OwnRecovery::Ask ask(std::uint64_t at_or_after) {
    const std::optional<OwnRecovery::Ask> next = recovery.next_ask();
    REQUIRE(next.has_value());
    CHECK(next->epoch == kEarlier);
    CHECK(next->at_or_after_seq == at_or_after);
    recovery.asked(*next);
    CHECK_FALSE(recovery.next_ask().has_value());  // One at a time.
    return *next;
  }
};

std::vector<std::string> ids_of(const std::vector<v1::StoredEvent>& events) {
  std::vector<std::string> ids;
  for (const v1::StoredEvent& stored : events) {
    ids.push_back(stored.event_id());
  }
  return ids;
}

}  // namespace

TEST_CASE("Own events that match a checkpoint this node signed are released, in origin order") {
  Recovering r;
  // Origin seqs have gaps (other origins' rows in this node's log).
  const std::vector<v1::StoredEvent> genuine{own(r.registry, 2, 10), own(r.registry, 5, 11),
                                             own(r.registry, 9, 12)};
  for (const v1::StoredEvent& stored : genuine) {
    CHECK(r.recovery.stage(stored) == OwnRecovery::Staged::kStaged);
  }
  CHECK(r.recovery.first_staged_seq() == 10);
  CHECK_FALSE(r.recovery.take_release().has_value());
  CHECK(r.recovery.busy());  // A checkpoint to ask for.
  const OwnRecovery::Ask ask = r.ask(1);
  r.recovery.on_checkpoint(ask, checkpoint_of(r.registry, {genuine[0], genuine[1]}, 5), r.key());
  std::optional<OwnRecovery::Release> release = r.recovery.take_release();
  REQUIRE(release.has_value());
  CHECK(ids_of(release->events) == ids_of({genuine[0], genuine[1]}));
  CHECK(r.recovery.recovered() == 2);
  CHECK(r.recovery.first_staged_seq() == 12);  // The one beyond the checkpoint stays.
  CHECK(r.recovery.busy());                    // Until its commit.
  r.recovery.committed(release->id);
  // The next checkpoint, after the one reached.
  const OwnRecovery::Ask next = r.ask(6);
  r.recovery.on_checkpoint(next, checkpoint_of(r.registry, genuine, 9), r.key());
  release = r.recovery.take_release();
  REQUIRE(release.has_value());
  CHECK(ids_of(release->events) == ids_of({genuine[2]}));
  CHECK_FALSE(r.recovery.first_staged_seq().has_value());
  CHECK(r.recovery.unverified() == 0);
}

TEST_CASE("An event this node never stored, validly signed by its unit, is never released") {
  Recovering r;
  const std::vector<v1::StoredEvent> genuine{own(r.registry, 2, 10), own(r.registry, 5, 12)};
  const v1::StoredEvent forged = own(r.registry, 3, 11);  // Signed by bac-giang/cnty's key.
  REQUIRE(r.recovery.stage(genuine[0]) == OwnRecovery::Staged::kStaged);
  REQUIRE(r.recovery.stage(forged) == OwnRecovery::Staged::kStaged);
  REQUIRE(r.recovery.stage(genuine[1]) == OwnRecovery::Staged::kStaged);
  r.recovery.on_checkpoint(r.ask(1), checkpoint_of(r.registry, genuine, 5), r.key());
  CHECK_FALSE(r.recovery.take_release().has_value());
  CHECK(r.recovery.unverified() == 3);  // The staged events of that epoch, dropped.
  CHECK(r.recovery.recovered() == 0);
  CHECK_FALSE(r.recovery.first_staged_seq().has_value());
  // That epoch's recovery from this peer is over: nothing more of it is taken or asked.
  CHECK(r.recovery.stage(own(r.registry, 7, 13)) == OwnRecovery::Staged::kNotTaken);
  CHECK(r.recovery.unverified() == 4);
  CHECK_FALSE(r.recovery.next_ask().has_value());
  CHECK_FALSE(r.recovery.busy());
}

TEST_CASE("A genuine event moved to another origin position is never released") {
  Recovering r;
  const std::vector<v1::StoredEvent> genuine{own(r.registry, 2, 10), own(r.registry, 5, 11)};
  const v1::Checkpoint checkpoint = checkpoint_of(r.registry, genuine, 5);
  SECTION("to a position before the checkpoint's seq") {
    v1::StoredEvent moved = genuine[1];
    moved.mutable_origin()->set_seq(4);
    REQUIRE(r.recovery.stage(genuine[0]) == OwnRecovery::Staged::kStaged);
    REQUIRE(r.recovery.stage(moved) == OwnRecovery::Staged::kStaged);
    r.recovery.on_checkpoint(r.ask(1), checkpoint, r.key());  // The count matches, the digest not.
  }
  SECTION("to a position beyond it") {
    v1::StoredEvent moved = genuine[1];
    moved.mutable_origin()->set_seq(6);
    REQUIRE(r.recovery.stage(genuine[0]) == OwnRecovery::Staged::kStaged);
    r.recovery.on_checkpoint(r.ask(1), checkpoint, r.key());
    CHECK(r.recovery.unverified() == 0);  // Waits for the second event up to seq 5...
    CHECK(r.recovery.stage(moved) == OwnRecovery::Staged::kNotTaken);  // ...which is missing.
  }
  SECTION("two events at one position") {
    v1::StoredEvent other = own(r.registry, 5, 12);
    REQUIRE(r.recovery.stage(genuine[0]) == OwnRecovery::Staged::kStaged);
    REQUIRE(r.recovery.stage(genuine[1]) == OwnRecovery::Staged::kStaged);
    CHECK(r.recovery.stage(genuine[1]) == OwnRecovery::Staged::kHeld);  // The same again.
    CHECK(r.recovery.stage(other) == OwnRecovery::Staged::kNotTaken);
  }
  CHECK_FALSE(r.recovery.take_release().has_value());
  CHECK(r.recovery.unverified() >= 2);
  CHECK(r.recovery.recovered() == 0);
}

TEST_CASE("A checkpoint not signed with this node's key, or of another epoch, is refused") {
  Recovering r;
  const std::vector<v1::StoredEvent> genuine{own(r.registry, 2, 10)};
  REQUIRE(r.recovery.stage(genuine[0]) == OwnRecovery::Staged::kStaged);
  const OwnRecovery::Ask ask = r.ask(1);
  SECTION("another node's key") {
    r.recovery.on_checkpoint(ask, checkpoint_of(r.registry, genuine, 2, "quang-ninh"), r.key());
  }
  SECTION("no key to verify it with") {
    r.recovery.on_checkpoint(ask, checkpoint_of(r.registry, genuine, 2), nullptr);
  }
  SECTION("another epoch") {
    v1::Checkpoint other = checkpoint_of(r.registry, genuine, 2);
    other.set_epoch(kEarlier + 1);
    protocol::sign_checkpoint(&other, r.registry.signing_key("bac-giang"));
    r.recovery.on_checkpoint(ask, other, r.key());
  }
  CHECK_FALSE(r.recovery.take_release().has_value());
  CHECK(r.recovery.unverified() == 1);
}

TEST_CASE("Own events beyond the last checkpoint the peer keeps are not taken when recovery ends") {
  Recovering r;
  const std::vector<v1::StoredEvent> genuine{own(r.registry, 2, 10), own(r.registry, 5, 11),
                                             own(r.registry, 9, 12)};
  for (const v1::StoredEvent& stored : genuine) {
    REQUIRE(r.recovery.stage(stored) == OwnRecovery::Staged::kStaged);
  }
  r.recovery.on_checkpoint(r.ask(1), checkpoint_of(r.registry, {genuine[0]}, 3), r.key());
  std::optional<OwnRecovery::Release> release = r.recovery.take_release();
  REQUIRE(release.has_value());
  r.recovery.committed(release->id);
  r.recovery.on_no_checkpoint(r.ask(4), "NOT_FOUND");
  CHECK_FALSE(r.recovery.busy());  // Nothing more can be verified.
  CHECK(r.recovery.end() == 2);
  CHECK_FALSE(r.recovery.take_release().has_value());
  CHECK(r.recovery.left_at_peer() == 2);
  CHECK(r.recovery.recovered() == 1);
  CHECK(r.recovery.unverified() == 0);
  CHECK_FALSE(r.recovery.first_staged_seq().has_value());
}

TEST_CASE("Own events held in memory past the bound stop that epoch's recovery") {
  Recovering r;
  OwnRecovery small("bac-giang", "quang-ninh", &r.store, 0);
  const v1::StoredEvent first = own(r.registry, 2, 10);
  const v1::StoredEvent second = own(r.registry, 3, 11);
  const std::size_t both = first.event().size() + second.event().size();
  OwnRecovery bounded("bac-giang", "quang-ninh", &r.store, both);  // Exactly these two.
  CHECK(bounded.stage(first) == OwnRecovery::Staged::kStaged);
  CHECK(bounded.stage(second) == OwnRecovery::Staged::kStaged);
  CHECK(bounded.staged_bytes() == both);
  CHECK(bounded.stage(own(r.registry, 4, 12)) == OwnRecovery::Staged::kNotTaken);
  CHECK(bounded.staged_bytes() == 0);
  CHECK(bounded.left_at_peer() == 3);
  CHECK_FALSE(bounded.first_staged_seq().has_value());
  CHECK(bounded.stage(own(r.registry, 5, 13)) == OwnRecovery::Staged::kNotTaken);
  CHECK(bounded.left_at_peer() == 4);
  CHECK_FALSE(bounded.next_ask().has_value());
  CHECK(small.stage(first) == OwnRecovery::Staged::kNotTaken);
}

TEST_CASE("What the log holds of an earlier epoch is where its verification starts") {
  Recovering r;
  const std::vector<v1::StoredEvent> genuine{own(r.registry, 2, 10), own(r.registry, 5, 11)};
  // The first was stored before (a backup, or an earlier run's recovery).
  NewEvent held;
  held.event_id = genuine[0].event_id();
  held.event_bytes = genuine[0].event();
  held.signature = genuine[0].signature();
  held.signer = genuine[0].signer();
  v1::Event event;
  REQUIRE(event.ParseFromString(held.event_bytes));
  held.facts = facts_of(event);
  held.origin = genuine[0].origin();
  held.via = "quang-ninh";
  held.path = {"bac-giang", "quang-ninh"};
  std::vector<AppendResult> results;
  std::vector<LogRow> appended;
  REQUIRE(r.store.commit(std::vector<NewEvent>{held}, {}, &results, &appended).ok());
  CHECK(r.recovery.stage(genuine[0]) == OwnRecovery::Staged::kHeld);
  CHECK(r.recovery.stage(genuine[1]) == OwnRecovery::Staged::kStaged);
  r.recovery.on_checkpoint(r.ask(3), checkpoint_of(r.registry, genuine, 5), r.key());
  const std::optional<OwnRecovery::Release> release = r.recovery.take_release();
  REQUIRE(release.has_value());
  CHECK(ids_of(release->events) == ids_of({genuine[1]}));
}

TEST_CASE("A release not committed before a new subscription is asked and checked again") {
  Recovering r;
  const std::vector<v1::StoredEvent> genuine{own(r.registry, 2, 10)};
  REQUIRE(r.recovery.stage(genuine[0]) == OwnRecovery::Staged::kStaged);
  r.recovery.on_checkpoint(r.ask(1), checkpoint_of(r.registry, genuine, 2), r.key());
  REQUIRE(r.recovery.take_release().has_value());
  r.recovery.reset();  // The link dropped before the batch was stored.
  CHECK_FALSE(r.recovery.busy());
  REQUIRE(r.recovery.stage(genuine[0]) == OwnRecovery::Staged::kStaged);
  r.recovery.on_checkpoint(r.ask(1), checkpoint_of(r.registry, genuine, 2), r.key());
  const std::optional<OwnRecovery::Release> release = r.recovery.take_release();
  REQUIRE(release.has_value());
  r.recovery.committed(release->id);
  r.recovery.reset();
  CHECK(r.recovery.stage(genuine[0]) == OwnRecovery::Staged::kHeld);  // Stored now.
}

TEST_CASE("A peer naming a new epoch with each event does not grow what the link holds") {
  Recovering r;
  for (std::uint64_t e = 1; e <= OwnRecovery::kMaxEpochs; ++e) {
    v1::StoredEvent stored = own(r.registry, 2, e);
    stored.mutable_origin()->set_epoch(100 + e);
    CHECK(r.recovery.stage(stored) == OwnRecovery::Staged::kStaged);
  }
  v1::StoredEvent further = own(r.registry, 2, 1000);
  further.mutable_origin()->set_epoch(99);
  CHECK(r.recovery.stage(further) == OwnRecovery::Staged::kNotTaken);
  CHECK(r.recovery.left_at_peer() == 1);
  // An epoch already met still is.
  v1::StoredEvent known = own(r.registry, 3, 1001);
  known.mutable_origin()->set_epoch(101);
  CHECK(r.recovery.stage(known) == OwnRecovery::Staged::kStaged);
}

}  // namespace alertbus::broker
