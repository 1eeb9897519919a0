// `alertctl admin backup` and what `admin restore` checks first: a copy of a node's log
// database made with SQLite's online backup API beside the running broker, and the checks a
// copy must pass before it is saved or put back (the log's hash chain, SQLite's integrity
// check, a schema this build knows).
//
// The copy is read in ONE read transaction of a read-only connection (sqlite3_backup_step
// with -1): on the WAL database the broker keeps committing meanwhile and the copy is the
// log as it stood at one commit. It is written to a temporary file beside the target (0600),
// switched to a rollback journal (one self-contained file), checked, fsync'd and renamed into
// place; the directory is fsync'd after the rename.
//
// Threading: any thread; one call at a time per file.
#pragma once

#include <cstdint>
#include <string>

#include "alertbus/protocol/status.hpp"
#include "alertctl/log_audit.hpp"

namespace alertbus::alertctl {

// What a copy holds, and whether it is sound.
struct BackupFacts {
  std::string node_id;
  std::uint64_t epoch = 0;
  int schema_version = 0;
  std::uint64_t bytes = 0;  // The file's size.
  ChainReport chain;        // rows = events stored, last_seq = head seq when intact.
  std::string integrity;    // "ok", or SQLite's first complaint (PRAGMA quick_check).

  bool sound() const { return !chain.broken && integrity == "ok"; }
};

// Reads and checks the alertbus database at `path` (not changed). Errors: NOT_FOUND (no such
// file), INVALID_VALUE (not an alertbus database, no hash chain yet, or a schema newer than
// this build: upgrade alertctl), STORE_FAILURE (SQLite failed reading). A broken chain or a
// failed integrity check is a fact, not an error: see sound().
StatusOr<BackupFacts> inspect_backup(const std::string& path);

// Copies the database at `source` to `out` (see above) and inspects the copy. `force`:
// replace an existing `out`; without it an existing file is refused (INVALID_VALUE). A copy
// that is not sound is not saved (its temporary file is removed) and comes back as the facts,
// for the caller to report.
StatusOr<BackupFacts> backup_database(const std::string& source, const std::string& out,
                                      bool force);

// fsync of a file or directory; false when it cannot be opened or synced.
bool sync_path(const std::string& path);

}  // namespace alertbus::alertctl
