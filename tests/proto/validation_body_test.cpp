// Tests of validate_event() on the typed bodies: dates, numeric ranges and the rules of one
// kind or subtype.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "alertbus/protocol/event_id.hpp"
#include "alertbus/protocol/validation.hpp"
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
// Dates.

TEST_CASE("Dates are real YYYY-MM-DD calendar dates in the years 2000 to 2100", "[validation]") {
  for (const char* date : {"2024-02-29", "2000-01-01", "2100-12-31", "2026-11-28"}) {
    DYNAMIC_SECTION("accepts " << date) {
      v1::Event event = sample_animal_disease();
      event.mutable_animal_disease()->set_onset_date(date);
      check_ok(event);
    }
  }
  for (const char* date : {"2025-02-30", "2023-02-29", "2100-02-29", "2025-13-01", "2025-00-10",
                           "2025-04-31", "2025-01-00", "2025-1-01", "20250101", "2025/01/01",
                           "01-02-2025", "2025-01-01T00:00", " 2025-01-01", "hôm qua"}) {
    DYNAMIC_SECTION("rejects " << date) {
      v1::Event event = sample_animal_disease();
      event.mutable_animal_disease()->set_onset_date(date);
      const Status status = validate(event);
      check_failure(status, v1::INVALID_VALUE, "animal_disease.onset_date");
      CHECK_THAT(status.message_vi(), Catch::StartsWith("ngày không hợp lệ"));
    }
  }
  for (const char* date : {"1999-12-31", "2101-01-01", "0000-01-01"}) {
    DYNAMIC_SECTION("out of range " << date) {
      v1::Event event = sample_animal_disease();
      event.mutable_animal_disease()->set_onset_date(date);
      check_failure(validate(event), v1::VALUE_OUT_OF_RANGE, "animal_disease.onset_date");
    }
  }
}

TEST_CASE("Every date field is checked", "[validation]") {
  struct DateField {
    Factory make;
    const char* path;
  };

  for (const DateField& field : std::vector<DateField>{
           {sample_animal_disease, "animal_disease.onset_date"},
           {sample_animal_disease, "animal_disease.outbreaks[0].start_date"},
           {sample_unsafe_food, "unsafe_food.product.production_date"},
           {sample_unsafe_food, "unsafe_food.product.expiry_date"},
           {sample_unsafe_food, "unsafe_food.hazards[0].sampled_on"},
       }) {
    DYNAMIC_SECTION(field.path) {
      v1::Event event = field.make();
      REQUIRE(testing::set_string(event, field.path, "2025-02-30"));
      check_failure(validate(event), v1::INVALID_VALUE, field.path);
    }
  }
}

TEST_CASE("A product's expiry date is not before its production date", "[validation]") {
  v1::Event event = sample_unsafe_food();
  v1::Product* product = event.mutable_unsafe_food()->mutable_product();
  product->set_production_date("2026-11-20");
  product->set_expiry_date("2026-11-20");
  check_ok(event);
  product->set_expiry_date("2026-11-19");
  check_failure(validate(event), v1::VALUE_OUT_OF_RANGE, "unsafe_food.product.expiry_date");
}

// ---------------------------------------------------------------------------------------
// Numeric ranges of the bodies.

struct RangeCase {
  const char* sample;
  Factory make;
  const char* path;
  double good;  // Accepted (a limit).
  double bad;   // Rejected.
};

