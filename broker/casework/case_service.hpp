// CaseService: casework as the loop sees it. It owns the projector (its thread keeps the
// cases behind the log) and the loop's reader of the projection, and it
//  - answers case queries once the projection holds what they must see (read-your-writes:
//    every event committed when the query arrived, and CaseQuery.min_seq); queries that
//    arrive before are parked, in arrival order, at most kMaxParked of them, each for at
//    most kParkedWait, then answered PROJECTION_BEHIND;
//  - every overdue_check_interval_ms completes the open cases at the current time, counts
//    open and overdue cases for the status reply, and makes the OVERDUE notices of this
//    node's own alerts (each once per node and deadline while this process runs).
// Case queries and the overdue scan read the projection on the read worker
// (query/read_worker.hpp), not on the loop; what they find comes back to the loop. The scan
// goes a page of open cases per job, so a query waits behind one page, not the whole scan
// (a node holding 500,000 open cases answered a lookup by id after 46 s when the scan was
// one job).
//
// Threading: loop thread only, but for the projector's own thread (casework/projector.hpp)
// and the jobs it gives the read worker, which hold copies of what they need.
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/registry.hpp"
#include "casework/case_query.hpp"
#include "casework/case_stream.hpp"
#include "casework/notices.hpp"
#include "casework/projection_db.hpp"
#include "casework/projector.hpp"
#include "config/config.hpp"
#include "query/read_worker.hpp"

namespace alertbus::broker {

class CaseService {
 public:
  static constexpr std::size_t kMaxParked = 1024;
  static constexpr std::chrono::milliseconds kParkedWait{8000};

  // How the service answers: a frame to a connection, or an error to one request.
  struct Replies {
    std::function<void(const std::string& routing_id, const v1::Frame& frame)> send;
    std::function<void(const std::string& routing_id, std::uint64_t request_id,
                       const Status& status)>
        error;
  };

  // The receivers of every alert (configured, or this node, its peers and the registry's
  // nodes), the deadlines and the province table, from the configuration.
  static StatusOr<CaseQueryContext> context_for(const BrokerConfig& config,
                                                const protocol::Registry* registry);

  // Starts the projector over the log at `log_path` and opens the projection beside it.
  static StatusOr<std::unique_ptr<CaseService>> start(const BrokerConfig& config,
                                                      const std::string& log_path,
                                                      CaseQueryContext context,
                                                      const NoticeIssuer& notices, Replies replies);

  // Where the projection's file is (the read worker opens its own reader of it).
  const std::string& projection_path() const { return projection_path_; }

  // The worker that runs case queries and the overdue scan; set before the first query.
  void use_reads(ReadWorker* reads) { reads_ = reads; }

  // The province table ([casework] areas_file), or null: event filters use it too.
  const std::shared_ptr<const protocol::AreaTable>& areas() const { return context_.areas; }

  // Tests only (tests/integration/overdue_scan_test.cpp): `hook` runs before every page of
  // an overdue scan, on the thread that runs the scan, before it reads; a test holds a scan
  // there to show what the loop and the read worker do meanwhile. Set before the loop runs;
  // alertbusd never sets one.
  void hook_overdue_scan_for_tests(std::function<void()> hook) { scan_hook_ = std::move(hook); }

  // Readable when the projection moved: call on_progress().
  int progress_fd() const { return projector_->progress_fd(); }

  void on_progress();

  // The writer committed the log up to `head_seq`.
  void committed(std::uint64_t head_seq) { projector_->notify(head_seq); }

  // A case query (already narrowed to the principal's read scope), arriving when the loop
  // has taken commits up to `head_seq`.
  void query(const std::string& routing_id, std::uint64_t request_id, v1::CaseQuery query,
             std::uint64_t head_seq);

  // Case change subscriptions (casework/case_stream.hpp): `request` already narrowed to the
  // principal's read scope.
  Status subscribe(const std::string& routing_id, std::uint64_t id,
                   const v1::CaseSubscribe& request);

  CaseStreams& streams() { return *streams_; }

  // Each loop iteration: parked queries past their time, case streams with credit, and
  // the overdue check when due (its notices are appended to *notices).
  void tick(std::vector<NewEvent>* notices);

  // Rebuilds the projection from the log (alertctl admin reproject).
  void reproject() { projector_->reproject(); }

  void fill_status(v1::StatusReply* status) const;

 private:
  struct Parked {
    std::string routing_id;
    std::uint64_t request_id = 0;
    v1::CaseQuery query;
    std::uint64_t wanted_seq = 0;
    std::chrono::steady_clock::time_point deadline;
  };

  CaseService(const BrokerConfig& config, CaseQueryContext context, const NoticeIssuer& notices,
              Replies replies);
  // Whether the projection holds every event up to `wanted_seq` for a query arriving now.
  bool ready_for(std::uint64_t wanted_seq) const;
  void answer(const std::string& routing_id, std::uint64_t request_id, const v1::CaseQuery& query);
  void serve_parked();
  void pump_streams();
  struct OverdueScan;
  // Starts the overdue scan on the read worker. `notify`: the periodic scan, which also
  // issues overdue notices; otherwise the counts only.
  void check_overdue(bool notify);
  // Gives the read worker the scan's next page; its findings come back to the loop, which
  // gives the next page, until the last one (then the counts are the status reply's).
  void scan_page(const std::shared_ptr<OverdueScan>& scan);
  // On the loop: the open cases of this node that have nodes to notify; the notices go to
  // pending_notices_, each once per node and deadline.
  void notify_overdue(const std::vector<v1::AlertCase>& to_notify, std::int64_t now_ms);

  const BrokerConfig& config_;
  std::string projection_path_;
  ReadWorker* reads_ = nullptr;
  CaseQueryContext context_;  // now_ms is set per query.
  const NoticeIssuer& notices_;
  Replies replies_;
  std::unique_ptr<Projector> projector_;
  std::unique_ptr<ProjectionDb> projection_;
  std::unique_ptr<CaseStreams> streams_;
  std::deque<Parked> parked_;
  // OVERDUE notices issued by this process, "<case>|<node>|<due ms>": none is issued twice
  // while the first is still on its way to the log.
  std::set<std::string> overdue_issued_;
  std::chrono::steady_clock::time_point next_overdue_check_{};
  bool overdue_scan_running_ = false;
  // The counts in the status are those of the last scan: the projected seq it started at,
  // when it started and how long it took. A scan comes early once the projection moved past
  // that seq, at most one scan's worth of work in five (and 2 s apart).
  std::uint64_t counted_seq_ = 0;
  std::chrono::steady_clock::time_point scan_started_{};
  std::chrono::steady_clock::duration scan_took_{};
  std::function<void()> scan_hook_;        // Tests only: see hook_overdue_scan_for_tests().
  std::vector<NewEvent> pending_notices_;  // Found by the last scan, for the next job.
  std::uint64_t cases_open_ = 0;
  std::uint64_t cases_overdue_ = 0;
};

}  // namespace alertbus::broker
