// Internal to alertctl: which cells of a report table (report_tables.hpp) are numbers, for
// the renderers that treat numbers apart (report_pdf.cpp aligns them right, report_xlsx.cpp
// stores them as numbers).
//
// Threading: pure functions.
#pragma once

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

#include "alertctl/report_tables.hpp"

namespace alertbus::alertctl::report_parts {

// A plain decimal number as the report prints counts and minutes: "0", "12", "-3", "2.5";
// no leading zeros ("007" is a code, not a number), at most 15 digits (a double holds it).
inline bool is_plain_number(std::string_view text) {
  std::size_t i = text.starts_with('-') ? 1 : 0;
  const std::size_t point = text.find('.');
  const std::string_view whole =
      text.substr(i, point == std::string_view::npos ? std::string_view::npos : point - i);
  const std::string_view fraction =
      point == std::string_view::npos ? std::string_view() : text.substr(point + 1);
  if (whole.empty() || (whole.size() > 1 && whole[0] == '0') ||
      (point != std::string_view::npos && fraction.empty()) ||
      whole.size() + fraction.size() > 15) {
    return false;
  }
  for (const std::string_view part : {whole, fraction}) {
    for (const char c : part) {
      if (c < '0' || c > '9') {
        return false;
      }
    }
  }
  return true;
}

// A number as people read it in the report: digits with a sign ("+5", the change from the
// previous period), grouped thousands or a decimal comma ("12.500,5", "12,500.5"). For
// alignment only.
inline bool is_shown_number(std::string_view text) {
  if (text.starts_with('+') || text.starts_with('-')) {
    text.remove_prefix(1);
  }
  bool digit = false;
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      digit = true;
    } else if (c != '.' && c != ',') {
      return false;
    }
  }
  return digit && std::isdigit(static_cast<unsigned char>(text.front())) != 0 &&
         std::isdigit(static_cast<unsigned char>(text.back())) != 0;
}

// Per column: every cell that is not empty is a number (by `is_number`), and at least one is.
inline std::vector<bool> numeric_columns(const Table& table,
                                         bool (*is_number)(std::string_view) = is_plain_number) {
  std::vector<bool> numeric(table.columns.size(), false);
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    bool any = false;
    bool all = true;
    for (const std::vector<std::string>& row : table.rows) {
      if (c < row.size() && !row[c].empty()) {
        any = true;
        all = all && is_number(row[c]);
      }
    }
    numeric[c] = any && all;
  }
  return numeric;
}

}  // namespace alertbus::alertctl::report_parts
