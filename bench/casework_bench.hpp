// The casework figures of alertbus_bench. Casework (cases and their full-text search) is a
// projection of the log that the broker's projector thread applies behind a watermark, off
// the commit path; these measure whether it stays off it:
//  - its cost to the commit path: the same 256-in-flight publish against a broker with
//    casework and one with --no-casework, alternating (on, off, on, off, ...), each on a
//    fresh data directory, with the projection's lag behind the log sampled meanwhile;
//  - a case that grows: one alert, then follow-ups to it one at a time, each read back as a
//    case right after its ack (read-your-writes), so the time to see the n-th follow-up in
//    the case can be compared with the time to see the first.
//
// Threading: each function runs on the calling thread; the lag sampler adds a thread of its
// own for the duration of each casework-on publish and joins it.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "publish_frames.hpp"
#include "report.hpp"
#include "stats.hpp"

namespace alertbus::bench {

struct CaseworkCostPlan {
  std::size_t rounds = 1;  // Each round: a broker with casework, then one without.
  std::size_t events = 0;  // Published per broker per round.
  std::size_t in_flight = 256;
  std::chrono::milliseconds lag_interval{10};  // Status requests during the publish.
  bool keep = false;                           // Keep each round's data directory.
};

struct CaseworkCost {
  std::vector<double> on_per_s;   // Per round, ev/s with casework.
  std::vector<double> off_per_s;  // Per round, ev/s with --no-casework.
  double on_median = 0;
  double off_median = 0;
  // head_seq - projected_seq in events, from a Status request on a second connection every
  // lag_interval while the casework-on brokers took the publishes (all rounds pooled).
  std::vector<double> lag_events;
  // Per casework-on round: the last ack -> the first Status reply with projected_seq at the
  // head (polled every millisecond once the last ack is in).
  std::vector<double> projected_after_ms;

  double ratio() const { return off_median > 0 ? on_median / off_median : 0; }
};

// Runs plan.rounds rounds of (casework on, casework off) under `work` and reports each
// round, the medians, the ratio on/off and the projection's lag in `report`.
CaseworkCost measure_casework_cost(Report& report, zmq::context_t& context,
                                   const std::filesystem::path& work, PublishFrames& frames,
                                   const CaseworkCostPlan& plan);

struct CaseGrowth {
  std::size_t follow_ups = 0;
  // Per follow-up, in publish order (index 0 is the first follow-up):
  std::vector<double> ack_ms;      // Publish sent -> PublishAck.
  std::vector<double> visible_ms;  // PublishAck -> the CaseList answering a CaseQuery by
                                   // event id sent right after it (read-your-writes).
  // CaseLists whose follow_up_count was not the number of follow-ups acknowledged so far.
  std::size_t stale_answers = 0;
  std::size_t errors = 0;  // Publishes or case queries answered with an Error.
  std::string first_error;
  std::uint32_t final_follow_up_count = 0;  // From a last CaseQuery after all of them.
  double first_median_ms = 0;               // visible_ms of follow-ups 1-50 ...
  double last_median_ms = 0;                // ... and of the last 50.

  double ratio() const { return first_median_ms > 0 ? last_median_ms / first_median_ms : 0; }
};

// On a fresh broker with casework under `work`: publishes one alert (sample_crop_pest), then
// `follow_ups` ADDITIONAL_INFO follow-ups to it from its issuing unit, one at a time, each
// followed by a CaseQuery by the alert's event id; reports the time from ack to case for
// the first and the last 50 in `report`. Throws std::runtime_error when the case does not
// end with follow_up_count == `follow_ups` (a broken run, not a slow one).
CaseGrowth measure_case_growth(Report& report, zmq::context_t& context,
                               const std::filesystem::path& work, std::size_t follow_ups);

class FrameSocket;

// A StatusRequest with `request_id` on `socket`, and its reply. Throws std::runtime_error
// on any other reply.
v1::StatusReply status(FrameSocket& socket, std::uint64_t request_id);

// Milliseconds from `since` to the first Status reply on `socket` showing the projection at
// the head (polled every millisecond); -1 after `timeout`.
double ms_until_projected(FrameSocket& socket, Clock::time_point since,
                          std::chrono::milliseconds timeout);

}  // namespace alertbus::bench
