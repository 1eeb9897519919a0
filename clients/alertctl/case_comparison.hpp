// One case as the node's projection holds it against the same case recomputed from the log
// (projection_audit.hpp), and what differs between them, named field by field: the stored
// case's fields (state, title, receivers, ...), the cases table's columns, the receipts kept
// for it and its rows in the search index.
//
// Both sides are stored cases, free of the clock and the configuration (case_projection.hpp):
// nothing in them depends on the time or the federation's nodes, so they must be equal
// exactly.
//
// Threading: pure functions and plain values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "alertbus/v1/casework.pb.h"

#include "alertbus/protocol/case_projection.hpp"
#include "alertbus/protocol/vocabulary.hpp"

namespace alertbus::alertctl {

// A case as the projection stores it.
struct CaseRecord {
  std::optional<v1::AlertCase> body;  // Unset: the stored body does not parse.
  protocol::CaseColumns columns;
  std::uint64_t changed_seq = 0;  // The log seq of the last event that touched the case.
  // Every node a receipt says stored the alert, with its earliest time, by node.
  std::vector<std::pair<std::string, std::int64_t>> receipts;
  // The search index's text of each of its events, in any order.
  std::vector<std::string> search_texts;
};

// One thing that differs. `field` is a field of the stored case ("state", "title",
// "receivers"), "body" when the stored case does not parse, a column of the cases table
// ("cases.state", "cases.changed_seq"), "case_receipts" or "case_text". `stored` and
// `expected` (recomputed from the log) are the values when the field holds one value (a
// text, a number, a time in Vietnam time, an enum's name), else both empty; for case_text a
// text found on one side only, each.
struct FieldDifference {
  std::string field;
  std::string stored;
  std::string expected;
  bool unreadable = false;  // The stored body does not parse.
  bool text = false;        // The values are free text (quote them, cut them).
  // For an enum the vocabulary names (state, severity, kind, status): the values' numbers.
  std::optional<protocol::Vocabulary> vocabulary;
  int stored_value = 0;
  int expected_value = 0;
};

// What differs between `stored` (the projection's) and `expected` (recomputed from the log),
// in the order: the case's fields in field-number order, the columns, changed_seq, the
// receipts, the search texts. Empty when they are the same.
std::vector<FieldDifference> compare_case(const CaseRecord& stored, const CaseRecord& expected);

}  // namespace alertbus::alertctl
