// Node: the composition root of alertbusd. open() opens both stores on
// <data_dir>/alertbus.db, starts the checkpointer, the writer, casework and the read worker,
// reads the registry and the node's keys, makes the links, binds the client endpoint and
// builds the loop over these parts; the node owns them all, in the order they must stop.
//
// Threading: open() and the destructor on the thread that runs the loop (main's). The
// parts' own threads are described in their headers.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <zmq.hpp>

#include "casework/case_service.hpp"
#include "casework/notices.hpp"
#include "casework/receipt_batcher.hpp"
#include "commit/writer.hpp"
#include "config/config.hpp"
#include "delivery/recent_events.hpp"
#include "delivery/subscriptions.hpp"
#include "federation/origin_checkpoint.hpp"
#include "federation/peer_link.hpp"
#include "ingest/ingest.hpp"
#include "loop/loop.hpp"
#include "loop/router_channel.hpp"
#include "metrics/broker_metrics.hpp"
#include "query/read_worker.hpp"
#include "security/gatekeeper.hpp"
#include "store/sqlite/checkpointer.hpp"

namespace alertbus::broker {

class Node {
 public:
  // Opens both stores on <data_dir>/alertbus.db, starts the writer and binds the endpoints.
  static StatusOr<std::unique_ptr<Node>> open(const BrokerConfig& config, zmq::context_t& context);
  // Stops the writer (committing what is queued), then the parts in reverse order.
  ~Node();
  Node(const Node&) = delete;
  Node& operator=(const Node&) = delete;

  // The endpoints actually bound (a "tcp://127.0.0.1:*" request shows its port here).
  const std::vector<std::string>& bound_endpoints() const { return bound_; }

  // The loop over the node's parts (Loop::run serves until stopped).
  Loop& loop() { return *loop_; }

  // What the parts count, and the loop's snapshot, for the metrics listener.
  const BrokerMetrics& metrics() const { return *metrics_; }

  // Casework (case queries, the projector, the overdue scan); null when switched off.
  CaseService* cases() { return cases_.get(); }

 private:
  Node(const BrokerConfig& config, zmq::context_t& context);

  BrokerConfig config_;
  // First: every part that counts into it stops before it goes.
  std::unique_ptr<BrokerMetrics> metrics_ = std::make_unique<BrokerMetrics>();
  std::unique_ptr<Gatekeeper> gatekeeper_;  // Before router_: its ZAP endpoint binds first.
  RouterChannel router_;
  std::vector<std::string> bound_;
  std::unique_ptr<Store> reader_;
  std::unique_ptr<Checkpointer> checkpointer_;  // Declared before writer_: outlives it.
  std::unique_ptr<Writer> writer_;
  RecentEvents recent_;
  std::unique_ptr<Subscriptions> subscriptions_;
  std::unique_ptr<Ingest> ingest_;
  // Notices this broker issues (notices.hpp), waiting to join a job.
  std::unique_ptr<NoticeIssuer> notice_issuer_;
  // The receipts of the alerts from elsewhere stored here, gathered per interval; after
  // notice_issuer_, which it uses.
  std::unique_ptr<ReceiptBatcher> receipts_;
  // Casework: the projector, case queries, overdue checks; null when switched off. After
  // notice_issuer_, which it uses.
  std::unique_ptr<CaseService> cases_;
  std::vector<std::unique_ptr<PeerLink>> links_;  // One per configured peer.
  // Signed checkpoints of this node's own events (null until open() knows the epoch).
  std::unique_ptr<OriginCheckpoint> origin_checkpoint_;
  // After every part it uses: it stops before them.
  std::unique_ptr<Loop> loop_;
  // Queries, case queries and the overdue scan. Last: it stops first, and what its finished
  // jobs left for the loop (which they capture) is dropped with it.
  std::unique_ptr<ReadWorker> reads_;
};

}  // namespace alertbus::broker
