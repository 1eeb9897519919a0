// Building a periodic report from a broker (report_build.hpp).
#include "alertctl/report_build.hpp"

#include <iterator>
#include <utility>
#include <vector>

#include <google/protobuf/util/time_util.h>

#include "alertctl/directory_names.hpp"

namespace alertbus::alertctl {
namespace {

using google::protobuf::util::TimeUtil;

// The events of each alert in `report` (Query.case_of: the alert and its follow-ups, one
// request per alert), made into the report's figures. An alert the node does not hold
// (NOT_FOUND) is counted in alerts_not_held; another failure fails the report.
Status add_figures(client::Client& client, Report& report) {
  std::vector<v1::StoredEvent> events;
  for (const ListedAlert& alert : report.alerts) {
    StatusOr<std::vector<v1::StoredEvent>> found = client.case_events(alert.event_id);
    if (!found.ok()) {
      if (found.status().code() == v1::NOT_FOUND) {
        continue;
      }
      return found.status();
    }
    events.insert(events.end(), std::make_move_iterator(found->begin()),
                  std::make_move_iterator(found->end()));
  }
  report.figures = compute_figures(report.alerts, events);
  return Status();
}

}  // namespace

StatusOr<Report> build_report(client::Client& client, const ReportPeriod& period,
                              std::int64_t now_ms, const std::string& unit) {
  // No sender_unit filter even for a unit's report: its "received" side is made of other
  // units' alerts (report.hpp). compute_report() selects.
  v1::CaseQuery query;
  *query.mutable_sent_from() = TimeUtil::MillisecondsToTimestamp(period.from_ms);
  *query.mutable_sent_until() = TimeUtil::MillisecondsToTimestamp(period.until_ms);
  *query.mutable_as_of() = TimeUtil::MillisecondsToTimestamp(now_ms);
  query.set_page_size(1000);
  StatusOr<std::vector<v1::AlertCase>> cases = client.all_cases(query, kMaxReportCases);
  if (!cases.ok()) {
    return cases.status();
  }
  // The previous period's cases, for the side-by-side counts (report.hpp).
  const ReportPeriod before = previous_period(period);
  *query.mutable_sent_from() = TimeUtil::MillisecondsToTimestamp(before.from_ms);
  *query.mutable_sent_until() = TimeUtil::MillisecondsToTimestamp(before.until_ms);
  StatusOr<std::vector<v1::AlertCase>> previous_cases = client.all_cases(query, kMaxReportCases);
  if (!previous_cases.ok()) {
    return previous_cases.status();
  }
  Report report = compute_report(*cases, period, now_ms, unit);
  Report previous = compute_report(*previous_cases, before, now_ms, unit);
  for (Report* each : {&report, &previous}) {
    if (const Status figures = add_figures(client, *each); !figures.ok()) {
      return figures;
    }
  }
  compare_with_previous(report, previous);
  report.names = fetch_names(client);
  return report;
}

}  // namespace alertbus::alertctl
