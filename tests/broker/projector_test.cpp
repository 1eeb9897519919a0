// The projector: cases follow the log off the commit path, each event applied exactly once
// (incrementally, or by recomputing a case when an event sorts before one applied), across
// restarts and re-projections, and searchable with every word anywhere in the case.
#include "casework/projector.hpp"

#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include <catch2/catch.hpp>

#include "alertbus/protocol/casework.hpp"
#include "alertbus/protocol/clock.hpp"
#include "casework/case_stream.hpp"
#include "casework/projection_db.hpp"
#include "new_event.hpp"
#include "projector_node.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "store_fixtures.hpp"
#include "support/sample_events.hpp"
#include "temp_dir.hpp"

namespace alertbus::broker {
namespace {

v1::AlertCase case_of(const ProjectionDb& projection, const std::string& id) {
  CaseFilter filter;
  filter.event_id = id;
  std::vector<CaseRow> rows;
  REQUIRE(projection.read_cases(filter, &rows).ok());
  REQUIRE(rows.size() == 1);
  return rows[0].body;
}

// The case as compute_case() makes it from every event of it in the log: what the
// projection must hold, however it got there.
v1::AlertCase computed(Store& log, const std::string& id) {
  std::vector<LogRow> rows;
  REQUIRE(log.read_case_events(id, 0, &rows).ok());
  std::vector<protocol::CaseEvent> events;
  for (const LogRow& row : rows) {
    auto entry = protocol::case_event_of(row.stored);
    REQUIRE(entry.ok());
    events.push_back(std::move(entry).value());
  }
  protocol::CaseContext stored;
  stored.deadlines.rules = {};
  return protocol::compute_case(events, stored);
}

}  // namespace

TEST_CASE("The projector follows each case, and projecting again gives the same cases",
          "[projector]") {
  ProjectorNode node;
  const v1::Event alert = testing::sample_animal_disease();  // bac-giang/cnty
  const v1::Event other = testing::sample_animal_disease();
  const std::vector<AppendResult> results =
      node.commit({new_event(alert), new_event(other),
                   from(testing::sample_follow_up(alert, v1::ACKNOWLEDGE), "hai-duong/cnty"),
                   from(testing::sample_follow_up(alert, v1::MEASURES_TAKEN), "quang-ninh/cnty"),
                   from(testing::sample_follow_up(alert, v1::CLOSE), "bac-giang/cnty"),
                   from(testing::sample_follow_up(other, v1::CANCEL), "bac-giang/cnty"),
                   // After a close, information still counts and does not reopen the case.
                   from(testing::sample_follow_up(alert, v1::ADDITIONAL_INFO), "hai-duong/cnty")});
  auto projector = node.start();
  wait_for(*projector, node.head());
  auto projection = node.reader();
  auto check_states = [&] {
    const v1::AlertCase closed = case_of(*projection, alert.event_id());
    CHECK(closed.state() == v1::ALERT_RESOLVED);
    CHECK(closed.follow_up_count() == 4);
    CHECK(closed.reference() == results[0].reference);
    const v1::AlertCase cancelled = case_of(*projection, other.event_id());
    CHECK(cancelled.state() == v1::ALERT_CANCELLED);
    CHECK(cancelled.follow_up_count() == 1);
    CHECK(closed.SerializeAsString() == computed(*node.log, alert.event_id()).SerializeAsString());
    return closed.SerializeAsString() + cancelled.SerializeAsString();
  };
  const std::string before = check_states();
  CHECK(projection->count("case_text").value() == 7);

  const std::uint64_t projected = projector->events_projected();
  projector->reproject();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (projector->events_projected() < projected + 7 &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  REQUIRE(projector->projected_seq() == node.head());
  CHECK(check_states() == before);
  CHECK(projection->count("case_text").value() == 7);
  CHECK(projection->count("cases").value() == 2);
}

TEST_CASE("An event that sorts before one already applied recomputes its case", "[projector]") {
  ProjectorNode node;
  v1::Event alert = testing::sample_animal_disease();
  const std::int64_t t0 = sent_ms(alert);
  auto projector = node.start();
  node.commit({new_event(alert), from(testing::sample_follow_up(alert, v1::ADDITIONAL_INFO),
                                      "bac-giang/cnty", t0 + 2 * kHour)});
  wait_for(*projector, node.head());
  CHECK(projector->cases_recomputed() == 0);
  // Sent an hour earlier, stored later: a stable report that the later information follows.
  v1::Event stable = testing::sample_follow_up(alert, v1::ADDITIONAL_INFO);
  stable.mutable_follow_up()->set_stable(true);
  node.commit({from(stable, "bac-giang/cnty", t0 + kHour)});
  wait_for(*projector, node.head());
  CHECK(projector->cases_recomputed() == 1);
  auto projection = node.reader();
  const v1::AlertCase projected = case_of(*projection, alert.event_id());
  CHECK(projected.state() == v1::ALERT_STABLE);
  CHECK(projected.SerializeAsString() == computed(*node.log, alert.event_id()).SerializeAsString());
  // A later event extends the recomputed case again.
  node.commit(
      {from(testing::sample_follow_up(alert, v1::NEW_OUTBREAK), "bac-giang/cnty", t0 + 3 * kHour)});
  wait_for(*projector, node.head());
  CHECK(projector->cases_recomputed() == 1);
  CHECK(case_of(*projection, alert.event_id()).state() == v1::ALERT_ACTIVE);
  CHECK(case_of(*projection, alert.event_id()).SerializeAsString() ==
        computed(*node.log, alert.event_id()).SerializeAsString());
}

TEST_CASE("An alert stored after its follow-ups opens a whole case", "[projector]") {
  ProjectorNode node;
  const v1::Event alert = testing::sample_forest_fire();
  auto projector = node.start();
  node.commit({from(testing::sample_follow_up(alert, v1::ACKNOWLEDGE), "hai-duong/kiem-lam")});
  wait_for(*projector, node.head());
  auto projection = node.reader();
  CaseFilter filter;
  filter.event_id = alert.event_id();
  std::vector<CaseRow> rows;
  REQUIRE(projection->read_cases(filter, &rows).ok());
  CHECK(rows.empty());  // Cases whose alert is missing are not listed.
  node.commit({new_event(alert)});
  wait_for(*projector, node.head());
  const v1::AlertCase whole = case_of(*projection, alert.event_id());
  CHECK_FALSE(whole.alert_missing());
  CHECK(whole.follow_up_count() == 1);
  CHECK(whole.SerializeAsString() == computed(*node.log, alert.event_id()).SerializeAsString());
}

TEST_CASE("An event kept under an id another event holds changes no case", "[projector]") {
  ProjectorNode node;
  const v1::Event fire = testing::sample_forest_fire();
  auto projector = node.start();
  node.commit({new_event(fire)});
  wait_for(*projector, node.head());
  auto projection = node.reader();
  const v1::AlertCase before = case_of(*projection, fire.event_id());
  // Quảng Ninh's acknowledgement of the fire under the fire's own id: kept (its origin is
  // another), in no case. (A second alert under the id would change no case either.)
  v1::Event acknowledgement = testing::sample_follow_up(fire, v1::ACKNOWLEDGE);
  acknowledgement.set_event_id(fire.event_id());
  acknowledgement.set_sender_unit("quang-ninh/kiem-lam");
  protocol::set_unix_ms(sent_ms(fire) + kHour, acknowledgement.mutable_sent_at());
  const std::vector<AppendResult> results = node.commit({store_contract::from_peer(
      acknowledgement, "quang-ninh", 7, 1, "QN-2026-00001", "quang-ninh")});
  REQUIRE(results[0].id_conflict_kept);
  wait_for(*projector, node.head());
  const v1::AlertCase after = case_of(*projection, fire.event_id());
  CHECK(after.SerializeAsString() == before.SerializeAsString());
  CHECK(after.SerializeAsString() == computed(*node.log, fire.event_id()).SerializeAsString());
}

TEST_CASE("Every event is projected exactly once across restarts, in small chunks", "[projector]") {
  ProjectorNode node;
  const v1::Event alert = testing::sample_crop_pest();
  std::vector<NewEvent> events = {new_event(alert)};
  for (int i = 0; i < 40; ++i) {
    events.push_back(from(testing::sample_follow_up(alert, v1::ADDITIONAL_INFO), "bac-giang/ttbvtv",
                          sent_ms(alert) + (i + 1) * 1000));
  }
  node.commit(std::vector<NewEvent>(events.begin(), events.begin() + 21));
  {
    auto projector = node.start(4);
    wait_for(*projector, node.head());
  }
  node.commit(std::vector<NewEvent>(events.begin() + 21, events.end()));
  auto projector = node.start(4);  // Starts from the watermark, not from 0.
  wait_for(*projector, node.head());
  CHECK(projector->events_projected() == 20);
  auto projection = node.reader();
  CHECK(case_of(*projection, alert.event_id()).follow_up_count() == 40);
  CHECK(projection->count("case_text").value() == 41);
  CHECK(case_of(*projection, alert.event_id()).SerializeAsString() ==
        computed(*node.log, alert.event_id()).SerializeAsString());
}

TEST_CASE("A projection made for another log is projected again", "[projector]") {
  ProjectorNode node;
  const v1::Event first = testing::sample_unsafe_food();
  node.commit({new_event(first)});
  {
    auto projector = node.start();
    wait_for(*projector, node.head());
  }
  // The log is replaced (a new database: another epoch) by one holding another alert.
  node.log.reset();
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(node.dir.file(std::string("alertbus.db") + suffix));
  }
  node.reopen_log();
  const v1::Event second = testing::sample_unsafe_food();
  node.commit({new_event(second)});
  auto projector = node.start();
  wait_for(*projector, node.head());
  auto projection = node.reader();
  CHECK(projection->count("cases").value() == 1);
  case_of(*projection, second.event_id());
  CHECK(projection->watermark().value().log_epoch == node.log->epoch());
}

}  // namespace alertbus::broker

