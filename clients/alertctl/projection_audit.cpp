#include "alertctl/projection_audit.hpp"

#include <optional>
#include <utility>

#include "alertbus/protocol/case_projection.hpp"
#include "alertbus/sqlite/sqlite_handle.hpp"
#include "alertctl/expected_cases.hpp"
#include "alertctl/node_database.hpp"

namespace alertbus::alertctl {
namespace {

using sqlite::Database;
using sqlite::Statement;
using sqlite::StatementReset;

// The projection's side: its cases in event id order, each case's receipts and search rows.
// The search rows are copied into a temporary table indexed by case (case_text's case_id is
// UNINDEXED: finding a case's rows there is a scan).
struct StoredCases {
  Database db;
  std::string path;
  Statement cases;
  Statement texts;
  Statement receipts;
  std::uint64_t text_rows = 0;
  std::uint64_t receipt_rows = 0;
  std::uint64_t texts_seen = 0;
  std::uint64_t receipts_seen = 0;

  Status prepare() {
    if (Status status =
            db.exec("CREATE TEMP TABLE audit_text AS SELECT case_id, text || ' | ' || exact AS text"
                    " FROM case_text;"
                    " CREATE INDEX temp.audit_text_by_case ON audit_text (case_id);");
        !status.ok()) {
      return status;
    }
    auto text_count = Statement::prepare(db, "SELECT count(*) FROM audit_text");
    auto receipt_count = Statement::prepare(db, "SELECT count(*) FROM case_receipts");
    auto all_cases = Statement::prepare(
        db,
        "SELECT event_id, reference, kind, origin_node, sender_unit, severity, state, sent_at_ms,"
        " area_codes, alert_missing, body, changed_seq FROM cases ORDER BY event_id");
    auto case_texts = Statement::prepare(db, "SELECT text FROM audit_text WHERE case_id = ?1");
    auto case_receipts = Statement::prepare(
        db, "SELECT node, stored_at_ms FROM case_receipts WHERE case_id = ?1 ORDER BY node");
    if (!text_count.ok() || !receipt_count.ok() || !all_cases.ok() || !case_texts.ok() ||
        !case_receipts.ok() || text_count->step() != SQLITE_ROW ||
        receipt_count->step() != SQLITE_ROW) {
      return read_failure(db, path);
    }
    text_rows = text_count->column_uint64(0);
    receipt_rows = receipt_count->column_uint64(0);
    cases = std::move(all_cases).value();
    texts = std::move(case_texts).value();
    receipts = std::move(case_receipts).value();
    return {};
  }

  // The next row of the walk, or nullopt at its end.
  StatusOr<std::optional<CaseRecord>> next_case() {
    const int rc = cases.step();
    if (rc == SQLITE_DONE) {
      return std::optional<CaseRecord>();
    }
    if (rc != SQLITE_ROW) {
      return read_failure(db, path);
    }
    CaseRecord record;
    protocol::CaseColumns& columns = record.columns;
    columns.event_id = cases.column_text(0);
    columns.reference = cases.column_text(1);
    columns.kind = cases.column_int(2);
    columns.origin_node = cases.column_text(3);
    columns.sender_unit = cases.column_text(4);
    columns.severity = cases.column_int(5);
    columns.state = cases.column_int(6);
    columns.sent_at_ms = cases.column_int64(7);
    columns.area_codes = cases.column_text(8);
    columns.alert_missing = cases.column_int(9) != 0;
    v1::AlertCase body;
    const std::string_view bytes = cases.column_blob_view(10);
    if (body.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
      record.body = std::move(body);
    }
    record.changed_seq = cases.column_uint64(11);
    return std::optional<CaseRecord>(std::move(record));
  }

