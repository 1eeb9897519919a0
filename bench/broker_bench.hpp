// The alertbusd figures: each function drives a running broker over tcp://127.0.0.1 with
// raw frames and measures one thing. Starting and stopping the broker is the caller's
// (start_broker() starts one the way the benchmarks do).
//
// Threading: each function runs on the calling thread; delivery_latency() adds a receiving
// thread of its own and joins it.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <sys/types.h>
#include <vector>

#include <zmq.hpp>

#include "broker_process.hpp"
#include "frame_socket.hpp"
#include "publish_frames.hpp"
#include "stats.hpp"

namespace alertbus::bench {

// A fresh alertbusd on `directory` (created if missing), listening on loopback TCP too
// (BrokerProcess binds an ipc:// socket; the figures are for TCP, as between provinces),
// logging warnings only, with `extra_args` (e.g. --no-casework). Its tcp:// endpoint is
// tcp_endpoint(directory / "endpoint"). Throws std::runtime_error when it does not listen
// within `start_timeout`.
std::unique_ptr<testing::BrokerProcess> start_broker(
    const std::filesystem::path& directory, const std::vector<std::string>& extra_args = {},
    std::chrono::seconds start_timeout = std::chrono::seconds(20));

struct PublishRun {
  std::size_t acknowledged = 0;
  std::size_t errors = 0;
  std::string first_error;
  double seconds = 0;            // Not counting the time spent in PublishPlan::between.
  LatencySummary ack_latency;    // Publish sent -> its reply received.
  Clock::time_point last_reply;  // When the last reply arrived.

  double per_s() const { return seconds > 0 ? static_cast<double>(acknowledged) / seconds : 0; }
};

// How to publish: `count` new events on one connection, keeping `in_flight` unanswered
// (raw DEALER pipelining: a new publish as each reply arrives), in `rounds` rounds. Between
// rounds the window drains and `between` runs while nothing is outstanding, so a limit
// can be sampled on an idle broker, adjacent in time to the figure it bounds.
struct PublishPlan {
  std::size_t count = 0;
  std::size_t in_flight = 1;
  std::size_t rounds = 1;
  // Called after each round with the number of events published so far; its time is not
  // counted in PublishRun::seconds.
  std::function<void(std::size_t published)> between;
  // When set, every publish->ack latency (ms) is appended here too, so that the runs of
  // several calls can be summarized together.
  std::vector<double>* keep_latencies = nullptr;
};

// A new connection to `endpoint`, fresh events from `frames`.
PublishRun publish(zmq::context_t& context, const std::string& endpoint, PublishFrames& frames,
                   const PublishPlan& plan);

// The serialized Publish frame to send with `request_id` (1, 2, ... within one call of
// publish()); the reference is valid until the next call.
using FrameSource = std::function<const std::string&(std::uint64_t request_id)>;

// The same on a connection the caller keeps (a CurveZMQ one, or one already warmed up),
// with frames the caller made (pre-signed ones, say). Every reply has arrived on return.
PublishRun publish(FrameSocket& socket, const FrameSource& next_frame, const PublishPlan& plan);

struct CatchUpRun {
  std::size_t events = 0;      // Replayed: every event stored when it subscribed.
  std::size_t deliveries = 0;  // Delivery frames they came in.
  double seconds = 0;          // Subscribe sent -> last event received.

  double per_s() const { return seconds > 0 ? static_cast<double>(events) / seconds : 0; }
};

// A new durable subscriber replays the log with `credit`, from the beginning or, with
// `after_seq`, from the event after that seq to the head, acknowledging each delivery and
// returning its credit at once; it unsubscribes at the end (forgetting its cursor).
CatchUpRun catch_up(zmq::context_t& context, const std::string& endpoint, std::uint32_t credit,
                    std::uint64_t after_seq = 0);

struct DeliveryRun {
  LatencySummary latency;  // Publish sent -> the event's delivery received.
  std::size_t published = 0;
  std::size_t delivered = 0;
  std::size_t publish_errors = 0;
  double achieved_per_s = 0;  // The pace actually kept by the sender.
};

// A paced publisher sends `per_s` events per second for `duration` to the broker at
// `endpoint` while a live subscriber on another connection (credit `credit`, acknowledging as
// it goes) receives them from the broker at `subscriber_endpoint`: the same broker, or
// another node of a federation (propagation).
DeliveryRun delivery_latency(zmq::context_t& context, const std::string& endpoint,
                             const std::string& subscriber_endpoint, PublishFrames& frames,
                             double per_s, std::chrono::milliseconds duration,
                             std::uint32_t credit);

// Memory of a process from /proc/<pid>/status, in bytes.
struct ProcessMemory {
  std::uint64_t peak_rss = 0;  // VmHWM
  std::uint64_t rss = 0;       // VmRSS
};

ProcessMemory process_memory(pid_t pid);

// The total size of the regular files under `directory` (the database, its WAL and SHM).
std::uint64_t directory_bytes(const std::filesystem::path& directory);

// The tcp:// line of an endpoint file written by alertbusd --endpoint-file.
std::string tcp_endpoint(const std::filesystem::path& endpoint_file);

}  // namespace alertbus::bench
