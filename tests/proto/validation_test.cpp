// Tests of validate_event(): the valid samples pass, clearing a required field fails with
// MISSING_FIELD and its path while clearing an optional one does not, and kind, type and
// body must agree. The other rules are tested in validation_<topic>_test.cpp.
#include "alertbus/protocol/validation.hpp"

#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "alertbus/protocol/event_id.hpp"
#include "proto/message_paths.hpp"
#include "proto/validation_test_helpers.hpp"
#include "support/sample_events.hpp"

namespace alertbus::protocol {
namespace {

using testing::check_failure;
using testing::check_ok;
using testing::Factory;
using testing::follow_up_of;
using testing::sample_animal_disease;
using testing::sample_crop_pest;
using testing::sample_follow_up;
using testing::sample_forest_fire;
using testing::sample_suspected_disease;
using testing::sample_unsafe_food;

Status validate(const v1::Event& event) {
  return testing::validate_now(event);
}

// ---------------------------------------------------------------------------------------
// Valid events.

TEST_CASE("Every sample event of each kind, subtype and follow-up type is valid", "[validation]") {
  for (const testing::NamedSample& sample : testing::all_valid_samples()) {
    DYNAMIC_SECTION(sample.name) {
      check_ok(sample.make());
    }
  }
}

TEST_CASE("The sample factory gives every event a fresh canonical event id", "[validation]") {
  const v1::Event first = sample_animal_disease();
  const v1::Event second = sample_animal_disease();
  CHECK(is_valid_event_id(first.event_id()));
  CHECK(first.event_id() != second.event_id());
  CHECK(sample_crop_pest().event_id() != sample_unsafe_food().event_id());
}

TEST_CASE("A sample follow-up built from an alert refers to it and takes its kind",
          "[validation]") {
  const v1::Event alert = sample_unsafe_food();
  const v1::Event follow_up = sample_follow_up(alert, v1::MEASURES_TAKEN);
  CHECK(follow_up.kind() == v1::UNSAFE_FOOD);
  CHECK(follow_up.follow_up().alert_event_id() == alert.event_id());
  REQUIRE(follow_up.references_size() == 1);
  CHECK(follow_up.references(0) == alert.event_id());
  check_ok(follow_up);
}

TEST_CASE("Validation with default options takes 1970 as now and rejects current events",
          "[validation]") {
  // Callers must set now_unix_ms; this pins the behaviour so a change is deliberate.
  const Status status = validate_event(sample_animal_disease(), ValidationOptions{});
  check_failure(status, v1::VALUE_OUT_OF_RANGE, "sent_at");
}

// ---------------------------------------------------------------------------------------
// Required fields.

struct FieldCase {
  const char* sample;
  Factory make;
  const char* path;
  const char* expected_field;  // nullptr: the same as path.
};

TEST_CASE("Clearing each required field of a valid sample fails with MISSING_FIELD and its path",
          "[validation]") {
  const Factory animal = sample_animal_disease;
  const Factory crop = sample_crop_pest;
  const Factory hotspot = [] { return sample_forest_fire(); };
  const Factory danger = [] { return sample_forest_fire(v1::ForestFireAlert::DANGER_LEVEL); };
  const Factory fire = [] { return sample_forest_fire(v1::ForestFireAlert::FIRE); };
  const Factory fire_out = [] { return sample_forest_fire(v1::ForestFireAlert::FIRE_OUT); };
  const Factory food = sample_unsafe_food;
  const std::vector<FieldCase> cases{
      // The envelope.
      {"animal", animal, "event_id", nullptr},
      {"animal", animal, "sender_unit", nullptr},
      {"animal", animal, "sent_at", nullptr},
      {"animal", animal, "status", nullptr},
      {"animal", animal, "kind", nullptr},
      {"animal", animal, "type", nullptr},
      {"animal", animal, "urgency", nullptr},
      {"crop", crop, "severity", nullptr},
      {"food", food, "certainty", nullptr},
      {"animal", animal, "areas", nullptr},
      {"animal", animal, "areas[0].code", nullptr},
      {"animal", animal, "areas[0].scheme", nullptr},
      {"animal", animal, "areas[0].name", nullptr},
      {"hotspot", hotspot, "title", nullptr},
      {"animal", animal, "animal_disease", "body"},
      {"crop", crop, "crop_pest", "body"},
      {"hotspot", hotspot, "forest_fire", "body"},
      {"food", food, "unsafe_food", "body"},
      // Animal disease.
      {"animal", animal, "animal_disease.disease", nullptr},
      {"animal", animal, "animal_disease.confirmation", nullptr},
      {"animal", animal, "animal_disease.lab", nullptr},
      {"animal", animal, "animal_disease.confirmed_at", nullptr},
      {"animal", animal, "animal_disease.onset_date", nullptr},
      {"animal", animal, "animal_disease.outbreaks", nullptr},
      {"animal", animal, "animal_disease.outbreaks[0].commune", nullptr},
      {"animal", animal, "animal_disease.outbreaks[0].commune.code", nullptr},
      {"animal", animal, "animal_disease.outbreaks[0].commune.scheme", nullptr},
      {"animal", animal, "animal_disease.outbreaks[0].commune.name", nullptr},
      {"animal", animal, "animal_disease.outbreaks[0].epi_unit", nullptr},
      {"animal", animal, "animal_disease.outbreaks[0].species", nullptr},
      {"animal", animal, "animal_disease.outbreaks[0].species[0].species", nullptr},
      // Crop pest.
      {"crop", crop, "crop_pest.pest_scientific_name", nullptr},
      {"crop", crop, "crop_pest.pest_name", nullptr},
      {"crop", crop, "crop_pest.crop", nullptr},
      {"crop", crop, "crop_pest.density_unit", nullptr},
      // Forest fire.
      {"hotspot", hotspot, "forest_fire.subtype", nullptr},
      {"hotspot", hotspot, "forest_fire.hotspot", nullptr},
      {"hotspot", hotspot, "forest_fire.hotspot.satellite", nullptr},
      {"hotspot", hotspot, "forest_fire.hotspot.detected_at", nullptr},
      {"hotspot", hotspot, "forest_fire.hotspot.location", nullptr},
      {"danger", danger, "forest_fire.danger", nullptr},
      {"danger", danger, "forest_fire.danger.level", nullptr},
      {"danger", danger, "forest_fire.danger.valid_from", nullptr},
      {"danger", danger, "forest_fire.danger.valid_to", nullptr},
      {"danger", danger, "forest_fire.danger.communes", nullptr},
      {"danger", danger, "forest_fire.danger.communes[1].name", nullptr},
      {"fire", fire, "forest_fire.fire", nullptr},
      {"fire", fire, "forest_fire.fire.location", nullptr},
      {"fire out", fire_out, "forest_fire.fire", nullptr},
      {"fire out", fire_out, "forest_fire.fire.location", nullptr},
      // Unsafe food.
      {"food", food, "unsafe_food.facility", nullptr},
      {"food", food, "unsafe_food.facility.name", nullptr},
      {"food", food, "unsafe_food.facility.address", nullptr},
      {"food", food, "unsafe_food.product", nullptr},
      {"food", food, "unsafe_food.product.name", nullptr},
      {"food", food, "unsafe_food.product.quantity_unit", nullptr},
      {"food", food, "unsafe_food.hazards", nullptr},
      {"food", food, "unsafe_food.hazards[0].name", nullptr},
      {"food", food, "unsafe_food.hazards[0].result", nullptr},
      {"food", food, "unsafe_food.distribution[1].province", nullptr},
      {"food", food, "unsafe_food.distribution[1].province.code", nullptr},
      {"food", food, "unsafe_food.distribution[0].unit", nullptr},
      {"food", food, "unsafe_food.risk", nullptr},
      // Follow-ups.
      {"close", follow_up_of(v1::CLOSE), "follow_up", "body"},
      {"close", follow_up_of(v1::CLOSE), "follow_up.alert_event_id", nullptr},
      {"close", follow_up_of(v1::CLOSE), "follow_up.text", nullptr},
      {"additional info", follow_up_of(v1::ADDITIONAL_INFO), "follow_up.text", nullptr},
      {"reclassify", follow_up_of(v1::RECLASSIFY), "follow_up.new_severity", nullptr},
      {"level change", follow_up_of(v1::LEVEL_CHANGE), "follow_up.new_danger_level", nullptr},
      {"answer info", follow_up_of(v1::ANSWER_INFO), "follow_up.answers_event_id", nullptr},
      {"measures taken", follow_up_of(v1::MEASURES_TAKEN), "follow_up.quantity_unit", nullptr},
      {"acknowledge", follow_up_of(v1::ACKNOWLEDGE), "status", nullptr},
  };
  for (const FieldCase& c : cases) {
    DYNAMIC_SECTION(c.sample << ": " << c.path) {
      v1::Event event = c.make();
      REQUIRE(testing::clear_field(event, c.path));
      const std::string expected = c.expected_field != nullptr ? c.expected_field : c.path;
      check_failure(validate(event), v1::MISSING_FIELD, expected);
    }
  }
}

TEST_CASE("Clearing each optional field of a valid sample keeps it valid", "[validation]") {
  const Factory animal = sample_animal_disease;
  const Factory crop = sample_crop_pest;
  const Factory hotspot = [] { return sample_forest_fire(); };
  const Factory fire = [] { return sample_forest_fire(v1::ForestFireAlert::FIRE); };
  const Factory food = sample_unsafe_food;
  const std::vector<FieldCase> cases{
      {"animal", animal, "effective", nullptr},
      {"animal", animal, "expires", nullptr},
      {"animal", animal, "description", nullptr},
      {"animal", animal, "language", nullptr},
      {"animal", animal, "contact", nullptr},
      {"animal", animal, "animal_disease.agent_subtype", nullptr},
      {"animal", animal, "animal_disease.test_method", nullptr},
      {"animal", animal, "animal_disease.outbreaks[0].hamlet", nullptr},
      {"animal", animal, "animal_disease.outbreaks[0].location", nullptr},
      {"animal", animal, "animal_disease.outbreaks[0].start_date", nullptr},
      {"animal", animal, "animal_disease.outbreaks[0].species[0].susceptible", nullptr},
      {"animal", animal, "animal_disease.source", nullptr},
      {"animal", animal, "animal_disease.control_measures", nullptr},
      {"animal", animal, "animal_disease.restricted_zone", nullptr},
      {"suspected", sample_suspected_disease, "animal_disease.lab", nullptr},
      {"crop", crop, "crop_pest.growth_stage", nullptr},
      {"crop", crop, "crop_pest.density", nullptr},
      {"crop", crop, "crop_pest.growing_area_codes", nullptr},
      {"crop", crop, "crop_pest.packing_house_codes", nullptr},
      {"crop", crop, "crop_pest.measures", nullptr},
      {"crop", crop, "crop_pest.demarcated_area", nullptr},
      {"hotspot", hotspot, "forest_fire.hotspot.forest_type", nullptr},
      {"hotspot", hotspot, "forest_fire.hotspot.confidence_percent", nullptr},
      {"fire", fire, "forest_fire.fire.forest_owner", nullptr},
      {"fire", fire, "forest_fire.fire.resources_requested", nullptr},
      {"fire", fire, "forest_fire.fire.started_at", nullptr},
      {"food", food, "unsafe_food.facility.registration_number", nullptr},
      {"food", food, "unsafe_food.facility.grade", nullptr},
      {"food", food, "unsafe_food.product.lot", nullptr},
      {"food", food, "unsafe_food.product.production_date", nullptr},
      {"food", food, "unsafe_food.product.expiry_date", nullptr},
      {"food", food, "unsafe_food.product.quantity", nullptr},
      {"food", food, "unsafe_food.hazards[0].limit", nullptr},
      {"food", food, "unsafe_food.hazards[0].sampled_on", nullptr},
      {"food", food, "unsafe_food.distribution", nullptr},
      {"food", food, "unsafe_food.measures", nullptr},
      {"acknowledge", follow_up_of(v1::ACKNOWLEDGE), "follow_up.text", nullptr},
      {"acknowledge", follow_up_of(v1::ACKNOWLEDGE), "references", nullptr},
      {"measures taken", follow_up_of(v1::MEASURES_TAKEN), "follow_up.quantity", nullptr},
  };
  for (const FieldCase& c : cases) {
    DYNAMIC_SECTION(c.sample << ": " << c.path) {
      v1::Event event = c.make();
      REQUIRE(testing::clear_field(event, c.path));
      check_ok(event);
    }
  }
}

TEST_CASE("A follow-up needs neither urgency, severity, certainty, areas nor title",
          "[validation]") {
  const v1::Event event = sample_follow_up(new_event_id(), v1::ADDITIONAL_INFO);
  CHECK(event.urgency() == v1::URGENCY_UNSPECIFIED);
  CHECK(event.areas_size() == 0);
  CHECK(event.title().empty());
  check_ok(event);
}

TEST_CASE("A required text of only spaces and line breaks counts as missing", "[validation]") {
  v1::Event event = sample_animal_disease();
  event.set_title(" \t\r\n ");
  check_failure(validate(event), v1::MISSING_FIELD, "title");
}

TEST_CASE("An empty item in a list of texts is a missing field", "[validation]") {
  v1::Event event = sample_animal_disease();
  event.mutable_animal_disease()->add_control_measures("");
  check_failure(validate(event), v1::MISSING_FIELD, "animal_disease.control_measures[3]");
}

TEST_CASE("The first problem in field declaration order is the one reported", "[validation]") {
  v1::Event event = sample_animal_disease();
  event.clear_title();
  event.mutable_animal_disease()->clear_disease();
  event.set_sender_unit("BAC-GIANG");
  check_failure(validate(event), v1::INVALID_VALUE, "sender_unit");
  event.clear_event_id();
  check_failure(validate(event), v1::MISSING_FIELD, "event_id");
}

// ---------------------------------------------------------------------------------------
// Kind, type and body.

TEST_CASE("An alert body must match the kind", "[validation]") {
  const std::vector<Factory> alerts{sample_animal_disease, sample_crop_pest,
                                    [] { return sample_forest_fire(); }, sample_unsafe_food};
  for (const Factory& make : alerts) {
    for (const v1::AlertKind kind :
         {v1::ANIMAL_DISEASE, v1::CROP_PEST, v1::FOREST_FIRE, v1::UNSAFE_FOOD}) {
      v1::Event event = make();
      if (event.kind() == kind) {
        continue;
      }
      DYNAMIC_SECTION(v1::AlertKind_Name(event.kind())
                      << " body with kind " << v1::AlertKind_Name(kind)) {
        event.set_kind(kind);
        check_failure(validate(event), v1::KIND_MISMATCH, "kind");
      }
    }
  }
}

TEST_CASE("Type ALERT goes with an alert body and other types with follow_up", "[validation]") {
  SECTION("an alert body with a follow-up type") {
    v1::Event event = sample_crop_pest();
    event.set_type(v1::ADDITIONAL_INFO);
    check_failure(validate(event), v1::KIND_MISMATCH, "type");
  }
  SECTION("a follow_up body with type ALERT") {
    v1::Event event = sample_animal_disease();
    *event.mutable_follow_up() = sample_follow_up(new_event_id(), v1::CLOSE).follow_up();
    check_failure(validate(event), v1::KIND_MISMATCH, "type");
  }
}

}  // namespace
}  // namespace alertbus::protocol
