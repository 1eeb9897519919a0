// ExpectedCases: the log's side of the projection audit (projection_audit.hpp): which cases
// the log holds up to a seq, and each case as the projection must store it, recomputed from
// the log's rows with the projector's code (alertbus/protocol/case_projection.hpp).
//
// It reads through its own read-only connection, in one read transaction. The receipts are
// read once, in seq order, into a temporary table indexed by the alert they cover (a receipt
// covers many alerts, and the log indexes it under its first only); everything else a case
// at a time through the log's index of follow-ups by alert (log_by_alert).
//
// Threading: one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "alertbus/protocol/casework.hpp"
#include "alertbus/protocol/status.hpp"
#include "alertbus/sqlite/sqlite_handle.hpp"
#include "alertctl/case_comparison.hpp"

namespace alertbus::alertctl {

class ExpectedCases {
 public:
  // Opens the log at `path` read-only and begins its read transaction. Errors as
  // open_node_database(); INVALID_VALUE for a log older than the projection (schema 8).
  static StatusOr<ExpectedCases> open(const std::string& path);

  std::uint64_t epoch() const { return epoch_; }

  std::uint64_t head_seq() const { return head_seq_; }

  // Reads the receipts up to `up_to_seq` and starts the walk over the cases of the log's rows
  // up to it, in event id order (SQLite's BINARY order). Call once.
  Status start(std::uint64_t up_to_seq);

  // The next case id of the walk, or nullopt at its end.
  StatusOr<std::optional<std::string>> next_case_id();

  // The case `case_id` as the projection must store it from the log's rows up to the seq of
  // start(), with the alert's reference (empty when the alert is not held); nullopt when no
  // row of it decodes (each such row breaks the chain, which verify_log_chain() reports).
  StatusOr<std::optional<CaseRecord>> expected_case(const std::string& case_id,
                                                    std::string* reference);

 private:
  ExpectedCases(sqlite::Database db, std::string path)
      : db_(std::move(db)), path_(std::move(path)) {}

  // One case as it is read: its decoded events, the record so far, and the seq and kind of
  // its first row (the kind the projector's receipts take).
  struct CaseBuild {
    std::vector<protocol::CaseEvent> events;
    CaseRecord record;
    std::uint64_t first_seq = 0;
    v1::AlertKind first_kind = v1::ALERT_KIND_UNSPECIFIED;
  };

  Status read_head();
  Status gather_receipts();
  Status read_events(const std::string& case_id, CaseBuild* build);
  Status read_receipts(const std::string& case_id, CaseBuild* build);

  sqlite::Database db_;
  std::string path_;
  std::uint64_t epoch_ = 0;
  std::uint64_t head_seq_ = 0;
  std::uint64_t up_to_seq_ = 0;
  std::string in_cases_;  // The condition that keeps rows flagged id_conflict out of cases.
  sqlite::Statement case_ids_;
  sqlite::Statement case_events_;
  sqlite::Statement case_receipts_;
  sqlite::Statement first_receipt_;
};

}  // namespace alertbus::alertctl
