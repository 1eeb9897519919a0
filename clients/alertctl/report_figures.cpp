// The substantive figures of a report's alerts (report.hpp, KindFigures): animals, hectares
// and kilograms, read from the alerts' bodies and their MEASURES_TAKEN follow-ups.
#include <map>
#include <optional>
#include <set>
#include <tuple>

#include <google/protobuf/util/time_util.h>

#include "alertctl/report.hpp"

namespace alertbus::alertctl {
namespace {

using google::protobuf::util::TimeUtil;

// A quantity in kilograms: "kg" as it is, "t" (tấn) times 1,000; other units none.
std::optional<double> kilograms(double quantity, const std::string& unit) {
  if (unit == "kg" || unit == "KG" || unit == "Kg") {
    return quantity;
  }
  if (unit == "t" || unit == "tấn" || unit == "T") {
    return quantity * 1000.0;
  }
  return std::nullopt;
}

struct AlertEvents {
  std::optional<v1::Event> alert;
  // The latest MEASURES_TAKEN with a quantity in kg or t: (sent ms, event id) -> kg.
  std::optional<std::tuple<std::int64_t, std::string, double>> latest_measure;
};

void add_body(const v1::Event& alert, KindFigures& figures) {
  switch (alert.body_case()) {
    case v1::Event::kAnimalDisease:
      for (const v1::Outbreak& outbreak : alert.animal_disease().outbreaks()) {
        for (const v1::SpeciesCount& species : outbreak.species()) {
          figures.animals_sick += species.cases();
          figures.animals_dead += species.deaths();
          figures.animals_destroyed += species.destroyed();
        }
      }
      break;
    case v1::Event::kCropPest: {
      const v1::CropPestAlert& pest = alert.crop_pest();
      figures.pest_ha +=
          pest.infested_ha_light() + pest.infested_ha_medium() + pest.infested_ha_heavy();
      break;
    }
    case v1::Event::kForestFire: {
      const v1::ForestFireAlert& fire = alert.forest_fire();
      if (fire.subtype() == v1::ForestFireAlert::FIRE ||
          fire.subtype() == v1::ForestFireAlert::FIRE_OUT) {
        figures.burned_ha += fire.fire().burned_ha();
      }
      break;
    }
    default:
      break;
  }
}

}  // namespace

KindFigures compute_figures(const std::vector<ListedAlert>& alerts,
                            const std::vector<v1::StoredEvent>& events) {
  std::map<std::string, AlertEvents> by_alert;
  for (const ListedAlert& alert : alerts) {
    by_alert[alert.event_id];
  }
  for (const v1::StoredEvent& stored : events) {
    v1::Event event;
    if (!event.ParseFromString(stored.event())) {
      continue;
    }
    if (event.type() == v1::ALERT) {
      if (auto found = by_alert.find(event.event_id()); found != by_alert.end()) {
        found->second.alert = std::move(event);
      }
      continue;
    }
    if (event.type() != v1::MEASURES_TAKEN || !event.has_follow_up()) {
      continue;
    }
    auto found = by_alert.find(event.follow_up().alert_event_id());
    const std::optional<double> kg =
        kilograms(event.follow_up().quantity(), event.follow_up().quantity_unit());
    if (found == by_alert.end() || !kg || event.follow_up().quantity() <= 0) {
      continue;
    }
    auto key =
        std::make_tuple(TimeUtil::TimestampToMilliseconds(event.sent_at()), event.event_id(), *kg);
    auto& latest = found->second.latest_measure;
    if (!latest || std::tie(std::get<0>(key), std::get<1>(key)) >
                       std::tie(std::get<0>(*latest), std::get<1>(*latest))) {
      latest = std::move(key);
    }
  }

  KindFigures figures;
  figures.known = true;
  std::set<std::string> facilities;
  for (const ListedAlert& alert : alerts) {
    const AlertEvents& found = by_alert[alert.event_id];
    if (!found.alert) {
      ++figures.alerts_not_held;
      continue;
    }
    add_body(*found.alert, figures);
    if (!found.alert->has_unsafe_food()) {
      continue;
    }
    const v1::UnsafeFoodAlert& food = found.alert->unsafe_food();
    if (found.latest_measure) {
      figures.food_recalled_kg += std::get<2>(*found.latest_measure);
    } else {
      bool recalled = false;
      for (const int measure : food.measures()) {
        recalled = recalled || measure == v1::UnsafeFoodAlert::RECALL ||
                   measure == v1::UnsafeFoodAlert::WITHDRAW;
      }
      if (const std::optional<double> kg =
              kilograms(food.product().quantity(), food.product().quantity_unit());
          recalled && kg) {
        figures.food_recalled_kg += *kg;
      }
    }
    const std::string& name = food.facility().name();
    if (!name.empty() && facilities.insert(name).second) {
      figures.food_facilities.push_back(name);
    }
  }
  return figures;
}

}  // namespace alertbus::alertctl
