// alertbus_bench: alertbusd's figures next to the physical limits of the machine they were
// measured on, all in one run, on one filesystem and the loopback interface, so each ratio
// compares like with like even on a shared, noisy machine.
//
//   alertbus_bench [--alertbusd PATH] [--quick] [--results] [--dir DIR] [--keep]
//
// In this order: the limits (fsync, ZeroMQ, SQLite); the broker as it ships (casework on,
// security off): publish with 256 in flight, catch-up replay of that log, publish with 1 in
// flight, paced publish->delivery at 2,000 ev/s; the cost of casework (the 256-in-flight
// publish to brokers with and without casework, alternating rounds, with the projection's
// lag sampled); a case growing to 1,000 follow-ups, each read back right after its ack;
// memory and database size with many events stored (casework_bench.hpp has the casework
// phases).
//
// alertbusd is --alertbusd, else $ALERTBUSD, else the one built next to this benchmark (an
// absolute path, so the benchmark runs from any directory). The data lives in a new
// directory under DIR (default: the temp directory), removed at the end unless --keep.
// --quick shrinks the counts for a smoke run (about a minute; the case keeps its 1,000
// follow-ups). --results prints, after the report, the three RESULT lines of the peers'
// compare.sh (/work/shared/peers/scripts/compare.sh) for the phases with 1 and 256 in flight
// and the paced delivery. Prints each figure as it is measured, the aims met or missed, and
// Markdown tables for bench/RESULTS.md. Exit status: 0 when the run completed (whatever the
// aims), 1 on error (a case that does not end with its 1,000 follow-ups is one), 2 on a usage
// error.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <utility>

#include <zmq.hpp>

#include "broker_bench.hpp"
#include "broker_options.hpp"
#include "broker_process.hpp"
#include "casework_bench.hpp"
#include "limits.hpp"
#include "machine.hpp"
#include "publish_frames.hpp"
#include "report.hpp"
#include "wire_client.hpp"
#include "work_directory.hpp"

