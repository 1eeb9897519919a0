// The Checker's checks of places: GeoPoints (degrees, then Vietnam's box) and Areas (code,
// scheme, name, polygon, circle).
#include "alertbus/protocol/commune_code.hpp"
#include "validation_checker.hpp"

namespace alertbus::protocol::detail {

void Checker::geo_point(std::string_view field, bool present, const v1::GeoPoint& point,
                        const Presence& presence) {
  if (!message(field, present, presence)) {
    return;
  }
  auto scope = enter(field);
  point_fields(point);
}

void Checker::point_fields(const v1::GeoPoint& point) {
  const double latitude = point.latitude();
  const double longitude = point.longitude();
  if (!number("latitude", latitude, -90, 90) || !number("longitude", longitude, -180, 180)) {
    return;
  }
  // path_ is the point itself here: "latitude 25.1 of animal_disease.outbreaks[0].location".
  if (latitude < kVietnamMinLatitude || latitude > kVietnamMaxLatitude) {
    fail(
        v1::COORDINATES_OUTSIDE_VIETNAM, "latitude",
        "latitude " + format_number(latitude) + " of " + path_ + " is outside Vietnam (8.2-23.4 N)",
        "vĩ độ " + format_number(latitude) + " của " + path_ +
            " nằm ngoài lãnh thổ Việt Nam (8.2–23.4 độ vĩ bắc)");
    return;
  }
  if (longitude < kVietnamMinLongitude || longitude > kVietnamMaxLongitude) {
    fail(v1::COORDINATES_OUTSIDE_VIETNAM, "longitude",
         "longitude " + format_number(longitude) + " of " + path_ +
             " is outside Vietnam (102.1-117.5 E)",
         "kinh độ " + format_number(longitude) + " của " + path_ +
             " nằm ngoài lãnh thổ Việt Nam (102.1–117.5 độ kinh đông)");
  }
}

void Checker::area(std::string_view field, bool present, const v1::Area& area,
                   const Presence& presence, AreaLevel level) {
  if (!message(field, present, presence)) {
    return;
  }
  auto scope = enter(field);
  area_fields(area, level);
}

void Checker::area_list(std::string_view field,
                        const google::protobuf::RepeatedPtrField<v1::Area>& areas,
                        const Presence& presence, std::size_t max_items, AreaLevel level) {
  if (list_size(field, areas.size(), presence, max_items)) {
    for_each_item(*this, field, areas,
                  [this, level](const v1::Area& item) { area_fields(item, level); });
  }
}

void Checker::area_fields(const v1::Area& area, AreaLevel level) {
  const std::string& code = area.code();
  if (text("code", code, kRequired) &&
      (code.size() < 2 || code.size() > 10 || !is_ascii_digits(code))) {
    fail(v1::INVALID_VALUE, "code",
         path("code") + " " + quote(code) + R"( must be 2 to 10 digits, e.g. "24" or "07360")",
         "mã đơn vị hành chính " + quote(code) + " tại " + path("code") +
             R"( phải gồm từ 2 đến 10 chữ số, ví dụ "24" hoặc "07360")");
  } else if (level == AreaLevel::kCommune && !options().relayed && !is_commune_code(code)) {
    // Both schemes give communes 5 digits and provinces 2: "24" here is a province.
    fail(v1::INVALID_VALUE, "code",
         path("code") + " " + quote(code) +
             R"( is not a commune's code: a commune's code has 5 digits, e.g. "07360")" +
             (code.size() == 2 ? " (2 digits are a province's)" : ""),
         "mã " + quote(code) + " tại " + path("code") +
             R"( không phải mã xã: mã xã gồm 5 chữ số, ví dụ "07360")" +
             (code.size() == 2 ? " (2 chữ số là mã tỉnh)" : ""));
  }
  // Codes are only meaningful with their scheme: "24" and "31" changed on 1 July 2025.
  const std::string& scheme = area.scheme();
  if (text("scheme", scheme, kRequired) && scheme != "VN-2004" && scheme != "VN-2025") {
    fail(v1::INVALID_VALUE, "scheme",
         path("scheme") + " " + quote(scheme) + R"( must be "VN-2004" or "VN-2025")",
         "hệ mã " + quote(scheme) + " tại " + path("scheme") +
             R"( phải là "VN-2004" hoặc "VN-2025")");
  }
  text("name", area.name(), kRequired);
  polygon(area.polygon());
  circle(area);
}

void Checker::polygon(const google::protobuf::RepeatedPtrField<v1::GeoPoint>& points) {
  if (!list_size("polygon", points.size(), kOptional, kMaxPolygonPoints)) {
    return;
  }
  if (points.size() < 4) {
    const std::string count_text = std::to_string(points.size());
    fail(v1::INVALID_VALUE, "polygon",
         path("polygon") + " has " + count_text +
             " points; a closed polygon needs at least 4 (the last equal to the first)",
         "đa giác " + path("polygon") + " chỉ có " + count_text +
             " điểm; đa giác khép kín cần ít nhất 4 điểm (điểm cuối trùng điểm đầu)");
    return;
  }
  for_each_item(*this, "polygon", points,
                [this](const v1::GeoPoint& point) { point_fields(point); });
  const v1::GeoPoint& first = points.Get(0);
  const v1::GeoPoint& last = points.Get(points.size() - 1);
  if (first.latitude() != last.latitude() || first.longitude() != last.longitude()) {
    fail(v1::INVALID_VALUE, "polygon",
         path("polygon") + " is not closed: the last point must equal the first",
         "đa giác " + path("polygon") + " chưa khép kín: điểm cuối phải trùng với điểm đầu");
  }
}

void Checker::circle(const v1::Area& area) {
  const bool has_center = area.has_circle_center();
  geo_point("circle_center", has_center, area.circle_center(), kOptional);
  const double radius = area.circle_radius_km();
  if (!number("circle_radius_km", radius, 0, kMaxCircleRadiusKm)) {
    return;
  }
  if (has_center && radius == 0) {
    fail(v1::VALUE_OUT_OF_RANGE, "circle_radius_km",
         path("circle_radius_km") + " must be greater than 0 when circle_center is set",
         "bán kính " + path("circle_radius_km") + " phải lớn hơn 0 khi đã có tâm circle_center");
  } else if (!has_center && radius > 0) {
    fail_missing("circle_center", Presence{true, "when circle_radius_km is greater than 0",
                                           "bắt buộc khi bán kính circle_radius_km lớn hơn 0"});
  }
}

}  // namespace alertbus::protocol::detail
