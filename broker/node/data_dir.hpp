// The node's data directory kept owner-only: every kind of alert is in it, and the node's
// log is its audit record. prepare_data_dir() creates the directory (mode 0700) when missing
// and refuses to go on, with a clear error saying what to run, when the directory or any of
// the node's files in it (database, WAL, shared memory, head marker, projection) is open to
// the group or to other users. alertbusd's umask (0077, set in main) makes every file it
// creates owner-only.
//
// Threading: startup only.
#pragma once

#include <string>

#include "alertbus/protocol/status.hpp"

namespace alertbus::broker {

Status prepare_data_dir(const std::string& data_dir);

}  // namespace alertbus::broker
