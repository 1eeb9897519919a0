// Event ids: UUID version 7 (RFC 9562), canonical lowercase text.
//
// The publisher chooses the id, so a retry after a lost acknowledgement carries the same id
// and the broker's permanent dedup recognises it.
// Threading: new_event_id() is thread-safe (libsodium's generator).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace alertbus::protocol {

// A new UUIDv7: 48 bits of Unix milliseconds, then random bits.
std::string new_event_id();

// A UUIDv7 for a given time (for tests and imports).
std::string new_event_id_at(std::int64_t unix_ms);

// True for canonical lowercase "8-4-4-4-12" hex text with a known version (1..8) and the
// RFC 4122 variant.
bool is_valid_event_id(std::string_view id);

}  // namespace alertbus::protocol
