// How the broker's case projection derives what it stores from the log's rows: the pieces the
// projector (broker/casework/projector.cpp) and `alertctl audit verify`, which recomputes the
// projection from the log to check it, must apply alike. The rules of a case stay in
// casework.hpp (compute_case, extend_case); this is how their inputs are made from log rows
// and how the result is stored: free of the clock and the configuration, with the receipts
// gathered apart, the columns the cases table is filtered on and each event's search text.
//
// Threading: pure functions and plain values.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alertbus/v1/casework.pb.h"
#include "alertbus/v1/event.pb.h"

#include "alertbus/protocol/casework.hpp"
#include "alertbus/protocol/status.hpp"

namespace alertbus::protocol {

// The projection's schema version (its file's PRAGMA user_version), which also stands for
// the case rules it was projected with: a file of another version is emptied and projected
// again by alertbusd, and not compared by alertctl. 4: NEW_OUTBREAK reopens only from the
// issuing province, follow-ups never count before their alert. 5: events count at their
// sent_at held within their store times (counted_ms()). 6: cases.area_codes holds area keys
// ("VN-2025:24"), not bare codes. 7: related areas (AlertCase.related_areas) in area_codes;
// the search index keeps the text as written beside its folded form (ranking, snippets).
// 8: the alert's places from its body and a fire's reported distance to the border
// (AlertCase.points, points_left_out, border_distance_km), so that cases projected before
// carry them once projected again.
inline constexpr int kProjectionSchemaVersion = 8;

// The context cases are stored with: no nodes, no deadlines, no time. A query completes them
// (complete_case) for the configuration in force and the time asked about.
const CaseContext& stored_case_context();

// The CaseEvent of a log row: its event bytes decoded, with the row's reference, origin node
// and stored_ms (the origin's store time, or this node's received_at when earlier or the
// origin's is unknown). INTERNAL, naming the seq, when the bytes do not parse (altered in the
// file): the projection leaves such a row out.
StatusOr<CaseEvent> case_event_of(const v1::StoredEvent& stored);

// Sets stored->origin().stored_at as a log row gives it: `origin_stored_ms` when the row has
// one (an event from a peer whose origin said when it stored it); for an event that
// originated at the node (no `via`), its `received_at_ms`; otherwise unset.
void set_origin_stored_at(std::int64_t origin_stored_ms, std::int64_t received_at_ms,
                          std::string_view via, v1::StoredEvent* stored);

// The case an ALERT or a follow-up belongs to: the alert's own id, or the alert it follows
// (empty: none). A RECEIPT covers several: receipt_coverage().
const std::string& case_id_of(const v1::Event& event);

// Each alert a RECEIPT covers and when the receipt's node stored it: its entries, or, for a
// receipt without entries (older brokers), its alert_event_id at its counted_ms(); never
// after the receipt itself counts.
std::vector<std::pair<std::string, std::int64_t>> receipt_coverage(const CaseEvent& receipt);

// The case_order() the projection keeps for a case that only receipts have touched so far:
// after an ALERT, before every follow-up.
CaseOrder receipts_only_order();

// The case as the projection stores it, computed whole: `events` are the case's decoded
// log rows (any order; receipts among them apply too), `receipts` each node that stored the
// alert with its earliest time, gathered from every receipt covering the case (the log's
// index finds a receipt under its first alert only), applied as receipts of `receipt_kind`
// (the kind the case had when a receipt first touched it).
v1::AlertCase project_case(const std::string& case_id, std::vector<CaseEvent> events,
                           std::span<const std::pair<std::string, std::int64_t>> receipts,
                           v1::AlertKind receipt_kind);

// The text one event adds to its case's search index: `written`, its title, description,
// follow-up text and area names, one per line, as written (what ranks by diacritics and
// makes snippets); `folded`, its reference and that text, folded (fold_for_search: what
// matches). Receipts add none.
struct SearchText {
  std::string folded;
  std::string written;
};

SearchText case_search_text(const CaseEvent& entry);

// The columns of the projection's cases table, derived from the stored case; queries filter
// on them before reading the case itself.
struct CaseColumns {
  std::string event_id;
  std::string reference;
  int kind = 0;
  std::string origin_node;
  std::string sender_unit;
  int severity = 0;
  int state = 0;
  std::int64_t sent_at_ms = 0;
  // area_codes_of() the case's areas and related areas: " VN-2025:24 VN-2004:07360 ".
  std::string area_codes;
  bool alert_missing = false;
};

CaseColumns case_columns(const v1::AlertCase& alert_case);

// The area keys (area_key(): scheme and code) of `areas` as the log and the projection index
// them, each surrounded by spaces (" VN-2025:24 VN-2004:07360 "), so a match is a substring
// test.
std::string area_codes_of(const google::protobuf::RepeatedPtrField<v1::Area>& areas);

}  // namespace alertbus::protocol
