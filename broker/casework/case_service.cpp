#include "casework/case_service.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "alertbus/protocol/clock.hpp"

namespace alertbus::broker {

namespace {
// Open cases per page of the overdue scan: one read-worker job, tens of milliseconds.
constexpr std::uint32_t kScanPage = 1000;
}  // namespace

// The overdue scan between its pages: where it is and what it found so far.
struct CaseService::OverdueScan {
  v1::CaseQuery query;
  CaseQueryContext context;
  std::int64_t now_ms = 0;
  bool notify = false;
  std::uint64_t open = 0;
  std::uint64_t overdue = 0;
};

StatusOr<CaseQueryContext> CaseService::context_for(const BrokerConfig& config,
                                                    const protocol::Registry* registry) {
  CaseQueryContext context;
  context.deadlines = config.deadlines;
  context.nodes = config.case_nodes;
  if (context.nodes.empty()) {
    context.nodes.push_back(config.node_id);
    for (const PeerConfig& peer : config.peers) {
      context.nodes.push_back(peer.id);
    }
    if (registry != nullptr) {
      for (const protocol::NodeArea& node : registry->nodes()) {
        context.nodes.push_back(node.id);
      }
    }
    std::sort(context.nodes.begin(), context.nodes.end());
    context.nodes.erase(std::unique(context.nodes.begin(), context.nodes.end()),
                        context.nodes.end());
  }
  if (!config.areas_file.empty()) {
    auto areas = protocol::AreaTable::load(config.areas_file);
    if (!areas.ok()) {
      return areas.status();
    }
    context.areas = std::make_shared<const protocol::AreaTable>(std::move(areas).value());
  }
  return context;
}

StatusOr<std::unique_ptr<CaseService>> CaseService::start(const BrokerConfig& config,
                                                          const std::string& log_path,
                                                          CaseQueryContext context,
                                                          const NoticeIssuer& notices,
                                                          Replies replies) {
  std::unique_ptr<CaseService> service(
      new CaseService(config, std::move(context), notices, std::move(replies)));
  Projector::Options options;
  options.log_path = log_path;
  options.projection_path =
      (std::filesystem::path(config.data_dir) / "alertbus-projection.db").string();
  options.node_id = config.node_id;
  options.chunk_delay_ms = config.projection_delay_ms;
  auto projector = Projector::start(options);
  if (!projector.ok()) {
    return projector.status();
  }
  service->projector_ = std::move(projector).value();
  service->projection_path_ = options.projection_path;
  auto projection = ProjectionDb::open(options.projection_path, false);
  if (!projection.ok()) {
    return projection.status();
  }
  service->projection_ = std::move(projection).value();
  service->streams_ = std::make_unique<CaseStreams>(*service->projection_, service->replies_.send,
                                                    config.delivery_budget_bytes);
  return service;
}

CaseService::CaseService(const BrokerConfig& config, CaseQueryContext context,
                         const NoticeIssuer& notices, Replies replies)
    : config_(config),
      context_(std::move(context)),
      notices_(notices),
      replies_(std::move(replies)) {}

void CaseService::on_progress() {
  projector_->take_progress();
  if (!parked_.empty()) {
    serve_parked();
  }
  pump_streams();
}

Status CaseService::subscribe(const std::string& routing_id, std::uint64_t id,
                              const v1::CaseSubscribe& request) {
  return streams_->subscribe(routing_id, id, request, context_, projector_->projected_seq());
}

void CaseService::pump_streams() {
  if (streams_->size() == 0) {
    return;
  }
  // Read before the pump: every change up to it is visible to the reads that follow.
  const std::uint64_t projected = projector_->projected_seq();
  context_.now_ms = protocol::now_unix_ms() + config_.clock_offset_ms;
  streams_->pump(projected, context_);
}

void CaseService::query(const std::string& routing_id, std::uint64_t request_id,
                        v1::CaseQuery query, std::uint64_t head_seq) {
  const std::uint64_t wanted =
      std::max<std::uint64_t>(query.min_seq(), query.stale_ok() ? 0 : head_seq);
  if (ready_for(wanted)) {
    answer(routing_id, request_id, query);
    return;
  }
  if (parked_.size() >= kMaxParked) {
    replies_.error(routing_id, request_id, Status::from_code(v1::PROJECTION_BEHIND));
    return;
  }
  parked_.push_back(Parked{routing_id, request_id, std::move(query), wanted,
                           std::chrono::steady_clock::now() + kParkedWait});
  projector_->hurry();
}

bool CaseService::ready_for(std::uint64_t wanted_seq) const {
  // A reprojection asked for before the query must have emptied the projection first.
  return projector_->reprojections_begun() >= projector_->reprojections_asked() &&
         projector_->projected_seq() >= wanted_seq;
}

void CaseService::answer(const std::string& routing_id, std::uint64_t request_id,
                         const v1::CaseQuery& query) {
  // Read before the query runs: the answer holds at least every event up to it.
  const std::uint64_t as_of = projector_->projected_seq();
  context_.now_ms = protocol::now_unix_ms() + config_.clock_offset_ms;
  auto job = [this, routing_id, request_id, query, context = context_,
              as_of](const ReadWorker::Readers& readers) -> ReadWorker::Finish {
    StatusOr<v1::CaseList> result = run_case_query(*readers.projection, query, context);
    if (!result.ok()) {
      return [this, routing_id, request_id, status = result.status()] {
        replies_.error(routing_id, request_id, status);
      };
    }
    v1::Frame reply;
    reply.set_request_id(request_id);
    *reply.mutable_case_list() = std::move(result).value();
    reply.mutable_case_list()->set_as_of_seq(as_of);
    return [this, routing_id, reply = std::move(reply)] { replies_.send(routing_id, reply); };
  };
  if (!reads_->submit(std::move(job))) {
    replies_.error(routing_id, request_id, ReadWorker::busy());
  }
}

void CaseService::serve_parked() {
  const std::uint64_t projected = projector_->projected_seq();
  const auto now = std::chrono::steady_clock::now();
  std::deque<Parked> waiting;
  for (Parked& parked : parked_) {
    if (ready_for(parked.wanted_seq)) {
      answer(parked.routing_id, parked.request_id, parked.query);
    } else if (now >= parked.deadline) {
      replies_.error(
          parked.routing_id, parked.request_id,
          Status::error(v1::PROJECTION_BEHIND,
                        "the case records reached seq " + std::to_string(projected) + ", not " +
                            std::to_string(parked.wanted_seq) + ", within " +
                            std::to_string(kParkedWait.count()) + " ms; try again",
                        "hồ sơ vụ việc mới cập nhật đến vị trí " + std::to_string(projected) +
                            ", chưa đến " + std::to_string(parked.wanted_seq) + "; hãy thử lại"));
    } else {
      waiting.push_back(std::move(parked));
    }
  }
  parked_.swap(waiting);
}

void CaseService::tick(std::vector<NewEvent>* notices) {
  if (!parked_.empty() && std::chrono::steady_clock::now() >= parked_.front().deadline) {
    serve_parked();
  }
  pump_streams();
  const auto now = std::chrono::steady_clock::now();
  const bool counts_stale = projector_->projected_seq() != counted_seq_ &&
                            now >= scan_started_ + std::max<std::chrono::steady_clock::duration>(
                                                       std::chrono::seconds(2), 5 * scan_took_);
  if (!overdue_scan_running_ && now >= next_overdue_check_) {
    check_overdue(true);
  } else if (!overdue_scan_running_ && counts_stale) {
    check_overdue(false);  // Counts only: notices keep the configured interval.
  }
  for (NewEvent& notice : pending_notices_) {
    notices->push_back(std::move(notice));
  }
  pending_notices_.clear();
}

void CaseService::check_overdue(bool notify) {
  if (!projector_->caught_up_with_start()) {
    // Counted over part of the log, the open cases would read 0 right after a start: the
    // first count waits for the projection to reach the head the node started with.
    next_overdue_check_ = std::chrono::steady_clock::now() + std::chrono::milliseconds(200);
    return;
  }
  if (notify) {
    next_overdue_check_ = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(config_.overdue_check_interval_ms);
  }
  scan_started_ = std::chrono::steady_clock::now();
  counted_seq_ = projector_->projected_seq();
  const std::int64_t now = protocol::now_unix_ms() + config_.clock_offset_ms;
  context_.now_ms = now;
  auto scan = std::make_shared<OverdueScan>();
  scan->context = context_;
  scan->now_ms = now;
  scan->notify = notify;
  scan->query.add_states(v1::ALERT_ACTIVE);
  scan->query.add_states(v1::ALERT_STABLE);
  scan->query.set_page_size(kScanPage);
  overdue_scan_running_ = true;
  scan_page(scan);
}

void CaseService::scan_page(const std::shared_ptr<OverdueScan>& scan) {
  // The job and its Finish take turns with `scan`: the worker's queue orders them.
  // NoticeIssuer::nodes_to_notify reads only the issuer's fixed settings: the job may call it.
  auto job = [this, scan,
              hook = scan_hook_](const ReadWorker::Readers& readers) -> ReadWorker::Finish {
    if (hook) {
      hook();
    }
    StatusOr<v1::CaseList> page = run_case_query(*readers.projection, scan->query, scan->context);
    if (!page.ok()) {
      return [this, status = page.status()] {
        overdue_scan_running_ = false;
        spdlog::error("overdue check failed: {}", status.to_string());
      };
    }
    std::vector<v1::AlertCase> to_notify;
    for (v1::AlertCase& alert_case : *page.value().mutable_cases()) {
      ++scan->open;
      scan->overdue += alert_case.overdue() ? 1U : 0U;
      if (scan->notify && !notices_.nodes_to_notify(alert_case, scan->now_ms).empty()) {
        to_notify.push_back(std::move(alert_case));
      }
    }
    return [this, scan, to_notify = std::move(to_notify), next = page.value().next_page_token()] {
      notify_overdue(to_notify, scan->now_ms);
      if (next.empty()) {
        overdue_scan_running_ = false;
        scan_took_ = std::chrono::steady_clock::now() - scan_started_;
        cases_open_ = scan->open;
        cases_overdue_ = scan->overdue;
        return;
      }
      scan->query.set_page_token(next);
      scan_page(scan);
    };
  };
  if (!reads_->submit(std::move(job))) {
    overdue_scan_running_ = false;  // The worker is full: the next tick starts again.
  }
}

void CaseService::notify_overdue(const std::vector<v1::AlertCase>& to_notify, std::int64_t now_ms) {
  for (const v1::AlertCase& alert_case : to_notify) {
    std::vector<std::string> nodes;
    for (const std::string& node : notices_.nodes_to_notify(alert_case, now_ms)) {
      std::int64_t due = to_unix_ms(alert_case.follow_up_due());
      for (const v1::ReceiverCase& entry : alert_case.receivers()) {
        if (entry.node() == node) {
          due = to_unix_ms(entry.acknowledge_due());
        }
      }
      if (overdue_issued_.insert(alert_case.event_id() + "|" + node + "|" + std::to_string(due))
              .second) {
        nodes.push_back(node);
      }
    }
    if (nodes.empty()) {
      continue;
    }
    StatusOr<NewEvent> notice = notices_.overdue(alert_case, nodes, protocol::now_unix_ms());
    if (!notice.ok()) {
      spdlog::error("cannot issue the overdue notice of {}: {}", alert_case.reference(),
                    notice.status().to_string());
      continue;
    }
    spdlog::warn("cảnh báo {} quá hạn tại {} / alert {} overdue at {}", alert_case.reference(),
                 fmt::join(nodes, ", "), alert_case.reference(), fmt::join(nodes, ", "));
    pending_notices_.push_back(std::move(notice).value());
  }
}

void CaseService::fill_status(v1::StatusReply* status) const {
  status->set_cases_open(cases_open_);
  status->set_cases_overdue(cases_overdue_);
  status->set_projected_seq(projector_->projected_seq());
}

}  // namespace alertbus::broker
