// Tests of validate_event() on places: area codes, schemes, polygons, circles and every
// GeoPoint (degrees, then inside Vietnam).
#include <cmath>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "alertbus/protocol/validation.hpp"
#include "proto/message_paths.hpp"
#include "proto/validation_test_helpers.hpp"
#include "support/sample_events.hpp"

namespace alertbus::protocol {
namespace {

using testing::check_failure;
using testing::check_ok;
using testing::Factory;
using testing::sample_animal_disease;
using testing::sample_forest_fire;
using testing::sample_unsafe_food;

Status validate(const v1::Event& event) {
  return testing::validate_now(event);
}

// ---------------------------------------------------------------------------------------
// Areas and coordinates.

void set_point(v1::GeoPoint* point, double latitude, double longitude) {
  point->set_latitude(latitude);
  point->set_longitude(longitude);
}

// A closed square around Lục Ngạn.
void set_square(v1::Area* area) {
  area->clear_polygon();
  set_point(area->add_polygon(), 21.30, 106.50);
  set_point(area->add_polygon(), 21.30, 106.60);
  set_point(area->add_polygon(), 21.40, 106.60);
  set_point(area->add_polygon(), 21.30, 106.50);
}

TEST_CASE("An area code is 2 to 10 digits", "[validation]") {
  for (const char* code : {"24", "07360", "0123456789"}) {
    DYNAMIC_SECTION("accepts " << code) {
      v1::Event event = sample_animal_disease();
      event.mutable_areas(0)->set_code(code);
      check_ok(event);
    }
  }
  for (const char* code : {"2", "01234567890", "2a", "BG", "24 ", "-24", "２４"}) {
    DYNAMIC_SECTION("rejects " << code) {
      v1::Event event = sample_animal_disease();
      event.mutable_areas(0)->set_code(code);
      check_failure(validate(event), v1::INVALID_VALUE, "areas[0].code");
    }
  }
}

TEST_CASE("An area scheme is VN-2004 or VN-2025", "[validation]") {
  v1::Event event = sample_animal_disease();
  event.mutable_areas(0)->set_scheme("VN-2004");
  check_ok(event);
  for (const char* scheme : {"VN-2010", "vn-2025", "VN2025", "ISO 3166-2"}) {
    DYNAMIC_SECTION(scheme) {
      event.mutable_areas(0)->set_scheme(scheme);
      check_failure(validate(event), v1::INVALID_VALUE, "areas[0].scheme");
    }
  }
}

TEST_CASE("Areas are checked wherever they appear", "[validation]") {
  SECTION("an outbreak's commune") {
    v1::Event event = sample_animal_disease();
    event.mutable_animal_disease()->mutable_outbreaks(0)->mutable_commune()->set_scheme("VN");
    check_failure(validate(event), v1::INVALID_VALUE, "animal_disease.outbreaks[0].commune.scheme");
  }
  SECTION("a danger level's commune") {
    v1::Event event = sample_forest_fire(v1::ForestFireAlert::DANGER_LEVEL);
    event.mutable_forest_fire()->mutable_danger()->mutable_communes(1)->set_code("x");
    check_failure(validate(event), v1::INVALID_VALUE, "forest_fire.danger.communes[1].code");
  }
  SECTION("a distribution's province") {
    v1::Event event = sample_unsafe_food();
    event.mutable_unsafe_food()->mutable_distribution(1)->mutable_province()->set_code("31b");
    check_failure(validate(event), v1::INVALID_VALUE, "unsafe_food.distribution[1].province.code");
  }
}

TEST_CASE("A commune field takes a commune's 5-digit code and refuses a province's",
          "[validation]") {
  SECTION("an outbreak's commune") {
    v1::Event event = sample_animal_disease();
    v1::Area* commune = event.mutable_animal_disease()->mutable_outbreaks(0)->mutable_commune();
    for (const char* scheme : {"VN-2004", "VN-2025"}) {
      commune->set_scheme(scheme);
      check_ok(event);
    }
    commune->set_code("24");
    const Status status = validate(event);
    check_failure(status, v1::INVALID_VALUE, "animal_disease.outbreaks[0].commune.code");
    CHECK_THAT(status.message(), Catch::Contains("is not a commune's code"));
    CHECK_THAT(status.message(), Catch::Contains("2 digits are a province's"));
    CHECK_THAT(status.message_vi(), Catch::Contains("không phải mã xã: mã xã gồm 5 chữ số"));
    CHECK_THAT(status.message_vi(), Catch::Contains("2 chữ số là mã tỉnh"));
    commune->set_code("0736012");
    check_failure(validate(event), v1::INVALID_VALUE, "animal_disease.outbreaks[0].commune.code");
  }
  SECTION("a danger level's communes") {
    v1::Event event = sample_forest_fire(v1::ForestFireAlert::DANGER_LEVEL);
    event.mutable_forest_fire()->mutable_danger()->mutable_communes(1)->set_code("22");
    check_failure(validate(event), v1::INVALID_VALUE, "forest_fire.danger.communes[1].code");
  }
  SECTION("the alert's own areas and a fire's threatened areas still take a province") {
    v1::Event event = sample_forest_fire(v1::ForestFireAlert::FIRE);
    event.mutable_areas(0)->set_code("24");
    REQUIRE(event.forest_fire().threatened_areas(0).code() == "31");
    check_ok(event);
  }
}

TEST_CASE("A province in a commune field from another node is its origin's to judge",
          "[validation]") {
  // A node upgraded before its neighbours still takes their alerts: the commune rule came
  // after them, and a neighbour's outbreak must not be lost over it.
  v1::Event event = sample_animal_disease();
  event.mutable_animal_disease()->mutable_outbreaks(0)->mutable_commune()->set_code("24");
  ValidationOptions options = testing::validation_options_now();
  check_failure(validate_event(event, options), v1::INVALID_VALUE,
                "animal_disease.outbreaks[0].commune.code");
  options.relayed = true;
  CHECK(validate_event(event, options).ok());
  // Every other rule still holds for a relayed event.
  event.mutable_animal_disease()->mutable_outbreaks(0)->mutable_commune()->set_code("x");
  check_failure(validate_event(event, options), v1::INVALID_VALUE,
                "animal_disease.outbreaks[0].commune.code");
}

TEST_CASE("An area polygon is closed, has at least 4 points, all inside Vietnam", "[validation]") {
  v1::Event event = sample_animal_disease();
  v1::Area* area = event.mutable_areas(0);
  set_square(area);
  check_ok(event);
  SECTION("three points") {
    area->mutable_polygon()->RemoveLast();
    check_failure(validate(event), v1::INVALID_VALUE, "areas[0].polygon");
  }
  SECTION("not closed") {
    area->mutable_polygon(3)->set_longitude(106.51);
    check_failure(validate(event), v1::INVALID_VALUE, "areas[0].polygon");
  }
  SECTION("a point outside Vietnam") {
    area->mutable_polygon(1)->set_latitude(24.5);
    check_failure(validate(event), v1::COORDINATES_OUTSIDE_VIETNAM, "areas[0].polygon[1].latitude");
  }
  SECTION("a point with impossible degrees") {
    area->mutable_polygon(2)->set_longitude(200);
    check_failure(validate(event), v1::VALUE_OUT_OF_RANGE, "areas[0].polygon[2].longitude");
  }
  SECTION("more than 1,000 points") {
    area->clear_polygon();
    for (int i = 0; i < 1'000; ++i) {
      set_point(area->add_polygon(), 21.0 + i * 0.0001, 106.5);
    }
    set_point(area->add_polygon(), 21.0, 106.5);
    check_failure(validate(event), v1::TOO_LONG, "areas[0].polygon");
  }
}

TEST_CASE("An area circle has a centre in Vietnam and a radius above 0 up to 1,000 km",
          "[validation]") {
  v1::Event event = sample_animal_disease();
  v1::Area* area = event.mutable_areas(0);
  set_point(area->mutable_circle_center(), 21.37, 106.55);
  area->set_circle_radius_km(5);
  check_ok(event);
  area->set_circle_radius_km(1'000);
  check_ok(event);
  SECTION("radius above 1,000 km") {
    area->set_circle_radius_km(1'000.5);
    check_failure(validate(event), v1::VALUE_OUT_OF_RANGE, "areas[0].circle_radius_km");
  }
  SECTION("negative radius") {
    area->set_circle_radius_km(-1);
    check_failure(validate(event), v1::VALUE_OUT_OF_RANGE, "areas[0].circle_radius_km");
  }
  SECTION("a centre without radius") {
    area->set_circle_radius_km(0);
    check_failure(validate(event), v1::VALUE_OUT_OF_RANGE, "areas[0].circle_radius_km");
  }
  SECTION("a radius without centre") {
    area->clear_circle_center();
    check_failure(validate(event), v1::MISSING_FIELD, "areas[0].circle_center");
  }
  SECTION("a centre outside Vietnam") {
    area->mutable_circle_center()->set_longitude(120.0);
    check_failure(validate(event), v1::COORDINATES_OUTSIDE_VIETNAM,
                  "areas[0].circle_center.longitude");
  }
}

TEST_CASE("A point outside Vietnam is named with its coordinate in both languages",
          "[validation]") {
  v1::Event event = sample_animal_disease();
  event.mutable_animal_disease()->mutable_outbreaks(0)->mutable_location()->set_latitude(25.1);
  const Status status = validate(event);
  check_failure(status, v1::COORDINATES_OUTSIDE_VIETNAM,
                "animal_disease.outbreaks[0].location.latitude");
  CHECK(status.message() ==
        "latitude 25.1 of animal_disease.outbreaks[0].location is outside Vietnam (8.2-23.4 N)");
  CHECK_THAT(status.message_vi(),
             Catch::StartsWith("vĩ độ 25.1 của animal_disease.outbreaks[0].location nằm ngoài "
                               "lãnh thổ Việt Nam"));
}

TEST_CASE("Every point is checked for degrees first and then for Vietnam", "[validation]") {
  struct PointCase {
    const char* name;
    double latitude;
    double longitude;
    ErrorCode code;
    const char* part;
  };

  const std::vector<PointCase> points{
      {"latitude above 90", 91, 106.5, v1::VALUE_OUT_OF_RANGE, "latitude"},
      {"latitude below -90", -90.5, 106.5, v1::VALUE_OUT_OF_RANGE, "latitude"},
      {"longitude above 180", 21.3, 180.5, v1::VALUE_OUT_OF_RANGE, "longitude"},
      {"longitude below -180", 21.3, -181, v1::VALUE_OUT_OF_RANGE, "longitude"},
      {"Null Island", 0, 0, v1::COORDINATES_OUTSIDE_VIETNAM, "latitude"},
      {"Bangkok", 13.75, 100.5, v1::COORDINATES_OUTSIDE_VIETNAM, "longitude"},
      {"north of Hà Giang", 23.5, 105.3, v1::COORDINATES_OUTSIDE_VIETNAM, "latitude"},
      {"swapped latitude and longitude", 106.55, 21.37, v1::VALUE_OUT_OF_RANGE, "latitude"},
  };

  struct Place {
    Factory make;
    const char* path;
  };

  const std::vector<Place> places{
      {sample_animal_disease, "animal_disease.outbreaks[0].location"},
      {[] { return sample_forest_fire(); }, "forest_fire.hotspot.location"},
      {[] { return sample_forest_fire(v1::ForestFireAlert::FIRE); }, "forest_fire.fire.location"},
  };
  for (const Place& place : places) {
    for (const PointCase& point : points) {
      DYNAMIC_SECTION(place.path << ": " << point.name) {
        v1::Event event = place.make();
        const std::string path = place.path;
        REQUIRE(testing::set_double(event, path + ".latitude", point.latitude));
        REQUIRE(testing::set_double(event, path + ".longitude", point.longitude));
        check_failure(validate(event), point.code, path + "." + point.part);
      }
    }
  }
}

TEST_CASE("Vietnam's box spans 8.2 to 23.4 N and 102.1 to 117.5 E, edges included",
          "[validation]") {
  CHECK(is_inside_vietnam(8.2, 102.1));
  CHECK(is_inside_vietnam(23.4, 117.5));
  CHECK(is_inside_vietnam(20.95, 107.08));  // Hạ Long.
  CHECK(is_inside_vietnam(21.53, 107.96));  // Móng Cái.
  CHECK_FALSE(is_inside_vietnam(8.19, 105.0));
  CHECK_FALSE(is_inside_vietnam(23.41, 105.0));
  CHECK_FALSE(is_inside_vietnam(15.0, 102.09));
  CHECK_FALSE(is_inside_vietnam(15.0, 117.51));
  CHECK_FALSE(is_inside_vietnam(std::nan(""), 105.0));
}

}  // namespace
}  // namespace alertbus::protocol
