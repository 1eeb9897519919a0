// The Store contract (store/store.hpp) on event identity, over SqliteStore and MemoryStore:
// an event is its id with its origin (node and log epoch) and its bytes. The same bytes again
// are a duplicate; other bytes under a stored id are refused when published here or when the
// same origin log holds the id, and kept beside the holder, flagged id_conflict, when another
// origin sent them (a reused id never suppresses an event); flagged rows are in no case.
#include <catch2/catch.hpp>

#include "new_event.hpp"
#include "store_fixtures.hpp"
#include "support/sample_events.hpp"

namespace alertbus::broker {

using namespace store_contract;

namespace {

// The real alert's id reused for another event: a "no fire" test message.
v1::Event no_fire_under_id_of(const v1::Event& fire) {
  v1::Event no_fire = fire;
  no_fire.set_status(v1::TEST);
  no_fire.set_title("Không có cháy");
  return no_fire;
}

}  // namespace

TEMPLATE_TEST_CASE("Another origin's event under a stored id is kept beside it, flagged", "[store]",
                   SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open();
  const v1::Event fire = testing::sample_forest_fire();
  std::vector<AppendResult> results;
  REQUIRE(commit(*store, {new_event(fire)}, {}, &results).ok());
  const std::string reference = results[0].reference;
  const v1::Event no_fire = no_fire_under_id_of(fire);
  v1::Event no_fire_again = no_fire;
  no_fire_again.set_title("Vẫn không có cháy");
  REQUIRE(commit(*store,
                 {
                     new_event(no_fire),  // Published here: an id is never reused.
                     from_peer(no_fire, "quang-ninh", 7, 3, "QN-2026-00003", "quang-ninh"),
                     new_event(fire),  // The same bytes again: a resend.
                     from_peer(no_fire, "quang-ninh", 7, 3, "QN-2026-00003", "hai-duong"),
                     // The same origin again with other bytes: one of its two is not its own.
                     from_peer(no_fire_again, "quang-ninh", 7, 4, "QN-2026-00004", "quang-ninh"),
                 },
                 {}, &results)
              .ok());
  REQUIRE(results.size() == 5);
  CHECK(results[0].id_conflict);
  CHECK(results[0].seq == 1);
  CHECK(results[0].reference == reference);

  CHECK(results[1].id_conflict_kept);
  CHECK_FALSE(results[1].id_conflict);
  CHECK_FALSE(results[1].duplicate);
  CHECK(results[1].seq == 2);
  CHECK(results[1].reference == "QN-2026-00003");

  CHECK(results[2].duplicate);
  CHECK(results[2].seq == 1);
  CHECK(results[3].duplicate);  // Found beside the first holder, whichever route it took.
  CHECK(results[3].seq == 2);
  CHECK(results[3].reference == "QN-2026-00003");

  CHECK(results[4].id_conflict);
  CHECK(results[4].seq == 2);  // Named by the same origin's event it conflicts with.
  CHECK(results[4].reference == "QN-2026-00003");

  CHECK(store->event_count().value() == 2);
  // Both are read back; the id names the first, the reference each.
  std::vector<LogRow> rows;
  REQUIRE(store->read_after(0, 10, &rows).ok());
  REQUIRE(rows.size() == 2);
  CHECK_FALSE(rows[0].id_conflict);
  CHECK(rows[1].id_conflict);
  CHECK(rows[1].stored.event() == no_fire.SerializeAsString());
  const auto by_id = store->find_by_id(fire.event_id()).value();
  REQUIRE(by_id.has_value());
  CHECK(by_id->stored.event() == fire.SerializeAsString());
  const auto by_reference = store->find_by_reference("QN-2026-00003").value();
  REQUIRE(by_reference.has_value());
  CHECK(by_reference->stored.event() == no_fire.SerializeAsString());
  CHECK(by_reference->id_conflict);
}

TEMPLATE_TEST_CASE("A flagged event is in no case and asks for no receipt", "[store]",
                   SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open();
  // The real alert comes from Hải Dương first; a fake under its id, and a follow-up of
  // Quảng Ninh's under the id of that follow-up, come from Quảng Ninh.
  const v1::Event fire = testing::sample_forest_fire();
  const v1::Event acknowledgement = testing::sample_follow_up(fire, v1::ACKNOWLEDGE);
  v1::Event fake_follow_up = testing::sample_follow_up(fire, v1::CLOSE);
  fake_follow_up.set_event_id(acknowledgement.event_id());
  std::vector<AppendResult> results;
  REQUIRE(commit(*store,
                 {from_peer(fire, "hai-duong", 5, 1, "HD-2026-00001", "hai-duong"),
                  from_peer(acknowledgement, "hai-duong", 5, 2, "HD-2026-00002", "hai-duong"),
                  from_peer(no_fire_under_id_of(fire), "quang-ninh", 7, 1, "QN-2026-00001",
                            "quang-ninh"),
                  from_peer(fake_follow_up, "quang-ninh", 7, 2, "QN-2026-00002", "quang-ninh")},
                 {}, &results)
              .ok());
  REQUIRE(results.size() == 4);
  CHECK_FALSE(results[0].id_conflict_kept);
  CHECK_FALSE(results[1].id_conflict_kept);
  CHECK(results[2].id_conflict_kept);
  CHECK(results[3].id_conflict_kept);

  std::vector<LogRow> rows;
  REQUIRE(store->read_case_events(fire.event_id(), 0, &rows).ok());
  CHECK(seqs_of(rows) == std::vector<std::uint64_t>{1, 2});
  REQUIRE(store->alerts_without_receipt(0, 10, &rows).ok());
  CHECK(seqs_of(rows) == std::vector<std::uint64_t>{1});
}

TEMPLATE_TEST_CASE("Other bytes under a stored id from a peer, when this node holds it, are kept",
                   "[store]", SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open();
  // This node published the fake first (during a partition); the real alert arrives later.
  const v1::Event fire = testing::sample_forest_fire();
  std::vector<AppendResult> results;
  REQUIRE(commit(*store, {new_event(no_fire_under_id_of(fire))}, {}, &results).ok());
  REQUIRE(commit(*store, {from_peer(fire, "hai-duong", 5, 1, "HD-2026-00001", "hai-duong")}, {},
                 &results)
              .ok());
  CHECK(results[0].id_conflict_kept);
  CHECK(results[0].seq == 2);
  const auto real = store->find_by_reference("HD-2026-00001").value();
  REQUIRE(real.has_value());
  CHECK(real->stored.event() == fire.SerializeAsString());
}

TEMPLATE_TEST_CASE("An origin's event under an id it held in an earlier log epoch is kept",
                   "[store]", SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open();
  // Quảng Ninh lost its log (epoch 7 -> 8) and one of its units reused an id of epoch 7.
  const v1::Event fire = testing::sample_forest_fire();
  v1::Event again = fire;
  again.set_title("Cảnh báo mới dưới mã cũ");
  std::vector<AppendResult> results;
  REQUIRE(commit(*store,
                 {from_peer(fire, "quang-ninh", 7, 1, "QN-2026-00001", "quang-ninh"),
                  from_peer(again, "quang-ninh", 8, 1, "QN-2026-00002", "quang-ninh"),
                  from_peer(again, "quang-ninh", 7, 2, "QN-2026-00003", "quang-ninh")},
                 {}, &results)
              .ok());
  CHECK(results[1].id_conflict_kept);
  CHECK(results[1].seq == 2);
  // The same bytes at another origin position are the event again, whatever the epoch.
  CHECK(results[2].duplicate);
  CHECK(results[2].seq == 2);
  v1::Event third = fire;
  third.set_title("Lần thứ ba");
  REQUIRE(commit(*store, {from_peer(third, "quang-ninh", 8, 2, "QN-2026-00004", "quang-ninh")}, {},
                 &results)
              .ok());
  CHECK(results[0].id_conflict);  // Epoch 8 of Quảng Ninh holds the id already.
  CHECK(results[0].reference == "QN-2026-00002");
  CHECK(store->event_count().value() == 2);
}

TEMPLATE_TEST_CASE("Alerts are numbered without gaps, follow-ups within their alert, notices not",
                   "[store]", SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open({[] { return kMidJune2026; }, {}});
  const v1::Event pest = testing::sample_crop_pest();
  const v1::Event fire = testing::sample_forest_fire();  // Hải Dương's, stored from the peer.
  v1::Event receipt = testing::sample_follow_up(fire, v1::RECEIPT);
  receipt.mutable_follow_up()->add_receipts()->set_alert_event_id(fire.event_id());
  v1::Event overdue = testing::sample_follow_up(pest, v1::OVERDUE);
  const v1::Event update = testing::sample_follow_up(pest, v1::ADDITIONAL_INFO);
  const v1::Event acknowledge = testing::sample_follow_up(fire, v1::ACKNOWLEDGE);
  const v1::Event measures = testing::sample_follow_up(fire, v1::MEASURES_TAKEN);
  std::vector<AppendResult> results;
  REQUIRE(commit(*store,
                 {new_event(pest), from_peer(fire, "hai-duong", 5, 1, "HD-2026-00007", "hai-duong"),
                  new_event(receipt), new_event(overdue), new_event(update), new_event(acknowledge),
                  new_event(testing::sample_unsafe_food()), new_event(measures),
                  new_event(testing::sample_follow_up(pest, v1::CLOSE))},
                 {}, &results)
              .ok());
  REQUIRE(results.size() == 9);
  CHECK(results[0].reference == "BG-2026-00001");
  CHECK(results[2].reference.empty());  // A receipt: no number an officer quotes.
  CHECK(results[3].reference.empty());  // An overdue notice, likewise.
  CHECK(results[4].reference == "BG-2026-00001/1");
  CHECK(results[5].reference == "HD-2026-00007/BG-1");  // Of another node's alert.
  CHECK(results[6].reference == "BG-2026-00002");       // No gap for the notices.
  CHECK(results[7].reference == "HD-2026-00007/BG-2");
  CHECK(results[8].reference == "BG-2026-00001/2");
  const auto found = store->find_by_reference("HD-2026-00007/BG-2").value();
  REQUIRE(found.has_value());
  CHECK(found->stored.event_id() == measures.event_id());
  CHECK_FALSE(store->find_by_reference("").value().has_value());
  // A follow-up that turns out a duplicate gives its number back.
  REQUIRE(commit(*store,
                 {new_event(update), new_event(testing::sample_follow_up(pest, v1::CANCEL))}, {},
                 &results)
              .ok());
  CHECK(results[0].duplicate);
  CHECK(results[0].reference == "BG-2026-00001/1");
  CHECK(results[1].reference == "BG-2026-00001/3");
}

}  // namespace alertbus::broker
