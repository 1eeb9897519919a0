// The alert's places in its case (case_places.hpp).
#include "case_places.hpp"

#include "alertbus/protocol/casework.hpp"

namespace alertbus::protocol {
namespace {

void add_point(const v1::GeoPoint& point, v1::AlertCase* alert_case) {
  if (alert_case->points_size() < kMaxCasePoints) {
    *alert_case->add_points() = point;
  } else {
    alert_case->set_points_left_out(alert_case->points_left_out() + 1);
  }
}

}  // namespace

void add_case_places(const v1::Event& alert, v1::AlertCase* alert_case) {
  for (const v1::Outbreak& outbreak : alert.animal_disease().outbreaks()) {
    if (outbreak.has_location()) {
      add_point(outbreak.location(), alert_case);
    }
  }
  const v1::ForestFireAlert& fire = alert.forest_fire();
  if (fire.has_hotspot() && fire.hotspot().has_location()) {
    add_point(fire.hotspot().location(), alert_case);
  }
  if (fire.has_fire()) {
    if (fire.fire().has_location()) {
      add_point(fire.fire().location(), alert_case);
    }
    alert_case->set_border_distance_km(fire.fire().distance_to_border_km());
  }
}

}  // namespace alertbus::protocol
