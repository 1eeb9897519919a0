// Reports over a period (DOMAIN.md, Reporting; the 2022 plan, section III: units report
// every six months before 10 June and every year before 10 December). A report is computed
// from the cases the broker returns (AlertCase, casework.proto), never from hand tallies:
// parse_period() turns "2026-H1" into a time range, compute_report() is a pure function of
// the cases, and the renderers print it as Markdown, CSV or a self-contained HTML page.
//
// Definitions (also in docs/OPERATIONS.md, "Casework: cases, search, reports"):
// - In the report: alerts with status ACTUAL (or unset) sent in [from, until). Exercises,
//   tests and cases whose alert is not held here (alert_missing) are counted apart.
// - Scope. Without a unit, "sent" is every alert in the period. With a unit U, "sent" is
//   the alerts U issued (sender_unit == U), and "received" the alerts of other nodes that U
//   acknowledged or reported measures on (ReceiverCase.acknowledged_by/action_taken_by == U;
//   the case records only the FIRST unit of a node to do so, so a unit that acknowledged
//   after another unit of its province is not counted).
// - Received, network scope: a receiving node received an alert when its ReceiverCase shows
//   delivery (delivered_at, acknowledged_at or action_taken_at set, or state DELIVERED,
//   ACKNOWLEDGED or ACTION_TAKEN); acknowledged when acknowledged_at or action_taken_at is
//   set (measures imply acknowledgement); action taken when action_taken_at is set.
// - Time to acknowledge: the earlier of acknowledged_at and action_taken_at minus the
//   alert's sent_at, per receiving node of the alerts sent in scope. Time to close:
//   closed_at (else state_changed_at) minus sent_at, for RESOLVED alerts only. Negative
//   differences (clock skew between nodes) count as 0.
// - Median and 90th percentile: nearest rank. Sorted ascending, the p-th percentile of N
//   values is the value at rank ceil(p * N / 100) (1-based): the median of 4 values is the
//   2nd, their 90th percentile the 4th.
// - States, overdue flags and follow-ups are those of the alerts sent in scope, as the
//   broker computed them at the time the report was made (CaseQuery.as_of = now).
//
// Threading: pure functions and plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alertbus/v1/casework.pb.h"

#include "alertbus/protocol/status.hpp"
#include "alertctl/messages.hpp"

namespace alertbus::alertctl {

// A report period in Vietnam time (UTC+7).
struct ReportPeriod {
  std::string label;          // As given: "2026-H1", "2026", "2026-01-01..2026-03-31".
  std::int64_t from_ms = 0;   // Inclusive, Unix ms.
  std::int64_t until_ms = 0;  // Exclusive, Unix ms.
  // When the plan wants the report: before 10 June (H1) or before 10 December (a year),
  // as the start of that day in Vietnam time. None for H2 and custom ranges.
  std::optional<std::int64_t> due_ms;
};

// Parses "YYYY-H1" (1 January – 30 June), "YYYY-H2" (1 July – 31 December), "YYYY" (the
// year) or "FROM..TO", FROM and TO as parse_time() accepts them (times.hpp); a TO that is a
// bare date includes that whole day. Fails with INVALID_VALUE, in both languages, saying
// what is accepted.
StatusOr<ReportPeriod> parse_period(std::string_view text);

// Durations' summary: nearest-rank median and 90th percentile (see above).
struct DurationStats {
  std::size_t count = 0;
  std::int64_t median_ms = 0;  // Meaningful only when count > 0.
  std::int64_t p90_ms = 0;
};

// The nearest-rank p-th percentile (0 < p <= 100) of `values`, which need not be sorted.
// `values` must not be empty.
std::int64_t nearest_rank(std::vector<std::int64_t> values, int percent);

DurationStats duration_stats(const std::vector<std::int64_t>& values_ms);

struct ReceivedCounts {
  std::size_t received = 0;
  std::size_t acknowledged = 0;
  std::size_t action_taken = 0;
};

struct ResponseTimes {
  std::string node;  // The receiving node; empty for the row over all nodes.
  DurationStats acknowledge;
  DurationStats close;
};

struct StateCounts {
  std::size_t total = 0;
  std::size_t active = 0;
  std::size_t stable = 0;
  std::size_t resolved = 0;
  std::size_t cancelled = 0;
  std::size_t withdrawn = 0;
  std::size_t expired = 0;
  std::size_t overdue = 0;  // AlertCase.overdue, whatever the state.

