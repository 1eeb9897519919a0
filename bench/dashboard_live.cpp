// Figure 1: an alert posted at another node, on every open live stream of the dashboard.
#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <unordered_map>

#include "alertbus/client/publisher.hpp"
#include "alertbus/client/subscriber.hpp"
#include "dashboard_alerts.hpp"
#include "dashboard_bench.hpp"
#include "dashboard_http.hpp"
#include "sse_clients.hpp"
#include "stats.hpp"

namespace alertbus::bench::dashboard {
namespace {

// How long after the last post the streams may still bring what they miss.
constexpr std::chrono::seconds kGrace{30};

// A libalertbus subscriber at Bắc Giang (its operator's key: it reads every kind) taking the
// alerts that originate at Hải Dương, live, noting when each arrived.
class FloorSubscriber {
 public:
  explicit FloorSubscriber(DashboardFederation& federation) {
    client::SubscriberOptions options;
    options.endpoint = federation.endpoint(DashboardFederation::kBacGiang);
    options.filter.add_types(v1::ALERT);
    options.filter.add_origin_nodes(DashboardFederation::node_id(DashboardFederation::kHaiDuong));
    options.start = client::StartPosition::from_now();
    options.credentials =
        federation.credentials("bac-giang/operator", DashboardFederation::kBacGiang);
    StatusOr<std::unique_ptr<client::Subscriber>> subscriber = client::Subscriber::connect(options);
    if (!subscriber.ok()) {
      throw std::runtime_error("the subscriber at Bắc Giang did not subscribe: " +
                               subscriber.status().to_string());
    }
    subscriber_ = std::move(subscriber).value();
    thread_ = std::thread([this] { receive(); });
  }

  ~FloorSubscriber() {
    stop_ = true;
    thread_.join();
  }

  FloorSubscriber(const FloorSubscriber&) = delete;
  FloorSubscriber& operator=(const FloorSubscriber&) = delete;
  FloorSubscriber(FloorSubscriber&&) = delete;
  FloorSubscriber& operator=(FloorSubscriber&&) = delete;

  // When the event arrived (Clock::time_point{} when it has not).
  Clock::time_point arrived(const std::string& event_id) const {
    std::lock_guard lock(mutex_);
    const auto found = arrived_.find(event_id);
    return found == arrived_.end() ? Clock::time_point{} : found->second;
  }

 private:
  void receive() {
    while (!stop_) {
      StatusOr<std::optional<v1::StoredEvent>> next =
          subscriber_->next(std::chrono::milliseconds(50));
      const Clock::time_point now = Clock::now();
      if (!next.ok()) {
        return;
      }
      if (next.value()) {
        std::lock_guard lock(mutex_);
        arrived_.emplace(next.value()->event_id(), now);
      }
    }
  }

  std::unique_ptr<client::Subscriber> subscriber_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Clock::time_point> arrived_;
  std::thread thread_;
};

struct Posted {
  std::string event_id;
  std::string reference;
  Clock::time_point at;
};

std::string summary_text(const LatencySummary& latency) {
  return fixed(latency.p50_ms, 1) + " / " + fixed(latency.p99_ms, 1) + " / " +
         fixed(latency.max_ms, 1) + " ms";
}

}  // namespace

std::vector<std::string> log_in_officers(const DashboardFederation& federation) {
  std::vector<std::string> cookies;
  for (const std::string& unit : bench_units()) {
    cookies.push_back(log_in(federation.dashboard_port(), DashboardFederation::officer(unit),
                             DashboardFederation::password()));
  }
  return cookies;
}

void live_figure(DashboardFederation& federation, const Sizes& sizes,
                 const std::vector<std::string>& cookies, Report& report,
                 const MemoryFigure& memory) {
  report.section("live stream: " + std::to_string(sizes.connections) + " SSE connections, " +
                 std::to_string(sizes.alerts) + " alerts posted at Hải Dương");
  SseClients streams(federation.dashboard_port(), cookies, sizes.connections);
  if (!streams.wait_open(std::chrono::seconds(60))) {
    throw std::runtime_error("only " + std::to_string(streams.open_streams()) + " of " +
                             std::to_string(sizes.connections) + " streams opened");
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));
  memory("with " + std::to_string(sizes.connections) + " SSE connections open");
  FloorSubscriber floor(federation);
  std::vector<std::unique_ptr<client::Publisher>> publishers;
  for (const std::string& unit : bench_units()) {
    client::PublisherOptions options;
    options.endpoint = federation.endpoint(DashboardFederation::kHaiDuong);
    options.credentials =
        federation.credentials("hai-duong/" + unit, DashboardFederation::kHaiDuong);
    StatusOr<std::unique_ptr<client::Publisher>> publisher = client::Publisher::connect(options);
    if (!publisher.ok()) {
      throw std::runtime_error("publisher at Hải Dương: " + publisher.status().to_string());
    }
    publishers.push_back(std::move(publisher).value());
  }
  std::vector<Posted> posted;
  Clock::time_point next = Clock::now();
  for (std::size_t n = 0; n < sizes.alerts; ++n) {
    std::this_thread::sleep_until(next);
    next += sizes.spacing;
    v1::Event event = bench_alert(n, "hai-duong", "(trực tiếp " + std::to_string(n + 1) + ")");
    Posted post{event.event_id(), "", Clock::now()};
    const StatusOr<v1::PublishAck> ack =
        publishers[n % publishers.size()]->publish(std::move(event), std::chrono::seconds(10));
    if (!ack.ok()) {
      throw std::runtime_error("post at Hải Dương refused: " + ack.status().to_string());
    }
    post.reference = ack.value().reference();
    posted.push_back(post);
  }
  // Until every stream has every alert (and the subscriber too), or kGrace has passed.
  const Clock::time_point last_post = Clock::now();
  for (;;) {
    bool all = true;
    for (const Posted& post : posted) {
      const std::vector<Clock::time_point> seen = streams.seen(post.reference);
      all = all && floor.arrived(post.event_id) != Clock::time_point{} &&
            std::none_of(seen.begin(), seen.end(),
                         [](Clock::time_point at) { return at == Clock::time_point{}; });
    }
    if (all || Clock::now() - last_post > kGrace) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }

