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
#include "security_bench.hpp"

#include <cstdlib>
#include <unistd.h>

namespace alertbus::bench::security {
namespace {

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

[[noreturn]] void usage(const std::string& problem, int status = 2) {
  std::fprintf(status == 0 ? stdout : stderr,
               "alertbus_security_bench: %s\nusage: alertbus_security_bench [--alertbusd PATH]"
               " [--quick] [--dir DIR] [--keep] [--verify-threads N]\n",
               problem.c_str());
  std::exit(status);
}

}  // namespace

Options parse_options(int argc, char** argv) {
  Options options;
  const auto own = [&options](const std::string& arg, const auto& value) {
    if (arg == "--quick") {
      options.quick = true;
    } else if (arg == "--verify-threads") {
      const std::string text = value();
      char* end = nullptr;
      const long threads = std::strtol(text.c_str(), &end, 10);
      if (text.empty() || *end != '\0' || threads < -1 || threads > 64) {
        usage("--verify-threads takes -1 (auto) to 64");
      }
      options.verify_threads = static_cast<int>(threads);
    } else {
      return false;
    }
    return true;
  };
  BrokerOptionsParser{"alertbus_security_bench", ALERTBUS_BUILT_ALERTBUSD,
                      "measures what CurveZMQ and signed publishes cost alertbusd", usage, own}
      .parse(argc, argv, &options);
  return options;
}

Bench::Bench(const Options& options, const Sizes& sizes, const fs::path& work)
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

void Bench::run() {
  std::printf(
      "events: %zu bytes serialized (sample_crop_pest, description resized); signed"
      " as %s\n",
      frames_.event().size(), kSigner);
  measure_limits();
  start_brokers();
  measure_rounds();
  report_results();
}

void Bench::measure_limits() {
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

fs::path Bench::key_directory(const fs::path& work) {
  fs::create_directories(work / "keys");
  return work / "keys";
}

double Bench::verify_per_s() const {
  std::vector<double> rates;
  for (const SignatureLimit& sample : round_signatures_) {
    rates.push_back(sample.verify_per_cpu_s);
  }
  return rates.empty() ? signatures_.verify_per_cpu_s : summarize(rates).p50_ms;
}

void Bench::start_brokers() {
  zmq_context_ = std::make_unique<zmq::context_t>(1);
  for (Side* side : {&off_, &on_}) {
    const fs::path directory = work_ / ("broker-" + side->name);
    fs::create_directories(directory);
    testing::BrokerProcess::Options broker;
    broker.node_id = kNode;
    broker.directory = directory;
    // No publish rate limit: the benchmark's one unit publishes as fast as the node can.
    broker.extra_args = {"--listen",
                         "tcp://127.0.0.1:*",
                         "--log-level",
                         "warn",
                         "--publish-events-per-second",
                         "0",
                         "--publish-bytes-per-second",
                         "0"};
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
    side->socket = side->secured ? std::make_unique<FrameSocket>(*zmq_context_, endpoint,
                                                                 keys_.client_keys(kSigner, kNode))
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

void Bench::build_frames(Side& side, std::size_t count) {
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

PublishRun Bench::publish_built(Side& side, std::size_t in_flight, std::vector<double>* latencies) {
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

void Bench::note_errors(Side& side, const PublishRun& run) {
  if (run.errors > 0 && side.errors == 0) {
    side.first_error = run.first_error;
  }
  side.errors += run.errors;
}

void Bench::settle(pid_t pid) {
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

void Bench::pipelined(Side& side, Side::Round* round) {
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

void Bench::single_chunk(Side& side, std::vector<double>* round_latencies) {
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

void Bench::single(const std::array<Side*, 2>& order, Side::Round* first, Side::Round* second) {
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

void Bench::measure_rounds() {
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
    const auto round_of = [&](const Side* side) { return side == &off_ ? &off_round : &on_round; };
    for (Side* side : order) {
      pipelined(*side, round_of(side));
    }
    single(order, round_of(order[0]), round_of(order[1]));
    off_.rounds.push_back(off_round);
    on_.rounds.push_back(on_round);
    report_.note("round " + std::to_string(r + 1) + " (" + order[0]->name + " first): fdatasync " +
                 p50_p99(round_disk_.back()) + "; 256 in flight off " +
                 with_commas(off_round.pipelined_per_s) + " / on " +
                 with_commas(on_round.pipelined_per_s) + " ev/s; 1 in flight p50 off " +
                 fixed(off_round.single.p50_ms, 3) + " / on " + fixed(on_round.single.p50_ms, 3) +
                 " ms");
  }
  sqlite_per_s_ = sqlite.rows_per_s();
}

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

}  // namespace alertbus::bench::security

int main(int argc, char** argv) {
  const alertbus::bench::security::Options options =
      alertbus::bench::security::parse_options(argc, argv);
  try {
    return alertbus::bench::security::run(options);
  } catch (const std::exception& failure) {
    std::fprintf(stderr, "alertbus_security_bench: %s\n", failure.what());
    return 1;
  }
}
