// alertbus_soak: the federation under a steady load for a set time while a random node is
// killed with SIGKILL every 30-60 s and restarted; then checks that nothing was lost,
// doubled or diverged (docs/TESTING.md, "Soak").
//
//   alertbus_soak [--minutes M] [--rate EV_PER_S] [--seed S] [--kill-min S] [--kill-max S]
//                 [--down-min S] [--down-max S] [--nodes N] [--peers K] [--no-dashboards]
//                 [--plain] [--quiet-bound S] [--dir DIR] [--keep]
//                 [--alertbusd PATH] [--alertctl PATH] [--dashboard PATH]
//
// Defaults: 3 minutes, 200 events/s across the nodes, a kill every 30-60 s (uniform, from the
// seed), the node down 2-6 s; 3 nodes (curve, dashboards) fully meshed. Up to 34 nodes run in
// curve mode as the provinces of 2025 (soak_network.hpp); --plain, or more, without keys. The
// dashboards stay up through their node's kill and reconnect to it. Prints the seed, each kill, the
// figures and Markdown tables for bench/RESULTS.md. Exit status: 0 when every check passed, 1 when
// one failed (each failure is printed) or on an error, 2 on a usage error. Timing never
// decides the exit status: the waits are bounded, the figures are reported.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "machine.hpp"
#include "report.hpp"
#include "soak/soak_checks.hpp"
#include "soak/soak_figures.hpp"
#include "soak/soak_ledger.hpp"
#include "soak/soak_load.hpp"
#include "soak/soak_memory.hpp"
#include "soak/soak_network.hpp"
#include "soak/soak_watchers.hpp"
#include "stats.hpp"
#include "work_directory.hpp"

namespace alertbus::bench::soak {
namespace {

namespace fs = std::filesystem;

struct Options {
  double minutes = 3;
  double rate = 200;
  std::uint64_t seed = 0;
  bool seed_given = false;
  double kill_min = 30;
  double kill_max = 60;
  double down_min = 2;
  double down_max = 6;
  NetworkPlan plan;
  bool peers_given = false;
  double quiet_bound = 0;  // 0: 300 s, 600 s beyond three nodes.
  fs::path base = fs::temp_directory_path();
  bool keep = false;
  Programs programs{ALERTBUS_BUILT_ALERTBUSD, ALERTBUS_BUILT_ALERTCTL, ALERTBUS_BUILT_DASHBOARD,
                    ALERTBUS_SOURCE_DIR};
};

constexpr auto kSampleEvery = std::chrono::seconds(2);

[[noreturn]] void usage(const std::string& problem, int status) {
  std::fprintf(status == 0 ? stdout : stderr,
               "alertbus_soak: %s\n"
               "usage: alertbus_soak [--minutes M] [--rate EV_PER_S] [--seed S] [--kill-min S]"
               " [--kill-max S] [--down-min S] [--down-max S] [--nodes N] [--peers K]"
               " [--no-dashboards] [--plain] [--quiet-bound S] [--dir DIR] [--keep]"
               " [--alertbusd PATH] [--alertctl PATH] [--dashboard PATH]\n",
               problem.c_str());
  std::exit(status);
}

double number(int argc, char** argv, int& i) {
  if (i + 1 >= argc) {
    usage(std::string(argv[i]) + " cần một giá trị (needs a value)", 2);
  }
  char* end = nullptr;
  const double value = std::strtod(argv[++i], &end);
  if (end == argv[i] || *end != '\0' || value < 0) {
    usage(std::string("giá trị không hợp lệ (bad value) ") + argv[i], 2);
  }
  return value;
}

Options parse(int argc, char** argv) {
  Options options;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--minutes") {
      options.minutes = number(argc, argv, i);
    } else if (arg == "--rate") {
      options.rate = number(argc, argv, i);
    } else if (arg == "--seed") {
      options.seed = static_cast<std::uint64_t>(number(argc, argv, i));
      options.seed_given = true;
    } else if (arg == "--kill-min") {
      options.kill_min = number(argc, argv, i);
    } else if (arg == "--kill-max") {
      options.kill_max = number(argc, argv, i);
    } else if (arg == "--down-min") {
      options.down_min = number(argc, argv, i);
    } else if (arg == "--down-max") {
      options.down_max = number(argc, argv, i);
    } else if (arg == "--nodes") {
      options.plan.nodes = static_cast<std::size_t>(number(argc, argv, i));
    } else if (arg == "--peers") {
      options.plan.peers = static_cast<std::size_t>(number(argc, argv, i));
      options.peers_given = true;
    } else if (arg == "--plain") {
      options.plan.plain = true;
    } else if (arg == "--no-dashboards") {
      options.plan.dashboards = false;
    } else if (arg == "--quiet-bound") {
      options.quiet_bound = number(argc, argv, i);
    } else if (arg == "--keep") {
      options.keep = true;
    } else if (arg == "--dir" && i + 1 < argc) {
      options.base = argv[++i];
    } else if (arg == "--alertbusd" && i + 1 < argc) {
      options.programs.alertbusd = argv[++i];
    } else if (arg == "--alertctl" && i + 1 < argc) {
      options.programs.alertctl = argv[++i];
    } else if (arg == "--dashboard" && i + 1 < argc) {
      options.programs.dashboard = argv[++i];
    } else if (arg == "--help") {
      usage("the federation under load, with a node killed now and then", 0);
    } else {
      usage("tham số không rõ (unknown argument) " + arg, 2);
    }
  }
  if (options.plan.nodes < 2 || options.plan.nodes > 64) {
    usage("--nodes: 2-64", 2);
  }
  if (!options.peers_given) {
    options.plan.peers = options.plan.nodes - 1;
  }
  if (options.plan.peers < 1 || options.plan.peers > options.plan.nodes - 1) {
    usage("--peers: 1 đến (to) nodes-1", 2);
  }
  if (options.kill_max < options.kill_min || options.down_max < options.down_min ||
      options.kill_min < options.down_max || options.rate <= 0) {
    usage("cần (need) kill-min <= kill-max, down-min <= down-max <= kill-min, rate > 0", 2);
  }
  if (!options.seed_given) {
    options.seed = std::random_device{}();
  }
  if (options.quiet_bound == 0) {
    options.quiet_bound = options.plan.nodes > 3 ? 600 : 300;
  }
  return options;
}

