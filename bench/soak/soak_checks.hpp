// The soak's checks, from each node's files (its log alertbus.db and its case projection
// alertbus-projection.db, opened read-only; a running broker keeps writing beside them in
// WAL mode):
//  - quiescence: wait, up to a bound, until every node holds every acknowledged event, all
//    nodes hold the same number of rows, that number has stopped changing and each
//    projection has caught up with its log;
//  - events: every acknowledged event id is in every node's log exactly once;
//  - cases: every node's projection holds the same cases with the same fields (reference,
//    kind, origin, issuing unit, severity, state, alert missing, the body) and the same
//    receipts;
//  - chains: `alertctl audit verify --db` exits 0 at every node (hash chain intact and
//    projection equal to the log's replay).
// Each check appends what failed, in Vietnamese and English, to `failures`.
//
// Threading: one thread.
#pragma once

#include <chrono>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "report.hpp"
#include "soak/soak_ledger.hpp"

namespace alertbus::bench::soak {

struct NodeFiles {
  std::string id;
  std::filesystem::path database;    // alertbus.db
  std::filesystem::path projection;  // alertbus-projection.db beside it
};

// Returns the seconds it took, or a negative number when `bound` passed first.
double wait_quiet(const std::vector<NodeFiles>& nodes,
                  const std::unordered_map<std::string, AckedEvent>& acked,
                  std::chrono::seconds bound);

void check_events(const std::vector<NodeFiles>& nodes,
                  const std::unordered_map<std::string, AckedEvent>& acked, Report& report,
                  std::vector<std::string>& failures);

void check_cases(const std::vector<NodeFiles>& nodes, Report& report,
                 std::vector<std::string>& failures);

void check_chains(const std::string& alertctl, const std::vector<NodeFiles>& nodes,
                  const std::filesystem::path& work, Report& report,
                  std::vector<std::string>& failures);

}  // namespace alertbus::bench::soak
