#include "alertctl/directory_names.hpp"

#include "alertbus/client/client.hpp"
#include "alertctl/printable.hpp"

namespace alertbus::alertctl {

Names::Names(const v1::Directory& directory) {
  for (const v1::Directory::Node& node : directory.nodes()) {
    if (!node.name().empty()) {
      nodes_[node.id()] = printable(node.name());
    }
  }
  for (const v1::Directory::Unit& unit : directory.units()) {
    if (!unit.name().empty()) {
      units_[unit.id()] = printable(unit.name());
    }
  }
}

std::string Names::unit(const std::string& id) const {
  const auto found = units_.find(id);
  return found == units_.end() ? id : found->second;
}

std::string Names::node(const std::string& id) const {
  const auto found = nodes_.find(id);
  return found == nodes_.end() ? id : found->second;
}

Names fetch_names(client::Client& client) {
  StatusOr<v1::Directory> directory = client.directory();
  return directory.ok() ? Names(*directory) : Names();
}

}  // namespace alertbus::alertctl
