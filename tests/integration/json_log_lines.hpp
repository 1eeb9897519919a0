// The lines of a --log-format json log file, each checked to be one JSON object (for the
// tests of alertbusd's and alertbus-dashboard's JSON logs).
#pragma once

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

namespace alertbus::testing {

inline std::vector<nlohmann::json> json_log_lines(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::vector<nlohmann::json> lines;
  std::string line;
  while (std::getline(in, line)) {
    INFO(line);
    nlohmann::json parsed;
    REQUIRE_NOTHROW(parsed = nlohmann::json::parse(line));
    REQUIRE(parsed.is_object());
    lines.push_back(std::move(parsed));
  }
  return lines;
}

}  // namespace alertbus::testing
