// The Network object of docs/DASHBOARD.md from the monitor's snapshot: whether this dashboard
// reaches its broker, each federation link with its lag, and the names of what is down (for
// the banner). Last errors in the asked language.
//
// Threading: pure function.
#pragma once

#include <nlohmann/json.hpp>

#include "alertctl/directory_names.hpp"
#include "alertctl/messages.hpp"
#include "network_monitor.hpp"

namespace alertbus::dashboard {

nlohmann::json network_json(const NetworkSnapshot& snapshot, const alertctl::Names& names,
                            alertctl::Language language);

}  // namespace alertbus::dashboard
