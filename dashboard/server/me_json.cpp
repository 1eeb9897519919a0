// The Me object (me_json.hpp).
#include "me_json.hpp"

#include "alertctl/names.hpp"

namespace alertbus::dashboard {

nlohmann::json me_json(const Viewer& viewer, const std::string& csrf, const alertctl::Names& names,
                       alertctl::Language language) {
  nlohmann::json kinds = nlohmann::json::array();
  nlohmann::json kind_labels = nlohmann::json::array();
  for (const v1::AlertKind kind : viewer.kinds) {
    if (const protocol::Term* term = protocol::find_term(protocol::Vocabulary::kKind, kind)) {
      kinds.push_back(std::string(term->key));
      kind_labels.push_back(alertctl::kind_label(kind, language));
    }
  }
  return {{"user", viewer.user},
          {"name", viewer.officer_name},
          {"unit", {{"id", viewer.unit_id}, {"name", names.unit(viewer.unit_id)}}},
          {"node", {{"id", viewer.node_id}, {"name", names.node(viewer.node_id)}}},
          {"csrf", csrf},
          {"kinds", kinds},
          {"kind_labels", kind_labels},
          {"can_issue", viewer.can_issue},
          {"role", viewer.can_issue ? "unit" : "dashboard"}};
}

}  // namespace alertbus::dashboard
