#include "alertctl/event_summary.hpp"

#include <algorithm>
#include <cstdio>

#include "alertctl/names.hpp"

namespace alertbus::alertctl {
namespace {

std::string join(const std::vector<std::string>& parts, const char* separator) {
  std::string joined;
  for (const std::string& part : parts) {
    if (part.empty()) {
      continue;
    }
    if (!joined.empty()) {
      joined += separator;
    }
    joined += part;
  }
  return joined;
}

// Coordinates keep the decimal point in both languages, as GPS devices and maps show them.
std::string point(const v1::GeoPoint& location) {
  return format_number(location.latitude(), Language::kEn) + ", " +
         format_number(location.longitude(), Language::kEn);
}

std::string animal_disease(const v1::AnimalDiseaseAlert& body, Language lang) {
  std::uint64_t cases = 0;
  std::uint64_t deaths = 0;
  std::uint64_t destroyed = 0;
  for (const v1::Outbreak& outbreak : body.outbreaks()) {
    for (const v1::SpeciesCount& count : outbreak.species()) {
      cases += count.cases();
      deaths += count.deaths();
      destroyed += count.destroyed();
    }
  }
  std::string disease = body.disease();
  if (!body.agent_subtype().empty()) {
    disease += " (" + body.agent_subtype() + ")";
  }
  const std::string confirmation = label(Vocabulary::kConfirmation,
                                         body.confirmation() == v1::AnimalDiseaseAlert::CONFIRMED
                                             ? v1::AnimalDiseaseAlert::CONFIRMED
                                             : v1::AnimalDiseaseAlert::SUSPECTED,
                                         lang);
  return join({disease + ", " + confirmation,
               std::to_string(body.outbreaks_size()) + " " + tr(msg::kOutbreaks, lang),
               std::to_string(cases) + " " + tr(msg::kCases, lang) + ", " + std::to_string(deaths) +
                   " " + tr(msg::kDeaths, lang) + ", " + std::to_string(destroyed) + " " +
                   tr(msg::kDestroyed, lang)},
              "; ");
}

std::string crop_pest(const v1::CropPestAlert& body, Language lang) {
  std::string pest = body.pest_name();
  if (!body.pest_scientific_name().empty()) {
    pest += " (" + body.pest_scientific_name() + ")";
  }
  const double infested =
      body.infested_ha_light() + body.infested_ha_medium() + body.infested_ha_heavy();
  return join({pest + " " + tr(msg::kOnCrop, lang) + " " + body.crop(),
               infested > 0 ? format_number(infested, lang) + " " + tr(msg::kInfestedHa, lang) : "",
               body.quarantine_pest() ? tr(msg::kQuarantinePest, lang) : ""},
              "; ");
}

std::string subtype_label(v1::ForestFireAlert::Subtype subtype, Language lang) {
  return label(Vocabulary::kForestFireSubtype, subtype, lang);
}

std::string forest_fire(const v1::ForestFireAlert& body, Language lang) {
  switch (body.subtype()) {
    case v1::ForestFireAlert::DANGER_LEVEL: {
      const int level = static_cast<int>(body.danger().level());
      const std::string name = protocol::find_term(Vocabulary::kDangerLevel, level) != nullptr
                                   ? label(Vocabulary::kDangerLevel, level, lang)
                                   : std::to_string(level);
      return subtype_label(body.subtype(), lang) + ": " + name + "; " +
             std::to_string(body.danger().communes_size()) + " " + tr(msg::kCommunes, lang);
    }
    case v1::ForestFireAlert::HOTSPOT:
      return join({subtype_label(body.subtype(), lang) + ": " + body.hotspot().satellite(),
                   point(body.hotspot().location()),
                   std::string(tr(msg::kConfidence, lang)) + " " +
                       std::to_string(body.hotspot().confidence_percent()) + "%",
                   body.hotspot().forest_type(), body.hotspot().verification()},
                  "; ");
    case v1::ForestFireAlert::FIRE:
    case v1::ForestFireAlert::FIRE_OUT: {
      const bool out = body.subtype() == v1::ForestFireAlert::FIRE_OUT;
      const v1::Fire& fire = body.fire();
      return join({subtype_label(body.subtype(), lang) + ": " + point(fire.location()),
                   format_number(fire.burned_ha(), lang) + " " + tr(msg::kBurnedHa, lang),
                   out ? ""
                       : format_number(fire.distance_to_border_km(), lang) + " " +
                             tr(msg::kFromBorderKm, lang),
                   fire.forest_owner(), out ? "" : fire.resources_requested()},
                  "; ");
    }
    default:
      return {};
  }
}

std::string unsafe_food(const v1::UnsafeFoodAlert& body, Language lang) {
  std::string product = body.product().name();
  if (!body.product().lot().empty()) {
    product += ", " + std::string(tr(msg::kLot, lang)) + " " + body.product().lot();
  }
  std::vector<std::string> hazards;
  for (const v1::Hazard& hazard : body.hazards()) {
    hazards.push_back(hazard.name());
  }
  return join({body.facility().name() + ": " + product,
               std::string(tr(msg::kHazards, lang)) + ": " + join(hazards, ", ")},
              "; ");
}

std::string follow_up(const v1::FollowUp& body, Language lang) {
  std::vector<std::string> parts{body.text()};
  if (body.new_severity() != v1::SEVERITY_UNSPECIFIED) {
    parts.push_back(std::string(tr(msg::kNewSeverity, lang)) + ": " +
                    severity_label(body.new_severity(), lang));
  }
  const int level = static_cast<int>(body.new_danger_level());
  if (protocol::find_term(Vocabulary::kDangerLevel, level) != nullptr) {
    parts.push_back(std::string(tr(msg::kNewLevel, lang)) + ": " +
                    label(Vocabulary::kDangerLevel, level, lang));
  }
  if (body.quantity() > 0) {
    parts.push_back(format_number(body.quantity(), lang) + " " + body.quantity_unit());
  }
  return join(parts, "; ");
}

}  // namespace

std::string format_number(double value, Language language, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", std::clamp(decimals, 0, 9), value);
  std::string formatted = text;
  while (formatted.find('.') != std::string::npos && formatted.back() == '0') {
    formatted.pop_back();
  }
  if (!formatted.empty() && formatted.back() == '.') {
    formatted.pop_back();
  }
  if (language == Language::kVi) {
    std::replace(formatted.begin(), formatted.end(), '.', ',');  // 6,5 ha
  }
  return formatted;
}

std::string body_summary(const v1::Event& event, Language language) {
  switch (event.body_case()) {
    case v1::Event::kAnimalDisease:
      return animal_disease(event.animal_disease(), language);
    case v1::Event::kCropPest:
      return crop_pest(event.crop_pest(), language);
    case v1::Event::kForestFire:
      return forest_fire(event.forest_fire(), language);
    case v1::Event::kUnsafeFood:
      return unsafe_food(event.unsafe_food(), language);
    case v1::Event::kExternal:  // "Động đất (baotin@igp-vast.vn)": the agency's event.
      return event.external().event() + " (" + event.external().sender_name() +
             (event.external().sender_name().empty() ? "" : ", ") + event.external().sender() + ")";
    case v1::Event::kFollowUp:
      return follow_up(event.follow_up(), language);
    case v1::Event::BODY_NOT_SET:
      break;
  }
  return {};
}

}  // namespace alertbus::alertctl
