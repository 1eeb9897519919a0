// The Store contract (store/store.hpp), one set of cases run over every implementation,
// SqliteStore and MemoryStore: the reads. By id and reference, after a seq, by time, by
// origin, a case's events, receipts, the last local seq, and the fields a row carries back.
// The commit path is in store_contract_test.cpp.
#include <catch2/catch.hpp>

#include "new_event.hpp"
#include "store_fixtures.hpp"
#include "support/sample_events.hpp"

namespace alertbus::broker {

using namespace store_contract;

TEMPLATE_TEST_CASE("The signer is stored with the event and read back", "[store]",
                   SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open();
  NewEvent signed_event = new_event(testing::sample_forest_fire());
  signed_event.signature = std::string(64, 'S');
  signed_event.signer = "bac-giang/kiem-lam";
  const NewEvent unsigned_event = new_event(testing::sample_crop_pest());
  std::vector<AppendResult> results;
  std::vector<LogRow> appended;
  const std::vector<NewEvent> batch{signed_event, unsigned_event};
  REQUIRE(store->commit(batch, {}, &results, &appended).ok());
  REQUIRE(appended.size() == 2);
  CHECK(appended[0].stored.signer() == "bac-giang/kiem-lam");
  CHECK(appended[1].stored.signer().empty());
  const auto found = store->find_by_id(signed_event.event_id).value();
  REQUIRE(found.has_value());
  CHECK(found->stored.signer() == "bac-giang/kiem-lam");
  CHECK(found->stored.signature() == signed_event.signature);
  std::vector<LogRow> rows;
  REQUIRE(store->read_after(0, 10, &rows).ok());
  REQUIRE(rows.size() == 2);
  CHECK(rows[0].stored.signer() == "bac-giang/kiem-lam");
  CHECK(rows[1].stored.signer().empty());
}

TEMPLATE_TEST_CASE("Finding by id and by reference returns the stored bytes", "[store]",
                   SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open();
  const NewEvent alert = new_event(testing::sample_unsafe_food());
  std::vector<AppendResult> results;
  REQUIRE(commit(*store, {alert}, {}, &results).ok());
  const auto by_id = store->find_by_id(alert.event_id).value();
  REQUIRE(by_id.has_value());
  CHECK(by_id->stored.event() == alert.event_bytes);
  CHECK(by_id->stored.kind() == v1::UNSAFE_FOOD);
  CHECK(by_id->stored.type() == v1::ALERT);
  CHECK(by_id->severity == alert.facts.severity);
  CHECK(by_id->area_codes == alert.facts.area_codes);
  const auto by_reference = store->find_by_reference(results[0].reference).value();
  REQUIRE(by_reference.has_value());
  CHECK(by_reference->stored.event_id() == alert.event_id);
  CHECK_FALSE(store->find_by_reference("BG-1999-00001").value().has_value());
  CHECK_FALSE(store->find_by_id("0190f0c8-0000-7000-8000-000000000000").value().has_value());
  // Two rows with one reference (two origins that number alike): the first stored is found.
  REQUIRE(commit(*store,
                 {from_peer(testing::sample_crop_pest(), "hai-duong", 5, 1, "BG-2026-00001",
                            "hai-duong")},
                 {}, &results)
              .ok());
  CHECK(store->find_by_reference("BG-2026-00001").value()->stored.event_id() == alert.event_id);
}

TEMPLATE_TEST_CASE("Reading after a seq pages through the log in order", "[store]",
                   SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  std::int64_t now = kMidJune2026;
  auto store = fixture.open({[&now] { return now; }, {}});
  std::vector<LogRow> rows;
  REQUIRE(store->read_after(0, 10, &rows).ok());
  CHECK(rows.empty());
  CHECK(store->seq_before_time(kMidJune2026).value() == 0);
  std::vector<AppendResult> results;
  for (int i = 0; i < 25; ++i) {
    now += 1000;
    REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  }
  REQUIRE(store->read_after(10, 10, &rows).ok());
  REQUIRE(rows.size() == 10);
  CHECK(rows.front().stored.seq() == 11);
  CHECK(rows.back().stored.seq() == 20);
  REQUIRE(store->read_after(20, 10, &rows).ok());
  CHECK(rows.size() == 5);
  REQUIRE(store->read_after(25, 10, &rows).ok());
  CHECK(rows.empty());
  REQUIRE(store->read_after(3, 0, &rows).ok());
  CHECK(rows.empty());
  // Event 5 was stored at kMidJune2026 + 5 s: "before +5.5 s" is seq 5.
  CHECK(store->seq_before_time(kMidJune2026 + 5500).value() == 5);
  CHECK(store->seq_before_time(kMidJune2026 + 5000).value() == 4);
  CHECK(store->seq_before_time(kMidJune2026).value() == 0);
  CHECK(store->seq_before_time(kMidJune2026 + 60000).value() == 25);
}

TEMPLATE_TEST_CASE(
    "received_at never goes back when the clock does, and the time search still holds", "[store]",
    SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  std::int64_t now = kMidJune2026;
  auto store = fixture.open({[&now] { return now; }, {}});
  std::vector<AppendResult> results;
  // Stored at +1 s, +2 s, then the clock steps back 10 s for two commits, then +3 s.
  for (const std::int64_t offset : {1000, 2000, -8000, -7000, 3000}) {
    now = kMidJune2026 + offset;
    REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  }
  // A commit of cursors alone stores no row and leaves the last time as it was.
  now = kMidJune2026 + 9000;
  REQUIRE(commit(*store, {}, {{"desk", 5, false}}, &results).ok());
  now = kMidJune2026 + 4000;
  REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  std::vector<LogRow> rows;
  REQUIRE(store->read_after(0, 10, &rows).ok());
  REQUIRE(rows.size() == 6);
  std::vector<std::int64_t> received;
  for (const LogRow& row : rows) {
    received.push_back(to_unix_ms(row.stored.received_at()));
  }
  const std::int64_t t = kMidJune2026;
  CHECK(received ==
        std::vector<std::int64_t>{t + 1000, t + 2000, t + 2000, t + 2000, t + 3000, t + 4000});
  CHECK(store->seq_before_time(t + 2000).value() == 1);
  CHECK(store->seq_before_time(t + 2500).value() == 4);
  CHECK(store->seq_before_time(t + 3001).value() == 5);
  CHECK(store->seq_before_time(t - 50000).value() == 0);
}

TEMPLATE_TEST_CASE("The last local seq counts only the events that originated here, in this epoch",
                   "[store]", SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open();
  CHECK(store->last_local_seq().value() == 0);
  NewEvent own_old_epoch = new_event(testing::sample_crop_pest());
  own_old_epoch.origin.set_node("bac-giang");
  own_old_epoch.origin.set_epoch(store->epoch() + 1);
  own_old_epoch.origin.set_seq(90);
  own_old_epoch.reference = "BG-2026-00090";
  own_old_epoch.via = "hai-duong";
  std::vector<AppendResult> results;
  REQUIRE(commit(*store,
                 {new_event(testing::sample_crop_pest()), own_old_epoch,
                  from_peer(testing::sample_unsafe_food(), "quang-ninh", 7, 50, "QN-2026-00050",
                            "quang-ninh"),
                  new_event(testing::sample_forest_fire())},
                 {}, &results)
              .ok());
  CHECK(results[3].seq == 4);
  CHECK(store->last_local_seq().value() == 4);
}

TEMPLATE_TEST_CASE("Reading by origin returns one origin's events of one epoch in origin order",
                   "[store]", SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open();
  std::vector<AppendResult> results;
  // Quảng Ninh's 3 arrives before its 2 (over another link), with other origins between.
  REQUIRE(commit(*store,
                 {from_peer(testing::sample_unsafe_food(), "quang-ninh", 7, 3, "QN-2026-00003",
                            "hai-duong"),
                  new_event(testing::sample_crop_pest()),
                  from_peer(testing::sample_unsafe_food(), "quang-ninh", 7, 1, "QN-2026-00001",
                            "quang-ninh"),
                  from_peer(testing::sample_unsafe_food(), "quang-ninh", 8, 1, "QN-2026-00004",
                            "quang-ninh"),
                  from_peer(testing::sample_unsafe_food(), "quang-ninh", 7, 2, "QN-2026-00002",
                            "quang-ninh"),
                  from_peer(testing::sample_forest_fire(), "hai-duong", 7, 2, "HD-2026-00002",
                            "hai-duong")},
                 {}, &results)
              .ok());
  std::vector<LogRow> rows;
  REQUIRE(store->read_origin("quang-ninh", 7, 0, 10, &rows).ok());
  CHECK(seqs_of(rows) == std::vector<std::uint64_t>{3, 5, 1});
  REQUIRE(rows.size() == 3);
  CHECK(rows[0].stored.origin().seq() == 1);
  CHECK(rows[2].stored.origin().seq() == 3);
  REQUIRE(store->read_origin("quang-ninh", 7, 1, 1, &rows).ok());
  CHECK(seqs_of(rows) == std::vector<std::uint64_t>{5});
  REQUIRE(store->read_origin("quang-ninh", 7, 3, 10, &rows).ok());
  CHECK(rows.empty());
  REQUIRE(store->read_origin("quang-ninh", 8, 0, 10, &rows).ok());
  CHECK(seqs_of(rows) == std::vector<std::uint64_t>{4});
  REQUIRE(store->read_origin("bac-giang", store->epoch(), 0, 10, &rows).ok());
  CHECK(seqs_of(rows) == std::vector<std::uint64_t>{2});
  REQUIRE(store->read_origin("lang-son", 7, 0, 10, &rows).ok());
  CHECK(rows.empty());
}

TEMPLATE_TEST_CASE("A case's events are its alert and follow-ups in seq order, up to a seq",
                   "[store]", SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open();
  const v1::Event alert = testing::sample_animal_disease();
  const v1::Event other = testing::sample_crop_pest();
  // A follow-up from a peer arrives before its alert, which comes over another link.
  const v1::Event remote_alert = testing::sample_unsafe_food();
  const v1::Event early = testing::sample_follow_up(remote_alert, v1::ACKNOWLEDGE);
  const v1::Event acknowledged = testing::sample_follow_up(alert, v1::ACKNOWLEDGE);
  std::vector<AppendResult> results;
  REQUIRE(commit(*store,
                 {new_event(alert), new_event(other), new_event(acknowledged),
                  from_peer(early, "hai-duong", 4, 9, "HD-2026-00009", "hai-duong"),
                  new_event(testing::sample_follow_up(other, v1::ACKNOWLEDGE)),
                  from_peer(remote_alert, "quang-ninh", 7, 1, "QN-2026-00001", "quang-ninh"),
                  new_event(testing::sample_follow_up(alert, v1::CLOSE))},
                 {}, &results)
              .ok());
  std::vector<LogRow> rows;
  REQUIRE(store->read_case_events(alert.event_id(), 0, &rows).ok());
  CHECK(seqs_of(rows) == std::vector<std::uint64_t>{1, 3, 7});
  REQUIRE(store->read_case_events(alert.event_id(), 6, &rows).ok());
  CHECK(seqs_of(rows) == std::vector<std::uint64_t>{1, 3});
  REQUIRE(store->read_case_events(remote_alert.event_id(), 0, &rows).ok());
  CHECK(seqs_of(rows) == std::vector<std::uint64_t>{4, 6});
  REQUIRE(store->read_case_events(remote_alert.event_id(), 5, &rows).ok());
  CHECK(seqs_of(rows) == std::vector<std::uint64_t>{4});
  // A follow-up's own id names no case.
  REQUIRE(store->read_case_events(acknowledged.event_id(), 0, &rows).ok());
  CHECK(rows.empty());
  REQUIRE(store->read_case_events("0190f0c8-0000-7000-8000-000000000000", 0, &rows).ok());
  CHECK(rows.empty());
}

TEMPLATE_TEST_CASE("The last receipt's coverage is this node's latest RECEIPT's", "[store]",
                   SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open();
  CHECK(store->last_receipt_through().value() == 0);
  const v1::Event alert = testing::sample_unsafe_food();
  auto receipt = [&](std::uint64_t through) {
    v1::Event made = testing::sample_follow_up(alert, v1::RECEIPT);
    made.mutable_follow_up()->set_receipts_through_seq(through);
    return made;
  };
  std::vector<AppendResult> results;
  REQUIRE(commit(*store,
                 {from_peer(alert, "quang-ninh", 7, 1, "QN-2026-00001", "quang-ninh"),
                  new_event(receipt(1)), new_event(receipt(2))},
                 {}, &results)
              .ok());
  CHECK(store->last_receipt_through().value() == 2);
  // Another node's later receipt does not count.
  REQUIRE(commit(*store, {from_peer(receipt(40), "hai-duong", 4, 9, "HD-2026-00009", "hai-duong")},
                 {}, &results)
              .ok());
  CHECK(store->last_receipt_through().value() == 2);
  // An older receipt, without receipts_through_seq: nothing is known to be covered.
  REQUIRE(commit(*store, {new_event(receipt(0))}, {}, &results).ok());
  CHECK(store->last_receipt_through().value() == 0);
}

TEMPLATE_TEST_CASE("Alerts from elsewhere without this node's receipt are found, and no others",
                   "[store]", SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open();
  // An alert from Quảng Ninh, one from here, and one more from Hải Dương.
  const v1::Event remote_alert = testing::sample_unsafe_food();
  const NewEvent remote =
      from_peer(remote_alert, "quang-ninh", 7, 1, "QN-2026-00001", "quang-ninh");
  const NewEvent third =
      from_peer(testing::sample_forest_fire(), "hai-duong", 9, 4, "HD-2026-00004", "hai-duong");
  std::vector<AppendResult> results;
  REQUIRE(commit(*store, {remote, new_event(testing::sample_animal_disease()), third}, {}, &results)
              .ok());
  std::vector<LogRow> rows;
  REQUIRE(store->alerts_without_receipt(0, 10, &rows).ok());
  CHECK(seqs_of(rows) == std::vector<std::uint64_t>{1, 3});
  REQUIRE(store->alerts_without_receipt(0, 1, &rows).ok());
  CHECK(seqs_of(rows) == std::vector<std::uint64_t>{1});
  REQUIRE(store->alerts_without_receipt(1, 10, &rows).ok());
  CHECK(seqs_of(rows) == std::vector<std::uint64_t>{3});

  // Another node's receipt does not count, nor a follow-up of another type; this node's does.
  auto follow_up_from = [&](const std::string& node, v1::EventType type) {
    v1::Event made = testing::sample_follow_up(remote_alert, type);
    made.set_sender_unit(node + "/broker");
    return made;
  };
  REQUIRE(commit(*store,
                 {from_peer(follow_up_from("hai-duong", v1::RECEIPT), "hai-duong", 9, 5,
                            "HD-2026-00005", "hai-duong"),
                  new_event(follow_up_from("bac-giang", v1::ACKNOWLEDGE))},
                 {}, &results)
              .ok());
  REQUIRE(store->alerts_without_receipt(0, 10, &rows).ok());
  CHECK(seqs_of(rows) == std::vector<std::uint64_t>{1, 3});
  REQUIRE(commit(*store, {new_event(follow_up_from("bac-giang", v1::RECEIPT))}, {}, &results).ok());
  REQUIRE(store->alerts_without_receipt(0, 10, &rows).ok());
  CHECK(seqs_of(rows) == std::vector<std::uint64_t>{3});
}

TEMPLATE_TEST_CASE("The origin's store time is kept with an event from a peer and chained",
                   "[store]", SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open({[] { return kMidJune2026; }, {}});
  NewEvent said =
      from_peer(testing::sample_unsafe_food(), "quang-ninh", 7, 3, "QN-2026-00003", "quang-ninh");
  set_unix_ms(kMidJune2026 - 3600'000, said.origin.mutable_stored_at());
  const NewEvent silent = from_peer(testing::sample_unsafe_food(), "quang-ninh", 7, 4,
                                    "QN-2026-00004", "quang-ninh");  // An older peer's.
  std::vector<AppendResult> results;
  REQUIRE(
      commit(*store, {new_event(testing::sample_crop_pest()), said, silent}, {}, &results).ok());
  std::vector<LogRow> rows;
  REQUIRE(store->read_after(0, 10, &rows).ok());
  REQUIRE(rows.size() == 3);
  // Here: when it was stored here. From the peer: the origin's time, or none.
  CHECK(to_unix_ms(rows[0].stored.origin().stored_at()) == kMidJune2026);
  CHECK(to_unix_ms(rows[1].stored.origin().stored_at()) == kMidJune2026 - 3600'000);
  CHECK_FALSE(rows[2].stored.origin().has_stored_at());
  CHECK(fixture.checked_chain().size() == 3);
}

}  // namespace alertbus::broker
