// ProjectionDb: the casework projection, in its own SQLite file beside the log
// (<data_dir>/alertbus-projection.db), with its own schema version.
//
// Everything here is derived from the log and can be thrown away: a file of another schema
// version, another log epoch or ahead of the log is emptied and projected again from seq 0
// (docs/ARCHITECTURE.md, "Casework"). Its tables:
// - projection_state: the log epoch and `projected_seq`, the watermark: every log row up to
//   it is in the projection, none after it. Written in the same transaction as the rows it
//   covers, so a crash only means projecting again from there.
// - cases: each alert as a case (alertbus/v1/casework.proto), stored free of the clock and
//   the configuration (the query completes it), with the columns queries filter on and the
//   case_order() of the last event applied, so the next one extends the case when it sorts
//   after it (protocol::extend_case) and recomputes it otherwise, and `changed_seq`, the log
//   seq of the last event that changed it: the position of the case change stream.
// - case_receipts: when each node stored each alert, from the receipts (one receipt covers
//   many alerts, and the log indexes it under its first only).
// - case_text: FTS5, one row per event with its folded text and the case it belongs to; a
//   search wants every word somewhere in the case.
//
// Its own file keeps the projector's transactions off the log's write lock: the writer's
// group commit never waits for a projection. synchronous=NORMAL: after a power cut the
// projection may lose its last transactions, and with them its watermark.
//
// Threading: one thread per ProjectionDb; the projector writes through one, the loop reads
// through another.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alertbus/v1/casework.pb.h"

#include "alertbus/protocol/case_projection.hpp"
#include "alertbus/protocol/casework.hpp"
#include "alertbus/sqlite/sqlite_handle.hpp"
#include "casework/search_terms.hpp"

namespace alertbus::broker {

using sqlite::Database;
using sqlite::Statement;
using sqlite::StatementReset;

// What the cases table can filter on; everything else the query filters after completing
// each case (states at a time, overdue).
struct CaseFilter {
  std::string event_id;
  std::string reference;
  std::vector<int> kinds;
  std::vector<int> stored_states;  // AlertState values as stored (never EXPIRED).
  std::vector<std::string> origin_nodes;
  // Area keys ("VN-2025:24"), already expanded to those they cover (AreaTable::keys_covering).
  std::vector<std::string> area_codes;
  int min_severity = 0;
  bool has_sent_from = false;
  std::int64_t sent_from_ms = 0;
  bool has_sent_until = false;
  std::int64_t sent_until_ms = 0;
  std::string sender_unit;
  // A search (search_terms.hpp): every required term somewhere in the case. A query's
  // search is ranked (below).
  SearchTerms search;
  // The order of a change stream instead (case_stream.hpp): cases after (after_change,
  // after_change_event_id) in (changed_seq, event id) order; an empty event id: after every
  // case changed at after_change. One event can change several cases (a receipt covering
  // several alerts): they share its seq, and the event id orders them.
  bool by_change = false;
  std::uint64_t after_change = 0;
  std::string after_change_event_id;
  // Keyset cursor in the order (sent_at desc, event id asc): rows strictly after it.
  bool has_cursor = false;
  std::int64_t cursor_sent_ms = 0;
  std::string cursor_event_id;
  // Rows skipped in a ranked order (a ranked read pages by position, not by cursor).
  std::size_t offset = 0;
  std::size_t limit = 100;

  // A search outside a change stream comes best match first (ProjectionDb::read_cases).
  bool ranked() const { return !search.empty() && !by_change; }
};

struct CaseRow {
  std::int64_t sent_at_ms = 0;
  std::string event_id;
  std::uint64_t changed_seq = 0;  // The log seq of the last event that changed it.
  v1::AlertCase body;             // As stored: complete it before use.
  // In a ranked read: the text, as written, of the case's event that matches best.
  std::string matched_text;
};

// A case as the projector keeps it between events.
struct StoredCase {
  v1::AlertCase body;
  protocol::CaseOrder last;  // case_order() of the last event applied.
  std::uint64_t changed_seq = 0;
};

class ProjectionDb {
 public:
  // The schema this code writes, and the case rules it was projected with; a file of any
  // other version is emptied and rebuilt. Defined beside the rest of what alertctl's audit
  // must know of the projection (case_projection.hpp), with the history of its values.
  static constexpr int kSchemaVersion = protocol::kProjectionSchemaVersion;

  // Opens (the projector: creating, and emptying a file of another schema version) the
  // projection at `path`. A reader opens a file the projector has created.
  static StatusOr<std::unique_ptr<ProjectionDb>> open(const std::string& path, bool writer);

  struct Watermark {
    std::uint64_t log_epoch = 0;
    std::uint64_t projected_seq = 0;
  };

  StatusOr<Watermark> watermark();

  // Cases matching `filter`, at most filter.limit: best match first for a ranked search
  // (filter.offset rows skipped; ties newest first), else in (sent_at desc, event id) order,
  // or changed_seq order for a change stream. Defined in projection_query.cpp.
  Status read_cases(const CaseFilter& filter, std::vector<CaseRow>* rows) const;

  // Counts of rows, for tests and checks: cases and search rows.
  StatusOr<std::uint64_t> count(std::string_view table) const;

  // Projector side. Everything below runs inside begin() ... commit().
  Status begin();
  Status commit();
  void rollback();
  // Empties the projection: watermark (epoch, 0).
  Status reset(std::uint64_t log_epoch);
  StatusOr<std::optional<StoredCase>> load_case(const std::string& event_id);
  Status save_case(const StoredCase& stored);
  // Indexes one event's text (case_search_text()): folded, and as written.
  Status add_text(const std::string& case_id, const protocol::SearchText& text);
  Status set_projected(std::uint64_t seq);
  // Receipts, kept per case and node (the earliest time): a receipt covers several alerts
  // but the log finds it by its first alert only, so a case recomputed from its events in
  // the log takes its receipts from here.
  Status add_receipt(const std::string& case_id, const std::string& node,
                     std::int64_t stored_at_ms);
  Status load_receipts(const std::string& case_id,
                       std::vector<std::pair<std::string, std::int64_t>>* receipts);

 private:
  explicit ProjectionDb(Database db) : db_(std::move(db)) {}

  Status prepare_writer();

  Database db_;
  Statement load_case_;
  Statement save_case_;
  Statement add_text_;
  Statement set_projected_;
  Statement add_receipt_;
  Statement load_receipts_;
};

}  // namespace alertbus::broker
