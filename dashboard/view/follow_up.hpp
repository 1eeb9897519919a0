// An action from an alert's page (docs/DASHBOARD.md, Action) to the follow-up the officer's
// unit publishes: {type, text, stable, quantity, quantity_unit} checked against the rules the
// page was shown (actions.hpp) and built as alertctl's follow-up commands build theirs
// (event_input.hpp: the alert's kind, status and areas, the alert referenced, a new event id,
// sent now), signed off in `contact` by the officer: "Nguyễn Văn An (bảng điều khiển)" (stored
// data, so in Vietnamese whatever the page's language). An answer answers the latest request
// for information of the case. The follow-up is then validated as a broker would.
//
// Threading: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <vector>

#include "alertbus/v1/casework.pb.h"
#include "alertbus/v1/event.pb.h"

#include "alertctl/directory_names.hpp"
#include "dashboard/view/view_error.hpp"
#include "dashboard/view/viewer.hpp"

namespace alertbus::dashboard {

// The follow-up for `action` on the case `alert_case` of the alert in `case_events` (which
// holds the alert and its follow-ups as this node stored them). Errors: "unknown_action"
// (field "type"), "invalid_value" (a field of the wrong type), "not_allowed" with the rule
// (refusal()), "alert_missing" (the case's alert is not among the events), "missing_field"
// (a text for anything but an acknowledgement), and the validator's and the casework's codes.
Checked<v1::Event> follow_up_event(const nlohmann::json& action, const v1::AlertCase& alert_case,
                                   const std::vector<v1::StoredEvent>& case_events,
                                   const Viewer& viewer, const alertctl::Names& names);

}  // namespace alertbus::dashboard
