// The soak's figures for the report: the load's counts and retries, the publish -> seen
// propagation per pair of nodes (from the watchers), each broker incarnation's memory.
//
// Threading: one thread.
#pragma once

#include <string>
#include <vector>

#include "report.hpp"
#include "soak/soak_ledger.hpp"
#include "soak/soak_load.hpp"
#include "soak/soak_memory.hpp"

namespace alertbus::bench::soak {

void load_figures(const LoadCounts& counts, double seconds, Report& report);

// p50/p99/max of (watcher at `seen` saw it) - (submitted at `origin`) per ordered pair, over
// the acknowledged events (beyond 5 nodes pooled per receiving node), and over every pair of
// two different nodes; events a watcher never saw are counted, not sampled.
void propagation_figures(const std::vector<std::string>& node_ids, const Ledger& ledger,
                         Report& report);

// Start, end and max VmRSS per incarnation; appends the incarnations that grew to `failures`.
void memory_figures(const std::vector<std::string>& node_ids, const MemoryLog& memory,
                    Report& report, std::vector<std::string>& failures);

}  // namespace alertbus::bench::soak
