// ClientEndpoint: the broker loop. It owns the ROUTER socket (RouterChannel), decodes frames,
// answers pings, queries and status requests, hands publishes and cursor moves to the commit
// path (CommitFanout: the Writer's group commit, acknowledgements after commit), and pumps
// deliveries to subscribers.
//
// Loop iteration: poll (router, writer's eventfd, stop fd) -> take committed groups and
// acknowledge them -> read every waiting message and stage the publishes -> submit the
// staged publishes to the check pool, put what was checked into one job -> submit the job
// -> pump subscriptions -> expire silent connections.
//
// Threading: run() is the loop thread and the only user of the socket, the reader Store,
// Subscriptions and Ingest. The Writer and the Checkpointer run their own threads (see
// writer.hpp, checkpointer.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <zmq.hpp>

#include "alertbus/protocol/checkpoint.hpp"
#include "casework/case_service.hpp"
#include "casework/notices.hpp"
#include "casework/receipt_batcher.hpp"
#include "commit/commit_fanout.hpp"
#include "commit/writer.hpp"
#include "config/config.hpp"
#include "delivery/recent_events.hpp"
#include "delivery/subscriptions.hpp"
#include "federation/origin_checkpoint.hpp"
#include "federation/peer_link.hpp"
#include "ingest/ingest.hpp"
#include "loop/connection_table.hpp"
#include "loop/router_channel.hpp"
#include "query/read_worker.hpp"
#include "security/gatekeeper.hpp"
#include "store/sqlite/checkpointer.hpp"

namespace alertbus::broker {

class ClientEndpoint final : private CommitFanout::Effects {
 public:
  // Opens both stores on <data_dir>/alertbus.db, starts the writer and binds the endpoints.
  static StatusOr<std::unique_ptr<ClientEndpoint>> create(const BrokerConfig& config,
                                                          zmq::context_t& context);
  ~ClientEndpoint() override;

  // The endpoints actually bound (a "tcp://127.0.0.1:*" request shows its port here).
  const std::vector<std::string>& bound_endpoints() const { return bound_; }

  // Serves until `stop_fd` is readable, then stops taking requests, commits and
  // acknowledges the batch in hand, and returns. `reload_fd` (or -1) readable: the registry
  // is read again (SIGHUP); a registry that fails to load leaves the old one in force.
  Status run(int stop_fd, int reload_fd = -1);

  // Reads the registry file again and applies it to new connections, to every next request
  // of the existing ones, and to events arriving from now on.
  Status reload_registry();

 private:
  using Clock = ConnectionTable::Clock;
  using Connection = ConnectionTable::Connection;

  ClientEndpoint(const BrokerConfig& config, zmq::context_t& context);

  void read_messages();
  // Takes the event bytes out of a Publish frame rather than copying them.
  void handle_frame(const std::string& routing_id, Connection& connection, v1::Frame& frame,
                    const protocol::Principal* principal);
  void handle_subscribe(const std::string& routing_id, std::uint64_t request_id,
                        const v1::Subscribe& subscribe, const protocol::Principal* principal);
  void handle_query(const std::string& routing_id, std::uint64_t request_id, const v1::Query& query,
                    const protocol::Principal* principal);
  void handle_case_query(const std::string& routing_id, std::uint64_t request_id,
                         const v1::CaseQuery& query, const protocol::Principal* principal);

  void handle_case_subscribe(const std::string& routing_id, std::uint64_t request_id,
                             const v1::CaseSubscribe& subscribe,
                             const protocol::Principal* principal);
  void handle_delivery_ack(const std::string& routing_id, const v1::DeliveryAck& ack);
  // A connection's event and case subscriptions: ended, counted.
  void drop_subscriptions(const std::string& routing_id);
  std::size_t subscription_count(const std::string& routing_id) const;
  void handle_unsubscribe(const std::string& routing_id, std::uint64_t request_id,
                          const v1::Unsubscribe& unsubscribe);
  void handle_status(const std::string& routing_id, std::uint64_t request_id);
  void handle_admin(const std::string& routing_id, std::uint64_t request_id,
                    const v1::AdminRequest& request, const protocol::Principal* principal);
  // Signs and answers a checkpoint of this node's own events in the current epoch.
  void handle_checkpoint(const std::string& routing_id, std::uint64_t request_id);
  // Starts the subscription and answers Subscribed.
  void start_subscription(Subscriptions::Spec spec, bool resumed);
  StatusOr<std::uint64_t> resolve_start(const v1::Subscribe& subscribe);
  void expire_connections();

  // CommitFanout::Effects.
  void send(const std::string& routing_id, const v1::Frame& frame) override;
  void reply_error(const std::string& routing_id, std::uint64_t request_id,
                   const Status& status) override;
  void publish_answered(const std::string& routing_id) override;
  void start_stored_subscription(Subscriptions::Spec spec) override;

  BrokerConfig config_;
  std::unique_ptr<Gatekeeper> gatekeeper_;  // Before router_: its ZAP endpoint binds first.
  RouterChannel router_;
  bool curve_ = false;  // Security mode "curve": every message carries its principal.
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
  ConnectionTable connections_;
  std::int64_t started_at_ms_ = 0;
  // Signed checkpoints of this node's own events (null until create() knows the epoch).
  std::unique_ptr<OriginCheckpoint> origin_checkpoint_;
  // The commit path (null until create() has made the parts it uses).
  std::unique_ptr<CommitFanout> fanout_;
  // Queries, case queries and the overdue scan. Last: it stops first, and what its finished
  // jobs left for the loop (which captures this object) is dropped with it.
  std::unique_ptr<ReadWorker> reads_;
};

}  // namespace alertbus::broker
