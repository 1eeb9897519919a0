#include "alertctl/expected_cases.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <utility>
#include <vector>

#include "alertbus/protocol/case_projection.hpp"
#include "alertbus/protocol/clock.hpp"
#include "alertctl/node_database.hpp"

namespace alertbus::alertctl {
namespace {

// The columns of a log row as the broker's store reads them for a case (row_from()).
constexpr const char* kRowColumns =
    "seq, event_id, origin_node, origin_epoch, origin_seq, reference, received_at_ms, via,"
    " event, kind, type, signer, origin_stored_ms";

// A row selected with kRowColumns.
v1::StoredEvent stored_from(const sqlite::Statement& row) {
  v1::StoredEvent stored;
  stored.set_seq(row.column_uint64(0));
  stored.set_event_id(row.column_text(1));
  stored.mutable_origin()->set_node(row.column_text(2));
  stored.mutable_origin()->set_epoch(row.column_uint64(3));
  stored.mutable_origin()->set_seq(row.column_uint64(4));
  stored.set_reference(row.column_text(5));
  protocol::set_unix_ms(row.column_int64(6), stored.mutable_received_at());
  stored.set_via(row.column_text(7));
  stored.set_event(row.column_blob(8));
  stored.set_kind(static_cast<v1::AlertKind>(row.column_int(9)));
  stored.set_type(static_cast<v1::EventType>(row.column_int(10)));
  stored.set_signer(row.column_text(11));
  protocol::set_origin_stored_at(row.column_is_null(12) ? 0 : row.column_int64(12),
                                 row.column_int64(6), stored.via(), &stored);
  return stored;
}

// The first log schema whose cases live in their own file, found through log_by_alert
// (broker/store/sqlite/schema.cpp, migration 8).
constexpr int kFirstProjectedLogVersion = 8;

using sqlite::Statement;
using sqlite::StatementReset;

}  // namespace

StatusOr<ExpectedCases> ExpectedCases::open(const std::string& path) {
  auto opened = open_node_database(
      path, kFirstProjectedLogVersion, "has no case projection yet; start this alertbusd on it",
      "chưa có hồ sơ vụ việc; hãy chạy alertbusd phiên bản này trên tệp");
  if (!opened.ok()) {
    return opened.status();
  }
  ExpectedCases cases(std::move(opened).value(), path);
  if (Status status = cases.db_.exec("BEGIN"); !status.ok()) {
    return status;
  }
  if (Status status = cases.read_head(); !status.ok()) {
    return status;
  }
  return cases;
}

Status ExpectedCases::read_head() {
  auto epoch = Statement::prepare(db_, "SELECT value FROM meta WHERE key = 'epoch'");
  auto head = Statement::prepare(db_, "SELECT coalesce(max(seq), 0) FROM log");
  if (!epoch.ok() || !head.ok() || epoch->step() != SQLITE_ROW || head->step() != SQLITE_ROW) {
    return read_failure(db_, path_);
  }
  const std::string text = epoch->column_text(0);
  epoch_ = std::strtoull(text.c_str(), nullptr, 10);
  head_seq_ = head->column_uint64(0);
  return {};
}

Status ExpectedCases::start(std::uint64_t up_to_seq) {
  up_to_seq_ = up_to_seq;
  // A row kept under an id an earlier one holds is in no case (the broker's projector skips
  // it). Logs before schema 11 have no such rows, nor the column.
  in_cases_ = Statement::prepare(db_, "SELECT id_conflict FROM log LIMIT 0").ok()
                  ? " AND id_conflict = 0"
                  : "";
  if (Status status = gather_receipts(); !status.ok()) {
    return status;
  }

  struct Entry {
    Statement* statement;
    const char* sql;
  };

  const std::string case_events_sql =
      std::string("SELECT ") + kRowColumns +
      " FROM log WHERE seq IN (SELECT seq FROM log WHERE event_id = ?1 AND type = ?3 UNION"
      " SELECT seq FROM log WHERE alert_event_id = ?1 AND type != ?4) AND seq <= ?2" +
      in_cases_ + " ORDER BY seq";
  const std::string case_ids_sql =
      "SELECT CASE WHEN type = ?1 THEN event_id ELSE alert_event_id END FROM log"
      " WHERE seq <= ?3 AND type != ?2 AND (type = ?1 OR alert_event_id != '')" +
      in_cases_ + " UNION SELECT case_id FROM audit_receipts ORDER BY 1";
  const std::array<Entry, 4> entries{{
      // The cases of the rows: an alert's own, a follow-up's alert, each receipt's alerts.
      {&case_ids_, case_ids_sql.c_str()},
      // As the broker reads a case (Store::read_case_events), its receipts apart.
      {&case_events_, case_events_sql.c_str()},
      {&case_receipts_,
       "SELECT node, min(stored_at_ms), max(seq) FROM audit_receipts WHERE case_id = ?1"
       " GROUP BY node ORDER BY node"},
      {&first_receipt_,
       "SELECT seq, kind FROM audit_receipts WHERE case_id = ?1 ORDER BY seq LIMIT 1"},
  }};
  for (const Entry& entry : entries) {
    auto prepared = Statement::prepare(db_, entry.sql);
    if (!prepared.ok()) {
      return read_failure(db_, path_);
    }
    *entry.statement = std::move(prepared).value();
  }
  case_ids_.bind(1, static_cast<int>(v1::ALERT));
  case_ids_.bind(2, static_cast<int>(v1::RECEIPT));
  case_ids_.bind(3, up_to_seq_);
  return {};
}

// One pass over the receipts, each covered alert a row of a temporary table (SQLite keeps
// temporary tables in files: memory does not grow with the log).
Status ExpectedCases::gather_receipts() {
  if (Status status =
          db_.exec("CREATE TEMP TABLE audit_receipts (case_id TEXT NOT NULL, node TEXT NOT NULL,"
                   " stored_at_ms INTEGER NOT NULL, seq INTEGER NOT NULL, kind INTEGER NOT NULL)");
      !status.ok()) {
    return status;
  }
  auto receipts =
      Statement::prepare(db_, std::string("SELECT ") + kRowColumns +
                                  " FROM log WHERE type = ?1 AND seq <= ?2" + in_cases_);
  auto insert = Statement::prepare(db_,
                                   "INSERT INTO audit_receipts (case_id, node, stored_at_ms, seq,"
                                   " kind) VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!receipts.ok() || !insert.ok()) {
    return read_failure(db_, path_);
  }
  receipts->bind(1, static_cast<int>(v1::RECEIPT));
  receipts->bind(2, up_to_seq_);
  int rc = SQLITE_ROW;
  while ((rc = receipts->step()) == SQLITE_ROW) {
    auto decoded = protocol::case_event_of(stored_from(*receipts));
    if (!decoded.ok() || decoded->event.type() != v1::RECEIPT) {
      continue;  // Left out by the projector too; the chain check names the row.
    }
    const v1::Event& receipt = decoded->event;
    const std::string node = protocol::node_of_unit(receipt.sender_unit());
    for (const auto& [case_id, stored_at_ms] : protocol::receipt_coverage(*decoded)) {
      StatementReset reset(*insert);
      insert->bind_text(1, case_id);
      insert->bind_text(2, node);
      insert->bind(3, stored_at_ms);
      insert->bind(4, receipts->column_uint64(0));
      insert->bind(5, static_cast<int>(receipt.kind()));
      if (insert->step() != SQLITE_DONE) {
        return read_failure(db_, path_);
      }
    }
  }
  if (rc != SQLITE_DONE) {
    return read_failure(db_, path_);
  }
  return db_.exec("CREATE INDEX temp.audit_receipts_by_case ON audit_receipts (case_id, seq)");
}

StatusOr<std::optional<std::string>> ExpectedCases::next_case_id() {
  const int rc = case_ids_.step();
  if (rc == SQLITE_ROW) {
    return std::optional<std::string>(case_ids_.column_text(0));
  }
  if (rc != SQLITE_DONE) {
    return read_failure(db_, path_);
  }
  return std::optional<std::string>();
}

Status ExpectedCases::read_events(const std::string& case_id, CaseBuild* build) {
  StatementReset reset(case_events_);
  case_events_.bind_text(1, case_id);
  case_events_.bind(2, up_to_seq_);
  case_events_.bind(3, static_cast<int>(v1::ALERT));
  case_events_.bind(4, static_cast<int>(v1::RECEIPT));
  int rc = SQLITE_ROW;
  while ((rc = case_events_.step()) == SQLITE_ROW) {
    const v1::StoredEvent stored = stored_from(case_events_);
    auto decoded = protocol::case_event_of(stored);
    if (!decoded.ok()) {
      continue;  // Left out by the projector too; the chain check names the row.
    }
    if (build->events.empty()) {
      build->first_seq = stored.seq();
      build->first_kind = decoded->event.kind();
    }
    build->record.changed_seq = std::max<std::uint64_t>(build->record.changed_seq, stored.seq());
    // As the projection indexes it (ProjectionDb::add_text): folded, and as written.
    const protocol::SearchText text = protocol::case_search_text(*decoded);
    build->record.search_texts.push_back(text.folded + " | " + text.written);
    build->events.push_back(std::move(decoded).value());
  }
  return rc == SQLITE_DONE ? Status() : read_failure(db_, path_);
}

Status ExpectedCases::read_receipts(const std::string& case_id, CaseBuild* build) {
  {
    StatementReset reset(case_receipts_);
    case_receipts_.bind_text(1, case_id);
    int rc = SQLITE_ROW;
    while ((rc = case_receipts_.step()) == SQLITE_ROW) {
      build->record.receipts.emplace_back(case_receipts_.column_text(0),
                                          case_receipts_.column_int64(1));
      build->record.changed_seq =
          std::max(build->record.changed_seq, case_receipts_.column_uint64(2));
    }
    if (rc != SQLITE_DONE) {
      return read_failure(db_, path_);
    }
  }
  if (build->record.receipts.empty()) {
    return {};
  }
  StatementReset reset(first_receipt_);
  first_receipt_.bind_text(1, case_id);
  if (first_receipt_.step() != SQLITE_ROW) {
    return read_failure(db_, path_);
  }
  if (build->events.empty() || first_receipt_.column_uint64(0) < build->first_seq) {
    build->first_kind = static_cast<v1::AlertKind>(first_receipt_.column_int(1));
  }
  return {};
}

StatusOr<std::optional<CaseRecord>> ExpectedCases::expected_case(const std::string& case_id,
                                                                 std::string* reference) {
  CaseBuild build;
  if (Status status = read_events(case_id, &build); !status.ok()) {
    return status;
  }
  if (Status status = read_receipts(case_id, &build); !status.ok()) {
    return status;
  }
  if (build.events.empty() && build.record.receipts.empty()) {
    return std::optional<CaseRecord>();
  }
  // The projector's receipts take the kind of the first row that touched the case.
  CaseRecord& record = build.record;
  record.body =
      protocol::project_case(case_id, std::move(build.events), record.receipts, build.first_kind);
  record.columns = protocol::case_columns(*record.body);
  *reference = record.body->reference();
  return std::optional<CaseRecord>(std::move(record));
}

}  // namespace alertbus::alertctl
