// alertbus_security_bench's report (security_bench.hpp): the figures of both brokers, their
// threads' CPU, the aims met or missed and the rounds as a Markdown table for RESULTS.md.
#include <algorithm>
#include <array>
#include <cstdio>
#include <unistd.h>

#include "security_bench.hpp"

namespace alertbus::bench::security {
namespace {

// The aim (issue "Security and audit").
constexpr double kAimSecuredPerS = 25000;

}  // namespace

std::string p50_p99(const LatencySummary& latency) {
  return fixed(latency.p50_ms, 3) + " / " + fixed(latency.p99_ms, 3) + " ms";
}

std::map<pid_t, std::string> Bench::broker_thread_labels(pid_t pid,
                                                         const std::map<pid_t, ThreadTimes>& cpu) {
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

std::map<pid_t, std::string> Bench::client_thread_labels(const std::map<pid_t, ThreadTimes>& cpu) {
  std::map<pid_t, std::string> labels;
  for (const auto& [tid, times] : cpu) {
    labels[tid] = tid == getpid() ? "client (sends, receives)" : "client " + times.name;
  }
  return labels;
}

double Bench::report_cpu(const std::string& process, const std::map<pid_t, ThreadTimes>& cpu,
                         const std::map<pid_t, std::string>& labels, double wall,
                         std::size_t events) {
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

void Bench::report_results() {
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
                     with_commas(static_cast<double>(off_.pipelined_acked)) + " events, " + rounds +
                     ")",
                 with_commas(off_per_s) + " ev/s",
                 "= " + ratio_text(off_per_s, sqlite_per_s_) +
                     " SQLite group-commit limit (256/batch) sampled between the rounds");
  report_.figure("publish->ack, 256 in flight, p50 / p99", p50_p99(off_pipelined));
  report_.figure("publish->ack, 1 in flight (" +
                     with_commas(static_cast<double>(off_.single_acked)) + " events), p50 / p99",
                 p50_p99(off_single), "(" + with_commas(off_.single_per_s()) + " ev/s)");

  report_.section("security on (CURVE + Ed25519 signatures)");
  report_.figure("publish, 256 in flight (" +
                     with_commas(static_cast<double>(on_.pipelined_acked)) + " events, " + rounds +
                     ")",
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

void Bench::print_rounds() const {
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

}  // namespace alertbus::bench::security
