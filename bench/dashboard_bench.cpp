// alertbus_dashboard_bench: the dashboard's figures (issue 14), against real processes.
//
//   alertbus_dashboard_bench [--quick] [--dir DIR] [--keep]
//                            [--alertbusd PATH] [--alertctl PATH] [--dashboard PATH]
//
// Two alertbusd nodes (Bắc Giang and Hải Dương, linked both ways, --security-mode curve with
// the keys and registry of deploy/make-keys.sh) and a real alertbus-dashboard for Bắc Giang
// (deploy/dashboard/local.sh: one officer per unit, each unit on its own key), SQLite on the
// work directory's filesystem.
// 1. Live stream: 200 SSE connections (one thread with poll() over plain sockets; the four
//    officers log in once each and their tabs share the session), 100 alerts posted at Hải
//    Dương 200 ms apart: post -> seen on each stream, over every (alert, stream) pair, next
//    to post -> delivered to a libalertbus subscriber at Bắc Giang (what the federation
//    itself takes). Aim: p99 <= 1 s, none missed.
// 2. Inbox: Bắc Giang filled with 100,000 alerts of the four kinds from the units of both
//    nodes, projected, then GET /api/inbox timed 200 times in a row per query (the default
//    view, kind + province, free text). Aim: p99 <= 200 ms.
// 3. The dashboard's memory (VmRSS, VmHWM): idle after start, with the streams open, after
//    the alerts of 1, after the inbox requests of 2.
// --quick (well under a minute) runs the same with 20 streams, 10 alerts, 2,000 cases and 20
// requests per query. Prints each figure as it is measured, the aims, and Markdown tables for
// bench/RESULTS.md. Exit status: 0 when the run completed (whatever the aims), 1 on error, 2
// on a usage error.
#include "dashboard_bench.hpp"

#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <thread>

#include "broker_bench.hpp"
#include "dashboard_federation.hpp"
#include "machine.hpp"
#include "report.hpp"
#include "stats.hpp"
#include "work_directory.hpp"

namespace alertbus::bench::dashboard {
namespace {

namespace fs = std::filesystem;

constexpr Sizes kFull{200, 100, std::chrono::milliseconds(200), 100000, 200};
constexpr Sizes kQuick{20, 10, std::chrono::milliseconds(100), 2000, 20};

// The brokers' publish limit per principal for the run (the default is 100 events/s).
constexpr std::uint64_t kPublishPerS = 1000000;

[[noreturn]] void usage(const char* problem, int status) {
  std::fprintf(status == 0 ? stdout : stderr,
               "alertbus_dashboard_bench: %s\n"
               "usage: alertbus_dashboard_bench [--quick] [--dir DIR] [--keep]"
               " [--alertbusd PATH] [--alertctl PATH] [--dashboard PATH]\n",
               problem);
  std::exit(status);
}

void memory_figure(Report& report, pid_t pid, const std::string& when) {
  const ProcessMemory memory = process_memory(pid);
  report.figure("dashboard memory " + when + ", VmRSS / VmHWM",
                mib_text(memory.rss) + " / " + mib_text(memory.peak_rss));
}

int run(int argc, char** argv) {
  bool quick = false;
  bool keep = false;
  fs::path base = fs::temp_directory_path();
  Programs programs{ALERTBUS_BUILT_ALERTBUSD, ALERTBUS_BUILT_ALERTCTL, ALERTBUS_BUILT_DASHBOARD,
                    ALERTBUS_SOURCE_DIR};
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--quick") {
      quick = true;
    } else if (arg == "--keep") {
      keep = true;
    } else if (arg == "--dir" && i + 1 < argc) {
      base = argv[++i];
    } else if (arg == "--alertbusd" && i + 1 < argc) {
      programs.alertbusd = argv[++i];
    } else if (arg == "--alertctl" && i + 1 < argc) {
      programs.alertctl = argv[++i];
    } else if (arg == "--dashboard" && i + 1 < argc) {
      programs.dashboard = argv[++i];
    } else if (arg == "--help") {
      usage("the dashboard's figures: live stream, inbox, memory", 0);
    } else {
      usage(("unknown argument " + arg).c_str(), 2);
    }
  }
  const Sizes& sizes = quick ? kQuick : kFull;
  const WorkDirectory work(base, "alertbus-dashbench", keep);
  std::printf("alertbus_dashboard_bench%s, %s\nmachine: %s\n\n", quick ? " --quick" : "",
              utc_now().c_str(), describe_machine(work.path()).c_str());
  std::fflush(stdout);

  Report report;
  report.section("set-up");
  const Clock::time_point starting = Clock::now();
  DashboardFederation federation(work.path(), programs, kPublishPerS);
  report.figure("keys, 2 brokers (curve) and the dashboard started",
                fixed(seconds_between(starting, Clock::now()), 1) + " s",
                "dashboard pid " + std::to_string(federation.dashboard_pid()) + ", port " +
                    std::to_string(federation.dashboard_port()));
  std::this_thread::sleep_for(std::chrono::seconds(2));  // Links connect; the feeds start.
  memory_figure(report, federation.dashboard_pid(), "idle after start");

  const std::vector<std::string> cookies = log_in_officers(federation);
  const MemoryFigure memory = [&](const std::string& when) {
    memory_figure(report, federation.dashboard_pid(), when);
  };
  live_figure(federation, sizes, cookies, report, memory);
  inbox_figure(federation, sizes, cookies.front(), report, memory);
  memory_figure(report, federation.dashboard_pid(), "after the inbox requests");

  report.print_markdown();
  if (keep) {
    std::printf("\nkept: %s\n", work.path().c_str());
  }
  return 0;
}

}  // namespace
}  // namespace alertbus::bench::dashboard

int main(int argc, char** argv) {
  try {
    return alertbus::bench::dashboard::run(argc, argv);
  } catch (const std::exception& failure) {
    std::fprintf(stderr, "alertbus_dashboard_bench: %s\n", failure.what());
    return 1;
  }
}
