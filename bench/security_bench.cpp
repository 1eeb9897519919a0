// alertbus_security_bench: what security costs a publisher. The same 600-byte events go to
// two alertbusd processes started side by side in one run:
//   off: a plain broker without a registry, unsigned publishes;
//   on:  --security-mode curve with a registry and key files written by this benchmark, the
//        client connecting with CurveZMQ as bac-giang/bvtv and every event signed (Ed25519
//        over the exact event bytes) by that principal's key.
// Both are measured with 256 publishes in flight (throughput) and with 1 (publish->ack
// latency), in rounds that alternate off and on (the order swapped every round, and with
// 1 in flight the two take turns every 25 publishes within a round), because
// this machine's disk switches between a 0.1 ms and a 4 ms fsync from minute to minute:
// each round compares the two brokers on the same disk. Next to them, the limits of the same
// run: Ed25519 sign and verify on one core (libsodium, 600 B), a ZeroMQ round trip and a
// 256-in-flight echo, plain and CURVE, fdatasync and the SQLite group-commit rate.
//
// The client signs before the timed phases: before each phase it builds and signs that
// phase's frames (one signature costs about a third of what the broker spends on an event,
// on the same two cores), and its signing rate is reported on its own. Unsigned frames are
// pre-built the same way, so both brokers see a client that only sends and receives.
//
//   alertbus_security_bench [--alertbusd PATH] [--quick] [--dir DIR] [--keep]
//                           [--verify-threads N]
//
// alertbusd is --alertbusd, else $ALERTBUSD, else the one built next to this benchmark.
// --verify-threads is passed to the secured broker (default: its own, -1 = cores - 1).
// Prints each figure as it is measured, per-thread CPU of both brokers and the client, the
// aims met or missed, and Markdown tables for bench/RESULTS.md. Exit status: 0 when the run
// completed (whatever the aims), 1 on error, 2 on a usage error.
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
#include "broker_process.hpp"
#include "frame_socket.hpp"
#include "limits.hpp"
#include "machine.hpp"
#include "publish_frames.hpp"
#include "report.hpp"
#include "security_fixture.hpp"
#include "thread_cpu.hpp"
#include "work_directory.hpp"

namespace alertbus::bench {
namespace {

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

constexpr Sizes kFull{.rounds = 8,
                      .pipelined_per_round = 20000,
                      .single_per_round = 500,
                      .signatures = 5000,
                      .round_trips = 5000,
                      .zmq_messages = 100000,
                      .fsyncs = 300};
// --quick: well under a minute even in the 4 ms fsync regime.
constexpr Sizes kQuick{.rounds = 2,
                       .pipelined_per_round = 4000,
                       .single_per_round = 100,
                       .signatures = 1000,
                       .round_trips = 1000,
                       .zmq_messages = 20000,
                       .fsyncs = 100};

constexpr std::size_t kEventBytes = 600;
constexpr std::size_t kInFlight = 256;
// Untimed, on each broker before the first round: TCP and CURVE handshakes, cold caches.
constexpr std::size_t kWarmUpEvents = 2000;
// 1 in flight: the two brokers alternate every this many publishes, so that a switch of
// the disk's regime in the middle of a round falls on both.
constexpr std::size_t kSingleChunk = 25;
constexpr std::size_t kFsyncBurst = 50;  // Between rounds, while no publish is outstanding.
constexpr std::size_t kSqliteBurst = 8;  // Transactions of 256 rows.
// Ed25519 signs and verifies between rounds: what a core gives at that moment depends on the
// neighbours (another VM on the sibling hyperthread, caches), so the ratios use these.
constexpr std::size_t kSignatureBurst = 300;
constexpr const char* kNode = "bac-giang";
constexpr const char* kSigner = "bac-giang/bvtv";  // The sample event's sender (CROP_PEST).

// The aim (issue "Security and audit").
constexpr double kAimSecuredPerS = 25000;

struct Options {
  std::string alertbusd;
  bool quick = false;
  fs::path parent;
  bool keep = false;
  std::optional<int> verify_threads;
  std::string command;
};

[[noreturn]] void usage(const std::string& problem, int status = 2) {
  std::fprintf(status == 0 ? stdout : stderr,
               "alertbus_security_bench: %s\nusage: alertbus_security_bench [--alertbusd PATH]"
               " [--quick] [--dir DIR] [--keep] [--verify-threads N]\n",
               problem.c_str());
  std::exit(status);
}

Options parse_options(int argc, char** argv) {
  Options options;
  options.command = "alertbus_security_bench";
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    options.command += " " + arg;
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) {
        usage(arg + " needs a value");
      }
      options.command += std::string(" ") + argv[i + 1];
      return argv[++i];
    };
    if (arg == "--alertbusd") {
      options.alertbusd = value();
    } else if (arg == "--quick") {
      options.quick = true;
    } else if (arg == "--dir") {
      options.parent = value();
    } else if (arg == "--keep") {
      options.keep = true;
    } else if (arg == "--verify-threads") {
      const std::string text = value();
      char* end = nullptr;
      const long threads = std::strtol(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || threads < -1 || threads > 64) {
        usage("--verify-threads takes -1 (auto) to 64");
      }
      options.verify_threads = static_cast<int>(threads);
    } else if (arg == "--help" || arg == "-h") {
      usage("measures what CurveZMQ and signed publishes cost alertbusd", 0);
    } else {
      usage("unknown argument " + arg);
    }
  }
  if (options.alertbusd.empty()) {
    const char* from_environment = std::getenv("ALERTBUSD");
    options.alertbusd = from_environment != nullptr ? from_environment : ALERTBUS_BUILT_ALERTBUSD;
  }
  if (::access(options.alertbusd.c_str(), X_OK) != 0) {
    usage("alertbusd not found or not executable: " + options.alertbusd);
  }
  if (options.parent.empty()) {
    options.parent = fs::temp_directory_path();
  }
  return options;
}

