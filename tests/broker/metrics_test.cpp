// The metrics text writer, the histograms and counters, and the pages made from them, against
// a small independent reader of the format (support/exposition_checker.hpp).
#include <cmath>

#include <catch2/catch.hpp>

#include "config/config.hpp"
#include "metrics/broker_metrics.hpp"
#include "metrics/exposition.hpp"
#include "metrics/metrics_page.hpp"
#include "support/exposition_checker.hpp"

namespace alertbus::broker {
namespace {

using alertbus::testing::check_exposition;

TEST_CASE("label values escape backslash quote and newline and nothing else") {
  CHECK(escape_label_value("plain") == "plain");
  CHECK(escape_label_value(R"(a\b)") == R"(a\\b)");
  CHECK(escape_label_value(R"(say "hi")") == R"(say \"hi\")");
  CHECK(escape_label_value("two\nlines") == R"(two\nlines)");
  CHECK(escape_label_value("Bắc Giang\t") == "Bắc Giang\t");
  CHECK(escape_help(R"(a\b "q")"
                    "\n") == R"(a\\b "q"\n)");
}

TEST_CASE("values are integers without exponent and the shortest text otherwise") {
  CHECK(format_value(0) == "0");
  CHECK(format_value(42) == "42");
  CHECK(format_value(-3) == "-3");
  CHECK(format_value(1152921504606846976.0) != "1152921504606846976");  // Beyond 2^53: float.
  CHECK(format_value(0.0001) == "0.0001");
  CHECK(format_value(2.5) == "2.5");
  CHECK(format_value(INFINITY) == "+Inf");
  CHECK(format_value(-INFINITY) == "-Inf");
  CHECK(format_value(std::nan("")) == "NaN");
}

TEST_CASE("a written page reads back with its escaped labels and cumulative buckets") {
  Exposition out;
  out.family("t_events_total", "Events\nby \\ kind.", MetricType::kCounter);
  out.sample("t_events_total", {{"kind", "FOREST_FIRE"}, {"origin", R"(a"b\c)"}}, 7);
  out.sample("t_events_total", {{"kind", "CROP_PEST"}, {"origin", "x\ny"}}, 1);
  const std::array<std::uint64_t, 3> bounds = {1000, 5000, 20000};
  const std::array<std::uint64_t, 4> counts = {2, 0, 3, 1};
  out.family("t_seconds", "Latency.", MetricType::kHistogram);
  out.histogram("t_seconds", {{"path", "p"}}, bounds, counts, 41000, 1e6);
  const std::string& page = out.text();
  CHECK(page.find(
            "# HELP t_events_total Events\\nby \\\\ kind.\n# TYPE t_events_total counter\n") == 0);
  const auto check = check_exposition(page);
  INFO(page);
  REQUIRE(check.problems.empty());
  CHECK(check.value("t_events_total", {{"origin", R"(a"b\c)"}}) == 7);
  CHECK(check.value("t_events_total", {{"origin", "x\ny"}}) == 1);
  CHECK(check.value("t_seconds_bucket", {{"le", "0.001"}}) == 2);
  CHECK(check.value("t_seconds_bucket", {{"le", "0.005"}}) == 2);
  CHECK(check.value("t_seconds_bucket", {{"le", "0.02"}}) == 5);
  CHECK(check.value("t_seconds_bucket", {{"le", "+Inf"}, {"path", "p"}}) == 6);
  CHECK(check.value("t_seconds_count") == 6);
  CHECK(check.value("t_seconds_sum") == Approx(0.041));
}

TEST_CASE("the checker finds what breaks the format") {
  CHECK_FALSE(check_exposition("x 1\n").problems.empty());  // No TYPE.
  CHECK_FALSE(
      check_exposition("# TYPE x counter\nx{a=\"q\\t\"} 1\n").problems.empty());  // Bad escape.
  CHECK_FALSE(check_exposition("# TYPE x counter\nx{a=\"q\"} one\n").problems.empty());
  CHECK_FALSE(check_exposition("# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_bucket{le=\"2\"} "
                               "2\nh_bucket{le=\"+Inf\"} 3\nh_sum 1\nh_count 3\n")
                  .problems.empty());  // Not cumulative.
  CHECK_FALSE(check_exposition("# TYPE h histogram\nh_bucket{le=\"1\"} 3\nh_sum 1\nh_count 3\n")
                  .problems.empty());  // No +Inf.
}

TEST_CASE("a histogram counts a value equal to a bound in that bound's bucket") {
  static constexpr std::array<std::uint64_t, 3> kBounds = {10, 20, 30};
  Histogram histogram(kBounds, 1);
  for (const std::uint64_t value : {0U, 10U, 11U, 20U, 31U, 1000U}) {
    histogram.observe(value);
  }
  const Histogram::Reading reading = histogram.read();
  CHECK(reading.counts[0] == 2);  // 0, 10
  CHECK(reading.counts[1] == 2);  // 11, 20
  CHECK(reading.counts[2] == 0);
  CHECK(reading.counts[3] == 2);  // Beyond 30.
  CHECK(reading.sum == 1072);
}

TEST_CASE("stored counts keep origins bounded") {
  StoredCounts stored;
  for (std::size_t i = 0; i < StoredCounts::kMaxOrigins + 6; ++i) {
    stored.add(1, "node-" + std::to_string(i));
  }
  stored.add(1, "node-0", 2);
  CHECK(stored.size() == StoredCounts::kMaxOrigins + 1);
  std::uint64_t other = 0;
  std::uint64_t first = 0;
  for (std::size_t i = 0; i < stored.size(); ++i) {
    if (stored.slot(i).origin == StoredCounts::kOther) {
      other = stored.slot(i).count.load();
    }
    if (stored.slot(i).origin == "node-0") {
      first = stored.slot(i).count.load();
    }
  }
  CHECK(other == 6);
  CHECK(first == 3);
}

LoopSnapshot snapshot_with_links(std::int64_t at_ms) {
  LoopSnapshot snapshot;
  snapshot.published = true;
  snapshot.at_ms = at_ms;
  snapshot.status.set_head_seq(10);
  snapshot.status.set_projected_seq(7);
  v1::PeerLinkStatus* up = snapshot.status.add_peers();
  up->set_peer_id("hai-duong");
  up->set_connected(true);
  v1::PeerLinkStatus* down = snapshot.status.add_peers();
  down->set_peer_id("lang-son");
  down->set_lag_events(4);
  down->set_lag_seconds(12);
  return snapshot;
}

TEST_CASE("the metrics page passes the checker and carries the counts") {
  BrokerMetrics metrics;
  metrics.stored.add(v1::FOREST_FIRE, "bac-giang", 3);
  metrics.publish_ack.observe(1500);
  metrics.refused(v1::PERMISSION_DENIED);
  const auto check = check_exposition(
      render_metrics(metrics, snapshot_with_links(1000), PageContext{"/nonexistent/db", 5000}));
  INFO(check.problems.size());
  REQUIRE(check.problems.empty());
  CHECK(check.value("alertbus_events_stored_total",
                    {{"kind", "FOREST_FIRE"}, {"origin", "bac-giang"}}) == 3);
  CHECK(check.value("alertbus_publish_ack_seconds_bucket", {{"le", "0.0025"}}) == 1);
  CHECK(check.value("alertbus_publish_ack_seconds_bucket", {{"le", "0.001"}}) == 0);
  CHECK(check.value("alertbus_refusals_total", {{"reason", "PERMISSION_DENIED"}}) == 1);
  CHECK(check.value("alertbus_refusals_total", {{"reason", "RATE_LIMITED"}}) == 0);
  CHECK(check.value("alertbus_link_up", {{"peer", "lang-son"}}) == 0);
  CHECK(check.value("alertbus_link_lag_events", {{"peer", "lang-son"}}) == 4);
  CHECK(check.value("alertbus_projector_lag_events") == 3);
  CHECK(check.value("alertbus_process_start_time_seconds") == 5);
  CHECK(check.types.at("alertbus_commit_seconds") == "histogram");
}

TEST_CASE("readiness needs a turning loop and a writable database but no link") {
  BrokerMetrics metrics;
  const PageContext context{"", 0, 10000};
  CHECK_FALSE(judge_readiness(metrics, LoopSnapshot{}, 1000, context).ready);
  const Readiness ready = judge_readiness(metrics, snapshot_with_links(1000), 2000, context);
  CHECK(ready.ready);  // lang-son is down: the node still serves its province.
  CHECK(ready.body.find("link lang-son down lag_events=4 lag_seconds=12") != std::string::npos);
  CHECK(ready.body.find("link hai-duong up") != std::string::npos);
  CHECK_FALSE(judge_readiness(metrics, snapshot_with_links(1000), 20000, context).ready);
  metrics.last_commit_ok = false;
  const Readiness failing = judge_readiness(metrics, snapshot_with_links(1000), 2000, context);
  CHECK_FALSE(failing.ready);
  CHECK(failing.body.find("database commit failed") != std::string::npos);
}

TEST_CASE("the metrics listen address reads HOST:PORT with IPv6 in brackets") {
  const auto v4 = parse_http_address("127.0.0.1:9464");
  REQUIRE(v4.ok());
  CHECK(v4.value().host == "127.0.0.1");
  CHECK(v4.value().port == 9464);
  const auto v6 = parse_http_address("[::1]:0");
  REQUIRE(v6.ok());
  CHECK(v6.value().host == "::1");
  CHECK(v6.value().port == 0);
  for (const char* bad : {"9464", ":9464", "localhost:", "host:65536", "host:94a4", "h:1234567"}) {
    INFO(bad);
    CHECK_FALSE(parse_http_address(bad).ok());
  }
}

}  // namespace
}  // namespace alertbus::broker
