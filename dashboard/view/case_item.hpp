// CaseItem (docs/DASHBOARD.md): one alert's case as the inbox, the lists, the map and the live
// stream show it, with its receivers (Receiver), in the officer's language. References and
// names only: never an event id.
//
// Threading: pure functions.
#pragma once

#include <cstdint>

#include "alertbus/v1/casework.pb.h"

#include "alertbus/protocol/areas.hpp"
#include "alertctl/directory_names.hpp"
#include "dashboard/view/view_words.hpp"
#include "dashboard/view/viewer.hpp"

namespace alertbus::dashboard {

// The CaseItem of `alert_case` for `viewer`: labels in `language`, units and nodes by their
// `names`, areas named from `areas` when given (else as the alert named them), `unread` and
// `position` (the broker's case position) as the caller knows them. `points` are the case's
// places (AlertCase.points: at most 32, `points_left_out` more; alert_page() puts every place of
// the alert's body instead), `border_distance_km` a fire's reported distance to the border
// (null when not reported).
json case_item(const v1::AlertCase& alert_case, const Viewer& viewer, const alertctl::Names& names,
               Language language, bool unread, std::uint64_t position,
               const protocol::AreaTable* areas = nullptr);

// Receiver: one receiving node's state of the case.
json receiver_json(const v1::ReceiverCase& receiver, const alertctl::Names& names,
                   Language language);

// Whether the case waits for `viewer`: their node is a receiver that has not acknowledged,
// the alert is open (active or stable) and its kind is one of the unit's kinds.
bool waiting_for(const v1::AlertCase& alert_case, const Viewer& viewer);

}  // namespace alertbus::dashboard
