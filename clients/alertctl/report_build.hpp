// Building a periodic report from a broker (`alertctl report`, and the dashboard's reports):
// the period's cases and the previous period's (for the side-by-side counts), each alert's
// events for the figures, the directory's names. The officer's header and assessment are the
// caller's to add.
//
// Threading: uses `client` from the calling thread.
#pragma once

#include <cstdint>
#include <string>

#include "alertbus/client/client.hpp"
#include "alertctl/report.hpp"

namespace alertbus::alertctl {

// A period's cases beyond this are refused: a report over a truncated list would be wrong.
inline constexpr std::size_t kMaxReportCases = 100000;

// The report over `period` as of `now_ms`, for `unit` (empty: every unit). Fails as
// Client::all_cases() and Client::case_events() do.
StatusOr<Report> build_report(client::Client& client, const ReportPeriod& period,
                              std::int64_t now_ms, const std::string& unit);

}  // namespace alertbus::alertctl
