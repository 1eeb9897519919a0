// The metrics listener's answers, made from BrokerMetrics and the loop's last snapshot: the
// /metrics page in the Prometheus text format (exposition.hpp) and the /readyz verdict.
// docs/OPERATIONS.md, "Health and metrics", lists every metric and what readiness means.
//
// Threading: any thread; reads only atomics, a copied snapshot and the files' sizes.
#pragma once

#include <cstdint>
#include <string>

#include "metrics/broker_metrics.hpp"

namespace alertbus::broker {

struct PageContext {
  std::string database_path;  // <data_dir>/alertbus.db; its -wal beside it.
  std::int64_t started_ms = 0;
  // The loop publishes every LoopSnapshotSlot::kInterval; a snapshot older than this means
  // the loop has stopped turning (not ready).
  std::int64_t stale_after_ms = 10000;
};

// The /metrics page.
std::string render_metrics(const BrokerMetrics& metrics, const LoopSnapshot& snapshot,
                           const PageContext& context);

// Ready: the loop turns (a fresh snapshot) and the last commit succeeded. The links do not
// count: a node with a peer down still serves its own province. The body says why, then
// lists each link's state, one line each.
struct Readiness {
  bool ready = false;
  std::string body;
};

Readiness judge_readiness(const BrokerMetrics& metrics, const LoopSnapshot& snapshot,
                          std::int64_t now_ms, const PageContext& context);

}  // namespace alertbus::broker
