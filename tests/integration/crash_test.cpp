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

#include "alertbus/v1/casework.pb.h"

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

// The casework projection beside the log, after a kill: its watermark, and what it holds
// below it compared with the log's rows up to it.
struct ProjectionFacts {
  std::int64_t projected_seq = 0;
  std::int64_t log_rows_below = 0;    // Log rows with seq <= projected_seq.
  std::int64_t log_alerts_below = 0;  // Of those, alerts.
  std::int64_t text_rows = 0;         // Search rows: one per projected event.
  std::int64_t cases = 0;
  std::int64_t follow_ups_counted = 0;  // The cases' follow-up counts, summed.
};

ProjectionFacts read_projection(const std::string& log_path, const std::string& projection_path) {
  ProjectionFacts facts;
  sqlite3* db = nullptr;
  REQUIRE(sqlite3_open_v2(projection_path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) ==
          SQLITE_OK);
  const std::string attach = "ATTACH DATABASE '" + log_path + "' AS log_file";
  REQUIRE(sqlite3_exec(db, attach.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK);
  auto scalar = [&](const std::string& sql) {
    sqlite3_stmt* statement = nullptr;
    INFO(sql);
    REQUIRE(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK);
    REQUIRE(sqlite3_step(statement) == SQLITE_ROW);
    const std::int64_t value = sqlite3_column_int64(statement, 0);
    sqlite3_finalize(statement);
    return value;
  };
  facts.projected_seq = scalar("SELECT projected_seq FROM projection_state");
  const std::string below =
      " FROM log_file.log WHERE seq <= " + std::to_string(facts.projected_seq);
  facts.log_rows_below = scalar("SELECT count(*)" + below);
  facts.log_alerts_below = scalar("SELECT count(*)" + below + " AND type = 1");
  facts.text_rows = scalar("SELECT count(*) FROM case_text");
  facts.cases = scalar("SELECT count(*) FROM cases");
  sqlite3_stmt* bodies = nullptr;
  REQUIRE(sqlite3_prepare_v2(db, "SELECT body FROM cases", -1, &bodies, nullptr) == SQLITE_OK);
  while (sqlite3_step(bodies) == SQLITE_ROW) {
    v1::AlertCase alert_case;
    REQUIRE(
        alert_case.ParseFromArray(sqlite3_column_blob(bodies, 0), sqlite3_column_bytes(bodies, 0)));
    facts.follow_ups_counted += alert_case.follow_up_count();
  }
  sqlite3_finalize(bodies);
  sqlite3_close(db);
  return facts;
}

// The publisher: keeps every unacknowledged event's bytes and resends them unchanged. With
// follow-ups, each acknowledged alert gets one follow-up from its unit.
class StreamingPublisher {
 public:
  explicit StreamingPublisher(zmq::context_t& context, bool follow_ups = false)
      : context_(context), follow_ups_(follow_ups) {}

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
        v1::Event event = sample_crop_pest();
        if (follow_ups_ && !acked_alerts_.empty()) {
          event = sample_follow_up(acked_alerts_.back(), v1::ADDITIONAL_INFO);
          acked_alerts_.pop_back();
        } else {
          alerts_[event.event_id()] = event;
        }
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
      if (auto alert = alerts_.find(found->second); alert != alerts_.end()) {
        acked_alerts_.push_back(alert->second);
        alerts_.erase(alert);
      }
      in_flight_.erase(found);
    }
  }

  zmq::context_t& context_;
  bool follow_ups_ = false;
  std::map<std::string, v1::Event> alerts_;  // Alerts sent, not yet acknowledged.
  std::vector<v1::Event> acked_alerts_;      // Acknowledged alerts without a follow-up yet.
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

// The projector runs behind the log (a pause before each chunk), so kills land while
// acknowledged events are not yet in the cases; after each restart it must go on from its
// watermark, and in the end every acknowledged event is in the cases exactly once.
TEST_CASE(
    "Every acknowledged event is projected exactly once when kills find the projector"
    " behind",
    "[crash]") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path();
  options.extra_args = {"--projection-delay-ms", "40"};
  BrokerProcess broker(options);
  const std::string projection_path = (dir.path() / "data" / "alertbus-projection.db").string();
  zmq::context_t context;
  StreamingPublisher publisher(context, true);
  publisher.connect(broker.endpoint());
  std::mt19937 random(std::random_device{}());
  std::uniform_int_distribution<int> delay_ms(5, 250);
  int behind = 0;
  auto check_projection = [&](const ProjectionFacts& facts, std::int64_t log_rows) {
    INFO("projected to " << facts.projected_seq << " of " << log_rows << " rows");
    CHECK(facts.projected_seq <= log_rows);
    CHECK(facts.text_rows == facts.log_rows_below);
    CHECK(facts.cases == facts.log_alerts_below);
    CHECK(facts.follow_ups_counted == facts.log_rows_below - facts.log_alerts_below);
  };
  for (int cycle = 0; cycle < kCycles / 2; ++cycle) {
    publisher.stream(std::chrono::steady_clock::now() +
                     std::chrono::milliseconds(delay_ms(random)));
    broker.kill9();
    const DatabaseFacts log = read_database(broker.database_path());
    const ProjectionFacts facts = read_projection(broker.database_path(), projection_path);
    INFO("cycle " << cycle);
    check_projection(facts, log.rows);
    behind += facts.projected_seq < log.rows ? 1 : 0;
    broker.start();
    publisher.connect(broker.endpoint());
  }
  publisher.drain();
  REQUIRE(publisher.in_flight() == 0);
  // A case query waits until the projection holds everything committed before it.
  WireClient client(context, broker.endpoint());
  v1::Frame query;
  query.set_request_id(client.next_request_id());
  query.mutable_case_query()->set_page_size(1);
  client.send(query);
  const auto answer = client.receive(std::chrono::seconds(30));
  REQUIRE(answer);
  REQUIRE(answer->has_case_list());
  broker.stop();
  const DatabaseFacts log = read_database(broker.database_path());
  const ProjectionFacts facts = read_projection(broker.database_path(), projection_path);
  CHECK(static_cast<std::size_t>(log.rows) == publisher.submitted());
  CHECK(facts.projected_seq == log.rows);
  CHECK(answer->case_list().as_of_seq() == static_cast<std::uint64_t>(log.rows));
  check_projection(facts, log.rows);
  CHECK(behind > 0);  // The kills did find the projector behind.
  WARN("projector kill test: " << log.rows << " events, projector behind at " << behind << " of "
                               << kCycles / 2 << " kills");
}

}  // namespace alertbus::testing