namespace alertbus::bench {
namespace {

namespace fs = std::filesystem;

struct Sizes {
  std::size_t fsyncs;
  std::size_t round_trips;
  std::size_t zmq_messages;
  std::size_t sqlite_single_transactions;
  std::size_t sqlite_batched_rows;
  std::size_t publish_single;
  std::size_t publish_pipelined;  // Also how far behind the catch-up subscriber starts.
  std::chrono::milliseconds delivery_duration;
  std::size_t casework_rounds;  // Each: a broker with casework, then one without.
  std::size_t casework_events;  // Per broker per round, 256 in flight.
  std::size_t case_follow_ups;
  std::size_t stored_for_memory;
};

constexpr Sizes kFull{.fsyncs = 2000,
                      .round_trips = 20000,
                      .zmq_messages = 500000,
                      .sqlite_single_transactions = 2000,
                      .sqlite_batched_rows = std::size_t{256} * 800,
                      .publish_single = 3000,
                      .publish_pipelined = 100000,
                      .delivery_duration = std::chrono::seconds(10),
                      .casework_rounds = 5,
                      .casework_events = 30000,
                      .case_follow_ups = 1000,
                      .stored_for_memory = 1000000};
// --quick stays around a minute even when fsync takes 4 ms (16 ms per publish with 1 in
// flight on the broker measured here); the case keeps its 1,000 follow-ups, which is the
// point of that figure.
constexpr Sizes kQuick{.fsyncs = 200,
                       .round_trips = 2000,
                       .zmq_messages = 50000,
                       .sqlite_single_transactions = 200,
                       .sqlite_batched_rows = std::size_t{256} * 80,
                       .publish_single = 300,
                       .publish_pipelined = 20000,
                       .delivery_duration = std::chrono::seconds(2),
                       .casework_rounds = 3,
                       .casework_events = 10000,
                       .case_follow_ups = 1000,
                       .stored_for_memory = 50000};

constexpr std::size_t kEventBytes = 600;
constexpr std::size_t kInFlight = 256;
constexpr double kDeliveryPerS = 2000;
constexpr std::uint32_t kLiveCredit = 1000;
constexpr std::uint32_t kCatchUpCredit = 10000;
// Publish phases run in rounds; between rounds, with nothing outstanding, a burst of the
// limit they are compared with is measured (see FsyncProbe).
constexpr std::size_t kRounds = 10;
constexpr std::size_t kFsyncBurst = 50;
constexpr std::size_t kSqliteBurst = 8;  // Transactions of 256 rows.

// The aims.
constexpr double kThroughputShare = 0.60;  // Of the SQLite group-commit limit (256/batch).
constexpr double kAckSlackMs = 0.1;        // Over fsync p50 + ZeroMQ RTT p50.
constexpr double kDeliveryP99Ms = 1.0;
constexpr double kCatchUpPerS = 300000;  // With 100,000 events behind (the full run).
constexpr double kCaseworkShare = 0.90;  // Publish with casework / with --no-casework.
constexpr double kCaseGrowth = 1.0;      // Follow-ups 951-1000 / 1-50, ack -> case visible.
constexpr std::uint64_t kPeakRssBytes = 64ULL * 1024 * 1024;

struct Options : BrokerRunOptions {
  bool quick = false;
  bool results = false;
};

[[noreturn]] void usage(const std::string& problem, int status = 2) {
  std::fprintf(status == 0 ? stdout : stderr,
               "alertbus_bench: %s\nusage: alertbus_bench [--alertbusd PATH] [--quick] [--results]"
               " [--dir DIR] [--keep]\n"
               "  --alertbusd PATH  the broker (default: $ALERTBUSD, else the one built here)\n"
               "  --quick           smaller counts, a smoke run of about a minute\n"
               "  --results         also print the RESULT lines of the peers' compare.sh\n"
               "  --dir DIR         where the run's data directory goes (default: temp)\n"
               "  --keep            keep the data directory\n",
               problem.c_str());
  std::exit(status);
}

Options parse_options(int argc, char** argv) {
  Options options;
  BrokerOptionsParser parser{"alertbus_bench", ALERTBUS_BUILT_ALERTBUSD,
                             "measures alertbusd against this machine's limits", usage,
                             [&options](const std::string& arg, const auto&) {
                               if (arg == "--quick") {
                                 options.quick = true;
                               } else if (arg == "--results") {
                                 options.results = true;
                               } else {
                                 return false;
                               }
                               return true;
                             }};
  parser.parse(argc, argv, &options);
  return options;
}

std::string p50_p99(const LatencySummary& latency) {
  return fixed(latency.p50_ms, 3) + " / " + fixed(latency.p99_ms, 3) + " ms";
}

void note_errors(Report& report, const PublishRun& run) {
  if (run.errors > 0) {
    report.note(std::to_string(run.errors) + " publishes refused, first: " + run.first_error);
  }
}

struct Limits {
  FsyncLimit disk;
  ZmqLimit wire;
  SqliteLimit sqlite;  // batched[0]: 256 rows/transaction, batched[1]: 128.

