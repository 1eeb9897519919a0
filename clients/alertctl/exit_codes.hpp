// alertctl's exit codes (also in `alertctl --help` and docs/PROTOCOL.md). Stable: scripts
// depend on them.
#pragma once

namespace alertbus::alertctl {

enum ExitCode : int {
  kExitOk = 0,
  kExitFailure = 1,      // Anything not listed below.
  kExitUsage = 2,        // Bad option or value, unreadable or invalid input file.
  kExitUnavailable = 3,  // Broker unreachable, or no answer in time.
  kExitRefused = 4,      // Refused by the broker or by local validation.
  kExitNotFound = 5,     // No such event or reference.
  kExitIncomplete = 6,   // watch ended before --count events arrived; audit checkpoints:
                         // events the origin signed are missing here.
  kExitTampered = 7,     // audit verify found the log's hash chain broken; audit
                         // checkpoints: a copy differs from the origin's.
  kExitCasesDiffer = 8,  // audit verify: the log is intact, but the case records the
                         // broker serves (its projection) differ from it.
  kExitIdConflict = 9,   // audit checkpoints: an event id is held by more than one event
                         // (an id reused by another origin; both are kept).
};

}  // namespace alertbus::alertctl
