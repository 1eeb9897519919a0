// alertbus_growth_bench: a node's figures as its log grows to 10,000,000 events. Nothing is
// ever deleted (the log is the audit record), so a province's broker must keep its publish
// rate, its catch-up and its memory however much it holds, and its operators need to know
// how much disk a million events take and how long a restart, a crash recovery and a
// rebuild of the projection take at that size.
//
//   alertbus_growth_bench [--alertbusd PATH] [--events N] [--step N] [--quick]
//                         [--rebuild-minutes N] [--dir DIR] [--keep]
//
// One alertbusd as it ships (casework on, security off) on a fresh data directory under DIR
// (default: the temp directory) takes --events ~600-byte alerts (default 10,000,000) with
// 256 in flight on loopback TCP, in steps of --step (default 1,000,000). After each step,
// with the projection caught up: the step's publish rate beside the SQLite group-commit limit
// sampled between its rounds (on the same disk), publish->ack with 1 in flight, a new
// subscriber's catch-up from 100,000 behind, the case queries of the dashboard and alertctl,
// the broker's memory and the data directory's size. At the end, at full size: a clean
// restart, a crash (SIGKILL right after 100,000 acknowledged publishes: every one must be
// there after the restart) and a rebuild of the projection from the log (its file removed),
// with publishes answered meanwhile, followed for --rebuild-minutes (default 10; the rate
// then tells the whole). --quick: 200,000 events in steps of 50,000.
//
// Exit status: 0 when the run completed (whatever the aims), 1 on an error (an acknowledged
// event missing after the crash is one), 2 on a usage error.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <unistd.h>
#include <vector>

#include <zmq.hpp>

#include "broker_bench.hpp"
#include "broker_options.hpp"
#include "casework_bench.hpp"
#include "growth_probes.hpp"
#include "growth_steps.hpp"
#include "machine.hpp"
#include "publish_frames.hpp"
#include "report.hpp"
#include "work_directory.hpp"

