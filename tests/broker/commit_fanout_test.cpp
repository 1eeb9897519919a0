// The commit fan-out (commit/commit_fanout.hpp) over a MemoryStore and a real Writer, with the
// test playing the loop (CommitFanout::Effects): a publish is acknowledged with the seq and
// reference it was committed with, a refused one is answered at once, a failed commit
// refuses every publish of its group with STORE_FAILURE, and each answered publish leaves
// its connection's count in flight; a new durable subscription starts only once its cursor
// is stored.
#include "commit/commit_fanout.hpp"

#include <poll.h>

#include <catch2/catch.hpp>

#include "bac_giang_log.hpp"
#include "store/memory/memory_store.hpp"
#include "support/sample_events.hpp"

namespace alertbus::broker {
namespace {

struct Refusal {
  std::string routing_id;
  std::uint64_t request_id = 0;
  Status status;
};

// The commit path's parts over a log in memory, and a loop that records what it is asked.
class Committing final : private CommitFanout::Effects {
 public:
  Committing()
      : log_(bac_giang_log()),
        writer_(log_.connect(), 4096),
        ingest_(log_, 64 * 1024, "bac-giang", 1),
        recent_(64),
        issuer_("bac-giang", std::nullopt, ""),
        receipts_(issuer_, std::chrono::milliseconds(1000)),
        origin_checkpoint_("bac-giang", log_.epoch(), std::nullopt),
        fanout_("bac-giang",
                CommitFanout::Parts{writer_, ingest_, links_, recent_, receipts_,
                                    origin_checkpoint_, nullptr},
                CommitFanout::Position{log_.epoch(), 0, 0, 0}, *this) {}

  ~Committing() override { writer_.stop(); }

  MemoryStore& log() { return log_; }

  CommitFanout& fanout() { return fanout_; }

  // A publish read from `routing_id`, as the loop stages it.
  void stage(const std::string& routing_id, std::uint64_t request_id, const v1::Event& event) {
    v1::Frame frame;
    frame.set_request_id(request_id);
    event.SerializeToString(frame.mutable_publish()->mutable_event());
    fanout_.stage(PublishBatch::Item{routing_id, request_id, std::move(frame), nullptr});
  }

  // One loop iteration's commit path: check what was staged, submit the job.
  void submit() {
    fanout_.submit_staged();
    ingest_.wait_checks();
    fanout_.admit_checked();
    fanout_.submit_job();
  }

  // Waits for the writer's group and fans it out.
  void take_committed() {
    pollfd ready{fanout_.finished_fd(), POLLIN, 0};
    REQUIRE(poll(&ready, 1, 5000) == 1);
    fanout_.take_committed();
  }

  std::vector<std::pair<std::string, v1::Frame>> sent;
  std::vector<Refusal> refused;
  std::vector<std::string> answered;
  std::vector<Subscriptions::Spec> started;

 private:
  void send(const std::string& routing_id, const v1::Frame& frame) override {
    sent.emplace_back(routing_id, frame);
  }

  void reply_error(const std::string& routing_id, std::uint64_t request_id,
                   const Status& status) override {
    refused.push_back(Refusal{routing_id, request_id, status});
  }

  void publish_answered(const std::string& routing_id) override { answered.push_back(routing_id); }

  void start_stored_subscription(Subscriptions::Spec spec) override {
    started.push_back(std::move(spec));
  }

