#include "soak/soak_events.hpp"

#include "alertbus/protocol/event_id.hpp"
#include "support/sample_events.hpp"

namespace alertbus::bench::soak {
namespace {

struct Province {
  const char* code;
  const char* scheme;
  const char* name;
};

// The provinces of deploy/make-keys.sh's three nodes, in both schemes.
constexpr Province kProvinces[3][2] = {
    {{"24", "VN-2004", "Bắc Giang"}, {"24", "VN-2025", "Bắc Ninh"}},
    {{"30", "VN-2004", "Hải Dương"}, {"31", "VN-2025", "Hải Phòng"}},
    {{"22", "VN-2004", "Quảng Ninh"}, {"22", "VN-2025", "Quảng Ninh"}}};
constexpr const char* kPlaces[] = {"Lục Ngạn", "Chí Linh", "Vân Đồn", "Yên Thế",
                                   "Tứ Kỳ",    "Hạ Long",  "Sơn Động"};
constexpr v1::Severity kSeverities[] = {v1::MINOR,  v1::MODERATE, v1::MINOR,
                                        v1::SEVERE, v1::MODERATE, v1::EXTREME};
constexpr v1::AlertKind kUnitKinds[] = {v1::ANIMAL_DISEASE, v1::CROP_PEST, v1::FOREST_FIRE,
                                        v1::UNSAFE_FOOD};

}  // namespace

const std::vector<std::string>& units() {
  static const std::vector<std::string> names{"cnty", "bvtv", "kiem-lam", "qlcl"};
  return names;
}

v1::AlertKind unit_kind(std::size_t unit) {
  return kUnitKinds[unit % 4];
}

std::vector<v1::Area> registry_areas(const std::vector<std::string>& province_codes,
                                     const protocol::AreaTable& table) {
  std::vector<v1::Area> areas;
  for (const std::string& key : province_codes) {
    const std::size_t colon = key.find(':');
    if (colon == std::string::npos) {
      continue;  // A bare code: either scheme; the soak's registries write none.
    }
    v1::Area& area = areas.emplace_back();
    area.set_scheme(key.substr(0, colon));
    area.set_code(key.substr(colon + 1));
    const protocol::Province* province = table.find(area.scheme(), area.code());
    area.set_name(province != nullptr ? province->name_vi : key);
  }
  return areas;
}

std::vector<v1::Area> local_areas(std::size_t node) {
  std::vector<v1::Area> areas;
  for (const Province& province : kProvinces[node % 3]) {
    v1::Area& area = areas.emplace_back();
    area.set_code(province.code);
    area.set_scheme(province.scheme);
    area.set_name(province.name);
  }
  return areas;
}

v1::Event make_alert(const std::string& node_id, const std::vector<v1::Area>& areas,
                     std::size_t unit, std::size_t i) {
  v1::Event event = testing::sample_alert_of(unit_kind(unit));
  event.set_event_id(protocol::new_event_id());
  event.set_sender_unit(node_id + "/" + units()[unit % 4]);
  event.clear_areas();
  *event.add_areas() = areas[i % areas.size()];
  event.set_severity(kSeverities[i % std::size(kSeverities)]);
  event.set_title(event.title() + " (" + kPlaces[i % std::size(kPlaces)] + ", soak " + node_id +
                  " " + std::to_string(i) + ")");
  return event;
}

v1::Event make_follow_up(const std::string& alert_event_id, v1::AlertKind kind,
                         const std::string& sender_unit, v1::EventType type) {
  v1::Event event = testing::sample_follow_up(alert_event_id, type);
  event.set_event_id(protocol::new_event_id());
  event.set_kind(kind);
  event.set_sender_unit(sender_unit);
  return event;
}

}  // namespace alertbus::bench::soak
