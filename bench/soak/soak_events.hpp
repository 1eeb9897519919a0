// The soak's events: alerts of the four kinds from a node's units, in that node's province,
// and the follow-ups the casework rules allow (an acknowledgement or information from a
// receiving unit of the alert's kind; a closure from the issuing unit, once per alert).
// Every event gets its event id here, before its first attempt, so that a retry after a
// broker was killed resends the same id and cannot be stored twice.
//
// Threading: pure functions (the event id comes from libsodium's thread-safe generator).
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "alertbus/v1/event.pb.h"

namespace alertbus::bench::soak {

// The four units of every node; unit u issues kind kUnitKinds[u].
const std::vector<std::string>& units();
v1::AlertKind unit_kind(std::size_t unit);

// Alert number `i` of `node` (the node's place in the network, for its province) from
// `node_id`/units()[unit].
v1::Event make_alert(const std::string& node_id, std::size_t node, std::size_t unit, std::size_t i);

// A follow-up of `type` (ACKNOWLEDGE, ADDITIONAL_INFO or CLOSE) to the alert `alert_event_id`
// of `kind`, from `sender_unit`.
v1::Event make_follow_up(const std::string& alert_event_id, v1::AlertKind kind,
                         const std::string& sender_unit, v1::EventType type);

}  // namespace alertbus::bench::soak
