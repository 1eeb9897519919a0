// The Store contract (store/store.hpp), one set of cases run over every implementation,
// SqliteStore and MemoryStore: the commit path. Sequencing, references, permanent dedup,
// origin conflicts, all-or-nothing commits with cursors, link cursors and checkpoints
// (proved by failing every write step in turn), the hash chain. The reads are in
// store_contract_reads_test.cpp; what only SQLite has (files, WAL, migrations, reopening)
// in sqlite_store_test.cpp.
#include <catch2/catch.hpp>

#include "new_event.hpp"
#include "store_fixtures.hpp"
#include "support/sample_events.hpp"

namespace alertbus::broker {

using namespace store_contract;

TEMPLATE_TEST_CASE("Appended events get consecutive seqs, origin positions and references",
                   "[store]", SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open({[] { return kMidJune2026; }, {}});
  CHECK(store->head_seq().value() == 0);
  CHECK(store->event_count().value() == 0);
  const std::vector<NewEvent> events{new_event(testing::sample_animal_disease()),
                                     new_event(testing::sample_crop_pest()),
                                     new_event(testing::sample_unsafe_food())};
  std::vector<AppendResult> results;
  std::vector<LogRow> appended;
  REQUIRE(store->commit(events, {}, &results, &appended).ok());
  REQUIRE(results.size() == 3);
  REQUIRE(appended.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    CHECK(results[i].seq == i + 1);
    CHECK_FALSE(results[i].duplicate);
    CHECK_FALSE(results[i].origin_conflict);
    CHECK(appended[i].stored.seq() == i + 1);
    CHECK(appended[i].stored.origin().node() == "bac-giang");
    CHECK(appended[i].stored.origin().epoch() == store->epoch());
    CHECK(appended[i].stored.origin().seq() == i + 1);
    CHECK(appended[i].stored.reference() == results[i].reference);
    CHECK(appended[i].stored.event() == events[i].event_bytes);
    CHECK(appended[i].stored.kind() == events[i].facts.kind);
    CHECK(appended[i].area_codes == events[i].facts.area_codes);
    CHECK(to_unix_ms(appended[i].stored.received_at()) == kMidJune2026);
  }
  CHECK(results[0].reference == "BG-2026-00001");
  CHECK(results[2].reference == "BG-2026-00003");
  CHECK(store->node_id() == "bac-giang");
  CHECK(store->epoch() != 0);
  CHECK(store->head_seq().value() == 3);
  CHECK(store->event_count().value() == 3);
  CHECK(store->last_local_seq().value() == 3);
}

TEMPLATE_TEST_CASE("A commit with neither events nor cursors does nothing", "[store]",
                   SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  int steps = 0;
  auto store = fixture.open({{}, [&steps] { return ++steps > 0; }});  // Every step would fail.
  std::vector<AppendResult> results{AppendResult{}};
  std::vector<LogRow> appended{LogRow{}};
  REQUIRE(store->commit({}, {}, &results, &appended).ok());
  CHECK(results.empty());
  CHECK(appended.empty());
  CHECK(steps == 0);
}

TEMPLATE_TEST_CASE("A retried event id returns the original seq and reference and is stored once",
                   "[store]", SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open();
  const NewEvent alert = new_event(testing::sample_forest_fire());
  std::vector<AppendResult> first;
  REQUIRE(commit(*store, {alert}, {}, &first).ok());
  const NewEvent other = new_event(testing::sample_crop_pest());
  std::vector<AppendResult> second;
  std::vector<LogRow> appended;
  // The retry comes in a later batch, between two new events and again inside the batch.
  REQUIRE(store->commit(std::vector<NewEvent>{other, alert, alert}, {}, &second, &appended).ok());
  REQUIRE(second.size() == 3);
  CHECK_FALSE(second[0].duplicate);
  CHECK(second[1].duplicate);
  CHECK(second[2].duplicate);
  CHECK(second[1].seq == first[0].seq);
  CHECK(second[1].reference == first[0].reference);
  CHECK(second[2].seq == first[0].seq);
  CHECK(appended.size() == 1);  // Only the new row.
  CHECK(store->event_count().value() == 2);
  // The number drawn for the duplicate is given back: no gap in references.
  std::vector<AppendResult> third;
  REQUIRE(commit(*store, {new_event(testing::sample_unsafe_food())}, {}, &third).ok());
  CHECK(third[0].seq == 3);
  CHECK(third[0].reference.substr(8) == "00003");
}

TEMPLATE_TEST_CASE("An id stored from a peer and published here again is a duplicate of the peer's",
                   "[store]", SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open();
  const v1::Event event = testing::sample_unsafe_food();
  std::vector<AppendResult> results;
  REQUIRE(commit(*store, {from_peer(event, "quang-ninh", 7, 3, "QN-2026-00003", "quang-ninh")}, {},
                 &results)
              .ok());
  // Twice in one batch: a new event first, so the new one is numbered 1 and the duplicate's
  // number is given back.
  REQUIRE(commit(*store, {new_event(testing::sample_crop_pest()), new_event(event)}, {}, &results)
              .ok());
  CHECK(results[0].reference.substr(8) == "00001");
  CHECK(results[1].duplicate);
  CHECK(results[1].seq == 1);
  CHECK(results[1].reference == "QN-2026-00003");
  REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  CHECK(results[0].reference.substr(8) == "00002");
}

TEMPLATE_TEST_CASE("Reference numbers restart each year in Vietnam time", "[store]",
                   SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  std::int64_t now = 1798737000000 - 20 * 60 * 1000;  // 2026-12-31 23:50 in Vietnam (16:50 UTC).
  auto store = fixture.open({[&now] { return now; }, {}});
  std::vector<AppendResult> results;
  REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  CHECK(results[0].reference == "BG-2026-00001");
  now += 20 * 60 * 1000;  // 2026-12-31 17:10 UTC: 2027-01-01 00:10 in Vietnam.
  REQUIRE(commit(*store,
                 {new_event(testing::sample_crop_pest()), new_event(testing::sample_forest_fire())},
                 {}, &results)
              .ok());
  CHECK(results[0].reference == "BG-2027-00001");
  CHECK(results[1].reference == "BG-2027-00002");
}

TEMPLATE_TEST_CASE(
    "A failure at any write step stores nothing, and the retry stores it exactly once", "[store]",
    SqliteStoreFixture, MemoryStoreFixture) {
  // Fail the Nth write step for N = 1, 2, ... until a commit goes through: after every
  // failure the log, the counters, the cursors and the checkpoints are exactly as before.
  TestType fixture;
  int step = 0;
  int fail_at = 0;
  auto store = fixture.open({{}, [&] { return ++step == fail_at; }});
  std::vector<AppendResult> results;
  REQUIRE(
      commit(*store, {new_event(testing::sample_animal_disease())}, {{"desk", 1, false}}, &results)
          .ok());
  const std::vector<NewEvent> batch{
      new_event(testing::sample_crop_pest()),
      from_peer(testing::sample_unsafe_food(), "quang-ninh", 77, 5, "QN-2026-00005", "quang-ninh"),
      new_event(testing::sample_forest_fire())};
  const std::vector<CursorUpdate> cursors{
      {"desk", 4, false},
      {"wall", 2, false},
      {"quang-ninh", 5, false, true, 77},
      {"quang-ninh", 0, false, false, 0, checkpoint("quang-ninh", 5)}};
  bool committed = false;
  int failures = 0;
  for (fail_at = 1; !committed && fail_at < 100; ++fail_at) {
    step = 0;
    std::vector<LogRow> appended;
    const Status status = store->commit(batch, cursors, &results, &appended);
    if (status.ok()) {
      committed = true;
      break;
    }
    ++failures;
    CHECK(status.code() == v1::STORE_FAILURE);
    CHECK(results.empty());
    CHECK(appended.empty());
    CHECK(store->event_count().value() == 1);
    CHECK(store->head_seq().value() == 1);
    CHECK(store->load_cursor("desk").value()->seq == 1);
    CHECK_FALSE(store->load_cursor("wall").value().has_value());
    CHECK_FALSE(store->load_link_cursor("quang-ninh").value().has_value());
    CHECK(fixture.peer_checkpoint_count() == 0);
  }
  REQUIRE(committed);
  // 3 inserts, 2 cursors, a link cursor, a checkpoint, 1 reference counter, the commit.
  CHECK(failures == 9);
  CHECK(store->event_count().value() == 4);
  REQUIRE(results.size() == 3);
  CHECK(results[0].reference.substr(8) == "00002");
  CHECK(results[2].seq == 4);
  CHECK(results[2].reference.substr(8) == "00003");  // No number lost to the failures.
  CHECK(store->load_cursor("desk").value()->seq == 4);
  CHECK(store->load_cursor("wall").value()->seq == 2);
  CHECK(store->load_link_cursor("quang-ninh").value()->seq == 5);
  CHECK(fixture.peer_checkpoint_count() == 1);
  // And nothing is stored twice when the same batch is retried after all.
  fail_at = 0;  // No more faults.
  REQUIRE(commit(*store, batch, {}, &results).ok());
  CHECK(results[0].duplicate);
  CHECK(results[1].duplicate);
  CHECK(store->event_count().value() == 4);
  // Every failed commit put the chain's head back: the rows that went in chain from row 1.
  CHECK(fixture.checked_chain().size() == 4);
}

TEMPLATE_TEST_CASE("A failed commit puts the head of the hash chain back", "[store]",
                   SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  bool fail_commit = false;
  int step = 0;
  // Fail the commit itself, after every row was inserted and hashed.
  auto store = fixture.open({{}, [&] { return fail_commit && ++step == 3; }});
  std::vector<AppendResult> results;
  REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  fail_commit = true;
  CHECK_FALSE(commit(*store, {new_event(testing::sample_crop_pest())}, {}, &results).ok());
  fail_commit = false;
  REQUIRE(commit(*store, {new_event(testing::sample_forest_fire())}, {}, &results).ok());
  CHECK(results[0].seq == 2);
  CHECK(results[0].reference.substr(8) == "00002");
  CHECK(fixture.checked_chain().size() == 2);
}

TEMPLATE_TEST_CASE("Rows appended across commits form a hash chain that duplicates do not advance",
                   "[store]", SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  std::int64_t now = kMidJune2026;
  auto store = fixture.open({[&now] { return now; }, {}});
  const NewEvent first = new_event(testing::sample_animal_disease());
  NewEvent remote =
      from_peer(testing::sample_forest_fire(), "quang-ninh", 77, 41, "QN-2026-00041", "hai-duong");
  remote.path = {"quang-ninh", "hai-duong"};
  remote.signature = std::string(64, 'S');
  remote.signer = "quang-ninh/kiem-lam";
  NewEvent impostor = new_event(testing::sample_forest_fire());
  impostor.origin = remote.origin;
  impostor.reference = remote.reference;
  impostor.via = "quang-ninh";
  std::vector<AppendResult> results;
  REQUIRE(commit(*store, {first, new_event(testing::sample_crop_pest())}, {}, &results).ok());
  const std::vector<protocol::LogHash> two = fixture.checked_chain();
  REQUIRE(two.size() == 2);
  now += 1000;
  // A duplicate, the remote event, the duplicate again inside the batch.
  REQUIRE(commit(*store, {first, remote, first}, {}, &results).ok());
  CHECK(results[0].duplicate);
  CHECK(results[1].seq == 3);
  now += 1000;
  // An origin conflict is not stored and does not advance the chain either.
  REQUIRE(commit(*store, {impostor, new_event(testing::sample_unsafe_food())}, {}, &results).ok());
  CHECK(results[0].origin_conflict);
  CHECK(results[1].seq == 4);
  const std::vector<protocol::LogHash> four = fixture.checked_chain();
  REQUIRE(four.size() == 4);
  CHECK(std::equal(two.begin(), two.end(), four.begin()));  // Earlier links never change.
}

TEMPLATE_TEST_CASE(
    "Events from a peer keep their origin and reference, and the link cursor moves with them",
    "[store]", SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open();
  NewEvent remote =
      from_peer(testing::sample_forest_fire(), "quang-ninh", 77, 41, "QN-2026-00041", "hai-duong");
  remote.path = {"quang-ninh", "hai-duong"};
  std::vector<AppendResult> results;
  std::vector<LogRow> appended;
  const std::vector<NewEvent> batch{remote};
  const std::vector<CursorUpdate> cursors{{"hai-duong", 41, false, true, 77}};
  REQUIRE(store->commit(batch, cursors, &results, &appended).ok());
  REQUIRE(appended.size() == 1);
  CHECK(results[0].reference == "QN-2026-00041");
  CHECK(appended[0].stored.seq() == 1);
  CHECK(appended[0].stored.origin().node() == "quang-ninh");
  CHECK(appended[0].stored.origin().epoch() == 77);
  CHECK(appended[0].stored.origin().seq() == 41);
  CHECK(appended[0].stored.reference() == "QN-2026-00041");
  CHECK(appended[0].stored.via() == "hai-duong");
  // Read back, the path is the same.
  const auto read = store->find_by_id(remote.event_id).value();
  REQUIRE(read.has_value());
  REQUIRE(read->stored.path_size() == 2);
  CHECK(read->stored.path(0) == "quang-ninh");
  CHECK(read->stored.path(1) == "hai-duong");
  const auto link = store->load_link_cursor("hai-duong").value();
  REQUIRE(link.has_value());
  CHECK(link->seq == 41);
  CHECK(link->epoch == 77);
  CHECK_FALSE(store->load_link_cursor("quang-ninh").value().has_value());
  CHECK_FALSE(store->load_cursor("hai-duong").value().has_value());  // Not a subscription's.
  CHECK(store->last_local_seq().value() == 0);                       // Nothing originated here.
  // A later cursor replaces it, epoch and all.
  REQUIRE(commit(*store, {}, {{"hai-duong", 3, false, true, 78}}, &results).ok());
  CHECK(store->load_link_cursor("hai-duong").value()->seq == 3);
  CHECK(store->load_link_cursor("hai-duong").value()->epoch == 78);
}

TEMPLATE_TEST_CASE("A peer's event at an origin position another event holds is refused alone",
                   "[store]", SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open();
  const NewEvent remote =
      from_peer(testing::sample_forest_fire(), "quang-ninh", 77, 41, "QN-2026-00041", "quang-ninh");
  std::vector<AppendResult> results;
  REQUIRE(commit(*store, {remote}, {}, &results).ok());
  // The same origin position with another event id, in a batch with another new event and
  // again inside the batch: those alone are refused.
  const NewEvent impostor =
      from_peer(testing::sample_forest_fire(), "quang-ninh", 77, 41, "QN-2026-00041", "quang-ninh");
  const NewEvent next =
      from_peer(testing::sample_forest_fire(), "quang-ninh", 77, 42, "QN-2026-00042", "quang-ninh");
  const NewEvent second_impostor =
      from_peer(testing::sample_crop_pest(), "quang-ninh", 77, 42, "QN-2026-00042", "quang-ninh");
  std::vector<LogRow> appended;
  REQUIRE(store
              ->commit(std::vector<NewEvent>{impostor, next, second_impostor},
                       std::vector<CursorUpdate>{{"quang-ninh", 42, false, true, 77}}, &results,
                       &appended)
              .ok());
  REQUIRE(results.size() == 3);
  CHECK(results[0].origin_conflict);
  CHECK(results[0].seq == 0);
  CHECK_FALSE(results[0].duplicate);
  CHECK_FALSE(results[1].origin_conflict);
  CHECK(results[1].seq == 2);
  CHECK(results[2].origin_conflict);
  CHECK(appended.size() == 1);
  CHECK(store->event_count().value() == 2);
  CHECK(store->load_link_cursor("quang-ninh").value()->seq == 42);
  CHECK_FALSE(store->find_by_id(impostor.event_id).value().has_value());
  CHECK_FALSE(store->find_by_id(second_impostor.event_id).value().has_value());
  // The same position in another epoch is another position.
  REQUIRE(commit(*store,
                 {from_peer(testing::sample_crop_pest(), "quang-ninh", 78, 41, "QN-2026-00041",
                            "quang-ninh")},
                 {}, &results)
              .ok());
  CHECK(results[0].seq == 3);
}

TEMPLATE_TEST_CASE("A local event whose origin position a peer's event holds fails the commit",
                   "[store]", SqliteStoreFixture, MemoryStoreFixture) {
  // A peer relaying this node's own event of this epoch, from beyond this log's head (the
  // log went back without a new epoch): the next local event would take the same origin
  // position. The store refuses the whole commit rather than store two events there.
  TestType fixture;
  auto store = fixture.open();
  NewEvent own_from_peer = new_event(testing::sample_crop_pest());
  own_from_peer.origin.set_node("bac-giang");
  own_from_peer.origin.set_epoch(store->epoch());
  own_from_peer.origin.set_seq(2);
  own_from_peer.reference = "BG-2026-00002";
  own_from_peer.via = "hai-duong";
  own_from_peer.path = {"hai-duong"};
  std::vector<AppendResult> results;
  REQUIRE(commit(*store, {own_from_peer}, {}, &results).ok());
  CHECK(results[0].seq == 1);
  CHECK(store->last_local_seq().value() == 2);
  const Status status =
      commit(*store, {new_event(testing::sample_forest_fire())}, {{"desk", 1, false}}, &results);
  CHECK(status.code() == v1::STORE_FAILURE);
  CHECK(results.empty());
  CHECK(store->event_count().value() == 1);
  CHECK_FALSE(store->load_cursor("desk").value().has_value());
}

TEMPLATE_TEST_CASE(
    "Durable cursors are stored with the log's epoch, moved and forgotten in commits", "[store]",
    SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open();
  std::vector<AppendResult> results;
  CHECK_FALSE(store->load_cursor("desk").value().has_value());
  // The cursor lands with the event it covers; a later update in the same commit wins.
  REQUIRE(commit(*store, {new_event(testing::sample_crop_pest())},
                 {{"desk", 1, false}, {"wall", 1, false}, {"wall", 0, false}}, &results)
              .ok());
  const auto desk = store->load_cursor("desk").value();
  REQUIRE(desk.has_value());
  CHECK(desk->seq == 1);
  CHECK(desk->epoch == store->epoch());
  CHECK(store->load_cursor("wall").value()->seq == 0);
  REQUIRE(commit(*store, {}, {{"desk", 7, false}, {"wall", 0, true}}, &results).ok());
  CHECK(store->load_cursor("desk").value()->seq == 7);
  CHECK_FALSE(store->load_cursor("wall").value().has_value());
  CHECK_FALSE(store->load_link_cursor("desk").value().has_value());
  // Forgetting a cursor that does not exist is no error.
  REQUIRE(commit(*store, {}, {{"never", 0, true}}, &results).ok());
}

TEMPLATE_TEST_CASE("A peer's checkpoint is kept once per position, in the commit that carries it",
                   "[store]", SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open();
  std::vector<AppendResult> results;
  CursorUpdate kept;
  kept.name = "quang-ninh";
  kept.checkpoint = checkpoint("quang-ninh", 10);
  REQUIRE(commit(*store, {}, {kept}, &results).ok());
  CHECK(fixture.peer_checkpoint_count() == 1);
  // The same position again is not an error and is not kept twice; a later one is.
  REQUIRE(commit(*store, {}, {kept}, &results).ok());
  CHECK(fixture.peer_checkpoint_count() == 1);
  kept.checkpoint = checkpoint("quang-ninh", 20);
  REQUIRE(commit(*store, {}, {kept}, &results).ok());
  CHECK(fixture.peer_checkpoint_count() == 2);
  // A checkpoint is not a cursor.
  CHECK_FALSE(store->load_link_cursor("quang-ninh").value().has_value());
  CHECK_FALSE(store->load_cursor("quang-ninh").value().has_value());
}

TEMPLATE_TEST_CASE("The first checkpoint kept from a node for an epoch at or after a seq is found",
                   "[store]", SqliteStoreFixture, MemoryStoreFixture) {
  TestType fixture;
  auto store = fixture.open();
  std::vector<AppendResult> results;
  std::vector<CursorUpdate> kept;
  auto keep = [&](const std::string& node, std::uint64_t epoch, std::uint64_t seq) {
    auto made = std::make_shared<v1::Checkpoint>(*checkpoint(node, seq));
    made->set_epoch(epoch);
    made->mutable_signed_at()->set_seconds(1767225600);
    made->mutable_signed_at()->set_nanos(123'000'000);
    CursorUpdate update;
    update.name = node;
    update.checkpoint = made;
    kept.push_back(update);
  };
  keep("quang-ninh", 77, 20);
  keep("quang-ninh", 77, 10);
  keep("quang-ninh", 78, 5);
  keep("hai-duong", 77, 15);
  REQUIRE(commit(*store, {}, kept, &results).ok());
  auto first = [&](const std::string& node, std::uint64_t epoch, std::uint64_t at_or_after) {
    auto found = store->first_peer_checkpoint(node, epoch, at_or_after);
    REQUIRE(found.ok());
    return found.value();
  };
  const std::optional<v1::Checkpoint> ten = first("quang-ninh", 77, 0);
  REQUIRE(ten.has_value());
  CHECK(ten->seq() == 10);
  // As it was signed: every field the signature covers.
  CHECK(ten->node() == "quang-ninh");
  CHECK(ten->epoch() == 77);
  CHECK(ten->count() == 10);
  CHECK(ten->digest() == std::string(32, 'D'));
  CHECK(ten->signature() == std::string(64, 'S'));
  CHECK(ten->signed_at().seconds() == 1767225600);
  CHECK(ten->signed_at().nanos() == 123'000'000);
  CHECK(first("quang-ninh", 77, 10)->seq() == 10);
  CHECK(first("quang-ninh", 77, 11)->seq() == 20);
  CHECK_FALSE(first("quang-ninh", 77, 21).has_value());
  CHECK(first("quang-ninh", 78, 0)->seq() == 5);
  CHECK_FALSE(first("quang-ninh", 79, 0).has_value());
  CHECK_FALSE(first("hai-duong", 77, 16).has_value());
  CHECK_FALSE(first("bac-giang", 77, 0).has_value());
}

}  // namespace alertbus::broker
