// The overdue scan never stalls the loop (issue 12, item 12: over 100,000 open cases the scan
// held the loop 2.16 s each minute, and pings went unanswered). A node runs in this process,
// its loop on a thread of the test, with a hook that holds every page of an overdue scan
// where it starts until the test lets it go. While a scan is held (so provably still
// running), the node answers pings, a publish and a status request; once it is let go, the
// scans finish again. And a case query waits behind one page of a scan, not the whole scan
// (a node with 500,000 open cases answered a lookup by id after 46 s when the scan was one
// job on the read worker). Nothing here measures time: a scan run on the loop would leave
// every ping unanswered for as long as the test holds it.
#include <condition_variable>
#include <fcntl.h>
#include <filesystem>
#include <future>
#include <mutex>
#include <optional>
#include <thread>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <zmq.hpp>

#include "broker/temp_dir.hpp"
#include "node/node.hpp"
#include "support/sample_events.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {
namespace {

using namespace std::chrono_literals;

// Where the hook holds the scans: each page of a scan that starts is counted, with the thread
// it runs on, and waits until release() (or a let_one_go() lets that one page go).
class ScanGate {
 public:
  // The hook: runs on the scan's thread before each page.
  void enter() {
    std::unique_lock lock(mutex_);
    ++started_;
    scan_thread_ = std::this_thread::get_id();
    changed_.notify_all();
    // Bounded only so that a failing test cannot hang its process for ever.
    changed_.wait_for(lock, 120s, [this] { return released_ || permits_ > 0; });
    if (!released_ && permits_ > 0) {
      --permits_;
    }
  }

  // Waits until a scan has started (false if none did within `timeout`).
  bool wait_started(std::chrono::milliseconds timeout) { return wait_pages(1, timeout); }

  // Waits until `count` pages have started in all (false if they did not within `timeout`).
  bool wait_pages(int count, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    return changed_.wait_for(lock, timeout, [this, count] { return started_ >= count; });
  }

  int pages_started() {
    std::lock_guard lock(mutex_);
    return started_;
  }

  void release() {
    {
      std::lock_guard lock(mutex_);
      released_ = true;
    }
    changed_.notify_all();
  }

  // Holds every page from now on, until let_one_go() or release().
  void hold() {
    std::lock_guard lock(mutex_);
    released_ = false;
    permits_ = 0;
  }

  // Lets the held page (or the next one) go.
  void let_one_go() {
    {
      std::lock_guard lock(mutex_);
      ++permits_;
    }
    changed_.notify_all();
  }

  bool released() {
    std::lock_guard lock(mutex_);
    return released_;
  }

  std::thread::id scan_thread() {
    std::lock_guard lock(mutex_);
    return scan_thread_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  int started_ = 0;
  bool released_ = false;
  int permits_ = 0;
  std::thread::id scan_thread_;
};

// A node opened, run and closed on a thread of its own, as alertbusd's main() does.
class InProcessNode {
 public:
  InProcessNode(broker::BrokerConfig config, ScanGate& gate) : config_(std::move(config)) {
    REQUIRE(pipe2(stop_, O_CLOEXEC | O_NONBLOCK) == 0);
    std::promise<Status> opened;
    std::future<Status> opened_status = opened.get_future();
    thread_ = std::thread([this, &gate, &opened] {
      zmq::context_t context(1);
      auto node = broker::Node::open(config_, context);
      if (!node.ok()) {
        opened.set_value(node.status());
        return;
      }
      if (broker::CaseService* cases = node.value()->cases()) {
        cases->hook_overdue_scan_for_tests([&gate] { gate.enter(); });
      }
      loop_thread_ = std::this_thread::get_id();
      opened.set_value(Status{});
      stopped_ = node.value()->loop().run(stop_[0]);
      node.value().reset();
    });
    const Status status = opened_status.get();
    if (!status.ok()) {
      thread_.join();
      FAIL("the node did not open: " << status.to_string());
    }
  }

  ~InProcessNode() {
    const char byte = 1;
    (void)!write(stop_[1], &byte, 1);
    thread_.join();
    close(stop_[0]);
    close(stop_[1]);
  }

  InProcessNode(const InProcessNode&) = delete;
  InProcessNode& operator=(const InProcessNode&) = delete;

  std::thread::id loop_thread() const { return loop_thread_; }

