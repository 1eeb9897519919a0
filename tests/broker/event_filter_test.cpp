// EventFilter: each criterion alone and together; invalid filters refused.
#include "delivery/event_filter.hpp"

#include <catch2/catch.hpp>

namespace alertbus::broker {
namespace {

// The province table deploy/ ships.
const protocol::AreaTable& shipped_areas() {
  static const protocol::AreaTable table = [] {
    auto loaded = protocol::AreaTable::load(ALERTBUS_SOURCE_DIR "/deploy/areas/provinces.csv");
    REQUIRE(loaded.ok());
    return std::move(loaded).value();
  }();
  return table;
}

LogRow row(v1::AlertKind kind, v1::EventType type, const std::string& origin, v1::Severity severity,
           const std::string& areas) {
  LogRow row;
  row.stored.set_kind(kind);
  row.stored.set_type(type);
  row.stored.mutable_origin()->set_node(origin);
  row.severity = severity;
  row.area_codes = areas;
  return row;
}

}  // namespace

TEST_CASE("An empty filter matches every event") {
  const EventFilter filter;
  CHECK(filter.matches(row(v1::CROP_PEST, v1::ALERT, "bac-giang", v1::MINOR, " VN-2004:24 ")));
  CHECK(
      filter.matches(row(v1::FOREST_FIRE, v1::CLOSE, "quang-ninh", v1::SEVERITY_UNSPECIFIED, " ")));
}

TEST_CASE("Filters select by kind, type, origin, severity and area code") {
  v1::Filter proto;
  proto.add_kinds(v1::FOREST_FIRE);
  proto.add_kinds(v1::ANIMAL_DISEASE);
  proto.add_types(v1::ALERT);
  proto.add_types(v1::CANCEL);
  proto.add_origin_nodes("bac-giang");
  proto.add_area_codes("VN-2004:22");
  proto.set_min_severity(v1::SEVERE);
  auto filter = EventFilter::from_proto(proto);
  REQUIRE(filter.ok());
  const auto& f = filter.value();
  CHECK(f.matches(
      row(v1::FOREST_FIRE, v1::ALERT, "bac-giang", v1::SEVERE, " VN-2004:24 VN-2004:22 ")));
  CHECK(f.matches(row(v1::ANIMAL_DISEASE, v1::CANCEL, "bac-giang", v1::EXTREME, " VN-2004:22 ")));
  CHECK_FALSE(f.matches(row(v1::CROP_PEST, v1::ALERT, "bac-giang", v1::SEVERE, " VN-2004:22 ")));
  CHECK_FALSE(
      f.matches(row(v1::FOREST_FIRE, v1::ACKNOWLEDGE, "bac-giang", v1::SEVERE, " VN-2004:22 ")));
  CHECK_FALSE(f.matches(row(v1::FOREST_FIRE, v1::ALERT, "hai-duong", v1::SEVERE, " VN-2004:22 ")));
  CHECK_FALSE(
      f.matches(row(v1::FOREST_FIRE, v1::ALERT, "bac-giang", v1::MODERATE, " VN-2004:22 ")));
  // " VN-2004:22 " must not match inside another code such as 221.
  CHECK_FALSE(f.matches(row(v1::FOREST_FIRE, v1::ALERT, "bac-giang", v1::SEVERE, " 221 24 ")));
}

TEST_CASE("Invalid filters are refused with INVALID_SUBSCRIPTION") {
  v1::Filter unknown_kind;
  unknown_kind.add_kinds(static_cast<v1::AlertKind>(42));
  v1::Filter bad_area;
  bad_area.add_area_codes("VN-2004:24a");
  v1::Filter bare_code;  // Its scheme unknown: VN-2004 24 and VN-2025 24 are other places.
  bare_code.add_area_codes("24");
  v1::Filter unknown_scheme;
  unknown_scheme.add_area_codes("VN-2030:24");
  v1::Filter too_many;
  for (int i = 0; i < 65; ++i) {
    too_many.add_origin_nodes("node-" + std::to_string(i));
  }
  v1::Filter bad_severity;
  bad_severity.set_min_severity(static_cast<v1::Severity>(17));
  for (const v1::Filter* filter :
       {&unknown_kind, &bad_area, &bare_code, &unknown_scheme, &too_many, &bad_severity}) {
    auto compiled = EventFilter::from_proto(*filter);
    REQUIRE_FALSE(compiled.ok());
    CHECK(compiled.status().code() == v1::INVALID_SUBSCRIPTION);
  }
}

TEST_CASE("An area of one scheme is never matched by a filter on the other scheme's code") {
  // VN-2025 24 is Bắc Ninh (Bắc Giang and Bắc Ninh of 2004 merged); VN-2004 24 is Bắc Giang.
  const LogRow new_code = row(v1::CROP_PEST, v1::ALERT, "bac-giang", v1::SEVERE, " VN-2025:24 ");
  const LogRow old_code = row(v1::CROP_PEST, v1::ALERT, "bac-giang", v1::SEVERE, " VN-2004:24 ");
  for (const protocol::AreaTable* areas :
       {static_cast<const protocol::AreaTable*>(nullptr), &shipped_areas()}) {
    INFO((areas == nullptr ? "without" : "with") << " the province table");
    v1::Filter on_2004;
    on_2004.add_area_codes("VN-2004:24");
    const auto filter_2004 = EventFilter::from_proto(on_2004, areas);
    REQUIRE(filter_2004.ok());
    CHECK(filter_2004.value().matches(old_code));
    CHECK_FALSE(filter_2004.value().matches(new_code));
    v1::Filter on_2025;
    on_2025.add_area_codes("VN-2025:24");
    const auto filter_2025 = EventFilter::from_proto(on_2025, areas);
    REQUIRE(filter_2025.ok());
    CHECK(filter_2025.value().matches(new_code));
    // The 2004 province is a part of the 2025 one: found through the table, not without it.
    CHECK(filter_2025.value().matches(old_code) == (areas != nullptr));
  }
}

TEST_CASE("With the province table a VN-2025 filter finds every VN-2004 part, and only those") {
  v1::Filter hai_phong;  // VN-2025 31: Hải Phòng (VN-2004 31) and Hải Dương (VN-2004 30).
  hai_phong.add_area_codes("VN-2025:31");
  const auto filter = EventFilter::from_proto(hai_phong, &shipped_areas());
  REQUIRE(filter.ok());
  for (const char* codes :
       {" VN-2025:31 ", " VN-2004:31 ", " VN-2004:30 ", " VN-2004:22 VN-2004:30 "}) {
    INFO(codes);
    CHECK(filter.value().matches(row(v1::CROP_PEST, v1::ALERT, "hai-duong", v1::SEVERE, codes)));
  }
  for (const char* codes :
       {" VN-2025:30 ", " VN-2004:22 ", " VN-2025:22 ", " ", " VN-2004:07360 "}) {
    INFO(codes);
    CHECK_FALSE(
        filter.value().matches(row(v1::CROP_PEST, v1::ALERT, "hai-duong", v1::SEVERE, codes)));
  }
}

}  // namespace alertbus::broker
