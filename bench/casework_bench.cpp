#include "casework_bench.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <memory>
#include <stdexcept>
#include <thread>
#include <utility>

#include "broker_bench.hpp"
#include "frame_socket.hpp"
#include "support/sample_events.hpp"

namespace alertbus::bench {
namespace {

namespace fs = std::filesystem;

// How many follow-ups at each end of a growing case are compared.
constexpr std::size_t kCaseEnds = 50;
// Once the last ack is in, the projection is polled this often until it reaches the head.
constexpr std::chrono::milliseconds kHeadPoll{1};
constexpr std::chrono::seconds kHeadTimeout{60};

// Samples head_seq - projected_seq on its own connection and thread, every `interval`,
// until stop(). A broker with casework off is asked all the same (both sides of the A/B see
// the same client), but its replies are not recorded.
class LagSampler {
 public:
  LagSampler(zmq::context_t& context, std::string endpoint, std::chrono::milliseconds interval,
             std::vector<double>* lag_events)
      : thread_([this, &context, endpoint = std::move(endpoint), interval, lag_events] {
          try {
            FrameSocket socket(context, endpoint);
            std::uint64_t request_id = 0;
            Clock::time_point next = Clock::now();
            while (!stop_.load()) {
              const v1::StatusReply reply = status(socket, ++request_id);
              if (!reply.casework_off()) {
                const std::uint64_t head = reply.head_seq();
                lag_events->push_back(
                    static_cast<double>(head - std::min(head, reply.projected_seq())));
              }
              next += interval;
              std::this_thread::sleep_until(next);
            }
          } catch (...) {
            failure_ = std::current_exception();
          }
        }) {}

  ~LagSampler() {
    stop_ = true;
    if (thread_.joinable()) {
      thread_.join();
    }
  }

  LagSampler(const LagSampler&) = delete;
  LagSampler& operator=(const LagSampler&) = delete;

  // Stops and joins the thread; rethrows what it failed with.
  void stop() {
    stop_ = true;
    thread_.join();
    if (failure_) {
      std::rethrow_exception(failure_);
    }
  }

