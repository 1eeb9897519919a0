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

#include "alertbus/protocol/areas.hpp"

namespace alertbus::bench::soak {

// The four units of every node; unit u issues kind kUnitKinds[u].
const std::vector<std::string>& units();
v1::AlertKind unit_kind(std::size_t unit);

// The areas the units of a node may name, in turn: with a registry, the node's province codes
// (named from the areas table, e.g. VN-2025 31 "Hải Phòng", VN-2004 30 "Hải Dương"); without
// one, the three provinces of deploy/make-keys.sh taken by the node's place in the network
// (nothing ties a node to its areas then).
std::vector<v1::Area> registry_areas(const std::vector<std::string>& province_codes,
                                     const protocol::AreaTable& table);
std::vector<v1::Area> local_areas(std::size_t node);

// Alert number `i` of node `node_id` from `node_id`/units()[unit], in areas[i % areas.size()].
v1::Event make_alert(const std::string& node_id, const std::vector<v1::Area>& areas,
                     std::size_t unit, std::size_t i);

// A follow-up of `type` (ACKNOWLEDGE, ADDITIONAL_INFO or CLOSE) to the alert `alert_event_id`
// of `kind`, from `sender_unit`.
v1::Event make_follow_up(const std::string& alert_event_id, v1::AlertKind kind,
                         const std::string& sender_unit, v1::EventType type);

}  // namespace alertbus::bench::soak
