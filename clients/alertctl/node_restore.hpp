// `alertctl admin restore`: a checked backup (node_backup.hpp) put back as a stopped node's
// alertbus.db. The node must be stopped: a process that has the database open holds
// SQLite's lock on its -shm file, and the restore refuses while one does. The current
// database is never deleted: it is moved aside with its WAL as
// alertbus.db.before-restore-<UTC time> (and its -wal), the -shm index removed; the backup is
// copied to a temporary file in the data directory (0600), fsync'd and renamed into place.
//
// alertbus.head stays: at start the broker compares the restored log with it and takes a
// new log epoch (docs/OPERATIONS.md, "Backup and restore"). When it is missing or names
// another epoch (lost with a disk, or the node restored before), the restore writes one
// that names the backup's epoch beyond its head, so that the restore is noticed all the same.
//
// Threading: one call at a time per data directory.
#pragma once

#include <optional>
#include <string>
#include <sys/types.h>

#include "alertbus/protocol/status.hpp"
#include "alertctl/node_backup.hpp"

namespace alertbus::alertctl {

// The process that has the SQLite database at `path` open in WAL mode (it holds the shared
// lock of the -shm file's dead-man byte), if any.
std::optional<pid_t> process_using(const std::string& path);

struct RestoreReport {
  std::string moved_aside;      // The old database's new name; empty when there was none.
  bool marker_written = false;  // alertbus.head was missing or of another epoch: rewritten.
};

// Puts the backup at `backup` (already inspected: `facts`, sound) in place in `data_dir`.
// Errors: NOT_FOUND (no such directory), PERMISSION_DENIED (a process has the database
// open), INVALID_VALUE (the data directory holds another node's database), STORE_FAILURE
// (a file could not be written, moved or synced).
StatusOr<RestoreReport> restore_database(const std::string& backup, const BackupFacts& facts,
                                         const std::string& data_dir);

}  // namespace alertbus::alertctl
