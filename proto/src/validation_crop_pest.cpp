// Validation of CropPestAlert (EUROPHYT outbreak notice; QCVN 01-38:2010 pest bulletins).
#include "validation_checker.hpp"

namespace alertbus::protocol::detail {

void check_crop_pest(Checker& checker, const v1::CropPestAlert& alert) {
  checker.text("pest_scientific_name", alert.pest_scientific_name(), kRequired);
  checker.text("pest_name", alert.pest_name(), kRequired);
  checker.text("crop", alert.crop(), kRequired);
  checker.text("growth_stage", alert.growth_stage(), kOptional);
  checker.quantity_with_unit("density", alert.density(), kMaxDensity, "density_unit",
                             alert.density_unit());
  checker.number("incidence_percent", alert.incidence_percent(), 0, 100);
  checker.number("infested_ha_light", alert.infested_ha_light(), 0, kMaxHectares);
  checker.number("infested_ha_medium", alert.infested_ha_medium(), 0, kMaxHectares);
  checker.number("infested_ha_heavy", alert.infested_ha_heavy(), 0, kMaxHectares);
  checker.text_list("growing_area_codes", alert.growing_area_codes(), kMaxCodeItems,
                    kMaxIdentifier);
  checker.text_list("packing_house_codes", alert.packing_house_codes(), kMaxCodeItems,
                    kMaxIdentifier);
  checker.text_list("measures", alert.measures(), kMaxTextItems, kMaxShortText);
  checker.text("demarcated_area", alert.demarcated_area(), kOptional, kMaxZoneText);
}

}  // namespace alertbus::protocol::detail
