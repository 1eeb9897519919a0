// CaseProjection: keeps the `cases` table (each alert as a case, alertbus/v1/casework.proto)
// and its full-text index `case_text` in step with the log.
//
// A case is recomputed from ALL its events in the log (protocol::compute_case) whenever one
// of them is appended, inside the store's transaction, so it does not depend on the order
// in which this node received them and every node computes the same case from the same
// events. What is stored is free of the clock and of the configuration (receivers of other
// nodes, deadlines): the query completes it (protocol::complete_case). When each node stored
// the alert comes from the RECEIPT notices the nodes issue, which travel like any event.
//
// case_text holds, per case, the folded text (protocol::fold_for_search) of the reference,
// the title, the description and the area names of the alert and the texts of its
// follow-ups, so "lo mom long mong" finds "Lở mồm long móng" and "dong" finds "Đông".
//
// Threading: owned by the SqliteStore that prepared it; same thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "alertbus/v1/casework.pb.h"

#include "sqlite_handle.hpp"

namespace alertbus::broker {

// What the cases table can filter on; everything else the query filters after completing
// each case (states at a time, overdue).
struct CaseFilter {
  std::string event_id;
  std::string reference;
  std::vector<int> kinds;
  std::vector<int> stored_states;  // AlertState values as stored (never EXPIRED).
  std::vector<std::string> origin_nodes;
  std::vector<std::string> area_codes;  // Already expanded to every scheme's codes.
  int min_severity = 0;
  bool has_sent_from = false;
  std::int64_t sent_from_ms = 0;
  bool has_sent_until = false;
  std::int64_t sent_until_ms = 0;
  std::string sender_unit;
  std::string match;  // An FTS5 MATCH expression (build_match()); empty: no text filter.
  // Keyset cursor in the order (sent_at desc, event id asc): rows strictly after it.
  bool has_cursor = false;
  std::int64_t cursor_sent_ms = 0;
  std::string cursor_event_id;
  std::size_t limit = 100;
};

struct CaseRow {
  std::int64_t sent_at_ms = 0;
  std::string event_id;
  v1::AlertCase body;  // As stored: complete it before use.
};

class CaseProjection {
 public:
  static StatusOr<CaseProjection> prepare(Database& db);

  // Recomputes the case of alert `case_id` from its events in the log. Runs inside the
  // caller's transaction, after the event that changed it was appended.
  Status refresh(const std::string& case_id);

  // Recomputes every case from the log. Runs inside the caller's transaction.
  Status rebuild();

  // The stored case of the alert `event_id`, if the alert is held here.
  StatusOr<std::optional<v1::AlertCase>> find(const std::string& event_id);

  // Up to filter.limit cases matching `filter`, in (sent_at desc, event id) order.
  Status read(const CaseFilter& filter, std::vector<CaseRow>* rows) const;

  // The FTS5 expression for user text: every word folded, quoted and matched as a prefix
  // ("Lở mồm" -> "\"lo\"* \"mom\"*"). Empty when the text has no word.
  static std::string build_match(std::string_view text);

 private:
  Database* db_ = nullptr;
  Statement select_events_;
  Statement upsert_case_;
  Statement delete_text_;
  Statement insert_text_;
  Statement find_case_;
};

}  // namespace alertbus::broker
