#include "commit/commit_fanout.hpp"

#include <algorithm>
#include <span>
#include <spdlog/spdlog.h>

#include "alertbus/protocol/clock.hpp"
#include "metrics/broker_metrics.hpp"

namespace alertbus::broker {
namespace {

std::int64_t wall_ms() {
  return protocol::now_unix_ms();
}

}  // namespace

CommitFanout::CommitFanout(std::string node_id, const Parts& parts, const Position& position,
                           Effects& effects)
    : node_id_(std::move(node_id)),
      writer_(parts.writer),
      ingest_(parts.ingest),
      links_(parts.links),
      recent_(parts.recent),
      receipts_(parts.receipts),
      origin_checkpoint_(parts.origin_checkpoint),
      cases_(parts.cases),
      metrics_(parts.metrics),
      effects_(effects),
      epoch_(position.epoch),
      head_seq_(position.head_seq),
      origin_head_seq_(position.origin_head_seq),
      event_count_(position.event_count) {}

void CommitFanout::stage(PublishBatch::Item item) {
  if (!staged_) {
    staged_ = std::make_unique<PublishBatch>();
  }
  staged_->items.push_back(std::move(item));
}

void CommitFanout::submit_staged() {
  if (!staged_ || staged_->items.empty()) {
    return;
  }
  // The registry the principals were found in (read_messages, this iteration).
  staged_->registry = ingest_.registry();
  staged_->now_ms = wall_ms();
  ingest_.submit(std::move(staged_));  // staged_ is empty again.
}

void CommitFanout::admit_checked() {
  std::vector<PeerLink::Batch> link_batches;
  while (std::unique_ptr<CheckBatch> checked = ingest_.take_checked()) {
    if (checked->kind == CheckBatch::Kind::kRemote) {
      auto& remote = static_cast<RemoteBatch&>(*checked);
      link_batches.clear();
      links_[remote.link]->checked(remote, &link_batches);
      add_link_batches(remote.link, link_batches);
      continue;
    }
    auto& batch = static_cast<PublishBatch&>(*checked);
    for (std::size_t i = 0; i < batch.items.size(); ++i) {
      PublishBatch::Item& item = batch.items[i];
      StatusOr<NewEvent>& result = batch.results[i];
      if (!result.ok()) {
        effects_.publish_answered(item.routing_id);
        effects_.reply_error(item.routing_id, item.request_id, result.status());
        continue;
      }
      job_context_.publishes.push_back(PendingPublish{item.routing_id, item.request_id,
                                                      result.value().event_id, job_.events.size(),
                                                      item.received});
      job_.events.push_back(std::move(result).value());
    }
  }
}

void CommitFanout::add_link_batches(std::size_t link, std::vector<PeerLink::Batch>& batches) {
  for (PeerLink::Batch& batch : batches) {
    PendingLinkBatch pending;
    pending.link = link;
    pending.first = job_.events.size();
    pending.count = batch.events.size();
    for (NewEvent& event : batch.events) {
      job_.events.push_back(std::move(event));
    }
    batch.events.clear();
    job_.cursors.push_back(batch.cursor);
    pending.batch = std::move(batch);
    job_context_.link_batches.push_back(std::move(pending));
  }
}

void CommitFanout::add_cursor(CursorUpdate cursor) {
  job_.cursors.push_back(std::move(cursor));
}

void CommitFanout::start_after_commit(Subscriptions::Spec spec) {
  job_.cursors.push_back(CursorUpdate{spec.durable_name, spec.after_seq, false});
  job_context_.subscribes.push_back(std::move(spec));
}

void CommitFanout::admit_notices() {
  // A flush's receipts go into one job together: the through seq they carry is true only if
  // all of them are stored.
  receipts_.flush_due(head_seq_, wall_ms(), false, &receipt_events_);
  for (NewEvent& receipt : receipt_events_) {
    job_.events.push_back(std::move(receipt));
  }
  receipt_events_.clear();
  constexpr std::size_t kMaxNoticesPerJob = 1024;
  const std::size_t count = std::min(notices_.size(), kMaxNoticesPerJob);
  for (std::size_t i = 0; i < count; ++i) {
    job_.events.push_back(std::move(notices_[i]));
  }
  notices_.erase(notices_.begin(), notices_.begin() + static_cast<std::ptrdiff_t>(count));
}

void CommitFanout::submit_job() {
  if (job_.events.empty() && job_.cursors.empty()) {
    return;
  }
  job_.id = next_job_id_++;
  jobs_.emplace(job_.id, std::move(job_context_));
  writer_.submit(std::move(job_));
  job_ = Writer::Job{};
  job_context_ = JobContext{};
}

void CommitFanout::take_committed() {
  for (Writer::Group& group : writer_.take_finished()) {
    finish_group(group);
  }
}

void CommitFanout::drain() {
  writer_.stop();
  take_committed();
}

void CommitFanout::finish_group(Writer::Group& group) {
  if (!group.status.ok()) {
    spdlog::error("commit of {} jobs failed: {}", group.jobs.size(), group.status.to_string());
  }
  // The admission index learns of every committed row before any acknowledgement goes out,
  // so a follow-up sent after an acknowledgement is judged with the event acknowledged.
  for (const LogRow& row : group.appended) {
    ingest_.row_committed(row);
    if (metrics_ != nullptr) {  // Before the acks too.
      metrics_->stored.add(static_cast<int>(row.stored.kind()), row.stored.origin().node());
    }
  }
  // group.results holds one entry per event of every job, jobs in order (empty on failure).
  std::size_t job_offset = 0;
  for (const Writer::Job& job : group.jobs) {
    const std::size_t offset = job_offset;
    job_offset += job.events.size();
    auto found = jobs_.find(job.id);
    if (found == jobs_.end()) {
      continue;
    }
    JobContext context = std::move(found->second);
    jobs_.erase(found);
    for (const PendingPublish& publish : context.publishes) {
      ingest_.committed(publish.event_id);
      effects_.publish_answered(publish.routing_id);
      if (!group.status.ok()) {
        effects_.reply_error(
            publish.routing_id, publish.request_id,
            Status::error(v1::STORE_FAILURE, group.status.message(), group.status.message_vi()));
        continue;
      }
      const AppendResult& result = group.results[offset + publish.index];
      if (result.id_conflict) {
        effects_.reply_error(
            publish.routing_id, publish.request_id,
            Status::error(v1::EVENT_ID_CONFLICT,
                          "event id " + publish.event_id + " is already stored (" +
                              result.reference + ") with other content; a new event needs a new id",
                          "mã sự kiện " + publish.event_id + " đã được lưu (" + result.reference +
                              ") với nội dung khác; sự kiện mới cần mã mới",
                          "event_id"));
        continue;
      }
      v1::Frame reply;
      reply.set_request_id(publish.request_id);
      v1::PublishAck* ack = reply.mutable_publish_ack();
      ack->set_event_id(publish.event_id);
      ack->set_seq(result.seq);
      ack->set_reference(result.reference);
      ack->set_duplicate(result.duplicate);
      if (metrics_ != nullptr) {  // Counted before it goes: a scrape after the ack sees it.
        metrics_->publish_ack.observe(
            static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::microseconds>(
                                           std::chrono::steady_clock::now() - publish.received)
                                           .count()));
      }
      effects_.send(publish.routing_id, reply);
    }
    for (const PendingLinkBatch& pending : context.link_batches) {
      std::span<const AppendResult> results;
      if (group.status.ok()) {
        results = std::span<const AppendResult>(group.results)
                      .subspan(offset + pending.first, pending.count);
      }
      links_[pending.link]->committed(pending.batch, group.status, results);
    }
    for (Subscriptions::Spec& spec : context.subscribes) {
      if (!group.status.ok()) {
        effects_.reply_error(
            spec.routing_id, spec.id,
            Status::error(v1::STORE_FAILURE, group.status.message(), group.status.message_vi()));
        continue;
      }
      effects_.start_stored_subscription(std::move(spec));
    }
  }
  if (!group.appended.empty()) {
    head_seq_ = group.appended.back().stored.seq();
    event_count_ += group.appended.size();
    if (cases_ != nullptr) {
      cases_->committed(head_seq_);
    }
    for (const LogRow& row : group.appended) {
      if (row.stored.type() == v1::ALERT && row.stored.origin().node() != node_id_ &&
          !row.id_conflict) {  // A receipt names alerts by id: the holder's.
        receipts_.stored(row);
      }
      if (row.stored.via().empty() && row.stored.origin().node() == node_id_) {
        origin_head_seq_ = row.stored.seq();
        origin_checkpoint_.committed(row);
      }
    }
    recent_.append(std::move(group.appended));
  }
}

}  // namespace alertbus::broker
