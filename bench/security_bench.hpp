// alertbus_security_bench's parts (security_bench.cpp: the options and the measuring;
// security_bench_report.cpp: the report of what was measured): the sizes of a run, one
// broker's side of it, and the benchmark itself.
//
// Threading: the benchmark runs on one thread; the brokers are other processes.
#pragma once

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <unistd.h>
#include <vector>

#include <zmq.hpp>

#include "alertbus/protocol/keys.hpp"
#include "broker_bench.hpp"
#include "broker_options.hpp"
#include "broker_process.hpp"
#include "frame_socket.hpp"
#include "limits.hpp"
#include "machine.hpp"
#include "publish_frames.hpp"
#include "report.hpp"
#include "security_fixture.hpp"
#include "thread_cpu.hpp"
#include "work_directory.hpp"

namespace alertbus::bench::security {

namespace fs = std::filesystem;

struct Sizes {
  std::size_t rounds;               // Each: off and on, 256 in flight, then off and on, 1.
  std::size_t pipelined_per_round;  // Per broker.
  std::size_t single_per_round;     // Per broker, in chunks of kSingleChunk alternating.
  std::size_t signatures;           // Ed25519 limit: signs and verifies, each.
  std::size_t round_trips;          // ZeroMQ limit, each of plain and CURVE.
  std::size_t zmq_messages;
  std::size_t fsyncs;
};

struct Options : BrokerRunOptions {
  bool quick = false;
  std::optional<int> verify_threads;
};

// "p50 / p99 ms" of a latency summary.
std::string p50_p99(const LatencySummary& latency);

// One broker and what was measured on it.
struct Side {
  std::string name;  // "off" or "on"
  bool secured = false;
  std::unique_ptr<testing::BrokerProcess> broker;
  std::unique_ptr<FrameSocket> socket;
  // The next phase's frames, request ids 1, 2, ... (built before the phase starts).
  std::vector<std::string> frames;

  std::size_t pipelined_acked = 0;
  double pipelined_seconds = 0;
  std::vector<double> pipelined_latencies;
  std::size_t single_acked = 0;
  double single_seconds = 0;
  std::vector<double> single_latencies;
  std::map<pid_t, ThreadTimes> single_broker_cpu;  // During the 1-in-flight phases.
  std::size_t errors = 0;
  std::string first_error;
  // CPU during the 256-in-flight phases, summed over the rounds.
  std::map<pid_t, ThreadTimes> broker_cpu;
  std::map<pid_t, ThreadTimes> client_cpu;
  MachineCpu machine;  // The whole machine meanwhile.

  struct Round {
    double pipelined_per_s = 0;
    LatencySummary single;
  };

  std::vector<Round> rounds;

  double pipelined_per_s() const {
    return pipelined_seconds > 0 ? static_cast<double>(pipelined_acked) / pipelined_seconds : 0;
  }

  double single_per_s() const {
    return single_seconds > 0 ? static_cast<double>(single_acked) / single_seconds : 0;
  }
};

// The client's own signing, while it pre-builds the secured side's frames.
struct ClientSigning {
  std::size_t signed_frames = 0;
  double seconds = 0;

  double per_s() const { return seconds > 0 ? static_cast<double>(signed_frames) / seconds : 0; }
};

class Bench {
 public:
  Bench(const Options& options, const Sizes& sizes, const fs::path& work);

  void run();

 private:
  void measure_limits();

  // Where the registry and the key files go: the run's directory, removed with it.
  static fs::path key_directory(const fs::path& work);

  static unsigned cores() { return std::max(1U, std::thread::hardware_concurrency()); }

  // Verifications per second on one core: the median of the bursts between the rounds.
  double verify_per_s() const;

  double verify_ceiling() const { return verify_per_s() * static_cast<double>(cores()); }

  void start_brokers();

  // The frames of the next phase, built (and signed, for the secured side) before it.
  void build_frames(Side& side, std::size_t count);

  PublishRun publish_built(Side& side, std::size_t in_flight, std::vector<double>* latencies);

  void note_errors(Side& side, const PublishRun& run);

  // A broker's threads finish what a phase left them (acks sent, a checkpoint) before the
  // other broker is measured: until it used under 2 ms of CPU in 100 ms, or 3 s passed.
  static void settle(pid_t pid);

  void pipelined(Side& side, Side::Round* round);

  // One chunk of publishes with 1 in flight.
  void single_chunk(Side& side, std::vector<double>* round_latencies);

  // Both sides, 1 in flight, alternating chunk by chunk in `order`.
  void single(const std::array<Side*, 2>& order, Side::Round* first, Side::Round* second);

  void measure_rounds();

  // The threads of a broker, by what they are: alertbusd names its own (writer,
  // checkpointer, projector, verify N) and ZeroMQ its own; the main thread is the loop.
  static std::map<pid_t, std::string> broker_thread_labels(pid_t pid,
                                                           const std::map<pid_t, ThreadTimes>& cpu);

  static std::map<pid_t, std::string> client_thread_labels(const std::map<pid_t, ThreadTimes>& cpu);

  // One figure per thread of `cpu` that ran during phases of `wall` seconds in all, in which
  // `events` were acknowledged; returns the CPU seconds of all of them.
  double report_cpu(const std::string& process, const std::map<pid_t, ThreadTimes>& cpu,
                    const std::map<pid_t, std::string>& labels, double wall, std::size_t events);

  void report_results();

  void print_rounds() const;

  const Options& options_;
  const Sizes& sizes_;
  fs::path work_;
  PublishFrames frames_;
  testing::SecurityFixture keys_;
  protocol::SigningKey signing_key_;
  Report report_;
  SignatureLimit signatures_;
  std::vector<SignatureLimit> round_signatures_;
  ClientSigning signing_;
  std::vector<LatencySummary> round_disk_;
  double sqlite_per_s_ = 0;
  // Declared before the sides: their sockets close before the context does.
  std::unique_ptr<zmq::context_t> zmq_context_;
  Side off_;
  Side on_;
};

}  // namespace alertbus::bench::security
