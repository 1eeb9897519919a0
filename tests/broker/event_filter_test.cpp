// EventFilter: each criterion alone and together; invalid filters refused.
#include "delivery/event_filter.hpp"

#include <catch2/catch.hpp>

namespace alertbus::broker {
namespace {

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
  CHECK(filter.matches(row(v1::CROP_PEST, v1::ALERT, "bac-giang", v1::MINOR, " 24 ")));
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
  proto.add_area_codes("22");
  proto.set_min_severity(v1::SEVERE);
  auto filter = EventFilter::from_proto(proto);
  REQUIRE(filter.ok());
  const auto& f = filter.value();
  CHECK(f.matches(row(v1::FOREST_FIRE, v1::ALERT, "bac-giang", v1::SEVERE, " 24 22 ")));
  CHECK(f.matches(row(v1::ANIMAL_DISEASE, v1::CANCEL, "bac-giang", v1::EXTREME, " 22 ")));
  CHECK_FALSE(f.matches(row(v1::CROP_PEST, v1::ALERT, "bac-giang", v1::SEVERE, " 22 ")));
  CHECK_FALSE(f.matches(row(v1::FOREST_FIRE, v1::ACKNOWLEDGE, "bac-giang", v1::SEVERE, " 22 ")));
  CHECK_FALSE(f.matches(row(v1::FOREST_FIRE, v1::ALERT, "hai-duong", v1::SEVERE, " 22 ")));
  CHECK_FALSE(f.matches(row(v1::FOREST_FIRE, v1::ALERT, "bac-giang", v1::MODERATE, " 22 ")));
  // " 22 " must not match inside another code such as 221.
  CHECK_FALSE(f.matches(row(v1::FOREST_FIRE, v1::ALERT, "bac-giang", v1::SEVERE, " 221 24 ")));
}

TEST_CASE("Invalid filters are refused with INVALID_SUBSCRIPTION") {
  v1::Filter unknown_kind;
  unknown_kind.add_kinds(static_cast<v1::AlertKind>(42));
  v1::Filter bad_area;
  bad_area.add_area_codes("24a");
  v1::Filter too_many;
  for (int i = 0; i < 65; ++i) {
    too_many.add_origin_nodes("node-" + std::to_string(i));
  }
  v1::Filter bad_severity;
  bad_severity.set_min_severity(static_cast<v1::Severity>(17));
  for (const v1::Filter* filter : {&unknown_kind, &bad_area, &too_many, &bad_severity}) {
    auto compiled = EventFilter::from_proto(*filter);
    REQUIRE_FALSE(compiled.ok());
    CHECK(compiled.status().code() == v1::INVALID_SUBSCRIPTION);
  }
}

}  // namespace alertbus::broker
