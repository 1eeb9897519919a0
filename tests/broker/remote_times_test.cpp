// The times a relayed event is judged at (issue 12, items 4, 5 and 13; docs/PROTOCOL.md,
// "Times"): its origin's store time (OriginPosition.stored_at) bounds its sent_at and decides
// which revocations count; an event its origin stored later than this node's clock allows
// waits; this node's own events come back judged now. Ingest::check_remote over a log in
// memory, with the test registry (hai-duong/cnty revoked at 2026-01-01T00:00:00Z).
#include <limits>

#include <catch2/catch.hpp>

#include "alertbus/protocol/clock.hpp"
#include "bac_giang_log.hpp"
#include "ingest/ingest.hpp"
#include "store/memory/memory_store.hpp"
#include "support/sample_events.hpp"
#include "test_registry.hpp"

namespace alertbus::broker {
namespace {

constexpr std::int64_t kMinute = 60 * 1000;
constexpr std::int64_t kHour = 60 * kMinute;

// An animal-disease alert of hai-duong/cnty (province 30) sent at `sent_ms`.
v1::Event hai_duong_alert(std::int64_t sent_ms) {
  v1::Event event = testing::sample_animal_disease();
  event.set_sender_unit("hai-duong/cnty");
  event.mutable_areas(0)->set_code("30");
  event.mutable_areas(0)->set_name("Hải Dương");
  protocol::set_unix_ms(sent_ms, event.mutable_sent_at());
  return event;
}

// `event` as Hải Dương's log holds it, signed by hai-duong/cnty, stored there at
// `origin_stored_ms` (0: the origin does not say).
v1::StoredEvent from_hai_duong(const testing::TestRegistry& registry, const v1::Event& event,
                               std::int64_t origin_stored_ms) {
  v1::StoredEvent stored;
  stored.set_seq(1);
  stored.set_event_id(event.event_id());
  stored.mutable_origin()->set_node("hai-duong");
  stored.mutable_origin()->set_epoch(7);
  stored.mutable_origin()->set_seq(1);
  if (origin_stored_ms != 0) {
    protocol::set_unix_ms(origin_stored_ms, stored.mutable_origin()->mutable_stored_at());
  }
  stored.set_reference("HD-2026-00001");
  event.SerializeToString(stored.mutable_event());
  stored.set_signer("hai-duong/cnty");
  stored.set_signature(registry.sign(stored.event(), "hai-duong/cnty"));
  return stored;
}

// Checks `stored`, from peer `via`, at a node `self` (MemoryStore and Ingest as the loop has
// them) at `now_ms`.
Status check_at(const testing::TestRegistry& registry, const v1::StoredEvent& stored,
                std::int64_t now_ms, const std::string& self = "bac-giang",
                const std::string& via = "hai-duong") {
  MemoryStoreOptions options = bac_giang_log();
  options.node_id = self;
  MemoryStore store(options);
  Ingest ingest(store, 64 * 1024, self, 0);
  ingest.set_registry(registry.registry());
  std::vector<StatusOr<NewEvent>> prepared;
  const std::vector<const v1::StoredEvent*> events{&stored};
  ingest.prepare_remote(events, via, now_ms, &prepared);
  return prepared[0].status();
}

}  // namespace

TEST_CASE("A revocation counts from the origin's store time, not from the sender's sent_at") {
  const testing::TestRegistry registry;
  const std::int64_t revoked = testing::TestRegistry::kRevokedAtMs;
  const std::int64_t now = testing::now_unix_ms();
  // Sent and stored an hour before the revocation: valid, however late it travels.
  CHECK(check_at(
            registry,
            from_hai_duong(registry, hai_duong_alert(revoked - kHour), revoked - kHour + kMinute),
            now)
            .ok());
  // Backdated an hour before the revocation, but stored after it: the revoked key signed it.
  const Status backdated = check_at(
      registry, from_hai_duong(registry, hai_duong_alert(revoked - kHour), revoked + 30 * kMinute),
      now);
  CHECK(backdated.code() == v1::PERMISSION_DENIED);
  CHECK(backdated.message().find("revoked") != std::string::npos);
  // With no store time from the origin, any revocation counts: there is no time to trust.
  CHECK(check_at(registry, from_hai_duong(registry, hai_duong_alert(revoked - kHour), 0), now)
            .code() == v1::PERMISSION_DENIED);
}

TEST_CASE("This node's own events come back judged by the revocations in force now") {
  const testing::TestRegistry registry;
  const std::int64_t revoked = testing::TestRegistry::kRevokedAtMs;
  // A peer (with a stolen node key, say) hands Hải Dương "its own" event, signed by its
  // revoked unit and claimed stored before the revocation: only the peer says so.
  const v1::StoredEvent own =
      from_hai_duong(registry, hai_duong_alert(revoked - kHour), revoked - kHour + kMinute);
  CHECK(check_at(registry, own, testing::now_unix_ms(), "hai-duong").code() ==
        v1::PERMISSION_DENIED);
  CHECK(check_at(registry, own, testing::now_unix_ms(), "bac-giang").ok());
}

TEST_CASE("A relayed sent_at must lie within the allowed skew and age of its origin's store time") {
  const testing::TestRegistry registry;
  const std::int64_t now = testing::now_unix_ms();
  // Stored at its origin two days before hai-duong/cnty's revocation (so its key is valid
  // there), relayed now, long after.
  const std::int64_t before = testing::TestRegistry::kRevokedAtMs - 2 * 24 * kHour;
  const auto check_before = [&](std::int64_t offset_ms) {
    return check_at(registry, from_hai_duong(registry, hai_duong_alert(before + offset_ms), before),
                    now);
  };
  CHECK(check_before(0).ok());
  CHECK(check_before(-23 * kHour).ok());
  CHECK(check_before(9 * kMinute).ok());
  const Status ahead = check_before(11 * kMinute);
  CHECK(ahead.code() == v1::VALUE_OUT_OF_RANGE);
  CHECK(ahead.field() == "sent_at");
  const Status old = check_before(-25 * kHour);
  CHECK(old.code() == v1::VALUE_OUT_OF_RANGE);
  CHECK(old.field() == "sent_at");
  CHECK(old.message().find("before the time it was stored") != std::string::npos);
}

TEST_CASE("An event its origin stored ahead of this node's clock waits, and is not refused") {
  const testing::TestRegistry registry;
  const std::int64_t revoked = testing::TestRegistry::kRevokedAtMs;
  // Judged at a "now" before the revocation, so that the key is valid: stored 23 h ahead.
  const std::int64_t now = revoked - 2 * 24 * kHour;
  const Status future = check_at(
      registry, from_hai_duong(registry, hai_duong_alert(now + 23 * kHour), now + 23 * kHour), now);
  CHECK(future.code() == v1::VALUE_OUT_OF_RANGE);
  CHECK(future.field() == std::string(kOriginStoredAtField));
  const v1::StoredEvent ahead =
      from_hai_duong(registry, hai_duong_alert(now + 23 * kHour), now + 23 * kHour);
  CHECK(must_wait(future, ahead, "hai-duong"));  // From its origin: the link waits.
  // Relayed by another node: refused, so that a relay cannot stall the link with it.
  const Status relayed = check_at(registry, ahead, now, "bac-giang", "quang-ninh");
  CHECK(relayed.field() == std::string(kOriginStoredAtField));
  CHECK_FALSE(must_wait(relayed, ahead, "quang-ninh"));
  // Within the clocks' skew: stored.
  CHECK(check_at(registry,
                 from_hai_duong(registry, hai_duong_alert(now + 5 * kMinute), now + 5 * kMinute),
                 now)
            .ok());
}

TEST_CASE("An origin store time outside what a timestamp holds is refused, not waited for") {
  const testing::TestRegistry registry;
  const std::int64_t now = testing::TestRegistry::kRevokedAtMs - 2 * 24 * kHour;
  v1::StoredEvent stored = from_hai_duong(registry, hai_duong_alert(now), now);
  for (const std::int64_t seconds : {std::int64_t{-1}, std::int64_t{253'402'300'800},
                                     std::numeric_limits<std::int64_t>::max()}) {
    INFO(seconds);
    stored.mutable_origin()->mutable_stored_at()->set_seconds(seconds);
    const Status status = check_at(registry, stored, now);
    CHECK(status.code() == v1::INVALID_VALUE);
    CHECK(status.field() == std::string(kOriginStoredAtField));
    CHECK_FALSE(must_wait(status, stored, "hai-duong"));
  }
}

}  // namespace alertbus::broker