 private:
  broker::BrokerConfig config_;
  int stop_[2] = {-1, -1};
  std::thread thread_;
  std::thread::id loop_thread_;
  Status stopped_;
};

// Bắc Giang's configuration for a node of the test, in `dir`, listening on an ipc socket there.
broker::BrokerConfig node_config(const TempDir& dir) {
  broker::BrokerConfig config;
  config.node_id = "bac-giang";
  config.node_name = "Bắc Giang";
  config.reference_prefix = "BG";
  config.data_dir = dir.file("data");
  config.listen = {"ipc://" + dir.file("node.sock")};
  return config;
}

// Declared after the node, so destroyed before it: a failing check still lets a held scan go
// before the node is stopped.
struct ReleaseOnExit {
  ScanGate& gate;

  ~ReleaseOnExit() { gate.release(); }
};

TEST_CASE("The loop answers pings, a publish and status while an overdue scan is held") {
  TempDir dir;
  broker::BrokerConfig config = node_config(dir);
  const std::string endpoint = config.listen.front();
  config.overdue_check_interval_ms = 100;  // The lowest: scans follow each other.
  REQUIRE(broker::check_config(config).ok());

  ScanGate gate;
  InProcessNode node(config, gate);

  ReleaseOnExit release_on_exit{gate};

  // The first scan starts with the loop's first iteration.
  REQUIRE(gate.wait_started(30s));
  CHECK(gate.scan_thread() != node.loop_thread());

  zmq::context_t context(1);
  WireClient client(context, endpoint);
  constexpr int kPings = 50;
  std::vector<std::uint64_t> ids;
  for (int i = 0; i < kPings; ++i) {
    v1::Frame ping;
    ping.set_request_id(client.next_request_id());
    ping.mutable_ping();
    client.send(ping);
    ids.push_back(ping.request_id());
  }
  for (const std::uint64_t id : ids) {
    const std::optional<v1::Frame> pong = client.receive_reply(id, 20s);
    REQUIRE(pong);
    CHECK(pong->has_pong());
  }
  const v1::Event alert = sample_animal_disease();
  const v1::Frame ack = client.publish(alert);
  INFO(ack.ShortDebugString());
  REQUIRE(ack.has_publish_ack());
  CHECK(client.status().head_seq() >= ack.publish_ack().seq());
  // All of that was answered while the scan was held: it had not returned.
  CHECK_FALSE(gate.released());

  // Let it go: the scans finish again, and one of them counts the alert as an open case.
  gate.release();
  std::uint64_t open = 0;
  for (int attempt = 0; attempt < 400 && open == 0; ++attempt) {
    open = client.status().cases_open();
    if (open == 0) {
      std::this_thread::sleep_for(50ms);
    }
  }
  CHECK(open == 1);
}

TEST_CASE("The first count of open cases waits for the case records to reach the start's head") {
  TempDir dir;
  broker::BrokerConfig config = node_config(dir);
  const std::string endpoint = config.listen.front();
  REQUIRE(broker::check_config(config).ok());
  constexpr int kAlerts = 20000;
  {
    ScanGate gate;
    gate.release();
    InProcessNode node(config, gate);
    zmq::context_t context(1);
    WireClient client(context, endpoint);
    for (int sent = 0; sent < kAlerts;) {
      std::vector<std::uint64_t> ids;
      for (int i = 0; i < 500; ++i, ++sent) {
        v1::Frame frame;
        frame.set_request_id(client.next_request_id());
        sample_animal_disease().SerializeToString(frame.mutable_publish()->mutable_event());
        client.send(frame);
        ids.push_back(frame.request_id());
      }
      for (const std::uint64_t id : ids) {
        const std::optional<v1::Frame> reply = client.receive_reply(id, 20s);
        REQUIRE(reply);
        REQUIRE(reply->has_publish_ack());
      }
    }
  }
  // alertbusd runs with umask 0077; this process does not: its files made owner-only.
  for (const auto& entry : std::filesystem::directory_iterator(dir.file("data"))) {
    std::filesystem::permissions(
        entry.path(), std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  }
  // The case records are made again from the log at the next start, which takes a while.
  for (const char* file :
       {"alertbus-projection.db", "alertbus-projection.db-wal", "alertbus-projection.db-shm"}) {
    std::filesystem::remove(dir.file(std::string("data/") + file));
  }
  ScanGate gate;
  InProcessNode node(config, gate);

  ReleaseOnExit release_on_exit{gate};

  REQUIRE(gate.wait_started(60s));
  zmq::context_t context(1);
  WireClient client(context, endpoint);
  // The scan began only once every event stored before the start was projected: it counts
  // them all, not the part projected so far (which read 0 open cases right after a start).
  const v1::StatusReply status = client.status();
  CHECK(status.head_seq() == kAlerts);
  CHECK(status.projected_seq() == status.head_seq());
  gate.release();
  std::uint64_t open = 0;
  for (int attempt = 0; attempt < 400 && open != kAlerts; ++attempt) {
    open = client.status().cases_open();
    if (open != kAlerts) {
      std::this_thread::sleep_for(50ms);
    }
  }
  CHECK(open == kAlerts);
}

TEST_CASE("Open-case counts follow new alerts without waiting for the next overdue check") {
  TempDir dir;
  broker::BrokerConfig config = node_config(dir);
  const std::string endpoint = config.listen.front();
  config.overdue_check_interval_ms = 3600000;  // One check an hour: none before the count.
  REQUIRE(broker::check_config(config).ok());
  ScanGate gate;
  gate.release();
  InProcessNode node(config, gate);
  zmq::context_t context(1);
  WireClient client(context, endpoint);
  REQUIRE(gate.wait_started(30s));  // The first count, of an empty log.
  REQUIRE(client.publish(sample_animal_disease()).has_publish_ack());
  REQUIRE(client.publish(sample_forest_fire()).has_publish_ack());
  std::uint64_t open = 0;
  for (int attempt = 0; attempt < 400 && open != 2; ++attempt) {
    open = client.status().cases_open();
    if (open != 2) {
      std::this_thread::sleep_for(50ms);
    }
  }
  CHECK(open == 2);
}

TEST_CASE("A case query is answered between the pages of an overdue scan, not after it") {
  TempDir dir;
  broker::BrokerConfig config = node_config(dir);
  const std::string endpoint = config.listen.front();
  config.overdue_check_interval_ms = 3600000;  // Only the counts' scans, after new events.
  REQUIRE(broker::check_config(config).ok());
  ScanGate gate;
  gate.release();
  InProcessNode node(config, gate);
  ReleaseOnExit release_on_exit{gate};
  zmq::context_t context(1);
  WireClient client(context, endpoint);

  // 2,100 open cases: three pages of a scan (1,000 each).
  constexpr std::uint64_t kAlerts = 2100;
  std::string first_event_id;
  for (std::uint64_t sent = 0; sent < kAlerts;) {
    std::vector<std::uint64_t> ids;  // 300 at a time: under the connection's in-flight limit.
    for (; sent < kAlerts && ids.size() < 300; ++sent) {
      v1::Frame frame;
      frame.set_request_id(client.next_request_id());
      const v1::Event alert = sample_animal_disease();
      frame.mutable_publish()->set_event(alert.SerializeAsString());
      if (first_event_id.empty()) {
        first_event_id = alert.event_id();
      }
      client.send(frame);
      ids.push_back(frame.request_id());
    }
    for (const std::uint64_t id : ids) {
      const std::optional<v1::Frame> reply = client.receive_reply(id, 30s);
      REQUIRE(reply);
      INFO(reply->ShortDebugString());
      REQUIRE(reply->has_publish_ack());
    }
  }
  std::uint64_t open = 0;
  for (int attempt = 0; attempt < 600 && open != kAlerts; ++attempt) {
    open = client.status().cases_open();
    if (open != kAlerts) {
      std::this_thread::sleep_for(50ms);
    }
  }
  REQUIRE(open == kAlerts);

  // One more alert: the next scan's pages are held, one at a time.
  const int pages_before = gate.pages_started();
  gate.hold();
  REQUIRE(client.publish(sample_forest_fire()).has_publish_ack());
  REQUIRE(gate.wait_pages(pages_before + 1, 30s));  // The scan's first page, held.
  v1::Frame query;
  query.set_request_id(client.next_request_id());
  query.mutable_case_query()->set_event_id(first_event_id);
  client.send(query);
  v1::Frame ping;  // Answered after the loop handed the query to the read worker.
  ping.set_request_id(client.next_request_id());
  ping.mutable_ping();
  client.send(ping);
  REQUIRE(client.receive_reply(ping.request_id(), 20s));
  gate.let_one_go();

  // The query comes before the scan's second page, which is then held: answered while the
  // scan is not over (its count is still the last scan's).
  const std::optional<v1::Frame> answer = client.receive_reply(query.request_id(), 20s);
  REQUIRE(answer);
  INFO(answer->ShortDebugString());
  REQUIRE(answer->has_case_list());
  CHECK(answer->case_list().cases_size() == 1);
  CHECK(gate.wait_pages(pages_before + 2, 20s));
  CHECK(client.status().cases_open() == kAlerts);

  gate.release();
  open = 0;
  for (int attempt = 0; attempt < 600 && open != kAlerts + 1; ++attempt) {
    open = client.status().cases_open();
    if (open != kAlerts + 1) {
      std::this_thread::sleep_for(50ms);
    }
  }
  CHECK(open == kAlerts + 1);
}

}  // namespace
}  // namespace alertbus::testing
