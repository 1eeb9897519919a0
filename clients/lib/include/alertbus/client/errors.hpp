// Client-side status helpers shared by Publisher, Subscriber and Client.
//
// The library reports every failure as an alertbus::Status. Codes from the broker arrive
// unchanged (alertbus.v1.ErrorCode). One code is the library's own: kUnavailable, "the broker
// did not answer in time" (unreachable, down, or too slow). ZeroMQ cannot tell those apart,
// so neither does the library.
//
// Threading: pure functions and constants.
#pragma once

#include <chrono>
#include <string>

#include "alertbus/protocol/status.hpp"

namespace alertbus::client {

using Clock = std::chrono::steady_clock;

// The broker did not answer within the caller's timeout. Never sent on the wire; its number
// lies outside the range errors.proto uses, so it can never collide with a broker code.
inline constexpr ErrorCode kUnavailable = static_cast<ErrorCode>(1000);

// A kUnavailable status naming the endpoint and how long the library waited.
Status unavailable_status(const std::string& endpoint, std::chrono::milliseconds waited);

// True for kUnavailable.
bool is_unavailable(const Status& status);

// True for the broker codes after which the same request may be sent again:
// STORE_FAILURE, SHUTTING_DOWN, TOO_MANY_IN_FLIGHT, RATE_LIMITED, PROJECTION_BEHIND. Any other
// error refuses the request itself, and resending it would be refused again.
bool is_retryable(ErrorCode code);

// The code's name: the enum name for wire codes ("MISSING_FIELD"), "UNAVAILABLE" for
// kUnavailable.
std::string error_code_name(ErrorCode code);

}  // namespace alertbus::client
