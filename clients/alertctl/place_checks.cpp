#include "alertctl/place_checks.hpp"

#include <filesystem>

#include <google/protobuf/descriptor.h>

#include "alertbus/v1/common.pb.h"

#include "alertbus/protocol/text_fold.hpp"
#include "alertctl/names.hpp"

#ifndef ALERTBUS_DEFAULT_AREAS_FILE
#define ALERTBUS_DEFAULT_AREAS_FILE "/usr/local/share/alertbus/areas/provinces.csv"
#endif

namespace alertbus::alertctl {
namespace {

namespace pb = google::protobuf;
using protocol::AreaTable;
using protocol::Province;

constexpr const char* kScheme2025 = "VN-2025";
constexpr const char* kScheme2004 = "VN-2004";

// "Tỉnh Bắc Giang", "TP. Hải Phòng" -> "bac giang", "hai phong".
std::string plain_name(std::string_view name) {
  std::string folded = protocol::fold_for_search(name);
  for (const char* prefix : {"tinh ", "thanh pho ", "tp. ", "tp "}) {
    const std::string_view p(prefix);
    if (folded.rfind(p, 0) == 0) {
      folded = folded.substr(p.size());
    }
  }
  while (!folded.empty() && folded.back() == ' ') {
    folded.pop_back();
  }
  while (!folded.empty() && folded.front() == ' ') {
    folded.erase(0, 1);
  }
  return folded;
}

bool names_match(const Province& province, std::string_view name) {
  const std::string plain = plain_name(name);
  return plain == plain_name(province.name_vi) ||
         (!province.name_en.empty() && plain == plain_name(province.name_en));
}

const Province* by_name(const AreaTable& table, std::string_view scheme, std::string_view name) {
  for (const Province* province : table.provinces(scheme)) {
    if (names_match(*province, name)) {
      return province;
    }
  }
  return nullptr;
}

const pb::FieldDescriptor* area_field(const char* name) {
  return v1::Area::descriptor()->FindFieldByName(name);
}

void add(Problems* problems, const std::string& path, const char* field, const Text& text,
         std::initializer_list<std::string_view> args) {
  problems->push_back(field_problem(path + "." + field, area_field(field), fill(text.vi, args),
                                    fill(text.en, args)));
}

void check_area(v1::Area* area, const AreaTable* table, const std::string& path,
                Problems* problems) {
  std::string scheme = area->scheme();
  if (!scheme.empty() && scheme != kScheme2004 && scheme != kScheme2025) {
    add(problems, path, "scheme", msg::kAreaBadScheme, {scheme});
    return;
  }
  if (table == nullptr) {
    if (scheme.empty() && !area->code().empty()) {
      area->set_scheme(kScheme2025);  // As below; without the table, nothing more is checked.
    }
    return;
  }
  if (area->code().empty()) {
    if (area->name().empty()) {
      return;  // The validator says that both are required.
    }
    const Province* found = nullptr;
    if (!scheme.empty()) {
      found = by_name(*table, scheme, area->name());
    } else if ((found = by_name(*table, kScheme2025, area->name())) == nullptr) {
      found = by_name(*table, kScheme2004, area->name());
    }
    if (found == nullptr) {
      add(problems, path, "name", msg::kAreaUnknownName,
          {area->name(), scheme.empty() ? std::string(kScheme2025) : scheme});
      return;
    }
    area->set_code(found->code);
    area->set_scheme(found->scheme);
    return;
  }
  if (scheme.empty()) {
    scheme = kScheme2025;  // Today's codes; a name of the other scheme is refused.
    area->set_scheme(scheme);
  }
  if (area->code().size() != 2) {
    return;  // A commune: the validator's to judge.
  }
  const Province* province = table->find(scheme, area->code());
  if (province == nullptr) {
    const std::string count = std::to_string(table->count(scheme));
    std::string vi = fill(msg::kAreaUnknownCode.vi, {area->code(), scheme, count});
    std::string en = fill(msg::kAreaUnknownCode.en, {area->code(), scheme, count});
    const char* other = scheme == kScheme2025 ? kScheme2004 : kScheme2025;
    if (const Province* elsewhere = table->find(other, area->code())) {
      vi += fill(msg::kAreaCodeElsewhere.vi, {other, area->code(), elsewhere->name_vi});
      en += fill(msg::kAreaCodeElsewhere.en, {other, area->code(), elsewhere->name_vi});
    }
    problems->push_back(field_problem(path + ".code", area_field("code"), vi, en));
    return;
  }
  if (area->name().empty()) {
    area->set_name(province->name_vi);
  } else if (!names_match(*province, area->name())) {
    add(problems, path, "name", msg::kAreaNameMismatch,
        {area->code(), scheme, province->name_vi, area->name()});
  }
}

bool inside(double latitude, double longitude) {
  return latitude >= kHintMinLatitude && latitude <= kHintMaxLatitude &&
         longitude >= kHintMinLongitude && longitude <= kHintMaxLongitude;
}

std::string number(double value) {
  std::string text = std::to_string(value);
  while (text.find('.') != std::string::npos && (text.back() == '0' || text.back() == '.')) {
    const bool dot = text.back() == '.';
    text.pop_back();
    if (dot) {
      break;
    }
  }
  return text;
}

void check_point(const v1::GeoPoint& point, const pb::FieldDescriptor* field,
                 const std::string& path, Problems* problems) {
  const double latitude = point.latitude();
  const double longitude = point.longitude();
  if (!inside(latitude, longitude) && inside(longitude, latitude)) {
    const std::string lat = number(latitude);
    const std::string lon = number(longitude);
    problems->push_back(field_problem(path, field, fill(msg::kCoordinatesSwapped.vi, {lat, lon}),
                                      fill(msg::kCoordinatesSwapped.en, {lat, lon})));
  }
}

}  // namespace

void check_places(pb::Message* message, const AreaTable* areas, const std::string& path,
                  Problems* problems) {
  const pb::Reflection* reflection = message->GetReflection();
  std::vector<const pb::FieldDescriptor*> fields;
  reflection->ListFields(*message, &fields);
  for (const pb::FieldDescriptor* field : fields) {
    if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      continue;
    }
    const std::string at = path.empty() ? field->name() : path + "." + field->name();
    const int count = field->is_repeated() ? reflection->FieldSize(*message, field) : 1;
    for (int i = 0; i < count; ++i) {
      pb::Message* item = field->is_repeated()
                              ? reflection->MutableRepeatedMessage(message, field, i)
                              : reflection->MutableMessage(message, field);
      const std::string item_path = field->is_repeated() ? at + "[" + std::to_string(i) + "]" : at;
      check_place(item, field, areas, item_path, problems);
      if (dynamic_cast<const v1::GeoPoint*>(item) == nullptr) {
        check_places(item, areas, item_path, problems);
      }
    }
  }
}