  MemoryStore log_;
  Writer writer_;
  Ingest ingest_;
  std::vector<std::unique_ptr<PeerLink>> links_;
  RecentEvents recent_;
  NoticeIssuer issuer_;
  ReceiptBatcher receipts_;
  OriginCheckpoint origin_checkpoint_;
  CommitFanout fanout_;
};

}  // namespace

TEST_CASE("A publish is acknowledged with the seq and reference it was committed with") {
  Committing committing;
  const v1::Event alert = testing::sample_crop_pest();
  committing.stage("client-a", 7, alert);
  committing.submit();
  CHECK(committing.sent.empty());  // Nothing is acknowledged before the commit.
  committing.take_committed();

  REQUIRE(committing.sent.size() == 1);
  CHECK(committing.sent[0].first == "client-a");
  const v1::Frame& reply = committing.sent[0].second;
  CHECK(reply.request_id() == 7);
  REQUIRE(reply.has_publish_ack());
  auto stored = committing.log().find_by_id(alert.event_id());
  REQUIRE(stored.ok());
  REQUIRE(stored.value().has_value());
  CHECK(reply.publish_ack().event_id() == alert.event_id());
  CHECK(reply.publish_ack().seq() == 1);
  CHECK(reply.publish_ack().reference() == stored.value()->stored.reference());
  CHECK(reply.publish_ack().reference().rfind("BG-", 0) == 0);
  CHECK_FALSE(reply.publish_ack().duplicate());
  CHECK(committing.answered == std::vector<std::string>{"client-a"});
  CHECK(committing.refused.empty());
  CHECK(committing.fanout().head_seq() == 1);
  CHECK(committing.fanout().origin_head_seq() == 1);  // It originated here.
  CHECK(committing.fanout().event_count() == 1);

  // The same event again: acknowledged as a duplicate of seq 1, the log unchanged.
  committing.stage("client-a", 8, alert);
  committing.submit();
  committing.take_committed();
  REQUIRE(committing.sent.size() == 2);
  CHECK(committing.sent[1].second.publish_ack().seq() == 1);
  CHECK(committing.sent[1].second.publish_ack().duplicate());
  CHECK(committing.fanout().head_seq() == 1);
  CHECK(committing.fanout().event_count() == 1);
}

TEST_CASE("A publish refused by its checks is answered at once and leaves the flight") {
  Committing committing;
  v1::Event invalid = testing::sample_crop_pest();
  invalid.clear_sent_at();
  committing.stage("client-a", 3, invalid);
  committing.submit();
  REQUIRE(committing.refused.size() == 1);
  CHECK(committing.refused[0].routing_id == "client-a");
  CHECK(committing.refused[0].request_id == 3);
  CHECK_FALSE(committing.refused[0].status.ok());
  CHECK(committing.answered == std::vector<std::string>{"client-a"});
  CHECK(committing.sent.empty());
  CHECK(committing.fanout().head_seq() == 0);
}

TEST_CASE("A failed commit refuses every publish of its group with STORE_FAILURE") {
  Committing committing;
  committing.log().fail_next_commits(1);
  committing.stage("client-a", 1, testing::sample_crop_pest());
  committing.stage("client-b", 2, testing::sample_forest_fire());
  committing.submit();
  committing.take_committed();

  CHECK(committing.sent.empty());
  REQUIRE(committing.refused.size() == 2);
  CHECK(committing.refused[0].routing_id == "client-a");
  CHECK(committing.refused[0].request_id == 1);
  CHECK(committing.refused[0].status.code() == v1::STORE_FAILURE);
  CHECK(committing.refused[1].routing_id == "client-b");
  CHECK(committing.refused[1].request_id == 2);
  CHECK(committing.refused[1].status.code() == v1::STORE_FAILURE);
  // Each refused publish is out of its connection's flight.
  CHECK(committing.answered == std::vector<std::string>{"client-a", "client-b"});
  CHECK(committing.fanout().head_seq() == 0);
  CHECK(committing.fanout().event_count() == 0);
}

TEST_CASE("A new durable subscription starts once its cursor is committed, not before") {
  Committing committing;
  Subscriptions::Spec spec;
  spec.routing_id = "client-a";
  spec.id = 11;
  spec.durable_name = "bac-giang/dashboard";
  committing.fanout().start_after_commit(spec);
  committing.submit();
  CHECK(committing.started.empty());
  committing.take_committed();
  REQUIRE(committing.started.size() == 1);
  CHECK(committing.started[0].durable_name == "bac-giang/dashboard");
  auto cursor = committing.log().load_cursor("bac-giang/dashboard");
  REQUIRE(cursor.ok());
  CHECK(cursor.value().has_value());

  // The same with a failed commit: refused, not started.
  committing.log().fail_next_commits(1);
  spec.id = 12;
  spec.durable_name = "bac-giang/other";
  committing.fanout().start_after_commit(spec);
  committing.submit();
  committing.take_committed();
  CHECK(committing.started.size() == 1);
  REQUIRE(committing.refused.size() == 1);
  CHECK(committing.refused[0].request_id == 12);
  CHECK(committing.refused[0].status.code() == v1::STORE_FAILURE);
}

}  // namespace alertbus::broker
