// Reports over a period (DOMAIN.md, Reporting; the 2022 plan, section III: units report
// every six months before 10 June and every year before 10 December). A report is computed
// from the cases the broker returns (AlertCase, casework.proto), never from hand tallies:
// parse_period() turns "2026-H1" into a time range, compute_report() is a pure function of
// the cases, and the renderers print it as Markdown, CSV or a self-contained HTML page.
//
// Definitions (also in docs/OPERATIONS.md, "Casework: cases, search, reports"):
// - In the report: alerts with status ACTUAL (or unset) sent in [from, until) and neither
//   cancelled nor withdrawn. Cancelled alerts, withdrawn alerts and exercise/test alerts of
//   the scope are listed apart (their own tables) and kept out of every total and figure;
//   cases whose alert is not held here (alert_missing) are counted apart.
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
// - Figures per kind (animals, hectares, kilograms): see KindFigures below for which value
//   counts when follow-ups report figures again (the latest, never a sum of repeats).
// - Previous period: previous_period() below; the main counts (MainCounts) of that
//   period's report are shown beside this one's with the change.
//
// Threading: pure functions and plain values.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alertbus/v1/casework.pb.h"
#include "alertbus/v1/event.pb.h"

#include "alertbus/protocol/status.hpp"
#include "alertctl/directory_names.hpp"
#include "alertctl/messages.hpp"
#include "alertctl/report_document.hpp"

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

// The period a report is compared with: H1 with the previous year's H2, H2 with the same
// year's H1, a year with the previous year, a FROM..TO range with the range of the same
// length just before FROM (labelled by its first and last day).
ReportPeriod previous_period(const ReportPeriod& period);

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
  std::size_t expired = 0;
  std::size_t overdue = 0;  // AlertCase.overdue, whatever the state.

  std::size_t open() const { return active + stable; }
};

// What the alerts in the report say happened, per kind (report_figures.cpp), in the units
// of DOMAIN.md: animals (con), hectares, kilograms. The figures of an alert are those of
// its own typed body (follow-ups carry no typed body, so they cannot change the counts);
// the one exception is the quantity recalled of an unsafe food alert, which MEASURES_TAKEN
// follow-ups report: the LATEST such report per alert counts (a later report restates the
// quantity so far; repeats are never summed), and without one, the product quantity when
// the alert's measures include recall or withdrawal. Quantities in t count as 1,000 kg;
// other units are not counted.
struct KindFigures {
  bool known = false;               // The alerts' events were read (else no figures).
  std::size_t alerts_not_held = 0;  // Alerts whose event the node does not hold.
  std::uint64_t animals_sick = 0;   // Animal disease: SpeciesCount.cases, summed.
  std::uint64_t animals_dead = 0;
  std::uint64_t animals_destroyed = 0;
  double pest_ha = 0;           // Crop pest: infested area, light + medium + heavy.
  double burned_ha = 0;         // Forest fire: Fire.burned_ha (FIRE and FIRE_OUT).
  double food_recalled_kg = 0;  // Unsafe food, see above.
  // Unsafe food: the facilities named, once each, in the order of the alerts.
  std::vector<std::string> food_facilities;
};

// The main counts of a report, put side by side with those of the previous period.
struct MainCounts {
  std::map<v1::AlertKind, std::size_t> sent_by_kind;
  StateCounts states;
  // Summed over receiving provinces and kinds (network scope: receiving nodes; a unit's
  // report: the alerts the unit received).
  std::size_t received = 0;
  std::size_t acknowledged = 0;
  std::size_t follow_ups = 0;
  KindFigures figures;
};

// One line of the report's list of alerts.
struct ListedAlert {
  std::string event_id;
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
  // Listed apart and kept out of every figure above, by sent time then reference: the
  // actual alerts of the scope that were cancelled or withdrawn, and the exercise and test
  // alerts of the scope (status other than ACTUAL; their state may be anything).
  std::vector<ListedAlert> cancelled;
  std::vector<ListedAlert> withdrawn;
  std::vector<ListedAlert> exercises;
  // Of the alerts sent in scope; the caller sets them from compute_figures().
  KindFigures figures;

  // The previous period (previous_period()) and its main counts, when the caller compared
  // (compare_with_previous()); the renderers then show "this / previous / change".
  std::optional<ReportPeriod> previous_period;
  std::optional<MainCounts> previous;

  // The registry's names for node and unit ids (directory_names.hpp), which the renderers
  // print (CSV keeps the ids in extra columns); the caller sets them. Default: ids shown.
  Names names;

  // Written by the officer, not computed (report_document.hpp); the caller sets them after
  // compute_report(). Without a frame the report has no administrative header or closing;
  // without paragraphs, no assessment section.
  std::optional<AdminFrame> frame;
  std::vector<std::string> assessment;
};

// The report over `cases` (each case once; cases outside the period are counted in
// outside_period and otherwise ignored). `unit` empty: every unit.
Report compute_report(const std::vector<v1::AlertCase>& cases, const ReportPeriod& period,
                      std::int64_t now_ms, const std::string& unit = {});

// The figures of the alerts in `alerts` from their events (each alert event, and the
// follow-ups, in any order; other events ignored).
KindFigures compute_figures(const std::vector<ListedAlert>& alerts,
                            const std::vector<v1::StoredEvent>& events);

// The main counts of `report`.
MainCounts main_counts(const Report& report);

// Sets report.previous_period and report.previous from the report over the previous
// period (computed by compute_report() over that period's cases, same unit).
void compare_with_previous(Report& report, const Report& previous);

// Renderers. Every text in `language`; times in Vietnam time.
// Markdown: a heading per section and a table under it.
std::string report_markdown(const Report& report, Language language);
// CSV for spreadsheets (RFC 4180, UTF-8 with a byte order mark so that Excel reads the
// diacritics, CRLF line ends): ONE table per file, a header row then rows all of its width.
// The tables by their stable English ids (report_csv_tables()): "report" (field, value: the
// period, scope, when made, what was left out), then the tables of the report in order.
// Durations in minutes.
// The ids of the tables, in order, for help and errors. "received_alerts" is there only with
// a unit (report.unit not empty).
std::vector<std::string> report_csv_tables(const Report& report);
// The table `table`; INVALID_VALUE, in both languages and naming the tables, for another id.
StatusOr<std::string> report_csv(const Report& report, Language language,
                                 std::string_view table = "alerts");
// Every table as (file name, text): ("report.csv", …), ("alerts.csv", …), ….
std::vector<std::pair<std::string, std::string>> report_csv_files(const Report& report,
                                                                  Language language);
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