  double sqlite_256() const { return sqlite.batched[0].rows_per_s; }
};

Limits measure_limits(Report& report, const Sizes& sizes, const fs::path& directory,
                      const PublishFrames& frames) {
  report.section("limits");
  Limits limits;
  limits.disk = measure_fsync(directory, sizes.fsyncs, kEventBytes);
  report.figure("fdatasync after a 600 B append, p50 / p99", p50_p99(limits.disk.fdatasync),
                "-> max " + with_commas(1000 / limits.disk.fdatasync.p50_ms) + " syncs/s (" +
                    with_commas(limits.disk.fdatasync_per_s) + "/s back to back)");
  report.figure("fsync after a 600 B append, p50 / p99", p50_p99(limits.disk.fsync));
  limits.wire = measure_zmq(sizes.round_trips, sizes.zmq_messages, kInFlight, kEventBytes);
  report.figure("ZeroMQ DEALER<->ROUTER round trip (600 B, 64 B reply), p50 / p99",
                p50_p99(limits.wire.round_trip));
  report.figure("ZeroMQ, 256 in flight, echo thread",
                with_commas(limits.wire.messages_per_s) + " msg/s");
  // 256 rows is the aim's batch; 128 is what a broker commits with 256 in flight, since
  // the acks of one commit arrive while the next is being written (the window splits in two).
  limits.sqlite = measure_sqlite(directory, frames.event(), sizes.sqlite_single_transactions,
                                 sizes.sqlite_batched_rows, {kInFlight, kInFlight / 2});
  report.figure("SQLite commit of 1 row (WAL, synchronous=FULL), p50 / p99",
                p50_p99(limits.sqlite.commit_batch_1));
  report.figure("SQLite group-commit limit, 1 row/transaction",
                with_commas(limits.sqlite.rows_per_s_batch_1) + " rows/s");
  for (const SqliteLimit::Batched& batched : limits.sqlite.batched) {
    report.figure("SQLite group-commit limit, " + std::to_string(batched.rows_per_transaction) +
                      " rows/transaction",
                  with_commas(batched.rows_per_s) + " rows/s");
  }
  return limits;
}

// What the aims need from the first broker.
struct BrokerFigures {
  double pipelined_per_s = 0;
  double sqlite_256_now = 0;  // Sampled between the rounds of the pipelined publish.
  double catch_up_per_s = 0;
  std::size_t catch_up_events = 0;
  double ack_p50_ms = 0;
  double ack_limit_ms = 0;
  double delivery_p99_ms = 0;
  // For the RESULT lines.
  PublishRun pipelined;
  PublishRun single;
  DeliveryRun live;
};

// One broker, in this order: a pipelined publish that also fills the log for the catch-up
// subscriber, the catch-up, then the latencies on a log that is no longer empty.
BrokerFigures measure_broker(Report& report, const Sizes& sizes, const fs::path& work,
                             PublishFrames& frames, const Limits& limits) {
  report.section("alertbusd");
  const fs::path directory = work / "broker-latency";
  auto broker = start_broker(directory);
  const std::string endpoint = tcp_endpoint(directory / "endpoint");
  zmq::context_t context(1);
  BrokerFigures figures;

  SqliteProbe sqlite(work, frames.event(), kInFlight);
  const PublishRun pipelined =
      publish(context, endpoint, frames,
              PublishPlan{.count = sizes.publish_pipelined,
                          .in_flight = kInFlight,
                          .rounds = kRounds,
                          .between = [&](std::size_t) { sqlite.sample(kSqliteBurst); }});
  figures.pipelined = pipelined;
  figures.pipelined_per_s = pipelined.per_s();
  figures.sqlite_256_now = sqlite.rows_per_s();
  report.figure("SQLite limit (256/batch) sampled between rounds of the next phase",
                with_commas(figures.sqlite_256_now) + " rows/s",
                "(at the start of the run: " + with_commas(limits.sqlite_256()) + " rows/s)");
  report.figure("publish, 256 in flight (" +
                    with_commas(static_cast<double>(pipelined.acknowledged)) + " events)",
                with_commas(figures.pipelined_per_s) + " ev/s",
                "= " + ratio_text(figures.pipelined_per_s, figures.sqlite_256_now) +
                    " SQLite group-commit limit (256/batch) sampled between its rounds");
  note_errors(report, pipelined);
  report.figure("publish->ack, 256 in flight, p50 / p99", p50_p99(pipelined.ack_latency));

  const CatchUpRun replay = catch_up(context, endpoint, kCatchUpCredit);
  figures.catch_up_per_s = replay.per_s();
  report.figure("catch-up replay, durable subscriber " +
                    with_commas(static_cast<double>(replay.events)) + " events behind",
                with_commas(figures.catch_up_per_s) + " ev/s",
                "= " + ratio_text(figures.catch_up_per_s, kCatchUpPerS) + " aim of " +
                    with_commas(kCatchUpPerS) + " ev/s (" + std::to_string(replay.deliveries) +
                    " deliveries, credit 10,000)");
  figures.catch_up_events = replay.events;

  // This aim's fsync limit is sampled in bursts between rounds of the phase itself, while
  // no publish is outstanding, so that both see the disk in the same mood.
  FsyncProbe probe(work, kEventBytes);
  probe.sample(kFsyncBurst);
  const PublishRun single =
      publish(context, endpoint, frames,
              PublishPlan{.count = sizes.publish_single,
                          .in_flight = 1,
                          .rounds = kRounds,
                          .between = [&](std::size_t) { probe.sample(kFsyncBurst); }});
  const LatencySummary disk_now = probe.summary();
  report.figure("fdatasync sampled between rounds of the next phase, p50 / p99", p50_p99(disk_now),
                "(at the start of the run: " + p50_p99(limits.disk.fdatasync) + ")");
  report.figure("publish, 1 in flight", with_commas(single.per_s()) + " ev/s",
                "= " + ratio_text(single.per_s(), limits.sqlite.rows_per_s_batch_1) +
                    " SQLite group-commit limit (1/batch)");
  note_errors(report, single);
  figures.single = single;
  figures.ack_p50_ms = single.ack_latency.p50_ms;
  figures.ack_limit_ms = disk_now.p50_ms + limits.wire.round_trip.p50_ms + kAckSlackMs;
  report.figure("p50 publish->ack, 1 in flight", fixed(figures.ack_p50_ms, 3) + " ms",
                "; limit fsync p50 + ZeroMQ RTT p50 + 0.1 ms = " + fixed(figures.ack_limit_ms, 3) +
                    " ms -> " + (figures.ack_p50_ms <= figures.ack_limit_ms ? "met" : "missed"));
  const std::string p99_limit =
      "fsync p99 + ZeroMQ RTT p99 = " + fixed(disk_now.p99_ms + limits.wire.round_trip.p99_ms, 3) +
      " ms";
  report.figure("p99 publish->ack, 1 in flight", fixed(single.ack_latency.p99_ms, 3) + " ms",
                "; " + p99_limit);

  const DeliveryRun live = delivery_latency(context, endpoint, endpoint, frames, kDeliveryPerS,
                                            sizes.delivery_duration, kLiveCredit);
  figures.live = live;
  figures.delivery_p99_ms = live.latency.p99_ms;
  report.figure(
      "publish->delivery at " + with_commas(live.achieved_per_s) + " ev/s (paced), p50 / p99",
      p50_p99(live.latency), "; aim p99 <= 1 ms; " + p99_limit);
  if (live.delivered < live.published || live.publish_errors > 0) {
    report.note(std::to_string(live.delivered) + " of " + std::to_string(live.published) +
                " delivered, " + std::to_string(live.publish_errors) + " publishes refused");
  }
  return figures;
}

// One more fresh broker, filled to sizes.stored_for_memory events: its memory, traced as
// the log grows, and the size of its database.
ProcessMemory measure_memory(Report& report, const Sizes& sizes, const fs::path& work,
                             PublishFrames& frames) {
  report.section("alertbusd");  // Its figures belong with the first broker's, after casework.
  const fs::path directory = work / "broker-memory";
  auto broker = start_broker(directory);
  const std::string endpoint = tcp_endpoint(directory / "endpoint");
  zmq::context_t context(1);
  const pid_t pid = broker->pid();
  SqliteProbe sqlite(work, frames.event(), kInFlight);
  Clock::time_point round_started = Clock::now();
  std::size_t round_first = 0;
  const PublishRun fill = publish(
      context, endpoint, frames,
      PublishPlan{.count = sizes.stored_for_memory,
                  .in_flight = kInFlight,
                  .rounds = kRounds,
                  .between = [&](std::size_t published) {
                    const double round_per_s = static_cast<double>(published - round_first) /
                                               seconds_between(round_started, Clock::now());
                    const ProcessMemory now = process_memory(pid);
                    report.note(with_commas(static_cast<double>(published)) + " stored: VmRSS " +
                                mib_text(now.rss) + ", VmHWM " + mib_text(now.peak_rss) + ", " +
                                with_commas(round_per_s) + " ev/s in this round");
                    sqlite.sample(kSqliteBurst);
                    round_first = published;
                    round_started = Clock::now();
                  }});
  const ProcessMemory memory = process_memory(pid);
  const std::string stored_text = with_commas(static_cast<double>(sizes.stored_for_memory));
  report.figure("publish, 256 in flight, sustained to " + stored_text + " stored",
                with_commas(fill.per_s()) + " ev/s",
                "= " + ratio_text(fill.per_s(), sqlite.rows_per_s()) +
                    " SQLite group-commit limit (256/batch) sampled between its rounds, " +
                    with_commas(sqlite.rows_per_s()) + " rows/s");
  note_errors(report, fill);
  testing::WireClient client(context, endpoint);
  const std::string stored = with_commas(static_cast<double>(client.status().event_count()));
  report.figure(
      "alertbusd peak RSS (VmHWM), " + stored + " events stored", mib_text(memory.peak_rss),
      "= " + ratio_text(static_cast<double>(memory.peak_rss), static_cast<double>(kPeakRssBytes)) +
          " aim of 64 MiB; VmRSS now " + mib_text(memory.rss));
  report.figure("database size (db + WAL + SHM), " + stored + " events",
                mib_text(directory_bytes(directory / "data")));
  return memory;
}

void report_aims(Report& report, const Sizes& sizes, const BrokerFigures& broker,
                 const CaseworkCost& casework, const CaseGrowth& growth,
                 const ProcessMemory& memory) {
  const double throughput_aim = kThroughputShare * broker.sqlite_256_now;
  report.aim("publish throughput, 256 in flight",
             ">= 0.60 x SQLite limit (256/batch, sampled between its rounds) = " +
                 with_commas(throughput_aim) + " ev/s",
             with_commas(broker.pipelined_per_s) + " ev/s (" +
                 ratio_text(broker.pipelined_per_s, broker.sqlite_256_now) + ")",
             broker.pipelined_per_s >= throughput_aim);
  report.aim("p50 publish->ack, 1 in flight",
             "<= fsync p50 + ZeroMQ RTT p50 + 0.1 ms = " + fixed(broker.ack_limit_ms, 3) + " ms",
             fixed(broker.ack_p50_ms, 3) + " ms", broker.ack_p50_ms <= broker.ack_limit_ms);
  report.aim("p99 publish->delivery at 2,000 ev/s", "<= 1 ms",
             fixed(broker.delivery_p99_ms, 3) + " ms", broker.delivery_p99_ms <= kDeliveryP99Ms);
  report.aim("catch-up replay, " + with_commas(static_cast<double>(broker.catch_up_events)) +
                 " events behind",
             ">= " + with_commas(kCatchUpPerS) + " ev/s (with 100,000 behind)",
             with_commas(broker.catch_up_per_s) + " ev/s", broker.catch_up_per_s >= kCatchUpPerS);
  report.aim("publish with casework / with --no-casework, 256 in flight (medians)",
             ">= " + fixed(kCaseworkShare, 2) + " x",
             ratio_text(casework.on_median, casework.off_median) + " (" +
                 with_commas(casework.on_median) + " / " + with_commas(casework.off_median) +
                 " ev/s)",
             casework.ratio() >= kCaseworkShare);
  report.aim("ack -> case visible, the last 50 of " + std::to_string(growth.follow_ups) +
                 " follow-ups / the first 50 (medians)",
             "<= " + fixed(kCaseGrowth, 2) + " x",
             ratio_text(growth.last_median_ms, growth.first_median_ms) + " (" +
                 fixed(growth.last_median_ms, 3) + " / " + fixed(growth.first_median_ms, 3) +
                 " ms)",
             growth.first_median_ms > 0 && growth.ratio() <= kCaseGrowth);
  report.aim("peak RSS with " + with_commas(static_cast<double>(sizes.stored_for_memory)) +
                 " events stored",
             "<= 64 MiB", mib_text(memory.peak_rss), memory.peak_rss <= kPeakRssBytes);
}

// The three lines the peers' compare.sh reads (the format is at the top of
// /work/shared/peers/scripts/compare.sh), from the phases of measure_broker(). The
// delivery's msgs_per_s is the pace the sender kept; its latencies leave out the first 100
// events (connection set-up), as the report's figure does. The paced sender does not wait
// for acks, so window=256 only names the figure compare.sh expects: at 2,000 ev/s a few
// publishes are in flight.
void print_result_lines(const BrokerFigures& broker) {
  const auto us = [](double ms) { return fixed(ms * 1000, 0); };
  std::printf("\n");
  for (const auto& [window, run] :
       {std::pair{std::size_t{1}, &broker.single}, std::pair{kInFlight, &broker.pipelined}}) {
    std::printf(
        "RESULT peer=alertbus mode=thr window=%zu size=%zu msgs_per_s=%s ack_p50_us=%s"
        " ack_p99_us=%s\n",
        window, kEventBytes, fixed(run->per_s(), 0).c_str(), us(run->ack_latency.p50_ms).c_str(),
        us(run->ack_latency.p99_ms).c_str());
  }
  std::printf(
      "RESULT peer=alertbus mode=e2e window=%zu size=%zu target_rate=%s msgs_per_s=%s"
      " e2e_p50_us=%s e2e_p99_us=%s\n",
      kInFlight, kEventBytes, fixed(kDeliveryPerS, 0).c_str(),
      fixed(broker.live.achieved_per_s, 0).c_str(), us(broker.live.latency.p50_ms).c_str(),
      us(broker.live.latency.p99_ms).c_str());
  std::fflush(stdout);
}

int run(const Options& options) {
  const Sizes& sizes = options.quick ? kQuick : kFull;
  // BrokerProcess finds alertbusd through $ALERTBUSD, as under ctest.
  setenv("ALERTBUSD", options.alertbusd.c_str(), 1);
  const WorkDirectory work(options.parent, "alertbus-bench", options.keep);
  std::printf("%s\n%s\nmachine: %s\n", options.command.c_str(), utc_now().c_str(),
              describe_machine(work.path()).c_str());
  PublishFrames frames(kEventBytes);
  std::printf("events: %zu bytes serialized (sample_crop_pest, description resized)\n",
              frames.event().size());

  Report report;
  const Limits limits = measure_limits(report, sizes, work.path(), frames);
  const BrokerFigures broker = measure_broker(report, sizes, work.path(), frames, limits);
  zmq::context_t context(1);
  const CaseworkCost casework =
      measure_casework_cost(report, context, work.path(), frames,
                            CaseworkCostPlan{.rounds = sizes.casework_rounds,
                                             .events = sizes.casework_events,
                                             .in_flight = kInFlight,
                                             .keep = options.keep});
  const CaseGrowth growth =
      measure_case_growth(report, context, work.path(), sizes.case_follow_ups);
  const ProcessMemory memory = measure_memory(report, sizes, work.path(), frames);
  report_aims(report, sizes, broker, casework, growth, memory);
  report.print_markdown();
  if (options.results) {
    print_result_lines(broker);
  }
  return 0;
}

}  // namespace
}  // namespace alertbus::bench

int main(int argc, char** argv) {
  const alertbus::bench::Options options = alertbus::bench::parse_options(argc, argv);
  try {
    return alertbus::bench::run(options);
  } catch (const std::exception& failure) {
    std::fprintf(stderr, "alertbus_bench: %s\n", failure.what());
    return 1;
  }
}
