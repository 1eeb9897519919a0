// The broker of alertbus_growth_bench and what it measures after each step of growth.
//
// Threading: one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "broker_bench.hpp"
#include "broker_process.hpp"
#include "frame_socket.hpp"
#include "growth_probes.hpp"
#include "publish_frames.hpp"
#include "report.hpp"
#include "stats.hpp"

namespace alertbus::bench {

// The figures after one step, every one taken with the projection at the head.
struct GrowthStep {
  std::uint64_t stored = 0;         // head_seq at the end of the step.
  std::size_t published = 0;        // In the step's 256-in-flight publish.
  std::size_t refused = 0;          // Publishes answered with an Error in the step.
  double publish_per_s = 0;         // 256 in flight.
  double sqlite_rows_per_s = 0;     // The group-commit limit, sampled between its rounds.
  double projected_after_ms = 0;    // Last ack -> the projection at the head.
  LatencySummary ack;               // Publish->ack with 1 in flight.
  std::size_t catch_up_events = 0;  // A new subscriber this far behind the head ...
  double catch_up_per_s = 0;        // ... replayed at this rate.
  std::vector<QueryTime> queries;
  ProcessMemory before_queries;  // After the publishes and the catch-up.
  ProcessMemory memory;          // After the queries too.
  DataFiles files;
};

struct RebuildRun {
  double start_s = 0;           // Start -> listening, with no projection file.
  double seconds = 0;           // Start -> the projection at the head, or the time allowed.
  bool finished = false;        // The projection reached the head in the time allowed.
  std::uint64_t events = 0;     // In the log when the rebuild started.
  std::uint64_t projected = 0;  // Projected when it finished or the time was up.
  LatencySummary publish;       // Publish->ack with 1 in flight meanwhile.
};

// One alertbusd as it ships (casework on, security off) on `directory`, with a connection
// for status requests and queries that follows it across restarts.
class GrowthBroker {
 public:
  enum class Stop { kClean, kKill };

  GrowthBroker(zmq::context_t& context, std::filesystem::path directory);

  std::uint64_t head();
  ProcessMemory memory() const;

  // Publishes `count` events with 256 in flight and measures everything else a step reports.
  GrowthStep step(PublishFrames& frames, std::size_t count);
  // `count` events with 256 in flight in `rounds` rounds, `between` run between them.
  PublishRun publish_pipelined(PublishFrames& frames, std::size_t count, std::size_t rounds,
                               const std::function<void(std::size_t)>& between);
  // `count` events one at a time; remembers the last one's id for the case queries.
  LatencySummary publish_one_at_a_time(PublishFrames& frames, std::size_t count);
  // Stops (SIGTERM or SIGKILL) and starts again on the same data; the seconds from the start
  // to listening.
  double restart(Stop how);
  // Stops, removes the projection's files, starts, and publishes one at a time until the
  // projection (rebuilt from the log) is at the head or `allowed` has passed.
  RebuildRun rebuild_projection(PublishFrames& frames, std::chrono::minutes allowed);

 private:
  void connect();

  zmq::context_t& context_;
  std::filesystem::path directory_;
  std::unique_ptr<testing::BrokerProcess> process_;
  std::string endpoint_;
  std::unique_ptr<FrameSocket> socket_;  // Status and case queries.
  std::uint64_t status_id_ = 0;
  std::string last_event_id_;
  std::set<std::string> too_slow_;  // Case queries no longer asked.
};

// One step as a few lines of progress.
void print_step(const GrowthStep& step);
// The steps as two Markdown tables (the broker's figures; the case queries).
void print_steps_markdown(const std::vector<GrowthStep>& steps);
// The aims: publish rate, catch-up and memory held at full size.
void report_growth_aims(Report& report, const std::vector<GrowthStep>& steps);

}  // namespace alertbus::bench
