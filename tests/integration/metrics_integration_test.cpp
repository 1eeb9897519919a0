// alertbusd's metrics listener, scraped over real HTTP from a real broker: /healthz,
// /readyz, /metrics moving with publishes, deliveries and refusals, a database that cannot
// be written (a file size limit on the broker), and the links of a two-node federation.
// The page is read back by support/exposition_checker.hpp, and by `promtool check metrics`
// when Debian's prometheus package is installed.
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <httplib.h>
#include <map>
#include <optional>
#include <sys/resource.h>
#include <thread>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "alertbus/v1/errors.pb.h"

#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "federation.hpp"
#include "support/exposition_checker.hpp"
#include "support/sample_events.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {
namespace {

using namespace std::chrono_literals;

std::vector<std::string> metrics_args(const std::filesystem::path& directory) {
  return {"--metrics-listen", "127.0.0.1:0", "--metrics-endpoint-file",
          (directory / "metrics.endpoint").string()};
}

// The listener's HOST:PORT, as the broker wrote it (before its endpoint file).
std::string metrics_address(const std::filesystem::path& directory) {
  std::ifstream in(directory / "metrics.endpoint");
  std::string address;
  std::getline(in, address);
  REQUIRE_FALSE(address.empty());
  return address;
}

struct Answer {
  int status = 0;
  std::string body;
};

Answer get(const std::string& address, const std::string& path) {
  httplib::Client client("http://" + address);
  client.set_connection_timeout(5);
  client.set_read_timeout(5);
  const auto result = client.Get(path.c_str());
  REQUIRE(result);
  return {result->status, result->body};
}

ExpositionCheck scrape(const std::string& address) {
  const Answer answer = get(address, "/metrics");
  REQUIRE(answer.status == 200);
  ExpositionCheck check = check_exposition(answer.body);
  for (const std::string& problem : check.problems) {
    UNSCOPED_INFO(problem);
  }
  REQUIRE(check.problems.empty());
  return check;
}

double zero_if_absent(double value) {
  return std::isnan(value) ? 0 : value;
}

// Scrapes until `name{labels}` reaches `wanted` (the loop counts some things just after it
// sends them), at most 10 s; returns the last value.
double scrape_until(const std::string& address, const std::string& name,
                    const std::map<std::string, std::string>& labels, double wanted) {
  double value = 0;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  do {
    value = zero_if_absent(scrape(address).value(name, labels));
    if (value >= wanted) {
      break;
    }
    std::this_thread::sleep_for(20ms);
  } while (std::chrono::steady_clock::now() < deadline);
  return value;
}

Answer readyz_until(const std::string& address, int wanted) {
  Answer answer;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  do {
    answer = get(address, "/readyz");
    if (answer.status == wanted) {
      break;
    }
    std::this_thread::sleep_for(20ms);
  } while (std::chrono::steady_clock::now() < deadline);
  return answer;
}

// `promtool check metrics` on the page, or nullopt when promtool is not installed.
std::optional<std::string> promtool_problems(const std::string& page,
                                             const std::filesystem::path& directory) {
  if (std::system("command -v promtool >/dev/null 2>&1") != 0) {
    return std::nullopt;
  }
  const std::filesystem::path file = directory / "page.prom";
  std::ofstream(file) << page;
  const std::string command = "promtool check metrics < " + file.string() + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string output;
  char buffer[512];
  while (std::fgets(buffer, sizeof buffer, pipe) != nullptr) {
    output += buffer;
  }
  const int status = pclose(pipe);
  return status == 0 ? std::string() : output + " (exit " + std::to_string(status) + ")";
}

}  // namespace