namespace alertbus::broker {

TEST_CASE("One receipt covers several alerts, also when a case is recomputed or its alert late",
          "[projector]") {
  ProjectorNode node;
  const v1::Event first = testing::sample_animal_disease();  // Both from Bắc Giang.
  const v1::Event second = testing::sample_unsafe_food();
  const v1::Event late = testing::sample_crop_pest();  // Its receipt arrives before it.
  const std::int64_t t0 = sent_ms(first);
  // Hải Dương stored the three alerts and covers them with two receipts: one for the first
  // two, one for the third.
  auto projector = node.start();
  node.commit({new_event(first), new_event(second),
               from(testing::sample_follow_up(first, v1::ADDITIONAL_INFO), "bac-giang/cnty",
                    t0 + 8 * 60'000),
               hai_duong_receipt({{&first, t0 + 60'000}, {&second, t0 + 120'000}}),
               hai_duong_receipt({{&late, t0 + 180'000}})});
  wait_for(*projector, node.head());
  auto projection = node.reader();
  auto delivered_ms = [&](const std::string& id) {
    const v1::AlertCase alert_case = case_of(*projection, id);
    for (const v1::ReceiverCase& entry : alert_case.receivers()) {
      if (entry.node() == "hai-duong") {
        CHECK(entry.state() == v1::RECEIVER_DELIVERED);
        return protocol::to_unix_ms(entry.delivered_at());
      }
    }
    FAIL("no receiver hai-duong in " << id);
    return std::int64_t{0};
  };
  CHECK(delivered_ms(first.event_id()) == t0 + 60'000);
  CHECK(delivered_ms(second.event_id()) == t0 + 120'000);
  CHECK(projection->count("case_text").value() == 3);  // Receipts add no search text.

  // A follow-up dated before the one applied (within the clocks' tolerance of their store,
  // so each counts at its own time) recomputes the second alert's case: its receipt,
  // indexed in the log under the first alert only, is kept.
  node.commit({from(testing::sample_follow_up(second, v1::ADDITIONAL_INFO), "bac-giang/qlcl",
                    t0 + 6 * 60'000),
               from(testing::sample_follow_up(second, v1::ADDITIONAL_INFO), "bac-giang/qlcl",
                    t0 + 3 * 60'000)});
  wait_for(*projector, node.head());
  CHECK(projector->cases_recomputed() == 1);
  CHECK(delivered_ms(second.event_id()) == t0 + 120'000);
  CHECK(case_of(*projection, second.event_id()).follow_up_count() == 2);
  // The third alert arrives after its receipt: its case is computed whole, delivered.
  node.commit({new_event(late)});
  wait_for(*projector, node.head());
  CHECK_FALSE(case_of(*projection, late.event_id()).alert_missing());
  CHECK(delivered_ms(late.event_id()) == t0 + 180'000);

  // Projecting again gives the same.
  const std::string before = case_of(*projection, second.event_id()).SerializeAsString() +
                             case_of(*projection, late.event_id()).SerializeAsString();
  const std::uint64_t projected = projector->events_projected();
  projector->reproject();
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (projector->events_projected() < projected + node.head() &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  CHECK(case_of(*projection, second.event_id()).SerializeAsString() +
            case_of(*projection, late.event_id()).SerializeAsString() ==
        before);
}

TEST_CASE("A case stream that gets no credit back is paused at its connection's byte budget",
          "[projector]") {
  ProjectorNode node;
  std::vector<NewEvent> alerts;
  for (int i = 0; i < 40; ++i) {
    alerts.push_back(new_event(testing::sample_animal_disease()));
  }
  node.commit(alerts);
  auto projector = node.start();
  wait_for(*projector, node.head());
  auto projection = node.reader();
  std::map<std::string, std::size_t> cases_sent;
  CaseStreams streams(
      *projection,
      [&](const std::string& routing_id, const v1::Frame& frame) {
        cases_sent[routing_id] += static_cast<std::size_t>(frame.case_changes().changes_size());
      },
      1);  // One byte: one frame at a time.
  v1::CaseSubscribe subscribe;
  subscribe.set_credit(10000);
  subscribe.set_from_beginning(true);
  const CaseQueryContext context;
  REQUIRE(streams.subscribe("desk", 1, subscribe, context, node.head()).ok());
  REQUIRE(streams.subscribe("desk", 2, subscribe, context, node.head()).ok());
  streams.pump(node.head(), context);
  // The first stream's frame went; the second waits for the connection's budget.
  CHECK(cases_sent["desk"] == 40);
  CHECK(streams.held_bytes("desk") > 0);
  streams.pump(node.head(), context);
  CHECK(cases_sent["desk"] == 40);
  // Credit for the cases received frees the budget, and the next stream goes on.
  streams.add_credit("desk", 1, 40);
  CHECK(streams.held_bytes("desk") == 0);
  streams.pump(node.head(), context);
  CHECK(cases_sent["desk"] == 80);
  streams.drop_connection("desk");
  CHECK(streams.held_bytes("desk") == 0);
}

}  // namespace alertbus::broker
