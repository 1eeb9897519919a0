#include "casework/case_stream.hpp"

#include <algorithm>
#include <spdlog/spdlog.h>

namespace alertbus::broker {

Status CaseStreams::subscribe(const std::string& routing_id, std::uint64_t id,
                              const v1::CaseSubscribe& request, const CaseQueryContext& context,
                              std::uint64_t projected_seq) {
  if (request.credit() > kMaxCredit || owns(routing_id, id)) {
    return Status::error(
        v1::INVALID_SUBSCRIPTION,
        "credit must be at most 10000, and the subscription id (the request id)"
        " new on this connection",
        "credit tối đa 10000, và mã đăng ký (mã yêu cầu) phải mới trên kết nối này", "credit");
  }
  Stream stream;
  v1::CaseQuery& query = stream.query;
  query = request.filter();
  // Only what a stream of cases filters on.
  query.clear_event_id();
  query.clear_reference();
  query.clear_sent_from();
  query.clear_sent_until();
  query.clear_overdue_only();
  query.clear_as_of();
  query.clear_page_size();
  query.clear_page_token();
  if (Status status = case_filter_for(query, context, &stream.filter); !status.ok()) {
    return status;
  }
  stream.filter.by_change = true;
  switch (request.start_case()) {
    case v1::CaseSubscribe::kAfterPosition:
      stream.position = request.after_position();
      break;
    case v1::CaseSubscribe::kFromNow:
      stream.position = projected_seq;
      break;
    default:
      stream.position = 0;
  }
  stream.credit = request.credit() == 0 ? kDefaultCredit : request.credit();
  v1::Frame reply;
  reply.set_request_id(id);
  v1::Subscribed* subscribed = reply.mutable_subscribed();
  subscribed->set_subscription_id(id);
  subscribed->set_start_after_seq(stream.position);
  subscribed->set_head_seq(projected_seq);
  streams_.emplace(std::make_pair(routing_id, id), std::move(stream));
  send_(routing_id, reply);
  return {};
}

void CaseStreams::add_credit(const std::string& routing_id, std::uint64_t id,
                             std::uint32_t credit) {
  auto found = streams_.find({routing_id, id});
  if (found != streams_.end()) {
    found->second.credit = std::min<std::uint32_t>(found->second.credit + credit, kMaxCredit);
    release(routing_id, found->second, credit);
  }
}

void CaseStreams::release(const std::string& routing_id, Stream& stream, std::size_t count) {
  std::size_t freed = 0;
  for (; count > 0 && !stream.sent.empty(); --count) {
    freed += stream.sent.front();
    stream.sent.pop_front();
  }
  if (auto held = held_.find(routing_id); held != held_.end() && freed > 0) {
    held->second -= std::min(held->second, freed);
    if (held->second == 0) {
      held_.erase(held);
    }
  }
}

std::size_t CaseStreams::held_bytes(const std::string& routing_id) const {
  const auto held = held_.find(routing_id);
  return held == held_.end() ? 0 : held->second;
}

void CaseStreams::remove(const std::string& routing_id, std::uint64_t id) {
  if (auto found = streams_.find({routing_id, id}); found != streams_.end()) {
    release(routing_id, found->second, found->second.sent.size());
    streams_.erase(found);
  }
}

void CaseStreams::drop_connection(const std::string& routing_id) {
  auto it = streams_.lower_bound({routing_id, 0});
  while (it != streams_.end() && it->first.first == routing_id) {
    release(routing_id, it->second, it->second.sent.size());
    it = streams_.erase(it);
  }
}

std::size_t CaseStreams::count_for(const std::string& routing_id) const {
  std::size_t count = 0;
  for (auto it = streams_.lower_bound({routing_id, 0});
       it != streams_.end() && it->first.first == routing_id; ++it) {
    ++count;
  }
  return count;
}

void CaseStreams::pump(std::uint64_t projected_seq, const CaseQueryContext& context) {
  for (auto& [key, stream] : streams_) {
    if (stream.credit > 0 && stream.behind(projected_seq) &&
        held_bytes(key.first) < connection_budget_) {
      pump_one(key.first, key.second, stream, projected_seq, context);
    }
  }
}

void CaseStreams::pump_one(const std::string& routing_id, std::uint64_t id, Stream& stream,
                           std::uint64_t projected_seq, const CaseQueryContext& context) {
  protocol::CaseContext completion;
  completion.nodes = context.nodes;
  completion.deadlines = context.deadlines;
  completion.now_ms = context.now_ms;
  v1::Frame frame;
  v1::CaseChanges* changes = frame.mutable_case_changes();
  changes->set_subscription_id(id);
  // Filtered-out rows are skipped in SQL; a page that comes back short means nothing else
  // matches up to the watermark, so the position moves there.
  while (stream.credit > 0 && stream.behind(projected_seq)) {
    stream.filter.after_change = stream.position;
    stream.filter.after_change_event_id = stream.position_event_id;
    stream.filter.limit = std::min<std::size_t>(stream.credit, kChunk);
    if (Status status = projection_.read_cases(stream.filter, &rows_); !status.ok()) {
      spdlog::error("case stream: {}", status.to_string());
      return;
    }
    for (CaseRow& row : rows_) {
      stream.position = row.changed_seq;
      stream.position_event_id = row.event_id;
      protocol::complete_case(&row.body, completion);
      if (!case_state_wanted(stream.query, row.body.state())) {
        continue;
      }
      v1::CaseChange* change = changes->add_changes();
      change->set_position(row.changed_seq);
      *change->mutable_alert_case() = std::move(row.body);
      --stream.credit;
    }
    if (rows_.size() < stream.filter.limit) {
      // Nothing else matches up to the watermark, cases changed at it included.
      stream.position = std::max(stream.position, projected_seq);
      stream.position_event_id.clear();
    }
    if (changes->changes_size() >= static_cast<int>(kChunk)) {
      break;  // One frame per pass; the next pass goes on.
    }
  }
  if (changes->changes_size() > 0) {
    std::size_t bytes = 0;
    for (const v1::CaseChange& change : changes->changes()) {
      stream.sent.push_back(change.ByteSizeLong());
      bytes += stream.sent.back();
    }
    held_[routing_id] += bytes;
    send_(routing_id, frame);
  }
}

}  // namespace alertbus::broker
