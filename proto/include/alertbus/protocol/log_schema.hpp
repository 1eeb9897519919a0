// The schema version of a node's log database (alertbus.db, PRAGMA user_version) that this
// build writes: the broker's migrations (broker/store/sqlite/schema.cpp) end there, and
// alertctl's backup and restore refuse a file newer than it (this build could not open it).
//
// Threading: a constant.
#pragma once

namespace alertbus::protocol {

inline constexpr int kLogSchemaVersion = 11;

}  // namespace alertbus::protocol
