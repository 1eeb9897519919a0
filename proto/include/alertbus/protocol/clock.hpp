// Time as the protocol carries it: Unix milliseconds, and protobuf Timestamps.
//
// Threading: pure functions.
#pragma once

#include <cstdint>

#include <google/protobuf/timestamp.pb.h>

namespace alertbus::protocol {

// The wall clock, in milliseconds since the Unix epoch.
std::int64_t now_unix_ms();

// Milliseconds since the Unix epoch of a Timestamp (sub-millisecond parts dropped).
std::int64_t to_unix_ms(const google::protobuf::Timestamp& time);

// Sets `time` to `unix_ms` (negative values too).
void set_unix_ms(std::int64_t unix_ms, google::protobuf::Timestamp* time);

}  // namespace alertbus::protocol
