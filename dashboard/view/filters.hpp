// FILTERS (docs/DASHBOARD.md): the query string of the inbox, the lists and the exports, as
// the broker's case query. kind (repeatable), severity (the minimum), province (a code of
// either scheme: "24" is VN-2025's, "VN-2004:30" names the old scheme; the broker widens a
// VN-2025 province to the VN-2004 provinces merged into it), origin (node id), state
// (repeatable), from and until (days in Vietnam time, until inclusive), overdue=1, q (free
// text), page (the previous answer's next_page), size (1..200, default 50). Other parameters
// (lang) are not filters and are left alone.
//
// Threading: pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/areas.hpp"
#include "dashboard/view/view_error.hpp"

namespace alertbus::dashboard {

// The page size when none is asked for, and the most one may ask for.
inline constexpr std::uint32_t kDefaultPageSize = 50;
inline constexpr std::uint32_t kMaxPageSize = 200;

// The case query for `params` (httplib's Params: a name may come several times), or one
// error per bad value naming its parameter: an unknown kind, severity or state, a province
// that is not a code (or, with `areas`, not one of its provinces), a day that is not
// YYYY-MM-DD, overdue other than 1 or 0, a text over 200 characters, a size out of range.
Checked<v1::CaseQuery> case_query(const std::multimap<std::string, std::string>& params,
                                  const protocol::AreaTable* areas = nullptr);

// The inbox's scan for "waiting for my acknowledgement" with the view `view`: the view's
// filters, the open states (ACTIVE, STABLE) instead of the view's, only the unit's kinds
// (those of the view's kinds that are the unit's, when it names some: no other kind can wait
// for the unit) and, when `other_nodes` (the network's nodes but the officer's) is not empty,
// only alerts from those nodes (those of the view's origins, when it names some: a node's own
// alerts never wait for it), the first `scan` cases. std::nullopt when no case of the view
// can wait: a unit without kinds, a view of other kinds only or of the officer's node only, a
// later page of the feed.
std::optional<v1::CaseQuery> waiting_query(const v1::CaseQuery& view,
                                           const std::vector<v1::AlertKind>& unit_kinds,
                                           const std::vector<std::string>& other_nodes,
                                           std::uint32_t scan);

}  // namespace alertbus::dashboard
