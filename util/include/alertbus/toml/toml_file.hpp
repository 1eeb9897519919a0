// Reading TOML configuration files: the rules every configuration of the project shares
// (alertbusd's, alertbus-dashboard's).
//
// Threading: plain functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <toml++/toml.h>

#include "alertbus/protocol/status.hpp"

namespace alertbus::toml_file {

// Parses the file at `path`. A syntax error is INVALID_VALUE naming the place:
// "PATH:LINE:COLUMN: description" ("PATH:LINE:COLUMN: lỗi cú pháp TOML: description").
StatusOr<toml::table> parse(const std::string& path);

// The node's value when it is a TOML integer, else nullopt: never a float or a string
// converted (toml++ converts a float beyond 64 bits without a range check, which is undefined
// behaviour; "300.7" is not a count).
std::optional<std::int64_t> exact_integer(toml::node_view<const toml::node> node);

}  // namespace alertbus::toml_file