void check_place(pb::Message* place, const pb::FieldDescriptor* field, const AreaTable* areas,
                 const std::string& path, Problems* problems) {
  if (auto* area = dynamic_cast<v1::Area*>(place)) {
    check_area(area, areas, path, problems);
  } else if (const auto* point = dynamic_cast<const v1::GeoPoint*>(place)) {
    check_point(*point, field, path, problems);
  }
}

StatusOr<std::optional<AreaTable>> load_areas(const std::string& path, const std::string& env_path,
                                              Status* note) {
  const std::string& chosen = !path.empty() ? path : env_path;
  if (!chosen.empty()) {
    StatusOr<AreaTable> table = AreaTable::load(chosen);
    if (!table.ok()) {
      return table.status();
    }
    return std::optional<AreaTable>(std::move(table).value());
  }
  const std::string installed = ALERTBUS_DEFAULT_AREAS_FILE;
  std::error_code error;
  if (std::filesystem::exists(installed, error)) {
    StatusOr<AreaTable> table = AreaTable::load(installed);
    if (table.ok()) {
      return std::optional<AreaTable>(std::move(table).value());
    }
  }
  *note = Status::error(v1::INVALID_VALUE, fill(msg::kAreasNotChecked.en, {installed}),
                        fill(msg::kAreasNotChecked.vi, {installed}));
  return std::optional<AreaTable>();
}

}  // namespace alertbus::alertctl