TEST_CASE("The metrics listener answers health and counts publishes deliveries and refusals") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path();
  options.extra_args = metrics_args(dir.path());
  BrokerProcess broker(options);
  const std::string address = metrics_address(dir.path());

  const Answer health = get(address, "/healthz");
  CHECK(health.status == 200);
  CHECK(health.body == "ok\n");
  CHECK(readyz_until(address, 200).status == 200);
  CHECK(get(address, "/nothing-here").status == 404);
  httplib::Client client("http://" + address);
  const auto posted = client.Post("/metrics", "x", "text/plain");
  REQUIRE(posted);
  CHECK(posted->status == 405);

  const ExpositionCheck before = scrape(address);
  zmq::context_t context;
  WireClient subscriber(context, broker.endpoint());
  v1::Subscribe subscribe;
  subscribe.set_credit(100);
  REQUIRE(subscriber.subscribe(subscribe).has_subscribed());
  WireClient publisher(context, broker.endpoint());
  for (const v1::Event& event : {sample_forest_fire(), sample_forest_fire(), sample_crop_pest()}) {
    REQUIRE(publisher.publish(event).has_publish_ack());
  }
  REQUIRE(subscriber.receive_events(3).size() == 3);
  const std::map<std::string, std::string> fire = {{"kind", "FOREST_FIRE"},
                                                   {"origin", "bac-giang"}};
  const std::map<std::string, std::string> pest = {{"kind", "CROP_PEST"}, {"origin", "bac-giang"}};
  const double deliveries_before = zero_if_absent(before.value("alertbus_delivery_seconds_count"));
  CHECK(scrape_until(address, "alertbus_delivery_seconds_count", {}, deliveries_before + 3) ==
        deliveries_before + 3);
  const ExpositionCheck after = scrape(address);
  // Acks and stored counts are counted before the acks go: exact at once.
  CHECK(after.value("alertbus_events_stored_total", fire) -
            zero_if_absent(before.value("alertbus_events_stored_total", fire)) ==
        2);
  CHECK(after.value("alertbus_events_stored_total", pest) -
            zero_if_absent(before.value("alertbus_events_stored_total", pest)) ==
        1);
  CHECK(after.value("alertbus_publish_ack_seconds_count") -
            before.value("alertbus_publish_ack_seconds_count") ==
        3);
  CHECK(after.value("alertbus_commit_seconds_count") >=
        before.value("alertbus_commit_seconds_count") + 1);
  CHECK(after.value("alertbus_commit_group_events_sum") >=
        before.value("alertbus_commit_group_events_sum") + 3);
  CHECK(after.value("alertbus_database_bytes") > 0);

  // A refused publish counts under its code's name.
  const v1::Frame refused = publisher.publish_bytes("not an event");
  REQUIRE(refused.has_error());
  const std::string reason = v1::ErrorCode_Name(refused.error().code());
  const std::map<std::string, std::string> by_reason = {{"reason", reason}};
  CHECK(scrape(address).value("alertbus_refusals_total", by_reason) -
            before.value("alertbus_refusals_total", by_reason) ==
        1);
  // The loop's snapshot (every 500 ms) shows both connections and the subscription.
  CHECK(scrape_until(address, "alertbus_connections", {}, 2) >= 2);
  CHECK(scrape_until(address, "alertbus_subscriptions", {}, 1) == 1);

  // A subscriber from the beginning with credit for one event stays two behind the head.
  WireClient slow(context, broker.endpoint());
  v1::Subscribe from_start;
  from_start.set_from_beginning(true);
  from_start.set_credit(1);
  REQUIRE(slow.subscribe(from_start).has_subscribed());
  REQUIRE(slow.receive_events(1).size() == 1);
  CHECK(scrape_until(address, "alertbus_subscriptions", {}, 2) == 2);
  CHECK(scrape_until(address, "alertbus_subscription_lag_events_max", {}, 2) == 2);
  CHECK(scrape_until(address, "alertbus_subscription_lag_seconds_max", {}, 0.5) >= 0.5);

  const auto promtool = promtool_problems(get(address, "/metrics").body, dir.path());
  if (!promtool) {
    WARN("promtool is not installed (Debian package prometheus): page not checked with it");
  } else {
    INFO(*promtool);
    CHECK(promtool->empty());
  }
}

