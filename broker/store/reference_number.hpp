// Reference numbers: the short human numbers a node gives the events that originate there
// (docs/ARCHITECTURE.md, Storage; docs/PROTOCOL.md, "References"). An alert is numbered in
// its node's yearly series, "BG-2026-00042" (the local calendar year, Vietnam time by
// default, from 1 without gaps). A follow-up is numbered within its alert: "BG-2026-00042/3"
// when it comes from the alert's own node, "BG-2026-00042/HD-2" from another (Hải Dương's
// second), so that officers read which alert it follows and no two nodes draw the same
// number. A broker's notice (a RECEIPT, an OVERDUE notice) takes no number. A number drawn
// for an event that is not stored is given back. Every Store numbers events with these
// functions, so that every store numbers them alike; where the last number of each series
// is kept is the store's own business.
//
// Threading: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "alertbus/v1/common.pb.h"

namespace alertbus::broker {

// The yearly series of a node's alerts stored at `unix_ms`: "<prefix>-<local year>", e.g.
// "BG-2026" (a time after 17:00 UTC on 31 December is already next year at UTC+7).
std::string reference_series(std::string_view prefix, std::int64_t unix_ms, int utc_offset_hours);

// The series of the follow-ups that node `prefix` makes of the alert `alert_reference`:
// "BG-2026-00042/" for the alert's own node, "BG-2026-00042/HD-" for another.
std::string follow_up_series(std::string_view alert_reference, std::string_view prefix);

// Whether an event of this type takes a reference number (a broker's notice does not).
bool takes_reference(v1::EventType type);

// The reference of number `number` in `series`: "BG-2026-00042" (at least five digits) in a
// yearly series, "BG-2026-00042/3" or "BG-2026-00042/HD-2" in a follow-up series.
std::string format_reference(std::string_view series, std::int64_t number);

// The series of a reference made by format_reference(): "BG-2026" for "BG-2026-00042",
// "BG-2026-00042/HD-" for "BG-2026-00042/HD-2".
std::string_view series_of_reference(std::string_view reference);

}  // namespace alertbus::broker
