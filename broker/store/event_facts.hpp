// EventFacts: the fields of an Event that the broker indexes, filters and projects on,
// extracted once at ingest.
//
// Threading: plain values.
#pragma once

#include <cstdint>
#include <string>

#include "alertbus/v1/event.pb.h"

#include "alertbus/protocol/case_projection.hpp"
#include "alertbus/protocol/clock.hpp"

namespace alertbus::broker {

struct EventFacts {
  v1::AlertKind kind = v1::ALERT_KIND_UNSPECIFIED;
  v1::EventType type = v1::EVENT_TYPE_UNSPECIFIED;
  v1::Severity severity = v1::SEVERITY_UNSPECIFIED;
  // The keys of the event's areas, "<scheme>:<code>" (alertbus/protocol/areas.hpp), each
  // surrounded by spaces (" VN-2025:24 VN-2004:07360 "), so a match is a substring test.
  std::string area_codes;
  // For a follow-up: the alert it follows. Empty for alerts.
  std::string alert_event_id;
  std::string sender_unit;
  std::int64_t sent_at_ms = 0;
  bool stable = false;  // FollowUp.stable.
};

// The area keys of `areas` as EventFacts::area_codes holds them (" VN-2025:24
// VN-2004:07360 "), as the projection's cases hold them too.
using protocol::area_codes_of;

// Extracts the facts of a (validated) event.
EventFacts facts_of(const v1::Event& event);

// Milliseconds since the Unix epoch of a protobuf Timestamp, and back.
using protocol::set_unix_ms;
using protocol::to_unix_ms;

}  // namespace alertbus::broker
