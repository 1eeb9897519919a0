#include "growth_steps.hpp"

#include <algorithm>
#include <cstdio>
#include <stdexcept>
#include <system_error>
#include <thread>
#include <utility>

#include "casework_bench.hpp"
#include "limits.hpp"

namespace alertbus::bench {
namespace {

namespace fs = std::filesystem;

constexpr std::size_t kInFlight = 256;
constexpr std::size_t kRounds = 4;        // Per step; the SQLite limit is sampled between.
constexpr std::size_t kSqliteBurst = 8;   // Transactions of 256 rows per sample.
constexpr std::size_t kOneAtATime = 200;  // Publishes with 1 in flight per step.
constexpr std::uint64_t kCatchUpBehind = 100000;
constexpr std::uint32_t kCatchUpCredit = 10000;
constexpr std::size_t kQueryRepeats = 3;
constexpr std::chrono::seconds kQueryWait{120};
constexpr std::chrono::seconds kStartTimeout{600};  // A start at 10,000,000 events.
constexpr std::chrono::minutes kProjectedTimeout{10};
constexpr std::size_t kRebuildBatch = 20;  // Publishes between two looks at the projection.

double mib(std::uint64_t bytes) {
  return static_cast<double>(bytes) / (1024.0 * 1024.0);
}

// The data directory's bytes per event stored.
double bytes_per_event(const GrowthStep& step) {
  return static_cast<double>(step.files.total()) /
         static_cast<double>(std::max<std::uint64_t>(step.stored, 1));
}

// A query's time: "4.59 ms", "> 120 s", "not asked"; `detail` adds the max and the cases.
std::string query_text(const QueryTime& query, bool detail) {
  if (query.skipped) {
    return detail ? "not asked (too slow before)" : "not asked";
  }
  if (query.timed_out) {
    return "> " + fixed(query.median_ms / 1000, 0) + " s";
  }
  const std::string median = fixed(query.median_ms, query.median_ms < 10 ? 2 : 0) + " ms";
  return detail ? median + " (max " + fixed(query.max_ms, 2) + ", " + std::to_string(query.cases) +
                      " cases)"
                : median;
}

}  // namespace

GrowthBroker::GrowthBroker(zmq::context_t& context, fs::path directory)
    : context_(context), directory_(std::move(directory)) {
  process_ = start_broker(directory_, {}, kStartTimeout);
  connect();
}

void GrowthBroker::connect() {
  socket_.reset();
  endpoint_ = tcp_endpoint(directory_ / "endpoint");
  socket_ = std::make_unique<FrameSocket>(context_, endpoint_);
}

std::uint64_t GrowthBroker::head() {
  return status(*socket_, ++status_id_).head_seq();
}

ProcessMemory GrowthBroker::memory() const {
  return process_memory(process_->pid());
}

PublishRun GrowthBroker::publish_pipelined(PublishFrames& frames, std::size_t count,
                                           std::size_t rounds,
                                           const std::function<void(std::size_t)>& between) {
  return publish(
      context_, endpoint_, frames,
      PublishPlan{.count = count, .in_flight = kInFlight, .rounds = rounds, .between = between});
}

LatencySummary GrowthBroker::publish_one_at_a_time(PublishFrames& frames, std::size_t count) {
  FrameSocket socket(context_, endpoint_);
  const PublishRun run = publish(
      socket,
      [&](std::uint64_t request_id) -> const std::string& {
        return frames.next(request_id, &last_event_id_);
      },
      PublishPlan{.count = count, .in_flight = 1, .rounds = 1, .between = nullptr});
  if (run.errors > 0) {
    throw std::runtime_error("a publish with 1 in flight was refused: " + run.first_error);
  }
  return run.ack_latency;
}

GrowthStep GrowthBroker::step(PublishFrames& frames, std::size_t count) {
  GrowthStep step;
  SqliteProbe sqlite(directory_, frames.event(), kInFlight);
  const PublishRun run =
      publish_pipelined(frames, count, kRounds, [&](std::size_t) { sqlite.sample(kSqliteBurst); });
  step.published = run.acknowledged;
  step.refused = run.errors;
  step.publish_per_s = run.per_s();
  step.sqlite_rows_per_s = sqlite.rows_per_s();
  step.projected_after_ms = ms_until_projected(*socket_, run.last_reply, kProjectedTimeout);
  if (step.projected_after_ms < 0) {
    throw std::runtime_error("the projection did not reach the head within 10 minutes");
  }
  step.ack = publish_one_at_a_time(frames, kOneAtATime);
  const std::uint64_t at = head();
  const CatchUpRun catch_up_run =
      catch_up(context_, endpoint_, kCatchUpCredit, at - std::min(at, kCatchUpBehind));
  step.catch_up_events = catch_up_run.events;
  step.catch_up_per_s = catch_up_run.per_s();
  step.before_queries = memory();
  step.queries =
      time_case_queries(context_, endpoint_, last_event_id_, kQueryRepeats, kQueryWait, &too_slow_);
  step.stored = head();
  step.memory = memory();
  step.files = data_files(directory_ / "data");
  return step;
}

double GrowthBroker::restart(Stop how) {
  if (how == Stop::kKill) {
    process_->kill9();
  } else {
    process_->stop();
  }
  socket_.reset();
  const Clock::time_point started = Clock::now();
  process_->start();
  const double seconds = seconds_between(started, Clock::now());
  connect();
  return seconds;
}

RebuildRun GrowthBroker::rebuild_projection(PublishFrames& frames, std::chrono::minutes allowed) {
  RebuildRun rebuild;
  rebuild.events = head();
  process_->stop();
  socket_.reset();
  for (const char* name :
       {"alertbus-projection.db", "alertbus-projection.db-wal", "alertbus-projection.db-shm"}) {
    std::error_code ignored;
    fs::remove(directory_ / "data" / name, ignored);
  }
  const Clock::time_point started = Clock::now();
  process_->start();
  rebuild.start_s = seconds_between(started, Clock::now());
  connect();
  std::vector<double> latencies;
  for (;;) {
    const v1::StatusReply reply = status(*socket_, ++status_id_);
    rebuild.projected = reply.projected_seq();
    if (reply.projected_seq() >= reply.head_seq()) {
      rebuild.finished = true;
      break;
    }
    if (Clock::now() - started > allowed) {
      break;
    }
    FrameSocket socket(context_, endpoint_);
    const PublishRun run = publish(
        socket,
        [&](std::uint64_t request_id) -> const std::string& {
          return frames.next(request_id, &last_event_id_);
        },
        PublishPlan{.count = kRebuildBatch,
                    .in_flight = 1,
                    .rounds = 1,
                    .between = nullptr,
                    .keep_latencies = &latencies});
    if (run.errors > 0) {
      throw std::runtime_error("a publish during the rebuild was refused: " + run.first_error);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  rebuild.seconds = seconds_between(started, Clock::now());
  rebuild.publish = summarize(std::move(latencies));
  return rebuild;
}

void print_step(const GrowthStep& step) {
  std::printf(
      "\n%s stored: %s ev/s with 256 in flight (%s SQLite limit %s rows/s)%s; projection at the"
      " head %s ms after the last ack\n",
      with_commas(static_cast<double>(step.stored)).c_str(),
      with_commas(step.publish_per_s).c_str(),
      ratio_text(step.publish_per_s, step.sqlite_rows_per_s).c_str(),
      with_commas(step.sqlite_rows_per_s).c_str(),
      step.refused > 0 ? (", " + std::to_string(step.refused) + " REFUSED").c_str() : "",
      fixed(step.projected_after_ms, 0).c_str());
  std::printf("  1 in flight p50 / p99 %s / %s ms; catch-up %s behind at %s ev/s\n",
              fixed(step.ack.p50_ms, 3).c_str(), fixed(step.ack.p99_ms, 3).c_str(),
              with_commas(static_cast<double>(step.catch_up_events)).c_str(),
              with_commas(step.catch_up_per_s).c_str());
  std::printf("  VmRSS %s, VmHWM %s; log %s + WAL %s, projection %s + WAL %s: %s bytes/event\n",
              mib_text(step.memory.rss).c_str(), mib_text(step.memory.peak_rss).c_str(),
              mib_text(step.files.log).c_str(), mib_text(step.files.log_wal).c_str(),
              mib_text(step.files.projection).c_str(), mib_text(step.files.projection_wal).c_str(),
              with_commas(bytes_per_event(step)).c_str());
  std::printf("  VmHWM before the queries %s\n", mib_text(step.before_queries.peak_rss).c_str());
  for (const QueryTime& query : step.queries) {
    std::printf("  %s: %s\n", query.name.c_str(), query_text(query, true).c_str());
  }
  std::fflush(stdout);
}

void print_steps_markdown(const std::vector<GrowthStep>& steps) {
  std::printf("\n== Markdown: growth ==\n\n");
  std::printf(
      "| stored | publish/s, 256 in flight | x SQLite limit | publish->ack 1 in flight p50 / p99"
      " | catch-up, 100,000 behind | projection at head after | VmRSS / VmHWM (before the queries) "
      "| log + WAL |"
      " projection + WAL | bytes/event |\n");
  std::printf("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
  for (const GrowthStep& step : steps) {
    std::printf(
        "| %s | %s | %s | %s / %s ms | %s ev/s | %s ms | %s / %s (%s) | %s MiB | %s MiB | %s |\n",
        with_commas(static_cast<double>(step.stored)).c_str(),
        with_commas(step.publish_per_s).c_str(),
        fixed(step.publish_per_s / step.sqlite_rows_per_s, 2).c_str(),
        fixed(step.ack.p50_ms, 3).c_str(), fixed(step.ack.p99_ms, 3).c_str(),
        with_commas(step.catch_up_per_s).c_str(), fixed(step.projected_after_ms, 0).c_str(),
        mib_text(step.memory.rss).c_str(), mib_text(step.memory.peak_rss).c_str(),
        mib_text(step.before_queries.peak_rss).c_str(),
        with_commas(mib(step.files.log + step.files.log_wal)).c_str(),
        with_commas(mib(step.files.projection + step.files.projection_wal)).c_str(),
        with_commas(bytes_per_event(step)).c_str());
  }
  if (steps.empty() || steps.front().queries.empty()) {
    return;
  }
  std::printf("\n| stored |");
  for (const QueryTime& query : steps.front().queries) {
    std::printf(" %s |", query.name.c_str());
  }
  std::printf("\n|---:|");
  for (std::size_t i = 0; i < steps.front().queries.size(); ++i) {
    std::printf("---:|");
  }
  std::printf("\n");
  for (const GrowthStep& step : steps) {
    std::printf("| %s |", with_commas(static_cast<double>(step.stored)).c_str());
    for (const QueryTime& query : step.queries) {
      std::printf(" %s |", query_text(query, false).c_str());
    }
    std::printf("\n");
  }
  std::fflush(stdout);
}

void report_growth_aims(Report& report, const std::vector<GrowthStep>& steps) {
  if (steps.empty()) {
    return;
  }
  const GrowthStep& first = steps.front();
  const GrowthStep& last = steps.back();
  const double per_million = bytes_per_event(last) * 1e6;
  report.section("growth");
  report.figure("data directory per 1,000,000 events (log, projection, their WALs)",
                mib_text(static_cast<std::uint64_t>(per_million)),
                "at " + with_commas(static_cast<double>(last.stored)) +
                    " events: " + mib_text(last.files.total()));
  // The rate against the SQLite limit sampled in the same step: the disk's speed changes
  // from minute to minute, the share of its limit the broker reaches should not.
  const double first_share = first.publish_per_s / first.sqlite_rows_per_s;
  const double last_share = last.publish_per_s / last.sqlite_rows_per_s;
  report.aim(
      "publish, 256 in flight, the last step / the first (each as a share of the SQLite"
      " limit sampled in its step)",
      ">= 0.90 x",
      fixed(last_share / first_share, 2) + " x (" + fixed(last_share, 2) + " / " +
          fixed(first_share, 2) + "; " + with_commas(last.publish_per_s) + " / " +
          with_commas(first.publish_per_s) + " ev/s)",
      last_share >= 0.90 * first_share);
  report.aim(
      "catch-up, 100,000 behind, at " + with_commas(static_cast<double>(last.stored)) + " events",
      ">= 300,000 ev/s (as with 100,000 stored)", with_commas(last.catch_up_per_s) + " ev/s",
      last.catch_up_per_s >= 300000);
  std::uint64_t peak = 0;
  for (const GrowthStep& step : steps) {
    peak = std::max(peak, step.memory.peak_rss);
  }
  report.aim("alertbusd peak RSS while growing to " +
                 with_commas(static_cast<double>(last.stored)) + " events",
             "<= 64 MiB", mib_text(peak), peak <= 64ULL * 1024 * 1024);
}

}  // namespace alertbus::bench
