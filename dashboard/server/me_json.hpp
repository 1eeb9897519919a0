// The Me object of docs/DASHBOARD.md: the logged-in officer, their unit and node by name, the
// session's CSRF token, the unit's kinds, and whether the unit's key may issue (post, close,
// cancel, withdraw) or only follow up (a dashboard principal's key).
//
// Threading: pure function.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "alertctl/directory_names.hpp"
#include "alertctl/messages.hpp"
#include "view/viewer.hpp"

namespace alertbus::dashboard {

nlohmann::json me_json(const Viewer& viewer, const std::string& csrf, const alertctl::Names& names,
                       alertctl::Language language);

}  // namespace alertbus::dashboard