 private:
  std::atomic<bool> stop_{false};
  std::exception_ptr failure_;
  std::thread thread_;  // Last: it starts once the members it uses exist.
};

// One side of one round: a fresh broker, the publish, the lag. Returns the publish rate.
double publish_round(Report& report, zmq::context_t& context, const fs::path& directory,
                     PublishFrames& frames, const CaseworkCostPlan& plan, bool casework,
                     CaseworkCost* cost) {
  double per_s = 0;
  {
    const auto broker =
        start_broker(directory, casework ? std::vector<std::string>{}
                                         : std::vector<std::string>{"--no-casework"});
    const std::string endpoint = tcp_endpoint(directory / "endpoint");
    // Connected and checked before the publish: the poll after the last ack pays no
    // handshake, and the flag is known to have taken.
    FrameSocket poller(context, endpoint);
    if (status(poller, 1).casework_off() == casework) {
      throw std::runtime_error("alertbusd reports casework_off = " +
                               std::string(casework ? "true" : "false") + " unexpectedly");
    }
    LagSampler sampler(context, endpoint, plan.lag_interval, &cost->lag_events);
    const PublishRun run = publish(
        context, endpoint, frames,
        PublishPlan{.count = plan.events, .in_flight = plan.in_flight, .rounds = 1, .between = {}});
    sampler.stop();
    if (run.errors > 0) {
      report.note(std::to_string(run.errors) + " publishes refused, first: " + run.first_error);
    }
    per_s = run.per_s();
    if (casework) {
      cost->projected_after_ms.push_back(ms_until_projected(poller, run.last_reply, kHeadTimeout));
    }
  }
  if (!plan.keep) {
    fs::remove_all(directory);
  }
  return per_s;
}

// Follow-ups `from`..`to` (1-based, inclusive) of `samples`.
std::vector<double> slice(const std::vector<double>& samples, std::size_t from, std::size_t to) {
  return {samples.begin() + static_cast<std::ptrdiff_t>(from - 1),
          samples.begin() + static_cast<std::ptrdiff_t>(to)};
}

// One request, one reply with the same id.
void exchange(FrameSocket& socket, const std::string& request, std::uint64_t request_id,
              v1::Frame* reply) {
  socket.send_bytes(request);
  socket.receive(reply);
  if (reply->request_id() != request_id) {
    throw std::runtime_error("reply to request " + std::to_string(reply->request_id()) +
                             " while waiting for " + std::to_string(request_id));
  }
}

void count_error(CaseGrowth* growth, const v1::Frame& reply) {
  if (++growth->errors == 1) {
    growth->first_error = reply.has_error() ? reply.error().message() : reply.DebugString();
  }
}

}  // namespace

v1::StatusReply status(FrameSocket& socket, std::uint64_t request_id) {
  v1::Frame request;
  request.set_request_id(request_id);
  request.mutable_status_request();
  socket.send(request);
  v1::Frame reply;
  socket.receive(&reply);
  if (!reply.has_status_reply() || reply.request_id() != request_id) {
    throw std::runtime_error("unexpected reply to a status request: " + reply.DebugString());
  }
  return reply.status_reply();
}

double ms_until_projected(FrameSocket& socket, Clock::time_point since,
                          std::chrono::milliseconds timeout) {
  std::uint64_t request_id = 1000;  // Apart from the check made before the publish.
  for (;;) {
    const v1::StatusReply reply = status(socket, ++request_id);
    const Clock::time_point now = Clock::now();
    if (reply.projected_seq() >= reply.head_seq()) {
      return ms_between(since, now);
    }
    if (now - since > timeout) {
      return -1;
    }
    std::this_thread::sleep_for(kHeadPoll);
  }
}

CaseworkCost measure_casework_cost(Report& report, zmq::context_t& context, const fs::path& work,
                                   PublishFrames& frames, const CaseworkCostPlan& plan) {
  report.section("casework cost (A/B)");
  CaseworkCost cost;
  for (std::size_t round = 1; round <= plan.rounds; ++round) {
    const std::size_t lag_before = cost.lag_events.size();
    const double on =
        publish_round(report, context, work / ("casework-on-" + std::to_string(round)), frames,
                      plan, true, &cost);
    const LatencySummary lag = summarize(
        {cost.lag_events.begin() + static_cast<std::ptrdiff_t>(lag_before), cost.lag_events.end()});
    const double off =
        publish_round(report, context, work / ("casework-off-" + std::to_string(round)), frames,
                      plan, false, &cost);
    cost.on_per_s.push_back(on);
    cost.off_per_s.push_back(off);
    report.note("round " + std::to_string(round) + ": on " + with_commas(on) + " ev/s (lag p99 " +
                with_commas(lag.p99_ms) + " events, at the head " +
                fixed(cost.projected_after_ms.back(), 1) + " ms after the last ack), off " +
                with_commas(off) + " ev/s, on/off " + ratio_text(on, off));
  }
  cost.on_median = median(cost.on_per_s);
  cost.off_median = median(cost.off_per_s);
  const std::string rounds = std::to_string(plan.rounds) + " rounds of " +
                             with_commas(static_cast<double>(plan.events)) + " events, " +
                             std::to_string(plan.in_flight) + " in flight";
  report.figure("publish with casework / with --no-casework, medians (" + rounds + ")",
                with_commas(cost.on_median) + " / " + with_commas(cost.off_median) + " ev/s",
                "= " + ratio_text(cost.on_median, cost.off_median) + " on/off (aim >= 0.90 x)");
  const LatencySummary lag = summarize(cost.lag_events);
  report.figure(
      "projection lag (head_seq - projected_seq) during the casework publishes, p50 / "
      "p99 / max",
      with_commas(lag.p50_ms) + " / " + with_commas(lag.p99_ms) + " / " + with_commas(lag.max_ms) +
          " events",
      "(" + std::to_string(lag.samples) + " Status samples, one every " +
          std::to_string(plan.lag_interval.count()) + " ms)");
  const LatencySummary after = summarize(cost.projected_after_ms);
  report.figure("projection at the head after the last ack, median / max of the rounds",
                fixed(after.p50_ms, 1) + " / " + fixed(after.max_ms, 1) + " ms",
                "(polled every millisecond)");
  return cost;
}

CaseGrowth measure_case_growth(Report& report, zmq::context_t& context, const fs::path& work,
                               std::size_t follow_ups) {
  report.section("a case with " + with_commas(static_cast<double>(follow_ups)) + " follow-ups");
  const fs::path directory = work / "broker-case";
  const auto broker = start_broker(directory);
  FrameSocket socket(context, tcp_endpoint(directory / "endpoint"));

  CaseGrowth growth;
  growth.follow_ups = follow_ups;
  std::uint64_t request_id = 0;
  v1::Frame frame;
  v1::Frame reply;
  std::string bytes;
  const v1::Event alert = testing::sample_crop_pest();
  frame.set_request_id(++request_id);
  frame.mutable_publish()->set_event(alert.SerializeAsString());
  frame.SerializeToString(&bytes);
  exchange(socket, bytes, request_id, &reply);
  if (!reply.has_publish_ack()) {
    throw std::runtime_error("the alert was refused: " + reply.DebugString());
  }
  v1::Frame query;
  query.mutable_case_query()->set_event_id(alert.event_id());  // Read-your-writes: the default.
  const auto ask_case = [&]() -> const v1::AlertCase* {
    query.set_request_id(++request_id);
    query.SerializeToString(&bytes);
    exchange(socket, bytes, request_id, &reply);
    if (!reply.has_case_list() || reply.case_list().cases_size() != 1) {
      count_error(&growth, reply);
      return nullptr;
    }
    return &reply.case_list().cases(0);
  };

  std::uint32_t acknowledged = 0;
  for (std::size_t i = 0; i < follow_ups; ++i) {
    v1::Event follow_up = testing::sample_follow_up(alert, v1::ADDITIONAL_INFO);
    follow_up.set_sender_unit(alert.sender_unit());  // The issuing unit's own information.
    frame.set_request_id(++request_id);
    frame.mutable_publish()->set_event(follow_up.SerializeAsString());
    frame.SerializeToString(&bytes);
    const Clock::time_point sent = Clock::now();
    exchange(socket, bytes, request_id, &reply);
    const Clock::time_point acked = Clock::now();
    if (!reply.has_publish_ack()) {
      count_error(&growth, reply);
      continue;
    }
    ++acknowledged;
    const v1::AlertCase* alert_case = ask_case();
    const Clock::time_point visible = Clock::now();
    growth.ack_ms.push_back(ms_between(sent, acked));
    growth.visible_ms.push_back(ms_between(acked, visible));
    if (alert_case != nullptr && alert_case->follow_up_count() != acknowledged) {
      ++growth.stale_answers;
    }
  }
  const v1::AlertCase* last = ask_case();
  growth.final_follow_up_count = last != nullptr ? last->follow_up_count() : 0;

  if (growth.errors > 0) {
    report.note(std::to_string(growth.errors) +
                " publishes or case queries refused, first: " + growth.first_error);
  }
  const std::size_t measured = growth.visible_ms.size();
  const std::size_t ends = std::min(kCaseEnds, measured / 2);
  if (ends > 0) {
    const auto report_range = [&](std::size_t from, std::size_t to, double first_median) {
      const LatencySummary visible = summarize(slice(growth.visible_ms, from, to));
      const LatencySummary ack = summarize(slice(growth.ack_ms, from, to));
      const std::string compared =
          first_median > 0 ? "= " + ratio_text(visible.p50_ms, first_median) + " the first " +
                                 std::to_string(ends) + " (aim <= 1.00 x)"
                           : "";
      report.figure("follow-ups " + std::to_string(from) + "-" + std::to_string(to) +
                        ": ack -> case visible (CaseQuery by event id), median / p90",
                    fixed(visible.p50_ms, 3) + " / " + fixed(visible.p90_ms, 3) + " ms",
                    compared + "; publish -> ack median " + fixed(ack.p50_ms, 3) + " ms");
      return visible.p50_ms;
    };
    growth.first_median_ms = report_range(1, ends, 0);
    growth.last_median_ms = report_range(measured - ends + 1, measured, growth.first_median_ms);
  }
  report.figure("the case after " + std::to_string(acknowledged) + " follow-ups acknowledged",
                "follow_up_count " + std::to_string(growth.final_follow_up_count),
                std::to_string(growth.stale_answers) + " of " + std::to_string(measured) +
                    " answers without the follow-up just acknowledged");
  if (growth.final_follow_up_count != follow_ups) {
    throw std::runtime_error("the case holds " + std::to_string(growth.final_follow_up_count) +
                             " follow-ups, not " + std::to_string(follow_ups));
  }
  return growth;
}

}  // namespace alertbus::bench
