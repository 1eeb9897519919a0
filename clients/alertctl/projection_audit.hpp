// The second check of `alertctl audit verify`: the node's case projection
// (<data_dir>/alertbus-projection.db, which the broker serves case queries from) against its
// log. Every case up to the projection's watermark `projected_seq` is recomputed from the
// log's events with the projector's own code (alertbus/protocol/case_projection.hpp) and
// compared with the stored row (case_comparison.hpp); alerts of the log with no case row and
// case rows of nothing in the log are found too.
//
// Both files are opened read-only, each in one read transaction, the projection's first: the
// log's snapshot then holds every row the projection's covers, so the check runs beside a
// running alertbusd. Memory holds one case's events at a time: the receipts (each covers many
// alerts, and the log indexes it under its first only) are read in one pass into a temporary
// table of the log's connection, the search rows copied into one of the projection's, both
// indexed by case and spilled to temporary files by SQLite; the cases are walked in event id
// order on both sides at once.
//
// Threading: any thread; one call at a time per database handle it opens itself.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "alertbus/protocol/status.hpp"
#include "alertctl/case_comparison.hpp"

namespace alertbus::alertctl {

struct CaseDiscrepancy {
  enum class Problem {
    kDiffers,   // The row differs from the case recomputed from the log (fields).
    kNoRow,     // The log has events of this case up to projected_seq; the projection no row.
    kNotInLog,  // A case row whose alert and follow-ups are not in the log up to projected_seq.
  };

  Problem problem = Problem::kDiffers;
  std::string event_id;
  // The alert's reference (from the log; from the row for kNotInLog); empty when the alert
  // itself is missing (only follow-ups or receipts of it are here).
  std::string reference;
  std::vector<FieldDifference> fields;  // kDiffers only.
};

struct ProjectionReport {
  enum class Outcome {
    kCompared,     // Compared: matches() tells.
    kNoFile,       // No projection file (casework off, or never started): nothing compared.
    kOtherSchema,  // Another schema version (the other alertbusd's rules): not compared.
    kOtherLog,     // Made for another log epoch: it is not this log's projection.
    kAheadOfLog,   // Its watermark is past the log's last row: not this log's projection.
  };

  Outcome outcome = Outcome::kCompared;
  std::string path;
  int schema_version = 0;  // The file's (kOtherSchema).
  std::uint64_t projection_epoch = 0;
  std::uint64_t log_epoch = 0;
  std::uint64_t projected_seq = 0;
  std::uint64_t log_head = 0;
  std::uint64_t cases = 0;  // Cases compared: in the log, the projection or both.
  std::uint64_t discrepancy_count = 0;
  std::vector<CaseDiscrepancy> discrepancies;  // The first kMaxListedDiscrepancies.
  // Rows of case_text and case_receipts that belong to no case of the log or the projection.
  std::uint64_t stray_search_rows = 0;
  std::uint64_t stray_receipt_rows = 0;

  // The projection is not this log's (a file to rebuild: `alertctl admin reproject`).
  bool differs() const {
    return outcome == Outcome::kOtherLog || outcome == Outcome::kAheadOfLog ||
           (outcome == Outcome::kCompared &&
            (discrepancy_count > 0 || stray_search_rows > 0 || stray_receipt_rows > 0));
  }
};

inline constexpr std::size_t kMaxListedDiscrepancies = 100;

// Checks the projection at `projection_path` against the log at `log_path` (a node's
// alertbus.db, whose chain verify_log_chain() checks). A projection that differs is a report,
// not an error; so is a missing file or one of another schema version (outcome). Errors:
// INVALID_VALUE when the log is not a node's database with the projection's index
// (schema version 8); STORE_FAILURE when SQLite fails reading either file.
StatusOr<ProjectionReport> verify_projection(const std::string& log_path,
                                             const std::string& projection_path);

}  // namespace alertbus::alertctl