std::chrono::milliseconds seconds_ms(double seconds) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(seconds * 1000));
}

// The load runs for the set time; a random node is killed at random intervals and started
// again after a few seconds; each broker's memory is sampled meanwhile.
std::size_t run_with_kills(const Options& options, Network& network, MemoryLog& memory,
                           Report& report) {
  std::mt19937_64 random(options.seed);
  std::uniform_real_distribution<double> between(options.kill_min, options.kill_max);
  std::uniform_real_distribution<double> down(options.down_min, options.down_max);
  std::uniform_int_distribution<std::size_t> pick(0, network.size() - 1);
  const Clock::time_point start = Clock::now();
  const Clock::time_point end = start + seconds_ms(options.minutes * 60);
  Clock::time_point next_kill = start + seconds_ms(between(random));
  Clock::time_point restart_at{};
  std::size_t killed = network.size();  // None down.
  Clock::time_point next_sample = start;
  std::size_t kills = 0;
  while (Clock::now() < end || killed < network.size()) {
    const Clock::time_point now = Clock::now();
    if (now >= next_sample) {
      for (std::size_t node = 0; node < network.size(); ++node) {
        if (node != killed) {
          memory.sample(node, network.broker(node).pid());
        }
      }
      next_sample += kSampleEvery;
    }
    if (killed == network.size() && now >= next_kill && now < end) {
      killed = pick(random);
      const double seconds_down = down(random);
      network.broker(killed).kill9();
      ++kills;
      report.note("kill #" + std::to_string(kills) + " at " +
                  fixed(seconds_between(start, now), 1) + " s: SIGKILL " + network.node_id(killed) +
                  ", down " + fixed(seconds_down, 1) + " s");
      restart_at = now + seconds_ms(seconds_down);
      next_kill = now + seconds_ms(between(random));
    }
    if (killed < network.size() && now >= restart_at) {
      network.broker(killed).start();
      killed = network.size();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return kills;
}

int run(int argc, char** argv) {
  const Options options = parse(argc, argv);
  const WorkDirectory work(options.base, "alertbus-soak", true);
  std::printf(
      "alertbus_soak: %.1f min, %.0f ev/s, %zu nodes, %zu peers each, seed %llu, %s\n"
      "machine: %s\nwork: %s\n\n",
      options.minutes, options.rate, options.plan.nodes, options.plan.peers,
      static_cast<unsigned long long>(options.seed), utc_now().c_str(),
      describe_machine(work.path()).c_str(), work.path().c_str());
  std::fflush(stdout);

  Report report;
  report.section("set-up");
  const Clock::time_point starting = Clock::now();
  Network network(work.path(), options.programs, options.plan);
  report.figure(
      "brokers and dashboards started", fixed(seconds_between(starting, Clock::now()), 1) + " s",
      std::to_string(network.size()) + " nodes (" + (network.curve() ? "curve, signed" : "plain") +
          "), " + (network.has_dashboards() ? "a dashboard each" : "no dashboards"));
  std::this_thread::sleep_for(std::chrono::seconds(2));  // The links connect.

  Ledger ledger(network.size());
  Watchers watchers(network, ledger);
  watchers.start();
  Load load(network, ledger, options.rate, options.seed);
  report.section("load and kills");
  const Clock::time_point load_start = Clock::now();
  load.start();
  MemoryLog memory;
  const std::size_t kills = run_with_kills(options, network, memory, report);
  load.stop(std::chrono::seconds(120));
  const double load_seconds = seconds_between(load_start, Clock::now());
  if (!load.failure().empty()) {
    throw std::runtime_error("the load failed: " + load.failure());
  }
  report.figure("kills", std::to_string(kills));
  load_figures(load.counts(), load_seconds, report);

  report.section("after the load");
  std::vector<NodeFiles> files;
  for (std::size_t node = 0; node < network.size(); ++node) {
    const fs::path database = network.broker(node).database_path();
    files.push_back(
        {network.node_id(node), database, database.parent_path() / "alertbus-projection.db"});
  }
  const double quiet = wait_quiet(files, ledger.acked(),
                                  std::chrono::seconds(static_cast<int>(options.quiet_bound)));
  report.figure(
      "quiescence (every node holds every event, projections caught up)",
      quiet < 0 ? "not within " + fixed(options.quiet_bound, 0) + " s" : fixed(quiet, 1) + " s");
  for (std::size_t node = 0; node < network.size(); ++node) {
    memory.sample(node, network.broker(node).pid());
  }
  watchers.stop();
  report.figure("watcher reconnections", std::to_string(watchers.reconnects()) + ", " +
                                             std::to_string(watchers.remade()) +
                                             " subscribers made again");
  propagation_figures(network.node_ids(), ledger, report);

  std::vector<std::string> failures;
  // The load sends only what the casework rules allow: a refusal is a broker's mistake (as
  // a resent CLOSE refused by its own lifecycle change was, before 1a61974).
  for (const auto& [name, count] : load.counts().refused) {
    failures.push_back("máy chủ từ chối " + std::to_string(count) + " sự kiện hợp lệ (" +
                       std::to_string(count) + " valid events refused): " + name + "; " +
                       load.counts().first_refusal.at(name));
  }
  memory_figures(network.node_ids(), memory, report, failures);
  for (std::size_t node = 0; network.has_dashboards() && node < network.size(); ++node) {
    const bool answers = network.dashboard_answers(node);
    report.figure("dashboard " + network.node_id(node), answers ? "running, answers HTTP" : "DOWN");
    if (!answers) {
      failures.push_back("bảng điều khiển của " + network.node_id(node) +
                         " không trả lời (the dashboard does not answer)");
    }
  }
  network.stop_all();

  report.section("checks");
  check_events(files, ledger.acked(), report, failures);
  check_cases(files, report, failures);
  check_chains(options.programs.alertctl, files, work.path(), report, failures);

  report.print_markdown();
  if (!failures.empty()) {
    std::fprintf(stderr, "\nalertbus_soak: KIỂM TRA THẤT BẠI (CHECKS FAILED), seed %llu:\n",
                 static_cast<unsigned long long>(options.seed));
    for (const std::string& failure : failures) {
      std::fprintf(stderr, "  - %s\n", failure.c_str());
    }
    std::fprintf(stderr, "  dữ liệu giữ lại (data kept): %s\n", work.path().c_str());
    return 1;
  }
  std::printf("\nalertbus_soak: mọi kiểm tra đều đạt (all checks passed)\n");
  if (options.keep) {
    std::printf("kept: %s\n", work.path().c_str());
  } else {
    std::error_code ignored;
    fs::remove_all(work.path(), ignored);
  }
  return 0;
}

}  // namespace
}  // namespace alertbus::bench::soak

int main(int argc, char** argv) {
  try {
    return alertbus::bench::soak::run(argc, argv);
  } catch (const std::exception& failure) {
    std::fprintf(stderr, "alertbus_soak: LỖI (ERROR): %s\n", failure.what());
    return 1;
  }
}
