// A new alert from the post page (docs/DASHBOARD.md, NewAlert): the event document
// `alertctl post --file` reads, as JSON, to the event the officer's unit publishes, or every
// mistake in it. The same path as alertctl: the event reader (field paths as the document
// writes them, enums by command-line name or label), the place checks against the province
// table, what an officer need not type filled in (type ALERT, status ACTUAL unless the
// document says exercise or test, the unit as sender, sent now, a new event id), then the
// validation a broker applies.
//
// Threading: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "alertbus/v1/event.pb.h"

#include "alertbus/protocol/areas.hpp"
#include "dashboard/view/view_error.hpp"
#include "dashboard/view/viewer.hpp"

namespace alertbus::dashboard {

// The event to publish, or the errors: every mistake the reader and the place checks find,
// every required envelope field left empty, then the validator's first refusal (it stops at
// one) unless a field it names is already refused. `areas` may be null (areas unchecked).
// Errors: "invalid_json" (not a JSON object), "not_allowed" (a dashboard key, or a kind the
// unit does not issue), "invalid_value" (the reader's and place checks' mistakes),
// "missing_field", and the validator's codes in lower case.
Checked<v1::Event> new_alert_event(const nlohmann::json& document, const Viewer& viewer,
                                   const protocol::AreaTable* areas);

// The same from the request body's text (JSON; TOML is read too, as alertctl does).
Checked<v1::Event> new_alert_from_body(std::string_view body, const Viewer& viewer,
                                       const protocol::AreaTable* areas);

}  // namespace alertbus::dashboard
