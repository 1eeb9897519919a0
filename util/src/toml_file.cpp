// Reading TOML configuration files (toml_file.hpp).
#include "alertbus/toml/toml_file.hpp"

namespace alertbus::toml_file {

StatusOr<toml::table> parse(const std::string& path) {
  try {
    return toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    const toml::source_position& begin = error.source().begin;
    const std::string where =
        path + ":" + std::to_string(begin.line) + ":" + std::to_string(begin.column);
    const std::string description(error.description());
    return Status::error(v1::INVALID_VALUE, where + ": " + description,
                         where + ": lỗi cú pháp TOML: " + description);
  }
}

std::optional<std::int64_t> exact_integer(toml::node_view<const toml::node> node) {
  return node.value_exact<std::int64_t>();
}

}  // namespace alertbus::toml_file