  std::vector<double> on_streams;
  std::vector<double> at_subscriber;
  std::vector<double> slowest_stream;  // Per alert: the time until the last stream had it.
  std::size_t missed_by_subscriber = 0;
  for (const Posted& post : posted) {
    double slowest = 0;
    for (const Clock::time_point at : streams.seen(post.reference)) {
      if (at != Clock::time_point{}) {
        on_streams.push_back(ms_between(post.at, at));
        slowest = std::max(slowest, on_streams.back());
      }
    }
    slowest_stream.push_back(slowest);
    const Clock::time_point arrived = floor.arrived(post.event_id);
    if (arrived == Clock::time_point{}) {
      ++missed_by_subscriber;
    } else {
      at_subscriber.push_back(ms_between(post.at, arrived));
    }
  }
  const std::size_t expected = sizes.connections * posted.size();
  const LatencySummary live = summarize(on_streams);
  const LatencySummary floor_latency = summarize(at_subscriber);
  const LatencySummary every_stream = summarize(slowest_stream);
  const SseClients::Totals totals = streams.totals();
  report.figure(
      "post at Hải Dương -> seen on an SSE stream of Bắc Giang's dashboard, over all "
      "(alert, stream) pairs, p50 / p99 / max",
      summary_text(live),
      std::to_string(on_streams.size()) + " of " + std::to_string(expected) +
          " seen; = " + ratio_text(live.p50_ms, floor_latency.p50_ms) + " / " +
          ratio_text(live.p99_ms, floor_latency.p99_ms) + " the subscriber's p50 / p99");
  report.figure("post -> on every stream (per alert: its slowest stream), p50 / p99 / max",
                summary_text(every_stream));
  report.figure(
      "post at Hải Dương -> delivered to a libalertbus subscriber at Bắc Giang (the "
      "federation's floor), p50 / p99 / max",
      summary_text(floor_latency),
      std::to_string(at_subscriber.size()) + " of " + std::to_string(posted.size()) + " delivered");
  report.note(std::to_string(totals.case_events) + " case events on the streams (" +
              mib_text(totals.bytes) + " received), " + std::to_string(totals.resets) +
              " resets, " + std::to_string(totals.refused) + " streams refused, " +
              std::to_string(totals.closed) + " closed by the server, " +
              std::to_string(streams.open_streams()) + " open at the end; alerts posted every " +
              std::to_string(sizes.spacing.count()) + " ms");
  const bool complete = on_streams.size() == expected && missed_by_subscriber == 0;
  report.aim(
      "alert posted at another node on every connection, p99 over (alert, stream)",
      "<= 1 s, none missed",
      fixed(live.p99_ms, 1) + " ms, " + std::to_string(expected - on_streams.size()) + " missed",
      complete && live.p99_ms <= kAimLiveP99Ms);
  memory("after the live alerts, the " + std::to_string(sizes.connections) + " streams open");
  streams.close_all();
}

}  // namespace alertbus::bench::dashboard
