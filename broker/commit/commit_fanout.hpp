// CommitFanout: the commit path as the loop sees it. In: the publishes read in a loop
// iteration (staged, then checked on Ingest's pool), the links' batches, new durable
// cursors, cursor moves, receipts and notices, gathered into the writer job being filled and
// submitted once per iteration. Out: each committed group, in order, to the admission index,
// to the publishers (an ack with seq and reference, or STORE_FAILURE for every publish of a
// failed group), to the links, to the new durable subscriptions, to the projector, to the
// receipt batcher, to the origin checkpoint and to the ring of recent events; and the log's
// position as the loop knows it (head seq, last seq that originated here, event count).
//
// What it asks of the loop (a reply, a refusal, a publish no longer in flight, a durable
// subscription to start) goes through Effects, so a test can play the loop.
//
// Threading: loop thread only. The Writer commits on its own thread (writer.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "alertbus/v1/frame.pb.h"

#include "casework/case_service.hpp"
#include "casework/receipt_batcher.hpp"
#include "commit/writer.hpp"
#include "delivery/recent_events.hpp"
#include "delivery/subscriptions.hpp"
#include "federation/origin_checkpoint.hpp"
#include "federation/peer_link.hpp"
#include "ingest/ingest.hpp"

namespace alertbus::broker {

struct BrokerMetrics;

class CommitFanout {
 public:
  // What the fan-out needs the loop to do.
  class Effects {
   public:
    virtual ~Effects() = default;
    // A reply to a connection (a PublishAck).
    virtual void send(const std::string& routing_id, const v1::Frame& frame) = 0;
    // A refusal (logged, answered with an Error).
    virtual void reply_error(const std::string& routing_id, std::uint64_t request_id,
                             const Status& status) = 0;
    // A publish of the connection's is answered or refused: no longer in flight.
    virtual void publish_answered(const std::string& routing_id) = 0;
    // A new durable subscription's cursor is stored: start it and answer Subscribed.
    virtual void start_stored_subscription(Subscriptions::Spec spec) = 0;
  };

  // The parts the groups fan out to. `cases` is null when casework is off.
  struct Parts {
    Writer& writer;
    Ingest& ingest;
    std::vector<std::unique_ptr<PeerLink>>& links;
    RecentEvents& recent;
    ReceiptBatcher& receipts;
    OriginCheckpoint& origin_checkpoint;
    CaseService* cases = nullptr;
    // Counts the events stored by kind and origin and the publishes' time to their ack;
    // null: not counted.
    BrokerMetrics* metrics = nullptr;
  };

  // The log when the loop starts.
  struct Position {
    std::uint64_t epoch = 0;
    std::uint64_t head_seq = 0;
    std::uint64_t origin_head_seq = 0;  // Seq of the last event that originated here.
    std::uint64_t event_count = 0;
  };

  CommitFanout(std::string node_id, const Parts& parts, const Position& position, Effects& effects);
  CommitFanout(const CommitFanout&) = delete;
  CommitFanout& operator=(const CommitFanout&) = delete;

  std::uint64_t epoch() const { return epoch_; }

  std::uint64_t head_seq() const { return head_seq_; }

  std::uint64_t origin_head_seq() const { return origin_head_seq_; }

  std::uint64_t event_count() const { return event_count_; }

  // A publish read this iteration (its connection counts it in flight).
  void stage(PublishBatch::Item item);
  // Hands the publishes staged this iteration to Ingest's pool for their checks (decode,
  // validate, authority, signature), which run without the loop waiting.
  void submit_staged();
  // Puts what Ingest's pool has checked into the job, in the order it was read: the
  // publishes that passed (the others are refused), and the links' Deliveries as their
  // links make batches of them.
  void admit_checked();
  // Puts a link's batches into the job being filled (their events move into it).
  void add_link_batches(std::size_t link, std::vector<PeerLink::Batch>& batches);
  // A cursor to move in the job being filled.
  void add_cursor(CursorUpdate cursor);
  // A new durable subscription: its cursor is stored in the job being filled, and the
  // subscription starts once that job is committed (refused if the commit fails).
  void start_after_commit(Subscriptions::Spec spec);

  // Notices waiting to join a job (casework's overdue notices are appended here).
  std::vector<NewEvent>* notice_queue() { return &notices_; }

  // Moves due receipts and queued notices into the job being filled (a bounded number of
  // notices per iteration).
  void admit_notices();
  // Hands the job being filled to the writer, if it holds anything.
  void submit_job();

  // Readable when the writer has committed groups to take.
  int finished_fd() const { return writer_.finished_fd(); }

  // Takes the committed groups and fans each one out.
  void take_committed();
  // Shutdown: the writer commits whatever is queued and stops; those groups fan out too.
  void drain();

 private:
  struct PendingPublish {
    std::string routing_id;
    std::uint64_t request_id = 0;
    std::string event_id;
    std::size_t index = 0;                             // Of its event in the job.
    std::chrono::steady_clock::time_point received{};  // When the loop read it.
  };

  // A federation link's batch in a job (its events moved into the job).
  struct PendingLinkBatch {
    std::size_t link = 0;   // Index in links_.
    std::size_t first = 0;  // Index of its first event in the job.
    std::size_t count = 0;
    PeerLink::Batch batch;
  };

  // What must be done when a job's group is committed.
  struct JobContext {
    std::vector<PendingPublish> publishes;
    std::vector<Subscriptions::Spec> subscribes;  // New durable names, cursor in this job.
    std::vector<PendingLinkBatch> link_batches;
  };

  void finish_group(Writer::Group& group);

  std::string node_id_;
  Writer& writer_;
  Ingest& ingest_;
  std::vector<std::unique_ptr<PeerLink>>& links_;
  RecentEvents& recent_;
  ReceiptBatcher& receipts_;
  OriginCheckpoint& origin_checkpoint_;
  CaseService* cases_;
  BrokerMetrics* metrics_;
  Effects& effects_;
  std::unique_ptr<PublishBatch> staged_;      // Publishes read this iteration.
  std::map<std::uint64_t, JobContext> jobs_;  // Submitted, not yet committed.
  Writer::Job job_;                           // Being filled by this iteration.
  JobContext job_context_;
  std::uint64_t next_job_id_ = 1;
  std::vector<NewEvent> receipt_events_;  // A flush's receipts, for one job.
  std::vector<NewEvent> notices_;
  std::uint64_t epoch_ = 0;
  std::uint64_t head_seq_ = 0;
  std::uint64_t origin_head_seq_ = 0;
  std::uint64_t event_count_ = 0;
};

}  // namespace alertbus::broker
