// Reference numbers: the short human numbers a node gives the events that originate there,
// e.g. "BG-2026-00042" (docs/ARCHITECTURE.md, Storage). Each series is a prefix and a year
// (the local calendar year, Vietnam time by default) numbered from 1 without gaps; a number
// drawn for an event that turns out to be a duplicate is given back. Every Store numbers
// events with these functions, so that every store numbers them alike; where the last
// number of each series is kept is the store's own business.
//
// Threading: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace alertbus::broker {

// The series an event stored at `unix_ms` is numbered in: "<prefix>-<local year>", e.g.
// "BG-2026" (a time after 17:00 UTC on 31 December is already next year at UTC+7).
std::string reference_series(std::string_view prefix, std::int64_t unix_ms, int utc_offset_hours);

// The reference of number `number` in `series`: "BG-2026-00042" (at least five digits).
std::string format_reference(std::string_view series, std::int64_t number);

// The series of a reference made by format_reference(): "BG-2026" for "BG-2026-00042".
std::string_view series_of_reference(std::string_view reference);

}  // namespace alertbus::broker
