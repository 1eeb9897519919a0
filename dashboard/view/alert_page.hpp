// AlertPage (docs/DASHBOARD.md): everything an alert's page shows. Its case (CaseItem, with
// the points of its body), the envelope and the typed body as rows of labels and values in
// words (the walk alertctl's `get` shows, body_render.hpp), the timeline of follow-ups, the
// path the alert took to this node, and the actions with what the rules allow this officer.
//
// Threading: pure functions.
#pragma once

#include <vector>

#include "alertbus/v1/casework.pb.h"
#include "alertbus/v1/event.pb.h"

#include "alertbus/protocol/areas.hpp"
#include "alertctl/directory_names.hpp"
#include "dashboard/view/view_words.hpp"
#include "dashboard/view/viewer.hpp"

namespace alertbus::dashboard {

// The page of `alert_case` from `case_events` (its alert and follow-ups as this node stored
// them, any order): {case, envelope, body, timeline, path, actions}. Without the alert among
// the events (not yet relayed here) envelope, body and path are made from the case alone.
// Areas are named from `areas` when given.
json alert_page(const v1::AlertCase& alert_case, const std::vector<v1::StoredEvent>& case_events,
                const Viewer& viewer, const alertctl::Names& names, Language language,
                const protocol::AreaTable* areas = nullptr);

// The envelope rows of an alert: kind, severity, urgency, certainty, message status, state,
// sending unit, issuing province, sent, effective, expires, areas, description, contact.
json envelope_rows(const v1::Event& alert, const v1::AlertCase& alert_case,
                   const alertctl::Names& names, Language language,
                   const protocol::AreaTable* areas);

// The rows of the alert's typed body (empty when it has none).
json body_rows(const v1::Event& alert, Language language);

// [{lat, lon}] of every point in the alert's body (outbreaks, hotspots, fires), in order.
json body_points(const v1::Event& alert);

}  // namespace alertbus::dashboard
