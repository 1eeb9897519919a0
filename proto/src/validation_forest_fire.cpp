// Validation of ForestFireAlert (FireWatch Việt Nam hotspots, EFFIS danger classes).
//
// The subtype selects which of danger, hotspot and fire must be set. The others may be set
// too (a FIRE may carry the hotspot that revealed it) and are then checked in full.
#include "validation_checker.hpp"

namespace alertbus::protocol::detail {
namespace {

void check_danger(Checker& checker, const v1::DangerLevel& danger) {
  if (danger.level() == 0) {
    checker.fail_missing("level", kRequired);
  } else {
    checker.count("level", danger.level(), kMinDangerLevel, kMaxDangerLevel);
  }
  const auto from =
      checker.timestamp("valid_from", danger.has_valid_from(), danger.valid_from(), kRequired);
  const auto to =
      checker.timestamp("valid_to", danger.has_valid_to(), danger.valid_to(), kRequired);
  if (from && to && *to <= *from) {
    checker.fail(v1::VALUE_OUT_OF_RANGE, "valid_to",
                 checker.path("valid_to") + " " + format_instant(*to) +
                     " is not after valid_from " + format_instant(*from),
                 "thời điểm kết thúc " + checker.path("valid_to") + " " + format_instant(*to) +
                     " không sau thời điểm bắt đầu valid_from " + format_instant(*from));
  }
  checker.area_list("communes", danger.communes(), kRequired, kMaxCommunes,
                    Checker::AreaLevel::kCommune);
}

void check_hotspot(Checker& checker, const v1::Hotspot& hotspot) {
  checker.text("satellite", hotspot.satellite(), kRequired);
  checker.timestamp("detected_at", hotspot.has_detected_at(), hotspot.detected_at(), kRequired);
  checker.geo_point("location", hotspot.has_location(), hotspot.location(), kRequired);
  checker.count("confidence_percent", hotspot.confidence_percent(), 0, 100);
  checker.text("forest_type", hotspot.forest_type(), kOptional);
  checker.text("verification", hotspot.verification(), kOptional);
}

void check_fire(Checker& checker, const v1::Fire& fire) {
  checker.geo_point("location", fire.has_location(), fire.location(), kRequired);
  checker.text("forest_owner", fire.forest_owner(), kOptional);
  checker.text("forest_type", fire.forest_type(), kOptional);
  checker.number("burned_ha", fire.burned_ha(), 0, kMaxHectares);
  checker.number("distance_to_border_km", fire.distance_to_border_km(), 0, kMaxBorderDistanceKm);
  checker.text("resources_requested", fire.resources_requested(), kOptional, kMaxZoneText);
  checker.timestamp("started_at", fire.has_started_at(), fire.started_at(), kOptional);
}

}  // namespace

void check_forest_fire(Checker& checker, const v1::ForestFireAlert& alert) {
  checker.enum_value("subtype", alert.subtype(), &v1::ForestFireAlert_Subtype_IsValid,
                     "ForestFireAlert.Subtype", kRequired);
  const v1::ForestFireAlert::Subtype subtype = alert.subtype();
  if (checker.message(
          "danger", alert.has_danger(),
          required_when(subtype == v1::ForestFireAlert::DANGER_LEVEL,
                        "when subtype is DANGER_LEVEL", "bắt buộc khi subtype là DANGER_LEVEL"))) {
    auto scope = checker.enter("danger");
    check_danger(checker, alert.danger());
  }
  if (checker.message(
          "hotspot", alert.has_hotspot(),
          required_when(subtype == v1::ForestFireAlert::HOTSPOT, "when subtype is HOTSPOT",
                        "bắt buộc khi subtype là HOTSPOT"))) {
    auto scope = checker.enter("hotspot");
    check_hotspot(checker, alert.hotspot());
  }
  const bool burning =
      subtype == v1::ForestFireAlert::FIRE || subtype == v1::ForestFireAlert::FIRE_OUT;
  if (checker.message("fire", alert.has_fire(),
                      required_when(burning, "when subtype is FIRE or FIRE_OUT",
                                    "bắt buộc khi subtype là FIRE hoặc FIRE_OUT"))) {
    auto scope = checker.enter("fire");
    check_fire(checker, alert.fire());
  }
  checker.area_list("threatened_areas", alert.threatened_areas(), kOptional, kMaxThreatenedAreas);
}

}  // namespace alertbus::protocol::detail
