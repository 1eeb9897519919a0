// The alert's places in its case (AlertCase.points, points_left_out, border_distance_km):
// what compute_case() and extend_case() take from the alert's body when a case starts.
//
// Threading: pure functions.
#pragma once

#include "alertbus/v1/casework.pb.h"
#include "alertbus/v1/event.pb.h"

namespace alertbus::protocol {

// Adds `alert`'s places to `alert_case`: each outbreak's location (an outbreak without one
// adds none), the hotspot's, the fire's, in the body's order, up to kMaxCasePoints (the rest
// counted in points_left_out); and a fire's reported distance to the border. An area's
// outline or circle is not a place: areas stay areas.
void add_case_places(const v1::Event& alert, v1::AlertCase* alert_case);

}  // namespace alertbus::protocol
