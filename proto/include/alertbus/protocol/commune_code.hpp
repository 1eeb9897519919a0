// What a commune's code looks like, for the fields that name communes only
// (Outbreak.commune, DangerLevel.communes; docs/PROTOCOL.md, "Areas and their schemes").
#pragma once

#include <algorithm>
#include <string_view>

namespace alertbus::protocol {

// Whether `code` is a commune's (or ward's) code: 5 ASCII digits ("07360") in both schemes
// (QĐ 124/2004, QĐ 19/2025); a province's has 2.
inline bool is_commune_code(std::string_view code) {
  return code.size() == 5 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace alertbus::protocol