  std::size_t open() const { return active + stable; }
};

// One line of the report's list of alerts.
struct ListedAlert {
  std::string reference;
  v1::AlertKind kind = v1::ALERT_KIND_UNSPECIFIED;
  std::string origin_node;
  std::string sender_unit;
  std::int64_t sent_ms = 0;
  v1::AlertState state = v1::ALERT_STATE_UNSPECIFIED;
  bool overdue = false;
  std::string title;
};

struct Report {
  ReportPeriod period;
  std::int64_t now_ms = 0;   // When the report was made.
  std::string unit;          // Empty: every unit.
  bool period_over = false;  // now_ms >= period.until_ms.

  // Cases left out, and why.
  std::size_t outside_period = 0;
  std::size_t not_actual = 0;     // Exercises and tests.
  std::size_t alert_missing = 0;  // Follow-ups held without their alert.

  std::map<std::string, std::size_t> sent_by_unit;
  std::map<v1::AlertKind, std::size_t> sent_by_kind;
  std::map<std::string, std::size_t> sent_by_origin;
  // Receiving node -> kind -> counts.
  std::map<std::string, std::map<v1::AlertKind, ReceivedCounts>> received;
  // Per receiving node in node order, then the row over all nodes (node empty).
  std::vector<ResponseTimes> response_times;
  StateCounts states;
  std::map<v1::EventType, std::size_t> follow_ups;
  std::size_t follow_up_total = 0;
  // The alerts sent in scope, by sent time then reference.
  std::vector<ListedAlert> alerts;
  // With a unit: the alerts it received (see above), by sent time then reference.
  std::vector<ListedAlert> received_alerts;
};

// The report over `cases` (each case once; cases outside the period are counted in
// outside_period and otherwise ignored). `unit` empty: every unit.
Report compute_report(const std::vector<v1::AlertCase>& cases, const ReportPeriod& period,
                      std::int64_t now_ms, const std::string& unit = {});

// Renderers. Every text in `language`; times in Vietnam time.
// Markdown: a heading per section and a table under it.
std::string report_markdown(const Report& report, Language language);
// CSV (RFC 4180, UTF-8, CRLF line ends): one table per section, one after the other, each
// with its own header row; the first column, "section", names the section in every row
// (stable English ids: report, sent_by_unit, sent_by_kind, sent_by_origin, received,
// response_times, states, follow_ups, alerts, received_alerts). Durations in minutes.
std::string report_csv(const Report& report, Language language);
// HTML: one self-contained page (inline CSS, inline SVG bar charts, print rules).
std::string report_html(const Report& report, Language language);
// PDF (report_pdf.cpp): an A4 administrative document, fonts embedded. Fails with INTERNAL
// when cairo cannot make it.
StatusOr<std::string> report_pdf(const Report& report, Language language);
// Excel workbook (report_xlsx.cpp): a sheet with the title and the lines under it, then a
// sheet per table; counts and minutes as numbers. Fails with INTERNAL when the temporary
// file libxlsxwriter writes cannot be made.
StatusOr<std::string> report_xlsx(const Report& report, Language language);

// "3 giờ 20 phút" / "3 h 20 min"; "2 ngày 3 giờ" / "2 d 3 h" from a day on; rounded to
// the minute.
std::string format_duration(std::int64_t ms, Language language);

// RFC 4180 field: quoted when it holds a comma, a quote, CR or LF (quotes doubled). A text a
// spreadsheet would evaluate as a formula (it starts with =, +, -, @, a tab or a CR, and is
// not a plain number) gets a leading apostrophe, so Excel and LibreOffice show it as text.
std::string csv_field(const std::string& value);

}  // namespace alertbus::alertctl