namespace alertbus::bench {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kEventBytes = 600;
constexpr std::size_t kCrashEvents = 100000;

struct Options : BrokerRunOptions {
  std::size_t events = 10000000;
  std::size_t step = 1000000;
  std::chrono::minutes rebuild_allowed{10};
};

[[noreturn]] void usage(const std::string& problem, int status = 2) {
  std::fprintf(status == 0 ? stdout : stderr,
               "alertbus_growth_bench: %s\n"
               "usage: alertbus_growth_bench [--alertbusd PATH] [--events N] [--step N] [--quick]"
               " [--rebuild-minutes N] [--dir DIR] [--keep]\n"
               "  --alertbusd PATH  the broker (default: $ALERTBUSD, else the one built here)\n"
               "  --events N        events to store (default 10,000,000)\n"
               "  --step N          figures every N events (default 1,000,000)\n"
               "  --quick           200,000 events in steps of 50,000\n"
               "  --rebuild-minutes N  how long the projection's rebuild is followed (default 10)\n"
               "  --dir DIR         where the data directory goes (default: temp; about\n"
               "                    2.4 GB per million events)\n"
               "  --keep            keep the data directory\n",
               problem.c_str());
  std::exit(status);
}

std::size_t count_of(const std::string& text) {
  try {
    std::size_t used = 0;
    const unsigned long long value = std::stoull(text, &used);
    if (used == text.size() && value > 0) {
      return static_cast<std::size_t>(value);
    }
  } catch (const std::exception&) {
  }
  usage("not a positive count: " + text);
}

Options parse_options(int argc, char** argv) {
  Options options;
  BrokerOptionsParser parser{"alertbus_growth_bench", ALERTBUS_BUILT_ALERTBUSD,
                             "measures alertbusd as its log grows", usage,
                             [&options](const std::string& arg, const auto& value) {
                               if (arg == "--events") {
                                 options.events = count_of(value());
                               } else if (arg == "--step") {
                                 options.step = count_of(value());
                               } else if (arg == "--rebuild-minutes") {
                                 options.rebuild_allowed = std::chrono::minutes(count_of(value()));
                               } else if (arg == "--quick") {
                                 options.events = 200000;
                                 options.step = 50000;
                               } else {
                                 return false;
                               }
                               return true;
                             }};
  parser.parse(argc, argv, &options);
  if (options.step > options.events) {
    usage("--step is larger than --events");
  }
  return options;
}

// Refuses to start a run the disk cannot hold (2.4 GB per million events with casework,
// measured, plus a fifth for the WALs and the probe's table).
void check_space(const fs::path& parent, std::size_t events) {
  const double needed = static_cast<double>(events) * 2400.0 * 1.2;
  const fs::space_info space = fs::space(parent);
  if (static_cast<double>(space.available) < needed) {
    throw std::runtime_error(parent.string() + " has " + mib_text(space.available) + " free; " +
                             with_commas(static_cast<double>(events)) + " events need about " +
                             mib_text(static_cast<std::uint64_t>(needed)));
  }
}

// The end of the run, at full size: restart, crash, rebuild.
void measure_at_full_size(Report& report, GrowthBroker& node, PublishFrames& frames,
                          std::chrono::minutes rebuild_allowed) {
  report.section("at " + with_commas(static_cast<double>(node.head())) + " events");
  const double clean_s = node.restart(GrowthBroker::Stop::kClean);
  const ProcessMemory started = node.memory();
  report.figure("clean restart (SIGTERM, start until it listens)", fixed(clean_s, 2) + " s",
                "VmRSS after it " + mib_text(started.rss));
  const LatencySummary after_restart = node.publish_one_at_a_time(frames, 200);
  report.figure("publish->ack, 1 in flight, right after the restart, p50 / p99",
                fixed(after_restart.p50_ms, 3) + " / " + fixed(after_restart.p99_ms, 3) + " ms");

  const std::uint64_t before = node.head();
  const PublishRun crash_load = node.publish_pipelined(frames, kCrashEvents, 1, nullptr);
  const double crash_s = node.restart(GrowthBroker::Stop::kKill);
  const std::uint64_t after = node.head();
  report.figure("restart after SIGKILL, right after " +
                    with_commas(static_cast<double>(kCrashEvents)) + " acknowledged publishes",
                fixed(crash_s, 2) + " s",
                with_commas(static_cast<double>(after - before)) + " of " +
                    with_commas(static_cast<double>(crash_load.acknowledged)) +
                    " acknowledged events there after it");
  if (crash_load.errors > 0 || after - before != crash_load.acknowledged) {
    throw std::runtime_error("after the crash the log holds " + std::to_string(after - before) +
                             " of " + std::to_string(crash_load.acknowledged) +
                             " acknowledged events (" + std::to_string(crash_load.errors) +
                             " refused)");
  }

  const RebuildRun rebuild = node.rebuild_projection(frames, rebuild_allowed);
  const double rebuild_per_s = static_cast<double>(rebuild.projected) / rebuild.seconds;
  report.figure(rebuild.finished
                    ? "projection rebuilt from the log (its files removed, broker restarted)"
                    : "projection rebuilding from the log (its files removed), the first " +
                          fixed(rebuild.seconds / 60, 0) + " minutes",
                rebuild.finished ? fixed(rebuild.seconds, 1) + " s"
                                 : with_commas(static_cast<double>(rebuild.projected)) + " of " +
                                       with_commas(static_cast<double>(rebuild.events)) + " events",
                with_commas(rebuild_per_s) + " events/s" +
                    (rebuild.finished
                         ? ""
                         : ": the whole log in about " +
                               fixed(static_cast<double>(rebuild.events) / rebuild_per_s / 60, 0) +
                               " minutes") +
                    "; listening " + fixed(rebuild.start_s, 2) + " s after the start");
  report.figure(
      "publish->ack, 1 in flight, during the rebuild, p50 / p99",
      fixed(rebuild.publish.p50_ms, 3) + " / " + fixed(rebuild.publish.p99_ms, 3) + " ms");
  const ProcessMemory end = node.memory();
  report.figure("alertbusd peak RSS (VmHWM) since the rebuild's start", mib_text(end.peak_rss));
}

int run(const Options& options) {
  setenv("ALERTBUSD", options.alertbusd.c_str(), 1);  // BrokerProcess finds it there.
  check_space(options.parent, options.events);
  const WorkDirectory work(options.parent, "alertbus-growth", options.keep);
  std::printf("%s\n%s\nmachine: %s\n", options.command.c_str(), utc_now().c_str(),
              describe_machine(work.path()).c_str());
  // Each event sent a millisecond apart, as real alerts are: the case lists page by the time
  // sent, and a log of events all sent in the same millisecond pages by event id alone.
  PublishFrames frames(kEventBytes, true);
  std::printf("events: %zu bytes serialized (sample_crop_pest, description resized)\n",
              frames.event().size());
  std::fflush(stdout);

  zmq::context_t context(1);
  GrowthBroker node(context, work.path() / "broker");
  std::vector<GrowthStep> steps;
  while (node.head() < options.events) {
    const std::size_t count =
        std::min<std::size_t>(options.step, options.events - static_cast<std::size_t>(node.head()));
    steps.push_back(node.step(frames, count));
    print_step(steps.back());
  }
  Report report;
  measure_at_full_size(report, node, frames, options.rebuild_allowed);
  report_growth_aims(report, steps);
  print_steps_markdown(steps);
  report.print_markdown();
  return 0;
}

}  // namespace
}  // namespace alertbus::bench

int main(int argc, char** argv) {
  const alertbus::bench::Options options = alertbus::bench::parse_options(argc, argv);
  try {
    return alertbus::bench::run(options);
  } catch (const std::exception& failure) {
    std::fprintf(stderr, "alertbus_growth_bench: %s\n", failure.what());
    return 1;
  }
}
