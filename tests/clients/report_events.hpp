// The events behind the fixed cases (case_fixtures.hpp) that carry a report's figures: the
// alert bodies of A1 A2 A3 A4 A5 A6 A7 A8 A12 and A7's MEASURES_TAKEN follow-ups. The
// figures a report over 2026-H1 must show are worked out by hand in report_test.cpp.
//
// Threading: plain functions building values.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "alertbus/v1/event.pb.h"

#include "clients/case_fixtures.hpp"

namespace alertbus::testing {

inline std::string fixture_event_id(const std::string& reference) {
  return "01J0000000000000000000" + reference;  // As make_case() sets it.
}

inline v1::StoredEvent stored(const v1::Event& event, const std::string& reference = {}) {
  v1::StoredEvent stored_event;
  stored_event.set_event_id(event.event_id());
  stored_event.set_reference(reference);
  stored_event.set_kind(event.kind());
  stored_event.set_type(event.type());
  stored_event.set_event(event.SerializeAsString());
  return stored_event;
}

inline v1::Event alert_event(const std::string& reference, v1::AlertKind kind, const char* sent) {
  v1::Event event;
  event.set_event_id(fixture_event_id(reference));
  event.set_kind(kind);
  event.set_type(v1::ALERT);
  event.set_status(v1::ACTUAL);
  set_time(event.mutable_sent_at(), sent);
  return event;
}

inline void add_species(v1::Outbreak* outbreak, const char* species, std::uint64_t cases,
                        std::uint64_t deaths, std::uint64_t destroyed) {
  v1::SpeciesCount* count = outbreak->add_species();
  count->set_species(species);
  count->set_cases(cases);
  count->set_deaths(deaths);
  count->set_destroyed(destroyed);
}

inline v1::Event measures(const std::string& alert_reference, const char* id_suffix,
                          const char* sent, double quantity, const char* unit) {
  v1::Event event;
  event.set_event_id(fixture_event_id(alert_reference) + id_suffix);
  event.set_kind(v1::UNSAFE_FOOD);
  event.set_type(v1::MEASURES_TAKEN);
  set_time(event.mutable_sent_at(), sent);
  v1::FollowUp* follow_up = event.mutable_follow_up();
  follow_up->set_alert_event_id(fixture_event_id(alert_reference));
  follow_up->set_text("Đã thu hồi");
  follow_up->set_quantity(quantity);
  follow_up->set_quantity_unit(unit);
  return event;
}

// Each alert's events (the alert first), by the alert's event id.
inline std::map<std::string, std::vector<v1::StoredEvent>> h1_events() {
  std::map<std::string, std::vector<v1::StoredEvent>> events;
  const auto put = [&events](const std::string& reference, const v1::Event& alert) {
    events[alert.event_id()].push_back(stored(alert, reference));
  };

  // A1 ASF: two outbreaks of pigs: sick 30 + 8, dead 12 + 3, culled 40 + 8.
  v1::Event a1 = alert_event("BG-2026-00001", v1::ANIMAL_DISEASE, "2026-01-10 08:00");
  add_species(a1.mutable_animal_disease()->add_outbreaks(), "lợn", 30, 12, 40);
  add_species(a1.mutable_animal_disease()->add_outbreaks(), "lợn", 8, 3, 8);
  put("BG-2026-00001", a1);
  // A2 pest: 12.5 + 4.25 + 0.75 = 17.5 ha.
  v1::Event a2 = alert_event("BG-2026-00002", v1::CROP_PEST, "2026-02-01 08:00");
  a2.mutable_crop_pest()->set_infested_ha_light(12.5);
  a2.mutable_crop_pest()->set_infested_ha_medium(4.25);
  a2.mutable_crop_pest()->set_infested_ha_heavy(0.75);
  put("BG-2026-00002", a2);
  // A3 fire out: 3.2 ha burned.
  v1::Event a3 = alert_event("HD-2026-00001", v1::FOREST_FIRE, "2026-03-05 14:00");
  a3.mutable_forest_fire()->set_subtype(v1::ForestFireAlert::FIRE_OUT);
  a3.mutable_forest_fire()->mutable_fire()->set_burned_ha(3.2);
  put("HD-2026-00001", a3);
  // A4 (cancelled): 120 kg recalled at a facility; none of it counts.
  v1::Event a4 = alert_event("HD-2026-00002", v1::UNSAFE_FOOD, "2026-04-02 08:00");
  a4.mutable_unsafe_food()->mutable_facility()->set_name("Cơ sở chả mực Hải Dương");
  a4.mutable_unsafe_food()->mutable_product()->set_quantity(120);
  a4.mutable_unsafe_food()->mutable_product()->set_quantity_unit("kg");
  a4.mutable_unsafe_food()->add_measures(v1::UnsafeFoodAlert::RECALL);
  put("HD-2026-00002", a4);
  // A5 H5N1: chickens sick 1,200, dead 800, culled 3,000.
  v1::Event a5 = alert_event("QN-2026-00001", v1::ANIMAL_DISEASE, "2026-05-20 08:00");
  add_species(a5.mutable_animal_disease()->add_outbreaks(), "gà", 1200, 800, 3000);
  put("QN-2026-00001", a5);
  // A6 danger level: no area burned.
  v1::Event a6 = alert_event("QN-2026-00002", v1::FOREST_FIRE, "2026-04-15 10:00");
  a6.mutable_forest_fire()->set_subtype(v1::ForestFireAlert::DANGER_LEVEL);
  a6.mutable_forest_fire()->mutable_fire()->set_burned_ha(99);  // Not a fire: ignored.
  put("QN-2026-00002", a6);
  // A7 food: 500 kg product to recall; measures reported 0.2 t, then 350 kg so far: the
  // latest, 350 kg, counts (not 500, not 200 + 350).
  v1::Event a7 = alert_event("BG-2026-00003", v1::UNSAFE_FOOD, "2026-06-01 08:00");
  a7.mutable_unsafe_food()->mutable_facility()->set_name("Cơ sở rau Lục Nam");
  a7.mutable_unsafe_food()->mutable_product()->set_quantity(500);
  a7.mutable_unsafe_food()->mutable_product()->set_quantity_unit("kg");
  a7.mutable_unsafe_food()->add_measures(v1::UnsafeFoodAlert::RECALL);
  put("BG-2026-00003", a7);
  // Out of order on purpose: the later report first.
  events[a7.event_id()].push_back(
      stored(measures("BG-2026-00003", "-m2", "2026-06-02 09:00", 350, "kg")));
  events[a7.event_id()].push_back(
      stored(measures("BG-2026-00003", "-m1", "2026-06-01 10:00", 0.2, "t")));
  // A8 (H2): cattle sick 4.
  v1::Event a8 = alert_event("BG-2026-00090", v1::ANIMAL_DISEASE, "2026-07-01 00:00");
  add_species(a8.mutable_animal_disease()->add_outbreaks(), "bò", 4, 0, 0);
  put("BG-2026-00090", a8);
  // A12 FMD: buffalo sick 5; cattle sick 7, dead 1, culled 2.
  v1::Event a12 = alert_event("BG-2026-00005", v1::ANIMAL_DISEASE, "2026-02-20 08:00");
  v1::Outbreak* outbreak = a12.mutable_animal_disease()->add_outbreaks();
  add_species(outbreak, "trâu", 5, 0, 0);
  add_species(outbreak, "bò", 7, 1, 2);
  put("BG-2026-00005", a12);
  return events;
}

inline std::vector<v1::StoredEvent> all_h1_events() {
  std::vector<v1::StoredEvent> all;
  for (const auto& [id, events] : h1_events()) {
    all.insert(all.end(), events.begin(), events.end());
  }
  return all;
}

}  // namespace alertbus::testing
