// The event filter options shared by `watch` and `list`: --kind, --type, --origin, --area,
// --min-severity, each mapped onto alertbus.v1.Filter, and --notices: the brokers' notices
// (receipts, overdue notices) are left out unless asked for, by it or by --type.
//
// Threading: main thread only.
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

#include "alertbus/v1/frame.pb.h"

#include "alertctl/messages.hpp"

namespace alertbus::alertctl {

struct FilterInput {
  std::vector<std::string> kinds;  // Command-line names.
  std::vector<std::string> types;
  std::vector<std::string> origins;
  std::vector<std::string> areas;
  std::string min_severity;
  bool notices = false;
};

// Declares the filter options on `command`, storing into `input` (which must outlive it).
void add_filter_options(CLI::App& command, FilterInput& input, Language language);

// The wire filter for the options given.
v1::Filter make_filter(const FilterInput& input);

}  // namespace alertbus::alertctl