TEST_CASE("Body numbers are limited to their commented ranges", "[validation]") {
  const Factory crop = sample_crop_pest;
  const Factory fire = [] { return sample_forest_fire(v1::ForestFireAlert::FIRE); };
  const Factory food = sample_unsafe_food;
  const Factory measures = follow_up_of(v1::MEASURES_TAKEN);
  const std::vector<RangeCase> doubles{
      {"crop", crop, "crop_pest.density", 1e6, 1e6 + 1},
      {"crop", crop, "crop_pest.density", 0, -0.5},
      {"crop", crop, "crop_pest.incidence_percent", 100, 100.01},
      {"crop", crop, "crop_pest.incidence_percent", 0, -1},
      {"crop", crop, "crop_pest.infested_ha_light", 1e6, 1e6 + 1},
      {"crop", crop, "crop_pest.infested_ha_medium", 0, -1},
      {"crop", crop, "crop_pest.infested_ha_heavy", 1e6, 2e6},
      {"fire", fire, "forest_fire.fire.burned_ha", 1e6, 1e6 + 0.5},
      {"fire", fire, "forest_fire.fire.burned_ha", 0, -0.1},
      {"fire", fire, "forest_fire.fire.distance_to_border_km", 2'000, 2'000.5},
      {"fire", fire, "forest_fire.fire.distance_to_border_km", 0, -3},
      {"food", food, "unsafe_food.product.quantity", 1e9, 1e9 + 1},
      {"food", food, "unsafe_food.product.quantity", 0, -1},
      {"food", food, "unsafe_food.distribution[0].quantity", 1e9, 1.5e9},
      {"measures", measures, "follow_up.quantity", 1e9, 1e10},
      {"measures", measures, "follow_up.quantity", 0, -2},
  };
  for (const RangeCase& c : doubles) {
    DYNAMIC_SECTION(c.sample << ": " << c.path << " " << c.good << " / " << c.bad) {
      v1::Event event = c.make();
      REQUIRE(testing::set_double(event, c.path, c.good));
      check_ok(event);
      REQUIRE(testing::set_double(event, c.path, c.bad));
      const Status status = validate(event);
      check_failure(status, v1::VALUE_OUT_OF_RANGE, c.path);
      CHECK_THAT(status.message_vi(), Catch::Contains("nằm ngoài phạm vi cho phép"));
    }
  }
  const Factory hotspot = [] { return sample_forest_fire(); };
  const Factory danger = [] { return sample_forest_fire(v1::ForestFireAlert::DANGER_LEVEL); };
  const Factory level_change = follow_up_of(v1::LEVEL_CHANGE);
  const Factory close = follow_up_of(v1::CLOSE);
  const Factory animal = [] {
    v1::Event event = sample_animal_disease();
    event.mutable_animal_disease()->mutable_outbreaks(0)->mutable_species(0)->set_susceptible(0);
    return event;
  };
  const std::vector<RangeCase> integers{
      {"hotspot", hotspot, "forest_fire.hotspot.confidence_percent", 100, 101},
      {"danger", danger, "forest_fire.danger.level", 5, 6},
      {"danger", danger, "forest_fire.danger.level", 1, 1'000},
      {"level change", level_change, "follow_up.new_danger_level", 5, 6},
      {"close", close, "follow_up.new_danger_level", 1, 9},
      {"animal", animal, "animal_disease.outbreaks[0].species[0].susceptible", 1e8, 1e8 + 1},
      {"animal", animal, "animal_disease.outbreaks[0].species[0].cases", 1e8, 1e8 + 1},
      {"animal", animal, "animal_disease.outbreaks[0].species[0].deaths", 1e8, 1e8 + 1},
      {"animal", animal, "animal_disease.outbreaks[0].species[0].destroyed", 1e8, 1e8 + 1},
      {"animal", animal, "animal_disease.outbreaks[0].species[0].vaccinated", 1e8, 1e8 + 1},
  };
  for (const RangeCase& c : integers) {
    DYNAMIC_SECTION(c.sample << ": " << c.path << " " << c.good << " / " << c.bad) {
      v1::Event event = c.make();
      REQUIRE(testing::set_unsigned(event, c.path, static_cast<std::uint64_t>(c.good)));
      check_ok(event);
      REQUIRE(testing::set_unsigned(event, c.path, static_cast<std::uint64_t>(c.bad)));
      check_failure(validate(event), v1::VALUE_OUT_OF_RANGE, c.path);
    }
  }
}

TEST_CASE("Cases, deaths and destroyed cannot exceed susceptible when it is set", "[validation]") {
  for (const char* field : {"cases", "deaths", "destroyed"}) {
    DYNAMIC_SECTION(field) {
      v1::Event event = sample_animal_disease();
      const std::string path = std::string("animal_disease.outbreaks[0].species[0].") + field;
      REQUIRE(testing::set_unsigned(event, path, 120));  // Equal to susceptible.
      check_ok(event);
      REQUIRE(testing::set_unsigned(event, path, 121));
      const Status status = validate(event);
      check_failure(status, v1::VALUE_OUT_OF_RANGE, path);
      CHECK_THAT(status.message(), Catch::Contains("more than susceptible (120)"));
    }
  }
  SECTION("vaccinated is not bounded by susceptible") {
    v1::Event event = sample_animal_disease();
    event.mutable_animal_disease()->mutable_outbreaks(0)->mutable_species(0)->set_vaccinated(500);
    check_ok(event);
  }
}

// ---------------------------------------------------------------------------------------
// Rules of one kind or subtype.

TEST_CASE("A suspected disease needs no laboratory or confirmation time", "[validation]") {
  check_ok(sample_suspected_disease());
}

TEST_CASE("A danger level's validity ends after it starts", "[validation]") {
  v1::Event event = sample_forest_fire(v1::ForestFireAlert::DANGER_LEVEL);
  v1::DangerLevel* danger = event.mutable_forest_fire()->mutable_danger();
  *danger->mutable_valid_to() = danger->valid_from();
  check_failure(validate(event), v1::VALUE_OUT_OF_RANGE, "forest_fire.danger.valid_to");
}

TEST_CASE("A forest-fire part that the subtype does not select is checked when present",
          "[validation]") {
  v1::Event event = sample_forest_fire(v1::ForestFireAlert::FIRE);
  *event.mutable_forest_fire()->mutable_hotspot() = sample_forest_fire().forest_fire().hotspot();
  check_ok(event);
  event.mutable_forest_fire()->mutable_hotspot()->clear_satellite();
  check_failure(validate(event), v1::MISSING_FIELD, "forest_fire.hotspot.satellite");
}

TEST_CASE("A forest-fire subtype needs its own part, not another one", "[validation]") {
  v1::Event event = sample_forest_fire();  // HOTSPOT.
  event.mutable_forest_fire()->set_subtype(v1::ForestFireAlert::FIRE_OUT);
  check_failure(validate(event), v1::MISSING_FIELD, "forest_fire.fire");
  event.mutable_forest_fire()->set_subtype(v1::ForestFireAlert::DANGER_LEVEL);
  check_failure(validate(event), v1::MISSING_FIELD, "forest_fire.danger");
}

TEST_CASE("Follow-up messages say why a conditional field is required", "[validation]") {
  v1::Event event = sample_follow_up(new_event_id(), v1::RECLASSIFY);
  event.mutable_follow_up()->clear_new_severity();
  const Status status = validate(event);
  check_failure(status, v1::MISSING_FIELD, "follow_up.new_severity");
  CHECK(status.message() == "follow_up.new_severity is required for RECLASSIFY follow-ups");
  CHECK(status.message_vi() ==
        "thiếu trường bắt buộc follow_up.new_severity (bắt buộc với loại RECLASSIFY)");
}

}  // namespace
}  // namespace alertbus::protocol