std::string p50_p99(const LatencySummary& latency) {
  return fixed(latency.p50_ms, 3) + " / " + fixed(latency.p99_ms, 3) + " ms";
}

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
  Bench(const Options& options, const Sizes& sizes, const fs::path& work)
      : options_(options),
        sizes_(sizes),
        work_(work),
        frames_(kEventBytes),
        keys_(key_directory(work), {kNode}),
        signing_key_(protocol::expand_signing_seed(keys_.keys(kSigner).signing_seed)) {
    off_.name = "off";
    on_.name = "on";
    on_.secured = true;
  }

  void run() {
    std::printf(
        "events: %zu bytes serialized (sample_crop_pest, description resized); signed"
        " as %s\n",
        frames_.event().size(), kSigner);
    measure_limits();
    start_brokers();
    measure_rounds();
    report_results();
  }

 private:
  void measure_limits() {
    report_.section("limits");
    signatures_ = measure_ed25519(frames_.event(), sizes_.signatures);
    report_.figure("Ed25519 sign, 600 B, one core (libsodium crypto_sign_detached)",
                   with_commas(signatures_.sign_per_cpu_s) + " signatures/s",
                   "(" + with_commas(signatures_.sign_per_s) + "/s by the wall clock)");
    report_.figure("Ed25519 verify, 600 B, one core (crypto_sign_verify_detached)",
                   with_commas(signatures_.verify_per_cpu_s) + " verifications/s",
                   "(" + with_commas(signatures_.verify_per_s) + "/s by the wall clock)");
    const ZmqLimit plain =
        measure_zmq(sizes_.round_trips, sizes_.zmq_messages, kInFlight, kEventBytes, false);
    const ZmqLimit curve =
        measure_zmq(sizes_.round_trips, sizes_.zmq_messages, kInFlight, kEventBytes, true);
    report_.figure("ZeroMQ round trip (600 B, 64 B reply), plain, p50 / p99",
                   p50_p99(plain.round_trip));
    report_.figure("ZeroMQ round trip (600 B, 64 B reply), CURVE, p50 / p99",
                   p50_p99(curve.round_trip));
    report_.figure("ZeroMQ, 256 in flight, echo thread, plain",
                   with_commas(plain.messages_per_s) + " msg/s");
    report_.figure("ZeroMQ, 256 in flight, echo thread, CURVE",
                   with_commas(curve.messages_per_s) + " msg/s",
                   "= " + ratio_text(curve.messages_per_s, plain.messages_per_s) + " plain");
    const FsyncLimit disk = measure_fsync(work_, sizes_.fsyncs, kEventBytes);
    report_.figure("fdatasync after a 600 B append, p50 / p99", p50_p99(disk.fdatasync),
                   "(at the start of the run; sampled again before every round)");
  }

  // Where the registry and the key files go: the run's directory, removed with it.
  static fs::path key_directory(const fs::path& work) {
    fs::create_directories(work / "keys");
    return work / "keys";
  }

  static unsigned cores() { return std::max(1U, std::thread::hardware_concurrency()); }

  // Verifications per second on one core: the median of the bursts between the rounds.
  double verify_per_s() const {
    std::vector<double> rates;
    for (const SignatureLimit& sample : round_signatures_) {
      rates.push_back(sample.verify_per_cpu_s);
    }
    return rates.empty() ? signatures_.verify_per_cpu_s : summarize(rates).p50_ms;
  }

  double verify_ceiling() const { return verify_per_s() * static_cast<double>(cores()); }

  void start_brokers() {
    zmq_context_ = std::make_unique<zmq::context_t>(1);
    for (Side* side : {&off_, &on_}) {
      const fs::path directory = work_ / ("broker-" + side->name);
      fs::create_directories(directory);
      testing::BrokerProcess::Options broker;
      broker.node_id = kNode;
      broker.directory = directory;
      broker.extra_args = {"--listen", "tcp://127.0.0.1:*", "--log-level", "warn"};
      if (side->secured) {
        for (const std::string& arg : keys_.broker_args(kNode)) {
          broker.extra_args.push_back(arg);
        }
        if (options_.verify_threads) {
          broker.extra_args.push_back("--verify-threads");
          broker.extra_args.push_back(std::to_string(*options_.verify_threads));
        }
      }
      side->broker = std::make_unique<testing::BrokerProcess>(broker);
      const std::string endpoint = tcp_endpoint(directory / "endpoint");
      side->socket = side->secured ? std::make_unique<FrameSocket>(
                                         *zmq_context_, endpoint, keys_.client_keys(kSigner, kNode))
                                   : std::make_unique<FrameSocket>(*zmq_context_, endpoint);
      // A refusal here is a set-up error (keys, registry, authority rules), not a figure.
      build_frames(*side, kWarmUpEvents);
      const PublishRun warm_up = publish_built(*side, kInFlight, nullptr);
      if (warm_up.errors > 0 || warm_up.acknowledged != kWarmUpEvents) {
        throw std::runtime_error("the " + side->name +
                                 " broker refused the warm-up: " + warm_up.first_error);
      }
    }
    std::printf(
        "brokers: off pid %d (plain, no registry), on pid %d (--security-mode curve,"
        " registry of %s, client %s over CURVE)\n",
        static_cast<int>(off_.broker->pid()), static_cast<int>(on_.broker->pid()), kNode, kSigner);
  }

  // The frames of the next phase, built (and signed, for the secured side) before it.
  void build_frames(Side& side, std::size_t count) {
    side.frames.clear();
    side.frames.reserve(count);
    std::string event_id;
    const Clock::time_point started = Clock::now();
    for (std::size_t i = 1; i <= count; ++i) {
      side.frames.push_back(side.secured ? frames_.next_signed(i, kSigner, signing_key_, &event_id)
                                         : frames_.next(i, &event_id));
    }
    if (side.secured) {
      signing_.signed_frames += count;
      signing_.seconds += seconds_between(started, Clock::now());
    }
  }

  PublishRun publish_built(Side& side, std::size_t in_flight, std::vector<double>* latencies) {
    return publish(
        *side.socket,
        [&side](std::uint64_t request_id) -> const std::string& {
          return side.frames[request_id - 1];
        },
        PublishPlan{.count = side.frames.size(),
                    .in_flight = in_flight,
                    .rounds = 1,
                    .between = nullptr,
                    .keep_latencies = latencies});
  }

  void note_errors(Side& side, const PublishRun& run) {
    if (run.errors > 0 && side.errors == 0) {
      side.first_error = run.first_error;
    }
    side.errors += run.errors;
  }

  // A broker's threads finish what a phase left them (acks sent, a checkpoint) before the
  // other broker is measured: until it used under 2 ms of CPU in 100 ms, or 3 s passed.
  static void settle(pid_t pid) {
    const Clock::time_point deadline = Clock::now() + std::chrono::seconds(3);
    while (Clock::now() < deadline) {
      const auto before = thread_times(pid);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      std::uint64_t ran = 0;
      for (const auto& [tid, delta] : thread_delta(before, thread_times(pid))) {
        ran += delta.run_ns;
      }
      if (ran < 2000000) {
        return;
      }
    }
  }

  void pipelined(Side& side, Side::Round* round) {
    build_frames(side, sizes_.pipelined_per_round);
    const pid_t pid = side.broker->pid();
    const auto broker_before = thread_times(pid);
    const auto client_before = thread_times(getpid());
    const MachineCpu machine_before = machine_cpu();
    const PublishRun run = publish_built(side, kInFlight, &side.pipelined_latencies);
    side.machine += machine_cpu() - machine_before;
    add_times(&side.broker_cpu, thread_delta(broker_before, thread_times(pid)));
    add_times(&side.client_cpu, thread_delta(client_before, thread_times(getpid())));
    side.pipelined_acked += run.acknowledged;
    side.pipelined_seconds += run.seconds;
    round->pipelined_per_s = run.per_s();
    note_errors(side, run);
    settle(pid);
  }

  // One chunk of publishes with 1 in flight.
  void single_chunk(Side& side, std::vector<double>* round_latencies) {
    build_frames(side, kSingleChunk);
    const pid_t pid = side.broker->pid();
    const auto broker_before = thread_times(pid);
    const PublishRun run = publish_built(side, 1, round_latencies);
    add_times(&side.single_broker_cpu, thread_delta(broker_before, thread_times(pid)));
    side.single_acked += run.acknowledged;
    side.single_seconds += run.seconds;
    note_errors(side, run);
    // Without this pause the side that came second in each pair was the one whose acks took
    // 4 ms (and the first one's 0.5 ms), whichever it was: what one broker leaves running
    // (a checkpoint, the disk's own flushing) lands on the other.
    settle(pid);
  }

  // Both sides, 1 in flight, alternating chunk by chunk in `order`.
  void single(const std::array<Side*, 2>& order, Side::Round* first, Side::Round* second) {
    std::array<std::vector<double>, 2> latencies;
    for (std::size_t done = 0; done < sizes_.single_per_round; done += kSingleChunk) {
      single_chunk(*order[0], &latencies[0]);
      single_chunk(*order[1], &latencies[1]);
    }
    for (std::size_t i = 0; i < 2; ++i) {
      Side& side = *order[i];
      side.single_latencies.insert(side.single_latencies.end(), latencies[i].begin(),
                                   latencies[i].end());
      (i == 0 ? first : second)->single = summarize(std::move(latencies[i]));
    }
  }

  void measure_rounds() {
    report_.section("rounds (off = plain broker, unsigned; on = CURVE + signed)");
    SqliteProbe sqlite(work_, frames_.event(), kInFlight);
    for (std::size_t r = 0; r < sizes_.rounds; ++r) {
      FsyncProbe disk(work_, kEventBytes);
      disk.sample(kFsyncBurst);
      sqlite.sample(kSqliteBurst);
      round_signatures_.push_back(measure_ed25519(frames_.event(), kSignatureBurst));
      round_disk_.push_back(disk.summary());
      // Swapped every round, so that neither side always follows the other.
      const std::array<Side*, 2> order =
          r % 2 == 0 ? std::array<Side*, 2>{&off_, &on_} : std::array<Side*, 2>{&on_, &off_};
      Side::Round off_round;
      Side::Round on_round;
      const auto round_of = [&](const Side* side) {
        return side == &off_ ? &off_round : &on_round;
      };
      for (Side* side : order) {
        pipelined(*side, round_of(side));
      }
      single(order, round_of(order[0]), round_of(order[1]));
      off_.rounds.push_back(off_round);
      on_.rounds.push_back(on_round);
      report_.note("round " + std::to_string(r + 1) + " (" + order[0]->name +
                   " first): fdatasync " + p50_p99(round_disk_.back()) + "; 256 in flight off " +
                   with_commas(off_round.pipelined_per_s) + " / on " +
                   with_commas(on_round.pipelined_per_s) + " ev/s; 1 in flight p50 off " +
                   fixed(off_round.single.p50_ms, 3) + " / on " + fixed(on_round.single.p50_ms, 3) +
                   " ms");
    }
    sqlite_per_s_ = sqlite.rows_per_s();
  }

  // The threads of a broker, by what they are: alertbusd names its own (writer,
  // checkpointer, projector, verify N) and ZeroMQ its own; the main thread is the loop.
  static std::map<pid_t, std::string> broker_thread_labels(
      pid_t pid, const std::map<pid_t, ThreadTimes>& cpu) {
    std::map<pid_t, std::string> labels;
    for (const auto& [tid, times] : cpu) {
      if (tid == pid) {
        labels[tid] = "loop (main thread)";
      } else if (times.name.rfind("ZMQbg/IO", 0) == 0) {
        labels[tid] = "ZeroMQ I/O (" + times.name + ")";
      } else if (times.name.rfind("ZMQbg/", 0) == 0) {
        labels[tid] = "ZeroMQ " + times.name.substr(6);
      } else {
        labels[tid] = times.name;
      }
    }
    return labels;
  }

  static std::map<pid_t, std::string> client_thread_labels(
      const std::map<pid_t, ThreadTimes>& cpu) {
    std::map<pid_t, std::string> labels;
    for (const auto& [tid, times] : cpu) {
      labels[tid] = tid == getpid() ? "client (sends, receives)" : "client " + times.name;
    }
    return labels;
  }

  // One figure per thread of `cpu` that ran during phases of `wall` seconds in all, in which
  // `events` were acknowledged; returns the CPU seconds of all of them.
  double report_cpu(const std::string& process, const std::map<pid_t, ThreadTimes>& cpu,
                    const std::map<pid_t, std::string>& labels, double wall, std::size_t events) {
    const auto n = static_cast<double>(events);
    double total_s = 0;
    for (const auto& [tid, times] : cpu) {
      const double run_s = static_cast<double>(times.run_ns) / 1e9;
      const double wait_s = static_cast<double>(times.wait_ns) / 1e9;
      total_s += run_s;
      if (run_s < 0.005 * wall) {
        continue;  // Idle: the reaper, a checkpointer with nothing to do.
      }
      report_.figure(process + " " + labels.at(tid),
                     fixed(run_s / wall, 2) + " CPU, " + fixed(run_s * 1e6 / n, 1) + " us/event",
                     "; waited for a CPU " + fixed(100 * wait_s / wall, 0) + "% of the time, " +
                         fixed(wait_s * 1e6 / n, 1) + " us/event");
    }
    report_.figure(process + " all threads",
                   fixed(total_s / wall, 2) + " CPU, " + fixed(total_s * 1e6 / n, 1) + " us/event");
    return total_s;
  }

  void report_results() {
    const double off_per_s = off_.pipelined_per_s();
    const double on_per_s = on_.pipelined_per_s();
    const LatencySummary off_pipelined = summarize(off_.pipelined_latencies);
    const LatencySummary on_pipelined = summarize(on_.pipelined_latencies);
    const LatencySummary off_single = summarize(off_.single_latencies);
    const LatencySummary on_single = summarize(on_.single_latencies);
    LatencySummary disk_all;
    std::vector<double> disk_p50s;
    for (const LatencySummary& disk : round_disk_) {
      disk_p50s.push_back(disk.p50_ms);
    }
    disk_all = summarize(disk_p50s);

    report_.section("limits sampled between the rounds");
    report_.figure("fdatasync p50 before each round, lowest / median / highest",
                   fixed(*std::min_element(disk_p50s.begin(), disk_p50s.end()), 3) + " / " +
                       fixed(disk_all.p50_ms, 3) + " / " + fixed(disk_all.max_ms, 3) + " ms");
    report_.figure("SQLite group-commit limit (256/batch) sampled between the rounds",
                   with_commas(sqlite_per_s_) + " rows/s");
    std::vector<double> signs;
    std::vector<double> verifies;
    for (const SignatureLimit& sample : round_signatures_) {
      signs.push_back(sample.sign_per_cpu_s);
      verifies.push_back(sample.verify_per_cpu_s);
    }
    const auto spread = [](std::vector<double> rates) {
      const LatencySummary summary = summarize(rates);  // Nearest rank, as verify_per_s().
      return with_commas(summary.p50_ms) + "/s (lowest " +
             with_commas(*std::min_element(rates.begin(), rates.end())) + ", highest " +
             with_commas(summary.max_ms) + ")";
    };
    report_.figure("Ed25519 sign, one core, bursts between the rounds: median", spread(signs));
    report_.figure("Ed25519 verify, one core, bursts between the rounds: median", spread(verifies),
                   "; x " + std::to_string(cores()) + " cores = " + with_commas(verify_ceiling()) +
                       "/s, the most a broker verifying each event once could ingest here");
    report_.figure("client signing while pre-building the frames (sign + serialize)",
                   with_commas(signing_.per_s()) + " frames/s",
                   "(" + with_commas(static_cast<double>(signing_.signed_frames)) +
                       " frames, one thread, not in the timed phases)");

    const std::string rounds = std::to_string(sizes_.rounds) + " rounds";
    report_.section("security off (plain, no registry, unsigned)");
    report_.figure("publish, 256 in flight (" +
                       with_commas(static_cast<double>(off_.pipelined_acked)) + " events, " +
                       rounds + ")",
                   with_commas(off_per_s) + " ev/s",
                   "= " + ratio_text(off_per_s, sqlite_per_s_) +
                       " SQLite group-commit limit (256/batch) sampled between the rounds");
    report_.figure("publish->ack, 256 in flight, p50 / p99", p50_p99(off_pipelined));
    report_.figure("publish->ack, 1 in flight (" +
                       with_commas(static_cast<double>(off_.single_acked)) + " events), p50 / p99",
                   p50_p99(off_single), "(" + with_commas(off_.single_per_s()) + " ev/s)");

    report_.section("security on (CURVE + Ed25519 signatures)");
    report_.figure(
        "publish, 256 in flight (" + with_commas(static_cast<double>(on_.pipelined_acked)) +
            " events, " + rounds + ")",
        with_commas(on_per_s) + " ev/s",
        "= " + ratio_text(on_per_s, off_per_s) +
            " off; = " + ratio_text(on_per_s, verify_ceiling()) + " verify rate x " +
            std::to_string(cores()) + " cores (" + with_commas(verify_ceiling()) + "/s)");
    report_.figure("aim of 25,000 ev/s against verify rate x " + std::to_string(cores()) + " cores",
                   ratio_text(kAimSecuredPerS, verify_ceiling()),
                   "(the aim needs " + fixed(kAimSecuredPerS / verify_per_s(), 1) +
                       " cores for the verifications alone)");
    report_.figure("publish->ack, 256 in flight, p50 / p99", p50_p99(on_pipelined),
                   "= " + ratio_text(on_pipelined.p50_ms, off_pipelined.p50_ms) + " / " +
                       ratio_text(on_pipelined.p99_ms, off_pipelined.p99_ms) + " off");
    report_.figure("publish->ack, 1 in flight (" +
                       with_commas(static_cast<double>(on_.single_acked)) + " events), p50 / p99",
                   p50_p99(on_single),
                   "= " + ratio_text(on_single.p50_ms, off_single.p50_ms) + " / " +
                       ratio_text(on_single.p99_ms, off_single.p99_ms) + " off; " +
                       (on_single.p50_ms >= off_single.p50_ms ? "+" : "") +
                       fixed(on_single.p50_ms - off_single.p50_ms, 3) + " ms at p50");
    for (Side* side : {&off_, &on_}) {
      if (side->errors > 0) {
        report_.note(side->name + ": " + std::to_string(side->errors) +
                     " publishes refused, first: " + side->first_error);
      }
    }

    for (const Side* side : {&off_, &on_}) {
      report_.section("where the time goes, security " + side->name + ", 256 in flight");
      const double wall = side->pipelined_seconds;
      const double ours =
          report_cpu("alertbusd", side->broker_cpu,
                     broker_thread_labels(side->broker->pid(), side->broker_cpu), wall,
                     side->pipelined_acked) +
          report_cpu("bench", side->client_cpu, client_thread_labels(side->client_cpu), wall,
                     side->pipelined_acked);
      // The machine's counters cover a little more than the phases (the reads around them).
      report_.figure(
          "the machine: busy / idle / stolen",
          fixed(side->machine.busy_s / wall, 2) + " / " + fixed(side->machine.idle_s / wall, 2) +
              " / " + fixed(side->machine.steal_s / wall, 2) + " CPU",
          "; other processes used " + fixed(std::max(0.0, side->machine.busy_s - ours) / wall, 2) +
              " CPU of " + std::to_string(cores()));
      // What the CPU alone allows: every core busy with this broker and its client, at the
      // CPU per event they used here (no waiting for the disk, no one else on the machine).
      const double cpu_per_event = ours / static_cast<double>(side->pipelined_acked);
      report_.figure(
          "CPU bound: " + std::to_string(cores()) + " cores / (broker + bench CPU per event)",
          with_commas(static_cast<double>(cores()) / cpu_per_event) + " ev/s",
          "(" + fixed(cpu_per_event * 1e6, 1) + " us of CPU per event)");
    }
    for (const Side* side : {&off_, &on_}) {
      report_.section("where the time goes, security " + side->name + ", 1 in flight");
      report_cpu("alertbusd", side->single_broker_cpu,
                 broker_thread_labels(side->broker->pid(), side->single_broker_cpu),
                 side->single_seconds, side->single_acked);
    }

    report_.aim("publish throughput with security on, 256 in flight", ">= 25,000 ev/s",
                with_commas(on_per_s) + " ev/s (" + ratio_text(on_per_s, kAimSecuredPerS) + ")",
                on_per_s >= kAimSecuredPerS);
    report_.print_markdown();
    print_rounds();
  }

  void print_rounds() const {
    std::printf(
        "\n| round | first | fdatasync p50 / p99 (ms) | off ev/s | on ev/s | on/off |"
        " off ack p50 (ms) | on ack p50 (ms) | on/off |\n");
    std::printf("|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
    for (std::size_t r = 0; r < off_.rounds.size(); ++r) {
      const Side::Round& off = off_.rounds[r];
      const Side::Round& on = on_.rounds[r];
      std::printf("| %zu | %s | %s / %s | %s | %s | %s | %s | %s | %s |\n", r + 1,
                  r % 2 == 0 ? "off" : "on", fixed(round_disk_[r].p50_ms, 3).c_str(),
                  fixed(round_disk_[r].p99_ms, 3).c_str(), with_commas(off.pipelined_per_s).c_str(),
                  with_commas(on.pipelined_per_s).c_str(),
                  ratio_text(on.pipelined_per_s, off.pipelined_per_s).c_str(),
                  fixed(off.single.p50_ms, 3).c_str(), fixed(on.single.p50_ms, 3).c_str(),
                  ratio_text(on.single.p50_ms, off.single.p50_ms).c_str());
    }
    std::fflush(stdout);
  }

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

int run(const Options& options) {
  const Sizes& sizes = options.quick ? kQuick : kFull;
  // BrokerProcess finds alertbusd through $ALERTBUSD, as under ctest.
  setenv("ALERTBUSD", options.alertbusd.c_str(), 1);
  const WorkDirectory work(options.parent, "alertbus-security-bench", options.keep);
  std::printf("%s\n%s\nmachine: %s\n", options.command.c_str(), utc_now().c_str(),
              describe_machine(work.path()).c_str());
  Bench bench(options, sizes, work.path());
  bench.run();
  return 0;
}

}  // namespace
}  // namespace alertbus::bench

int main(int argc, char** argv) {
  const alertbus::bench::Options options = alertbus::bench::parse_options(argc, argv);
  try {
    return alertbus::bench::run(options);
  } catch (const std::exception& failure) {
    std::fprintf(stderr, "alertbus_security_bench: %s\n", failure.what());
    return 1;
  }
}
