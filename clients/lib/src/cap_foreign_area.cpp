// The areas of an imported foreign CAP alert (cap_foreign_body.hpp).
#include <cmath>
#include <cstdio>

#include "alertbus/protocol/utf8.hpp"
#include "cap_fields.hpp"
#include "cap_foreign_body.hpp"

namespace alertbus::client::cap {
namespace {

// At most this many code points in an area's name (validation_checker.hpp, kMaxShortText).
constexpr std::size_t kMaxAreaName = 500;

// A <geocode> valueName's alertbus scheme, if it names a province code scheme.
std::optional<std::string> province_scheme(const CapRules& rules, const std::string& name) {
  for (const auto& [cap_name, scheme] : rules.province_schemes) {
    if (cap_name == name) {
      return scheme;
    }
  }
  return std::nullopt;
}

bool parse_point(const std::string& text, v1::GeoPoint* point) {
  double latitude = 0;
  double longitude = 0;
  char end = 0;
  if (std::sscanf(text.c_str(), "%lf,%lf%c", &latitude, &longitude, &end) != 2 ||
      !std::isfinite(latitude) || !std::isfinite(longitude)) {
    return false;
  }
  point->set_latitude(latitude);
  point->set_longitude(longitude);
  return true;
}

}  // namespace

// At most `max` code points of `text`, "…" last when cut.
std::string limited(const std::string& text, std::size_t max) {
  if (protocol::utf8_length(text) <= max) {
    return text;
  }
  std::size_t points = 0;
  std::size_t i = 0;
  while (i < text.size() && points + 1 < max) {
    ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) {
      ++i;
    }
    ++points;
  }
  return text.substr(0, i) + "…";
}

// One <area>: an Area, or (a circle of radius 0 and nothing else) a point.
Status read_foreign_area(const xmlNode* node, const std::string& path, const CapRules& rules,
                         v1::Event* event, std::vector<v1::GeoPoint>* points) {
  v1::Area area;
  area.set_name(trimmed(child_text(node, "areaDesc").value_or("")));
  const std::size_t points_before = points->size();
  if (const std::vector<const xmlNode*> polygons = children(node, "polygon"); !polygons.empty()) {
    for (const std::string& point_text : split_whitespace(content(polygons.front()))) {
      if (!parse_point(point_text, area.add_polygon())) {
        return invalid(path + ".polygon", point_text, "expected \"lat,lon\" pairs",
                       "cần các cặp \"vĩ độ,kinh độ\"");
      }
    }
  }
  for (const xmlNode* circle : children(node, "circle")) {
    const std::vector<std::string> parts = split_whitespace(content(circle));
    v1::GeoPoint center;
    double radius = -1;
    if (parts.size() != 2 || !parse_point(parts[0], &center) ||
        std::sscanf(parts[1].c_str(), "%lf", &radius) != 1 || !std::isfinite(radius) ||
        radius < 0) {
      return invalid(path + ".circle", trimmed(content(circle)), "expected \"lat,lon radius_km\"",
                     "cần \"vĩ độ,kinh độ bán_kính_km\"");
    }
    if (radius == 0) {
      points->push_back(center);  // A point: the body's location.
    } else if (area.circle_radius_km() == 0) {
      *area.mutable_circle_center() = center;
      area.set_circle_radius_km(radius);
    }
  }
  std::string other_codes;
  for (const auto& [name, value] : name_values(node, "geocode")) {
    const std::optional<std::string> scheme = province_scheme(rules, name);
    if (scheme && area.code().empty()) {
      area.set_scheme(*scheme);
      area.set_code(trimmed(value));
    } else {
      other_codes += (other_codes.empty() ? "" : ", ") + name + " " + trimmed(value);
    }
  }
  if (!other_codes.empty()) {
    area.set_name(area.name() + " (" + other_codes + ")");
  }
  area.set_name(limited(area.name(), kMaxAreaName));
  if (area.code().empty()) {
    const bool only_a_point = area.polygon_size() == 0 && area.circle_radius_km() == 0 &&
                              points->size() > points_before && other_codes.empty();
    if (only_a_point) {
      return {};
    }
    if (rules.default_area_code.empty()) {
      return Status::error(
          v1::INVALID_VALUE,
          path + " (\"" + area.name() +
              "\") has no geocode in a province code scheme and the rules give no "
              "default area: add its valueName to province_schemes or set "
              "[default_area] in the rules file",
          path + " (\"" + area.name() +
              "\") không có geocode theo hệ mã tỉnh và tệp quy tắc không có vùng mặc "
              "định: thêm valueName của nó vào province_schemes hoặc đặt "
              "[default_area] trong tệp quy tắc",
          path + ".geocode");
    }
    area.set_code(rules.default_area_code);
    area.set_scheme(rules.default_area_scheme);
  }
  *event->add_areas() = std::move(area);
  return {};
}

}  // namespace alertbus::client::cap