// The honest fault: a file size limit (RLIMIT_FSIZE, set on the running broker as
// `prlimit --fsize` would) makes every write to the database's WAL fail with EFBIG, as a full
// disk makes it fail with ENOSPC. alertbusd ignores SIGXFSZ, so it lives on and says so.
TEST_CASE("Readiness turns 503 while the database cannot be written and back after") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path();
  options.extra_args = metrics_args(dir.path());
  BrokerProcess broker(options);
  const std::string address = metrics_address(dir.path());
  REQUIRE(readyz_until(address, 200).status == 200);
  zmq::context_t context;
  WireClient publisher(context, broker.endpoint());
  REQUIRE(publisher.publish(sample_animal_disease()).has_publish_ack());

  rlimit tiny{1, RLIM_INFINITY};
  REQUIRE(prlimit(broker.pid(), RLIMIT_FSIZE, &tiny, nullptr) == 0);
  const v1::Frame failed = publisher.publish(sample_unsafe_food());
  REQUIRE(failed.has_error());
  CHECK(failed.error().code() == v1::STORE_FAILURE);
  const Answer unready = get(address, "/readyz");
  CHECK(unready.status == 503);
  CHECK(unready.body.find("the last database commit failed") != std::string::npos);
  CHECK(scrape(address).value("alertbus_commits_failed_total") >= 1);

  rlimit unlimited{RLIM_INFINITY, RLIM_INFINITY};
  REQUIRE(prlimit(broker.pid(), RLIMIT_FSIZE, &unlimited, nullptr) == 0);
  REQUIRE(publisher.publish(sample_unsafe_food()).has_publish_ack());
  CHECK(get(address, "/readyz").status == 200);
  CHECK(broker.alive());
}

TEST_CASE("A federated node shows its link per peer and stays ready with the peer down") {
  Federation federation(
      {{"bac-giang", "BG"}, {"hai-duong", "HD"}}, [](std::size_t, std::size_t) { return true; },
      heartbeat_args(kFastHeartbeatMs),
      [](const NodeSpec& node) {
        return std::vector<std::string>{
            "--metrics-listen", "127.0.0.1:0", "--metrics-endpoint-file",
            (std::filesystem::temp_directory_path() /
             ("alertbus-metrics-" + node.id + "-" + std::to_string(getpid())))
                .string()};
      });
  const auto address_of = [](const std::string& id) {
    std::ifstream in(std::filesystem::temp_directory_path() /
                     ("alertbus-metrics-" + id + "-" + std::to_string(getpid())));
    std::string address;
    std::getline(in, address);
    return address;
  };
  const std::string hai_duong = address_of("hai-duong");
  REQUIRE_FALSE(hai_duong.empty());
  const std::map<std::string, std::string> link = {{"peer", "bac-giang"}};
  CHECK(scrape_until(hai_duong, "alertbus_link_up", link, 1) == 1);

  zmq::context_t context;
  WireClient publisher(context, federation.broker(0).endpoint());
  REQUIRE(publisher.publish(sample_forest_fire()).has_publish_ack());
  const std::map<std::string, std::string> fire = {{"kind", "FOREST_FIRE"},
                                                   {"origin", "bac-giang"}};
  CHECK(scrape_until(hai_duong, "alertbus_events_stored_total", fire, 1) == 1);
  CHECK(scrape_until(hai_duong, "alertbus_link_events_stored_total", link, 1) >= 1);
  const auto caught_up = std::chrono::steady_clock::now() + 10s;
  while (scrape(hai_duong).value("alertbus_link_lag_events", link) != 0 &&
         std::chrono::steady_clock::now() < caught_up) {
    std::this_thread::sleep_for(20ms);
  }
  CHECK(scrape(hai_duong).value("alertbus_link_lag_events", link) == 0);

  federation.broker(0).stop();
  const auto down = std::chrono::steady_clock::now() + 10s;
  while (scrape(hai_duong).value("alertbus_link_up", link) != 0 &&
         std::chrono::steady_clock::now() < down) {
    std::this_thread::sleep_for(50ms);
  }
  CHECK(scrape(hai_duong).value("alertbus_link_up", link) == 0);
  const Answer ready = get(hai_duong, "/readyz");
  CHECK(ready.status == 200);  // A peer down: the node still serves its province.
  CHECK(ready.body.find("link bac-giang down") != std::string::npos);
  for (const char* id : {"bac-giang", "hai-duong"}) {
    std::filesystem::remove(
        std::filesystem::temp_directory_path() /
        ("alertbus-metrics-" + std::string(id) + "-" + std::to_string(getpid())));
  }
}

}  // namespace alertbus::testing
