// Validation of events per kind: every rule DOMAIN.md implies, each failure with a specific
// error code, a Vietnamese and an English message, and the field path.
//
// The codec has already checked that the bytes parse and that strings are UTF-8; this checks
// meaning: required fields, ranges, dates, coordinates inside Vietnam, known enum values,
// lengths, and that kind, type and body agree.
// Threading: pure functions.
#pragma once

#include <cstdint>

#include "alertbus/v1/event.pb.h"

#include "alertbus/protocol/status.hpp"

namespace alertbus::protocol {

struct ValidationOptions {
  // "Now" in Unix milliseconds; sent_at may not be more than max_clock_skew_ms after it,
  // nor, when max_age_ms is not 0, more than max_age_ms before it.
  std::int64_t now_unix_ms = 0;
  std::int64_t max_clock_skew_ms = 10 * 60 * 1000;
  std::int64_t max_age_ms = 0;
  // An event another node stored (replication): rules that came after the first version and
  // only narrow what an officer may write (a commune field takes a commune's 5 digits) are its
  // origin's to apply, so a node upgraded before its neighbours loses none of their alerts.
  bool relayed = false;
};

// The age a broker allows an event's sent_at when it stores it (publish) or when its origin
// did (relayed): 24 h, for an officer who wrote it before the network came back.
inline constexpr std::int64_t kMaxEventAgeMs = 24 * 60 * 60 * 1000;

// Returns OK, or the first problem found (fields are checked in declaration order).
Status validate_event(const v1::Event& event, const ValidationOptions& options);

// Vietnam's bounding box, mainland and islands: 8.2..23.4 N, 102.1..117.5 E.
bool is_inside_vietnam(double latitude, double longitude);

}  // namespace alertbus::protocol
