// The dashboard benchmark's alerts: valid, signed alerts of the four kinds from the units of
// Bắc Giang and Hải Dương, spread as a province's traffic is (kinds, units, both province code
// schemes, places in the titles, a mix of severities), and the publishing that fills a node
// with them through libalertbus's Publisher, one per unit, as the units' consoles would.
//
// Threading: bench_alert() is pure; fill() runs one thread per unit and joins them.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "alertbus/v1/event.pb.h"

#include "dashboard_federation.hpp"

namespace alertbus::bench {

// The four units of a node, one per kind: cnty, bvtv, kiem-lam, qlcl.
const std::vector<std::string>& bench_units();

// Alert number `i` from `node`'s unit bench_units()[i % 4] (its kind), with a new event id,
// sent now. `title_tag` is appended to the title ("(bench 17)").
v1::Event bench_alert(std::size_t i, const std::string& node, const std::string& title_tag);

struct FillRun {
  std::size_t published = 0;
  std::size_t refused = 0;
  std::string first_refusal;
  double seconds = 0;
};

// Publishes `total` alerts, spread over the units of both nodes (`share_bac_giang` of them at
// Bắc Giang, the rest at Hải Dương, which its link then brings to Bắc Giang), `window` in
// flight per unit. Throws std::runtime_error when a publisher cannot connect or flush.
FillRun fill(DashboardFederation& federation, std::size_t total, double share_bac_giang,
             std::size_t window);

}  // namespace alertbus::bench
