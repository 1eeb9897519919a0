// Checks shared by the fuzz targets: what the broker does with untrusted event bytes, and
// the properties every outcome must have. A broken property aborts with a message, so
// libFuzzer saves the input as a crash like any sanitizer report.
//
// Threading: libFuzzer calls the targets from one thread; these hold no state.
#pragma once

#include <cstdint>
#include <string_view>

#include "alertbus/protocol/status.hpp"

namespace alertbus::fuzz {

// "Now" of every validation in the fuzz targets: 2026-12-01T00:00:00Z. Fixed, so that an
// input reproduces the same way on any day; the seed corpus's events are sent before it.
inline constexpr std::int64_t kNowUnixMs = 1'796'083'200'000;

// The clock skew the broker allows a publisher, and a peer's relayed events (a day: the
// origin already checked sent_at against its own clock; see broker/ingest.hpp).
inline constexpr std::int64_t kClientClockSkewMs = 10 * 60 * 1000;
inline constexpr std::int64_t kPeerClockSkewMs = 24 * 60 * 60 * 1000;

// Aborts with `what` unless `condition` holds.
void require(bool condition, const char* what);

// A failure the broker answers with must survive the wire: its Error frame encodes, decodes
// back, and the Status read from it is the same.
void check_error_reply(const Status& status);

// Decodes serialized Event bytes and validates them as the broker does (decode_event with
// the default size limit, then validate_event at kNowUnixMs with the given skew), then
// checks the outcome: a failure's reply survives the wire; a valid event's facts can be
// extracted and it is still valid after a re-serialization. Returns whether it is valid.
bool check_event_bytes(std::string_view bytes, std::int64_t max_clock_skew_ms);

}  // namespace alertbus::fuzz
