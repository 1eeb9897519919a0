// The pick-lists (vocabulary_json.hpp).
#include "dashboard/view/vocabulary_json.hpp"

#include "alertctl/names.hpp"

namespace alertbus::dashboard {
namespace {

using protocol::Vocabulary;

json terms_of(Vocabulary vocabulary, Language language) {
  json items = json::array();
  for (const protocol::Term& term : protocol::terms(vocabulary)) {
    items.push_back(json{{"value", term.value},
                         {"name", std::string(term.key)},
                         {"label", alertctl::label(vocabulary, term.value, language)}});
  }
  return items;
}

json provinces_of(const protocol::AreaTable* areas, Language language) {
  json items = json::array();
  if (areas == nullptr) {
    return items;
  }
  for (const char* scheme : {"VN-2025", "VN-2004"}) {
    for (const protocol::Province* province : areas->provinces(scheme)) {
      const bool english = language == Language::kEn && !province->name_en.empty();
      items.push_back(json{{"code", province->code},
                           {"scheme", province->scheme},
                           {"name", english ? province->name_en : province->name_vi}});
    }
  }
  return items;
}

json item(const std::string& id, const std::string& name) {
  return json{{"value", id}, {"name", id}, {"label", name.empty() ? id : name}};
}

}  // namespace

json vocabulary(Language language, const protocol::AreaTable* areas,
                const v1::Directory& directory) {
  json nodes = json::array();
  for (const v1::Directory::Node& node : directory.nodes()) {
    nodes.push_back(item(node.id(), node.name()));
  }
  json units = json::array();
  for (const v1::Directory::Unit& unit : directory.units()) {
    units.push_back(item(unit.id(), unit.name()));
  }
  return json{
      {"kinds", terms_of(Vocabulary::kKind, language)},
      {"severities", terms_of(Vocabulary::kSeverity, language)},
      {"urgencies", terms_of(Vocabulary::kUrgency, language)},
      {"certainties", terms_of(Vocabulary::kCertainty, language)},
      {"states", terms_of(Vocabulary::kAlertState, language)},
      {"receiver_states", terms_of(Vocabulary::kReceiverState, language)},
      {"event_types", terms_of(Vocabulary::kType, language)},
      {"provinces", provinces_of(areas, language)},
      {"nodes", std::move(nodes)},
      {"units", std::move(units)},
  };
}

}  // namespace alertbus::dashboard
