// The report tests' common ground (report_test.cpp, report_render_test.cpp): a period by its
// text and the report over 2026-H1 of the fixed cases (case_fixtures.hpp).
#pragma once

#include <string>

#include <catch2/catch.hpp>

#include "alertctl/report.hpp"
#include "clients/case_fixtures.hpp"

namespace alertbus::testing {

inline alertctl::ReportPeriod period(const char* text) {
  auto parsed = alertctl::parse_period(text);
  REQUIRE(parsed.ok());
  return *parsed;
}

// The report over 2026-H1 made on 5 June 2026 at 09:00, before the period ends.
inline alertctl::Report h1_report(const std::string& unit = {}) {
  return alertctl::compute_report(h1_cases(), period("2026-H1"), ms("2026-06-05 09:00"), unit);
}

}  // namespace alertbus::testing
