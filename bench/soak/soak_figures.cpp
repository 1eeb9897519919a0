#include "soak/soak_figures.hpp"

#include <unordered_map>

namespace alertbus::bench::soak {

void load_figures(const LoadCounts& counts, double seconds, Report& report) {
  report.figure("events submitted / acknowledged",
                with_commas(static_cast<double>(counts.submitted)) + " / " +
                    with_commas(static_cast<double>(counts.acknowledged)));
  report.figure("acknowledged rate",
                fixed(static_cast<double>(counts.acknowledged) / seconds, 1) + " ev/s");
  std::string follow_ups;
  for (const auto& [type, count] : counts.follow_ups_by_type) {
    follow_ups += (follow_ups.empty() ? "" : ", ") +
                  v1::EventType_Name(static_cast<v1::EventType>(type)) + " " +
                  with_commas(static_cast<double>(count));
  }
  report.figure("alerts / follow-ups acknowledged",
                with_commas(static_cast<double>(counts.alerts)) + " / " + follow_ups);
  report.figure("publisher retries",
                std::to_string(counts.reconnects) + " reconnections, " +
                    std::to_string(counts.duplicate_acks) + " acks of a resend (duplicate), " +
                    std::to_string(counts.window_full) + " submits redone (window full)");
  std::string refused;
  for (const auto& [name, count] : counts.refused) {
    refused += (refused.empty() ? "" : ", ") + name + " " + std::to_string(count);
  }
  report.figure("refused by the brokers", refused.empty() ? "none" : refused);
  for (const auto& [name, first] : counts.first_refusal) {
    report.note("first " + name + ": " + first);
  }
  report.figure("unacknowledged at the end", std::to_string(counts.unacknowledged));
}

namespace {

// Beyond this many nodes the pairs are pooled per receiving node (34 x 34 lines say less).
constexpr std::size_t kPairsUpTo = 5;

void latency_figure(Report& report, const std::string& name, const std::vector<double>& samples,
                    std::size_t unseen) {
  if (samples.empty() && unseen == 0) {
    return;
  }
  const LatencySummary summary = summarize(samples);
  report.figure(
      name,
      "p50 " + fixed(summary.p50_ms, 1) + " ms, p99 " + fixed(summary.p99_ms, 1) + " ms, max " +
          fixed(summary.max_ms, 0) + " ms",
      with_commas(static_cast<double>(summary.samples)) + " events" +
          (unseen > 0 ? ", " + std::to_string(unseen) + " never seen by the watcher" : ""));
}

}  // namespace

void propagation_figures(const std::vector<std::string>& node_ids, const Ledger& ledger,
                         Report& report) {
  const std::unordered_map<std::string, AckedEvent> acked = ledger.acked();
  const bool pairs = node_ids.size() <= kPairsUpTo;
  std::vector<double> everywhere;  // From another node, pooled over the network.
  std::size_t everywhere_unseen = 0;
  for (std::size_t seen = 0; seen < node_ids.size(); ++seen) {
    const std::unordered_map<std::string, Clock::time_point> seen_at = ledger.seen_at(seen);
    std::vector<std::vector<double>> samples(node_ids.size());
    std::vector<std::size_t> unseen(node_ids.size(), 0);
    std::vector<double> from_others;
    std::size_t others_unseen = 0;
    for (const auto& [event_id, event] : acked) {
      const auto found = seen_at.find(event_id);
      const bool other = event.origin != seen;
      if (found == seen_at.end()) {
        ++unseen[event.origin];
        others_unseen += other ? 1 : 0;
        continue;
      }
      const double ms = ms_between(event.submitted, found->second);
      samples[event.origin].push_back(ms);
      if (other) {
        from_others.push_back(ms);
      }
    }
    if (pairs) {
      for (std::size_t origin = 0; origin < node_ids.size(); ++origin) {
        latency_figure(report, "propagation " + node_ids[origin] + " -> " + node_ids[seen],
                       samples[origin], unseen[origin]);
      }
    } else {
      latency_figure(report, "propagation other nodes -> " + node_ids[seen], from_others,
                     others_unseen);
    }
    everywhere.insert(everywhere.end(), from_others.begin(), from_others.end());
    everywhere_unseen += others_unseen;
  }
  latency_figure(report, "propagation to another node, all pairs", everywhere, everywhere_unseen);
}

void memory_figures(const std::vector<std::string>& node_ids, const MemoryLog& memory,
                    Report& report, std::vector<std::string>& failures) {
  for (const Incarnation& incarnation : memory.incarnations()) {
    if (incarnation.rss_bytes.empty()) {
      continue;
    }
    const std::string name =
        "memory " + node_ids[incarnation.node] + " #" + std::to_string(incarnation.number);
    report.figure(name,
                  "start " + mib_text(incarnation.rss_bytes.front()) + ", end " +
                      mib_text(incarnation.rss_bytes.back()) + ", max " +
                      mib_text(incarnation.max()),
                  std::to_string(incarnation.rss_bytes.size()) + " samples; " +
                      incarnation.thirds() + (incarnation.flat() ? "" : "; GROWING"));
    if (!incarnation.flat()) {
      failures.push_back(name + ": bộ nhớ tăng dần (memory kept growing): " + incarnation.thirds());
    }
  }
}

}  // namespace alertbus::bench::soak
