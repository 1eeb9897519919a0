// Crash safety: a publisher streams events with a window in flight while the broker is
// killed with SIGKILL at random moments. After every kill the database file itself is
// checked: every acknowledged event is there exactly once, seqs have no gaps, references
// are unique. After restart the publisher resends what was not acknowledged, with the same
// bytes; at the end every event is stored exactly once and acknowledged.
#include <map>
#include <random>
#include <set>

#include <catch2/catch.hpp>
#include <sqlite3.h>

#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "support/sample_events.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {
namespace {

constexpr int kCycles = 24;
constexpr std::size_t kWindow = 64;

struct DatabaseFacts {
  std::int64_t rows = 0;
  std::int64_t distinct_ids = 0;
  std::int64_t distinct_references = 0;
  std::int64_t max_seq = 0;
  std::set<std::string> ids;
};

DatabaseFacts read_database(const std::string& path) {
  DatabaseFacts facts;
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  REQUIRE(sqlite3_prepare_v2(db,
                             "SELECT count(*), count(DISTINCT event_id), count(DISTINCT reference),"
                             " coalesce(max(seq), 0) FROM log",
                             -1, &statement, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
  facts.rows = sqlite3_column_int64(statement, 0);
  facts.distinct_ids = sqlite3_column_int64(statement, 1);
  facts.distinct_references = sqlite3_column_int64(statement, 2);
  facts.max_seq = sqlite3_column_int64(statement, 3);
  sqlite3_finalize(statement);
  REQUIRE(sqlite3_prepare_v2(db, "SELECT event_id FROM log", -1, &statement, nullptr) == SQLITE_OK);
  while (sqlite3_step(statement) == SQLITE_ROW) {
    facts.ids.insert(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return facts;
}

// The publisher: keeps every unacknowledged event's bytes and resends them unchanged.
class StreamingPublisher {
 public:
  explicit StreamingPublisher(zmq::context_t& context) : context_(context) {}

  void connect(const std::string& endpoint) {
    client_ = std::make_unique<WireClient>(context_, endpoint);
    // Resend everything in flight, same bytes, same ids.
    std::map<std::uint64_t, std::string> resend;
    resend.swap(in_flight_);
    for (auto& [unused, event_id] : resend) {
      send(event_id);
    }
  }

  // Runs until `until`, keeping the window full.
  void stream(std::chrono::steady_clock::time_point until) {
    while (std::chrono::steady_clock::now() < until) {
      while (in_flight_.size() < kWindow) {
        const v1::Event event = sample_crop_pest();
        bytes_[event.event_id()] = event.SerializeAsString();
        send(event.event_id());
      }
      receive(std::chrono::milliseconds(5));
    }
  }

  // Waits until nothing is in flight.
  void drain() {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    while (!in_flight_.empty() && std::chrono::steady_clock::now() < deadline) {
      receive(std::chrono::milliseconds(100));
    }
  }

  const std::set<std::string>& acked() const { return acked_; }

  std::size_t submitted() const { return bytes_.size(); }

  std::size_t in_flight() const { return in_flight_.size(); }

  int duplicate_acks() const { return duplicate_acks_; }

 private:
  void send(const std::string& event_id) {
    v1::Frame frame;
    frame.set_request_id(client_->next_request_id());
    frame.mutable_publish()->set_event(bytes_.at(event_id));
    client_->send(frame);
    in_flight_[frame.request_id()] = event_id;
  }

  void receive(std::chrono::milliseconds timeout) {
    for (auto frame = client_->receive(timeout); frame;
         frame = client_->receive(std::chrono::milliseconds(0))) {
      auto found = in_flight_.find(frame->request_id());
      REQUIRE(found != in_flight_.end());
      REQUIRE(frame->has_publish_ack());
      CHECK(frame->publish_ack().event_id() == found->second);
      if (frame->publish_ack().duplicate()) {
        ++duplicate_acks_;
      }
      acked_.insert(found->second);
      in_flight_.erase(found);
    }
  }

  zmq::context_t& context_;
  std::unique_ptr<WireClient> client_;
  std::map<std::string, std::string> bytes_;        // Every event ever submitted.
  std::map<std::uint64_t, std::string> in_flight_;  // request id -> event id.
  std::set<std::string> acked_;
  int duplicate_acks_ = 0;
};

}  // namespace

TEST_CASE("Every acknowledged event survives SIGKILL exactly once across 24 kill cycles",
          "[crash]") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path();
  BrokerProcess broker(options);
  zmq::context_t context;
  StreamingPublisher publisher(context);
  publisher.connect(broker.endpoint());
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> delay_ms(5, 250);

  for (int cycle = 0; cycle < kCycles; ++cycle) {
    publisher.stream(std::chrono::steady_clock::now() +
                     std::chrono::milliseconds(delay_ms(random)));
    broker.kill9();
    const DatabaseFacts facts = read_database(broker.database_path());
    INFO("cycle " << cycle << ": " << facts.rows << " rows, " << publisher.acked().size()
                  << " acknowledged, " << publisher.in_flight() << " in flight");
    CHECK(facts.rows == facts.distinct_ids);
    CHECK(facts.rows == facts.distinct_references);
    CHECK(facts.max_seq == facts.rows);
    for (const std::string& id : publisher.acked()) {
      if (facts.ids.count(id) != 1) {
        FAIL("acknowledged event " << id << " is missing after SIGKILL");
      }
    }
    CHECK(static_cast<std::size_t>(facts.rows) <= publisher.submitted());
    broker.start();
    publisher.connect(broker.endpoint());
  }
  publisher.drain();
  REQUIRE(publisher.in_flight() == 0);
  broker.stop();
  const DatabaseFacts final_facts = read_database(broker.database_path());
  CHECK(publisher.acked().size() == publisher.submitted());
  CHECK(static_cast<std::size_t>(final_facts.rows) == publisher.submitted());
  CHECK(final_facts.rows == final_facts.distinct_ids);
  CHECK(final_facts.max_seq == final_facts.rows);
  WARN("crash test: " << publisher.submitted() << " events, " << publisher.duplicate_acks()
                      << " resends answered as duplicates");
}

}  // namespace alertbus::testing
