// The shared pieces of the dashboard's JSON (view_words.hpp).
#include "dashboard/view/view_words.hpp"

#include <google/protobuf/util/time_util.h>

#include "alertctl/body_render.hpp"
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
  return alertctl::page_time(time, language);
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
