// compute_case() and extend_case(): the alert's places from its body (AlertCase.points, at
// most kMaxCasePoints, the rest counted) and a fire's reported distance to the border
// (AlertCase.border_distance_km), whatever follow-ups come after.
#include <catch2/catch.hpp>

#include "alertbus/protocol/casework.hpp"
#include "support/sample_events.hpp"

namespace alertbus {
namespace {

using protocol::CaseContext;
using protocol::CaseEvent;

v1::AlertCase case_of(const std::vector<v1::Event>& events) {
  std::vector<CaseEvent> entries;
  for (const v1::Event& event : events) {
    CaseEvent entry;
    entry.event = event;
    entry.reference = "BG-2026-00001";
    entry.origin_node = "bac-giang";
    entries.push_back(std::move(entry));
  }
  CaseContext context;
  context.nodes = {"bac-giang", "hai-duong", "quang-ninh"};
  return protocol::compute_case(entries, context);
}

void add_outbreak_at(v1::Event* event, double latitude, double longitude) {
  v1::Outbreak* outbreak = event->mutable_animal_disease()->add_outbreaks();
  *outbreak = event->animal_disease().outbreaks(0);
  outbreak->mutable_location()->set_latitude(latitude);
  outbreak->mutable_location()->set_longitude(longitude);
}

}  // namespace

TEST_CASE("A case carries each outbreak's location in the body's order", "[casework]") {
  v1::Event alert = testing::sample_animal_disease();  // One outbreak at 21.37 106.55.
  add_outbreak_at(&alert, 21.30, 106.20);
  // An outbreak without a location adds no place.
  v1::Outbreak* unplaced = alert.mutable_animal_disease()->add_outbreaks();
  *unplaced = alert.animal_disease().outbreaks(0);
  unplaced->clear_location();

  const v1::AlertCase alert_case = case_of({alert});
  REQUIRE(alert_case.points_size() == 2);
  CHECK(alert_case.points(0).latitude() == Approx(21.37));
  CHECK(alert_case.points(0).longitude() == Approx(106.55));
  CHECK(alert_case.points(1).latitude() == Approx(21.30));
  CHECK(alert_case.points(1).longitude() == Approx(106.20));
  CHECK(alert_case.points_left_out() == 0);
  CHECK(alert_case.border_distance_km() == 0);
}

TEST_CASE("A fire's case carries its location and its reported distance to the border",
          "[casework]") {
  const v1::AlertCase fire = case_of({testing::sample_forest_fire(v1::ForestFireAlert::FIRE)});
  REQUIRE(fire.points_size() == 1);
  CHECK(fire.points(0).latitude() == Approx(21.27));
  CHECK(fire.points(0).longitude() == Approx(106.41));
  CHECK(fire.border_distance_km() == Approx(3.2));

  const v1::AlertCase hotspot =
      case_of({testing::sample_forest_fire(v1::ForestFireAlert::HOTSPOT)});
  REQUIRE(hotspot.points_size() == 1);
  CHECK(hotspot.points(0).latitude() == Approx(21.29));
  CHECK(hotspot.border_distance_km() == 0);  // A hotspot reports no distance.

  // A danger level names communes, no place; food and crop pests have none either.
  CHECK(case_of({testing::sample_forest_fire(v1::ForestFireAlert::DANGER_LEVEL)}).points_size() ==
        0);
  CHECK(case_of({testing::sample_unsafe_food()}).points_size() == 0);
  CHECK(case_of({testing::sample_crop_pest()}).points_size() == 0);
}

TEST_CASE("An area's circle or outline is not a place of the case", "[casework]") {
  v1::Event alert = testing::sample_crop_pest();
  v1::Area* area = alert.mutable_areas(0);
  area->mutable_circle_center()->set_latitude(21.4);
  area->mutable_circle_center()->set_longitude(106.6);
  area->set_circle_radius_km(2);
  const v1::AlertCase alert_case = case_of({alert});
  CHECK(alert_case.points_size() == 0);
  REQUIRE(alert_case.areas_size() == 1);
  CHECK(alert_case.areas(0).circle_radius_km() == 2);
}

TEST_CASE("A case keeps at most its first 32 places and counts the others", "[casework]") {
  v1::Event alert = testing::sample_animal_disease();
  for (int i = 1; i < protocol::kMaxCasePoints + 8; ++i) {
    add_outbreak_at(&alert, 21.0 + i * 0.01, 106.0);
  }
  const v1::AlertCase alert_case = case_of({alert});
  REQUIRE(alert_case.points_size() == protocol::kMaxCasePoints);
  CHECK(alert_case.points_left_out() == 8);
  CHECK(alert_case.points(0).latitude() == Approx(21.37));
  CHECK(alert_case.points(31).latitude() == Approx(21.31));
}

TEST_CASE("Follow-ups leave the places as the alert gave them, whatever their order",
          "[casework]") {
  const v1::Event alert = testing::sample_forest_fire(v1::ForestFireAlert::FIRE);
  v1::Event reclassify = testing::sample_follow_up(alert, v1::RECLASSIFY);
  reclassify.mutable_follow_up()->set_new_severity(v1::SEVERE);
  const v1::Event acknowledge = testing::sample_follow_up(alert, v1::ACKNOWLEDGE);
  const v1::AlertCase in_order = case_of({alert, reclassify, acknowledge});
  const v1::AlertCase alert_last = case_of({acknowledge, reclassify, alert});
  REQUIRE(in_order.points_size() == 1);
  CHECK(in_order.points(0).longitude() == Approx(106.41));
  CHECK(in_order.border_distance_km() == Approx(3.2));
  CHECK(in_order.SerializeAsString() == alert_last.SerializeAsString());

  // A case of follow-ups whose alert has not arrived has no place yet.
  const v1::AlertCase missing = case_of({acknowledge});
  CHECK(missing.alert_missing());
  CHECK(missing.points_size() == 0);
}

}  // namespace alertbus
