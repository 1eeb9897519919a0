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

// The provinces of deploy/make-keys.sh's three nodes, in both schemes; a network of more
// nodes takes them in turn (it runs without a registry: nothing ties a node to its areas).
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

v1::Event sample_of(std::size_t unit) {
  switch (unit) {
    case 0:
      return testing::sample_animal_disease();
    case 1:
      return testing::sample_crop_pest();
    case 2:
      return testing::sample_forest_fire();
    default:
      return testing::sample_unsafe_food();
  }
}

}  // namespace

const std::vector<std::string>& units() {
  static const std::vector<std::string> names{"cnty", "bvtv", "kiem-lam", "qlcl"};
  return names;
}

v1::AlertKind unit_kind(std::size_t unit) {
  return kUnitKinds[unit % 4];
}

v1::Event make_alert(const std::string& node_id, std::size_t node, std::size_t unit,
                     std::size_t i) {
  v1::Event event = sample_of(unit % 4);
  event.set_event_id(protocol::new_event_id());
  event.set_sender_unit(node_id + "/" + units()[unit % 4]);
  const Province& province = kProvinces[node % 3][i % 2];
  event.clear_areas();
  v1::Area* area = event.add_areas();
  area->set_code(province.code);
  area->set_scheme(province.scheme);
  area->set_name(province.name);
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
