// The shared pieces of the dashboard's JSON (view_words.hpp).
#include "dashboard/view/view_words.hpp"

#include <cstdio>

#include <google/protobuf/util/time_util.h>

#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/names.hpp"

namespace alertbus::dashboard {

json named(protocol::Vocabulary vocabulary, int value, Language language) {
  const protocol::Term* term = protocol::find_term(vocabulary, value);
  return json{{"name", term == nullptr ? std::string() : std::string(term->key)},
              {"label", alertctl::label(vocabulary, value, language)}};
}

json unit_ref(const std::string& id, const alertctl::Names& names) {
  return json{{"id", id}, {"name", id.empty() ? std::string() : names.unit(id)}};
}

json node_ref(const std::string& id, const alertctl::Names& names) {
  return json{{"id", id}, {"name", id.empty() ? std::string() : names.node(id)}};
}

json iso_time(const google::protobuf::Timestamp& time, bool set) {
  if (!set) {
    return nullptr;
  }
  return google::protobuf::util::TimeUtil::ToString(time);
}

std::string vietnam_text(const google::protobuf::Timestamp& time, bool set, Language language) {
  if (!set) {
    return {};
  }
  const protocol::CivilTime civil =
      protocol::vietnam_time_of(google::protobuf::util::TimeUtil::TimestampToMilliseconds(time));
  char text[32];
  if (language == Language::kVi) {
    std::snprintf(text, sizeof text, "%02u/%02u/%04d %02u:%02u", civil.day, civil.month, civil.year,
                  civil.hour, civil.minute);
  } else {
    std::snprintf(text, sizeof text, "%04d-%02u-%02u %02u:%02u", civil.year, civil.month, civil.day,
                  civil.hour, civil.minute);
  }
  return text;
}

json area_json(const v1::Area& area, const protocol::AreaTable* areas, Language language) {
  std::string name = area.name();
  if (areas != nullptr) {
    if (const protocol::Province* province = areas->find(area.scheme(), area.code())) {
      name = language == Language::kEn && !province->name_en.empty() ? province->name_en
                                                                     : province->name_vi;
    }
  }
  if (name.empty()) {
    name = area.code();
  }
  return json{{"code", area.code()}, {"scheme", area.scheme()}, {"name", name}};
}

json row(const std::string& label, const std::string& value) {
  return json{{"label", label}, {"value", value}};
}

json rows_of(const std::vector<alertctl::BodyLine>& lines) {
  json rows = json::array();
  for (const alertctl::BodyLine& line : lines) {
    if (line.block.empty()) {
      rows.push_back(row(line.label, line.value));
      continue;
    }
    json group = rows_of(line.block);
    if (!line.value.empty()) {
      // A value with parts of its own (an area with its polygon): the value first.
      group.insert(group.begin(), row(line.label, line.value));
    }
    // A list of texts or places: items have no label; each takes the list's.
    for (auto& item : group) {
      if (item["label"].get<std::string>().empty()) {
        item["label"] = line.label;
      }
    }
    rows.push_back(json{{"label", line.label}, {"rows", std::move(group)}});
  }
  return rows;
}

}  // namespace alertbus::dashboard
