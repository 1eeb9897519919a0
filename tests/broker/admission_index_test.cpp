// AdmissionIndex (ingest/admission_index.hpp) over a MemoryStore: an alert read from the log
// when first asked for, its state moved by every follow-up committed after, never a row
// folded twice, and a bounded size.
#include "ingest/admission_index.hpp"

#include <catch2/catch.hpp>

#include "bac_giang_log.hpp"
#include "new_event.hpp"
#include "store/memory/memory_store.hpp"
#include "support/sample_events.hpp"

namespace alertbus::broker {
namespace {

// Commits `events` and returns the rows appended.
std::vector<LogRow> commit(Store& store, const std::vector<v1::Event>& events) {
  std::vector<NewEvent> prepared;
  for (const v1::Event& event : events) {
    prepared.push_back(new_event(event));
  }
  std::vector<AppendResult> results;
  std::vector<LogRow> appended;
  REQUIRE(store.commit(prepared, {}, &results, &appended).ok());
  return appended;
}

v1::Event by_issuer(const v1::Event& alert, v1::EventType type, bool stable = false) {
  v1::Event event = testing::sample_follow_up(alert, type);
  event.set_sender_unit(alert.sender_unit());
  event.mutable_follow_up()->set_stable(stable);
  return event;
}

}  // namespace

TEST_CASE(
    "An alert enters the admission index from the log, its state folded from its follow-ups") {
  MemoryStore store(bac_giang_log());
  AdmissionIndex index(store);
  const v1::Event alert = testing::sample_animal_disease();
  const v1::Event other = testing::sample_crop_pest();
  commit(store, {alert, other, by_issuer(alert, v1::ADDITIONAL_INFO, true),
                 testing::sample_follow_up(alert, v1::ACKNOWLEDGE), by_issuer(other, v1::CANCEL)});
  auto found = index.find(alert.event_id());
  REQUIRE(found.ok());
  REQUIRE(found.value().has_value());
  const AdmissionIndex::Alert& facts = *found.value();
  CHECK(facts.kind == v1::ANIMAL_DISEASE);
  CHECK(facts.severity == v1::SEVERE);
  CHECK(facts.area_codes == " VN-2025:24 ");
  CHECK(facts.sender_unit == "bac-giang/cnty");
  CHECK(facts.origin_node == "bac-giang");
  CHECK(facts.state == v1::ALERT_STABLE);  // Reported stable by its issuer.
  CHECK(index.find(other.event_id()).value()->state == v1::ALERT_CANCELLED);
  CHECK(index.size() == 2);
}

TEST_CASE("An alert the log does not hold, or holds only follow-ups of, is not in the index") {
  MemoryStore store(bac_giang_log());
  AdmissionIndex index(store);
  const v1::Event absent = testing::sample_unsafe_food();
  commit(store, {testing::sample_follow_up(absent, v1::ACKNOWLEDGE)});
  CHECK_FALSE(index.find(absent.event_id()).value().has_value());
  CHECK_FALSE(index.find("0190f0c8-0000-7000-8000-000000000000").value().has_value());
  CHECK(index.size() == 0);
  // Once the alert arrives, it is found with the follow-up that came first.
  commit(store, {absent});
  CHECK(index.find(absent.event_id()).value().has_value());
}

TEST_CASE("Follow-ups committed after an alert entered the index move its state, each once") {
  MemoryStore store(bac_giang_log());
  AdmissionIndex index(store);
  const v1::Event alert = testing::sample_animal_disease();
  const std::vector<LogRow> first = commit(
      store,
      {alert, by_issuer(alert, v1::ADDITIONAL_INFO, true), by_issuer(alert, v1::NEW_OUTBREAK)});
  // The index reads rows 1..3: stable, then active again.
  REQUIRE(index.find(alert.event_id()).value()->state == v1::ALERT_ACTIVE);
  // The loop reports the stable row only now: already folded in, it changes nothing
  // (applied again, it would make the alert STABLE).
  index.committed(first[1]);
  CHECK(index.find(alert.event_id()).value()->state == v1::ALERT_ACTIVE);
  // A later follow-up, committed and reported, moves it; notices do not.
  for (const LogRow& row : commit(store, {by_issuer(alert, v1::ADDITIONAL_INFO, true),
                                          testing::sample_follow_up(alert, v1::RECEIPT)})) {
    index.committed(row);
  }
  CHECK(index.find(alert.event_id()).value()->state == v1::ALERT_STABLE);
  for (const LogRow& row : commit(store, {by_issuer(alert, v1::CLOSE)})) {
    index.committed(row);
  }
  CHECK(index.find(alert.event_id()).value()->state == v1::ALERT_RESOLVED);
}

TEST_CASE("A follow-up by another unit than the issuer does not move the state") {
  MemoryStore store(bac_giang_log());
  AdmissionIndex index(store);
  const v1::Event alert = testing::sample_crop_pest();
  commit(store, {alert});
  REQUIRE(index.find(alert.event_id()).ok());
  // Relayed from elsewhere and stored: a CLOSE by a receiving unit breaks the rules, and
  // the index, like the cases, ignores it.
  for (const LogRow& row : commit(store, {testing::sample_follow_up(alert, v1::CLOSE)})) {
    index.committed(row);
  }
  CHECK(index.find(alert.event_id()).value()->state == v1::ALERT_ACTIVE);
}

TEST_CASE("Past its capacity the admission index starts empty and reads alerts again") {
  MemoryStore store(bac_giang_log());
  AdmissionIndex index(store, 2);
  const v1::Event first = testing::sample_animal_disease();
  const v1::Event second = testing::sample_crop_pest();
  const v1::Event third = testing::sample_forest_fire();
  commit(store, {first, second, third, by_issuer(first, v1::CANCEL)});
  REQUIRE(index.find(first.event_id()).ok());
  REQUIRE(index.find(second.event_id()).ok());
  CHECK(index.size() == 2);
  REQUIRE(index.find(third.event_id()).ok());
  CHECK(index.size() == 1);
  // Read again from the log, with every follow-up.
  CHECK(index.find(first.event_id()).value()->state == v1::ALERT_CANCELLED);
  CHECK(index.size() == 2);
}

}  // namespace alertbus::broker
