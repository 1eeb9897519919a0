// Casework queries (Frame.case_query): alerts as cases, filtered, newest first, paged.
//
// The cases table filters what does not depend on the time; each row is then completed for
// the configuration and the time asked about (protocol::complete_case: the federation's
// nodes as receivers, deadlines, expiry, overdue) and filtered on state and overdue. A page
// token is "c1.<sent_at ms>.<event id>": the next page starts after that case in the order
// (sent_at desc, event id), so pages stay stable while new alerts arrive. A request scans at
// most kMaxScannedCases cases; a page may hold fewer cases than asked for together with a
// next_page_token, and an empty token means the end.
//
// Threading: the thread that owns the ProjectionDb connection (the read worker for queries
// and the overdue scan; the loop for case streams).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/areas.hpp"
#include "alertbus/protocol/casework.hpp"
#include "casework/projection_db.hpp"

namespace alertbus::broker {

struct CaseQueryContext {
  std::vector<std::string> nodes;  // The federation's nodes (receivers are all but the origin).
  protocol::Deadlines deadlines = protocol::Deadlines::defaults();
  // The province table of both schemes; null: area keys are matched as given.
  std::shared_ptr<const protocol::AreaTable> areas;
  std::int64_t now_ms = 0;
};

// Checks `query` and turns what the cases table filters on into `*filter` (states and
// overdue are judged on each case once completed).
Status case_filter_for(const v1::CaseQuery& query, const CaseQueryContext& context,
                       CaseFilter* filter);

// Whether a case completed in `state` is among the states `query` asks for (any when none).
bool case_state_wanted(const v1::CaseQuery& query, v1::AlertState state);

StatusOr<v1::CaseList> run_case_query(const ProjectionDb& projection, const v1::CaseQuery& query,
                                      const CaseQueryContext& context);

}  // namespace alertbus::broker