  // Reads the receipts and search rows the projection keeps for `case_id` into `record`.
  Status read_rows_of(const std::string& case_id, CaseRecord* record) {
    {
      StatementReset reset(texts);
      texts.bind_text(1, case_id);
      int rc = SQLITE_ROW;
      while ((rc = texts.step()) == SQLITE_ROW) {
        record->search_texts.push_back(texts.column_text(0));
      }
      if (rc != SQLITE_DONE) {
        return read_failure(db, path);
      }
    }
    StatementReset reset(receipts);
    receipts.bind_text(1, case_id);
    int rc = SQLITE_ROW;
    while ((rc = receipts.step()) == SQLITE_ROW) {
      record->receipts.emplace_back(receipts.column_text(0), receipts.column_int64(1));
    }
    if (rc != SQLITE_DONE) {
      return read_failure(db, path);
    }
    texts_seen += record->search_texts.size();
    receipts_seen += record->receipts.size();
    return {};
  }
};

// Opens the projection and begins its read transaction; reads its version and watermark
// into `report`. Nullopt (with report->outcome set) when there is nothing to compare.
StatusOr<std::optional<StoredCases>> open_stored(const std::string& path,
                                                 ProjectionReport* report) {
  auto opened = open_read_only(path);
  if (!opened.ok()) {
    if (opened.status().code() == v1::NOT_FOUND) {
      report->outcome = ProjectionReport::Outcome::kNoFile;
      return std::optional<StoredCases>();
    }
    return opened.status();
  }
  StoredCases stored;
  stored.db = std::move(opened).value();
  stored.path = path;
  if (Status status = stored.db.exec("BEGIN"); !status.ok()) {
    return status;
  }
  auto version = Statement::prepare(stored.db, "PRAGMA user_version");
  if (!version.ok() || version->step() != SQLITE_ROW) {
    return read_failure(stored.db, path);
  }
  report->schema_version = version->column_int(0);
  if (report->schema_version != protocol::kProjectionSchemaVersion) {
    report->outcome = ProjectionReport::Outcome::kOtherSchema;
    return std::optional<StoredCases>();
  }
  auto watermark = Statement::prepare(
      stored.db, "SELECT log_epoch, projected_seq FROM projection_state WHERE id = 1");
  if (!watermark.ok() || watermark->step() != SQLITE_ROW) {
    return read_failure(stored.db, path);
  }
  report->projection_epoch = watermark->column_uint64(0);
  report->projected_seq = watermark->column_uint64(1);
  return std::optional<StoredCases>(std::move(stored));
}

void add(ProjectionReport* report, CaseDiscrepancy discrepancy) {
  ++report->discrepancy_count;
  if (report->discrepancies.size() < kMaxListedDiscrepancies) {
    report->discrepancies.push_back(std::move(discrepancy));
  }
}

// One case id of the merged walk: `row` is the projection's row (null when it has none),
// `in_log` whether the log's walk holds the id.
Status check_case(const std::string& case_id, bool in_log, CaseRecord* row, StoredCases& stored,
                  ExpectedCases& expected, ProjectionReport* report) {
  CaseRecord none;
  CaseRecord& held = row != nullptr ? *row : none;
  if (Status status = stored.read_rows_of(case_id, &held); !status.ok()) {
    return status;
  }
  std::optional<CaseRecord> recomputed;
  CaseDiscrepancy discrepancy;
  discrepancy.event_id = case_id;
  if (in_log) {
    auto computed = expected.expected_case(case_id, &discrepancy.reference);
    if (!computed.ok()) {
      return computed.status();
    }
    recomputed = std::move(computed).value();
  }
  if (recomputed && row != nullptr) {
    discrepancy.fields = compare_case(held, *recomputed);
    if (!discrepancy.fields.empty()) {
      add(report, std::move(discrepancy));
    }
  } else if (recomputed) {
    discrepancy.problem = CaseDiscrepancy::Problem::kNoRow;
    add(report, std::move(discrepancy));
  } else if (row != nullptr) {
    discrepancy.problem = CaseDiscrepancy::Problem::kNotInLog;
    discrepancy.reference = held.columns.reference;
    add(report, std::move(discrepancy));
  }
  return {};
}

}  // namespace

StatusOr<ProjectionReport> verify_projection(const std::string& log_path,
                                             const std::string& projection_path) {
  ProjectionReport report;
  report.path = projection_path;
  // The projection's snapshot first: the log's, taken after it, holds every row it covers.
  auto opened = open_stored(projection_path, &report);
  if (!opened.ok() || !opened.value()) {
    return opened.ok() ? StatusOr<ProjectionReport>(std::move(report))
                       : StatusOr<ProjectionReport>(opened.status());
  }
  StoredCases& stored = *opened.value();
  auto log = ExpectedCases::open(log_path);
  if (!log.ok()) {
    return log.status();
  }
  ExpectedCases& expected = log.value();
  report.log_epoch = expected.epoch();
  report.log_head = expected.head_seq();
  if (report.projection_epoch != report.log_epoch || report.projected_seq > report.log_head) {
    report.outcome = report.projection_epoch != report.log_epoch
                         ? ProjectionReport::Outcome::kOtherLog
                         : ProjectionReport::Outcome::kAheadOfLog;
    return report;
  }
  if (Status status = stored.prepare(); !status.ok()) {
    return status;
  }
  if (Status status = expected.start(report.projected_seq); !status.ok()) {
    return status;
  }
  // Both walks in event id order, merged.
  auto next_id = expected.next_case_id();
  auto next_row = stored.next_case();
  while (true) {
    if (!next_id.ok() || !next_row.ok()) {
      return next_id.ok() ? next_row.status() : next_id.status();
    }
    const std::optional<std::string>& id = next_id.value();
    std::optional<CaseRecord>& row = next_row.value();
    if (!id && !row) {
      break;
    }
    ++report.cases;
    const bool in_log = id && (!row || *id <= row->columns.event_id);
    const bool in_projection = row && (!id || row->columns.event_id <= *id);
    if (Status status = check_case(in_log ? *id : row->columns.event_id, in_log,
                                   in_projection ? &*row : nullptr, stored, expected, &report);
        !status.ok()) {
      return status;
    }
    if (in_log) {
      next_id = expected.next_case_id();
    }
    if (in_projection) {
      next_row = stored.next_case();
    }
  }
  report.stray_search_rows = stored.text_rows - stored.texts_seen;
  report.stray_receipt_rows = stored.receipt_rows - stored.receipts_seen;
  return report;
}

}  // namespace alertbus::alertctl
