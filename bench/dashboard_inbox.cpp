// Figure 2: the inbox of a node that holds 100,000 cases.
#include <memory>
#include <stdexcept>
#include <thread>

#include "alertbus/client/client.hpp"
#include "dashboard_alerts.hpp"
#include "dashboard_bench.hpp"
#include "dashboard_http.hpp"
#include "stats.hpp"

namespace alertbus::bench::dashboard {
namespace {

// The node has settled when its log has not grown for this long and its casework has
// projected all of it.
constexpr std::chrono::seconds kSettled{3};
constexpr std::chrono::seconds kSettleTimeout{900};

struct InboxQuery {
  const char* name;
  const char* target;
};

// The default view, the ones an officer picks most (a kind in a province), and free text
// without diacritics ("thanh ha": Thanh Hà).
constexpr InboxQuery kQueries[] = {
    {"default filters", "/api/inbox"},
    {"kind + province (animal-disease, 24)", "/api/inbox?kind=animal-disease&province=24"},
    {"free text (q=thanh ha)", "/api/inbox?q=thanh%20ha"},
};

std::unique_ptr<client::Client> client_at(DashboardFederation& federation, std::size_t node) {
  client::ClientOptions options;
  options.endpoint = federation.endpoint(node);
  options.request_timeout = std::chrono::seconds(30);
  options.credentials =
      federation.credentials(std::string(DashboardFederation::node_id(node)) + "/operator", node);
  StatusOr<std::unique_ptr<client::Client>> client = client::Client::connect(options);
  if (!client.ok()) {
    throw std::runtime_error("client: " + client.status().to_string());
  }
  return std::move(client).value();
}

// Seconds until both nodes' logs have stopped growing and their casework has projected them;
// the Bắc Giang node's last status in *status.
double seconds_until_settled(DashboardFederation& federation, Clock::time_point since,
                             v1::StatusReply* status) {
  std::unique_ptr<client::Client> clients[] = {
      client_at(federation, DashboardFederation::kBacGiang),
      client_at(federation, DashboardFederation::kHaiDuong)};
  std::uint64_t last_heads = 0;
  Clock::time_point changed = Clock::now();
  for (;;) {
    std::uint64_t heads = 0;
    bool projected = true;
    for (std::size_t node = 0; node < 2; ++node) {
      StatusOr<v1::StatusReply> reply = clients[node]->status();
      if (!reply.ok()) {
        throw std::runtime_error("status: " + reply.status().to_string());
      }
      heads += reply.value().head_seq();
      projected = projected && reply.value().projected_seq() >= reply.value().head_seq();
      if (node == DashboardFederation::kBacGiang) {
        *status = reply.value();
      }
    }
    const Clock::time_point now = Clock::now();
    if (heads != last_heads || !projected) {
      last_heads = heads;
      changed = now;
    } else if (now - changed >= kSettled) {
      return seconds_between(since, changed);
    }
    if (now - since > kSettleTimeout) {
      throw std::runtime_error("the nodes did not settle within 900 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
}

// The number of items of the JSON array `name` (counts the CaseItems' "reference" keys
// between it and the next top-level key).
std::size_t items_in(const std::string& body, const std::string& name, const std::string& next) {
  const std::size_t start = body.find("\"" + name + "\":[");
  const std::size_t end = body.find("\"" + next + "\":", start);
  std::size_t count = 0;
  for (std::size_t at = body.find("{\"reference\":", start); at < end;
       at = body.find("{\"reference\":", at + 1)) {
    ++count;
  }
  return count;
}

}  // namespace

void inbox_figure(DashboardFederation& federation, const Sizes& sizes, const std::string& cookie,
                  Report& report, const MemoryFigure& memory) {
  report.section("inbox over " + with_commas(static_cast<double>(sizes.cases)) +
                 " cases at Bắc Giang");
  const FillRun filled = fill(federation, sizes.cases, 0.5, 256);
  report.figure(
      "alerts published (half at Bắc Giang's 4 units, half at Hải Dương's, 256 in "
      "flight each, signed, over CURVE)",
      with_commas(static_cast<double>(filled.published)) + " in " + fixed(filled.seconds, 1) + " s",
      with_commas(static_cast<double>(filled.published) / filled.seconds) + " alerts/s; " +
          std::to_string(filled.refused) + " refused" +
          (filled.first_refusal.empty() ? "" : " (" + filled.first_refusal + ")"));
  v1::StatusReply status;
  const Clock::time_point published = Clock::now();
  const double settle = seconds_until_settled(federation, published, &status);
  report.figure(
      "until both nodes had stored, linked and projected everything (after the last "
      "publish)",
      fixed(settle, 1) + " s",
      "Bắc Giang: " + with_commas(static_cast<double>(status.event_count())) +
          " events in its log, " + with_commas(static_cast<double>(status.cases_open())) +
          " open cases");

  memory("after the fill (" + with_commas(static_cast<double>(filled.published)) +
         " alerts projected, no stream open)");

  HttpConnection connection(federation.dashboard_port());
  for (const InboxQuery& query : kQueries) {
    // The first answers warm the caches (SQLite's pages, the dashboard's pools).
    HttpResponse response;
    for (int i = 0; i < 3; ++i) {
      response = connection.get(query.target, cookie);
    }
    if (response.status != 200) {
      throw std::runtime_error(std::string(query.target) + " answered " +
                               std::to_string(response.status) + ": " +
                               response.body.substr(0, 300));
    }
    std::vector<double> times;
    std::size_t failed = 0;
    for (std::size_t i = 0; i < sizes.requests; ++i) {
      const Clock::time_point start = Clock::now();
      const HttpResponse answer = connection.get(query.target, cookie);
      times.push_back(ms_between(start, Clock::now()));
      failed += answer.status == 200 ? 0 : 1;
    }
    const LatencySummary latency = summarize(times);
    report.figure(std::string("GET /api/inbox, ") + query.name + ", " +
                      std::to_string(sizes.requests) + " in a row, p50 / p99 / max",
                  fixed(latency.p50_ms, 1) + " / " + fixed(latency.p99_ms, 1) + " / " +
                      fixed(latency.max_ms, 1) + " ms",
                  std::to_string(items_in(response.body, "waiting", "feed")) + " waiting + " +
                      std::to_string(items_in(response.body, "feed", "next_page")) +
                      " in the feed, " + with_commas(static_cast<double>(response.body.size())) +
                      " B; " + std::to_string(failed) + " not 200");
    report.aim(std::string("inbox p99, ") + query.name, "<= 200 ms",
               fixed(latency.p99_ms, 1) + " ms", failed == 0 && latency.p99_ms <= kAimInboxP99Ms);
  }
}

}  // namespace alertbus::bench::dashboard
