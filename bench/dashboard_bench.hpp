// alertbus_dashboard_bench's parts (dashboard_bench.cpp: the options, the run and the memory
// figures; dashboard_live.cpp: the live stream's figure; dashboard_inbox.cpp: the inbox's
// figure over a node filled with cases).
//
// Threading: the benchmark runs on one thread (the parts add threads of their own and join
// them); the brokers and the dashboard are other processes.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "dashboard_federation.hpp"
#include "report.hpp"

namespace alertbus::bench::dashboard {

struct Sizes {
  std::size_t connections;            // SSE streams open at once.
  std::size_t alerts;                 // Posted at Hải Dương while they are open.
  std::chrono::milliseconds spacing;  // Between two of those posts.
  std::size_t cases;                  // Stored at Bắc Giang for the inbox figure.
  std::size_t requests;               // Per inbox query.
};

inline constexpr double kAimLiveP99Ms = 1000;
inline constexpr double kAimInboxP99Ms = 200;

// The four officers' session cookies (one login per account, as a browser's tabs share one).
std::vector<std::string> log_in_officers(const DashboardFederation& federation);

// Figure 1: `sizes.connections` SSE streams, `sizes.alerts` alerts posted at Hải Dương, each
// timed from its post to its first sighting on every stream, and beside it to its delivery to
// a libalertbus subscriber at Bắc Giang. `memory(when)` is called once every stream has had
// its hello and again after the alerts, before the streams close (they have closed on return).
using MemoryFigure = std::function<void(const std::string& when)>;
void live_figure(DashboardFederation& federation, const Sizes& sizes,
                 const std::vector<std::string>& cookies, Report& report,
                 const MemoryFigure& memory);

// Figure 2: Bắc Giang filled with `sizes.cases` alerts (plus those already there), projected
// and settled (then `memory` is called), then each inbox query timed `sizes.requests` times in
// a row.
void inbox_figure(DashboardFederation& federation, const Sizes& sizes, const std::string& cookie,
                  Report& report, const MemoryFigure& memory);

}  // namespace alertbus::bench::dashboard
