// Loop: the broker loop. It polls the client endpoint (RouterChannel), the writer's, the
// check pool's, the read worker's and the projector's eventfds, the gatekeeper's sockets
// and the links; reads and decodes each message, finds its principal, answers pings,
// subscriptions, status, checkpoint and admin requests, hands queries to the read worker and
// publishes and cursor moves to the commit path (CommitFanout), and pumps deliveries to
// subscribers. The parts it drives belong to the composition root (node/node.hpp); it owns
// only the connection table and the commit fan-out.
//
// Loop iteration: poll -> take committed groups and acknowledge them -> read every waiting
// message and stage the publishes -> submit the staged publishes to the check pool, put
// what was checked into one job -> submit the job -> pump subscriptions -> expire silent
// connections.
//
// Threading: run() is the loop thread and the only user of the socket, the reader Store,
// Subscriptions and Ingest. The Writer, the Checkpointer, the read worker, the projector and
// Ingest's check pool run their own threads (see writer.hpp, checkpointer.hpp,
// read_worker.hpp, projector.hpp, worker_pool.hpp).
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/registry.hpp"
#include "alertbus/systemd/notify.hpp"
#include "casework/case_service.hpp"
#include "commit/commit_fanout.hpp"
#include "config/config.hpp"
#include "delivery/subscriptions.hpp"
#include "federation/origin_checkpoint.hpp"
#include "federation/peer_link.hpp"
#include "ingest/ingest.hpp"
#include "loop/connection_table.hpp"
#include "loop/router_channel.hpp"
#include "metrics/broker_metrics.hpp"
#include "query/read_worker.hpp"
#include "security/gatekeeper.hpp"
#include "security/rate_limiter.hpp"
#include "store/store.hpp"

namespace alertbus::broker {

class Loop final : private CommitFanout::Effects {
 public:
  // The parts the loop drives besides the commit path's. `cases` is null when casework is
  // off.
  struct Parts {
    RouterChannel& router;
    Gatekeeper& gatekeeper;
    Store& reader;
    Subscriptions& subscriptions;
    Ingest& ingest;
    CaseService* cases = nullptr;
    ReadWorker& reads;
    std::vector<std::unique_ptr<PeerLink>>& links;
    OriginCheckpoint& origin_checkpoint;
    // Where the loop publishes its snapshot for the metrics listener (LoopSnapshotSlot::
    // kInterval); null: none.
    BrokerMetrics* metrics = nullptr;
  };

  // `config` must outlive the loop.
  Loop(const BrokerConfig& config, const Parts& parts, const CommitFanout::Parts& commit,
       const CommitFanout::Position& position);
  Loop(const Loop&) = delete;
  Loop& operator=(const Loop&) = delete;

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
  // What handle_status answers (and the metrics snapshot holds).
  v1::StatusReply status_reply() const;
  // Publishes the snapshot for the metrics listener when kInterval has passed.
  void publish_snapshot();
  void handle_directory(const std::string& routing_id, std::uint64_t request_id);
  void handle_admin(const std::string& routing_id, std::uint64_t request_id,
                    const v1::AdminRequest& request, const protocol::Principal* principal);
  // Signs and answers a checkpoint of this node's own events in the current epoch.
  // Without a node (or naming this one): this node's own checkpoint, signed now. Naming
  // another node: the first checkpoint kept from it at or after the seq asked for.
  void handle_checkpoint(const std::string& routing_id, std::uint64_t request_id,
                         const v1::CheckpointRequest& request);
  // Starts the subscription and answers Subscribed.
  void start_subscription(Subscriptions::Spec spec, bool resumed);
  StatusOr<std::uint64_t> resolve_start(const v1::Subscribe& subscribe);
  void expire_connections();
  // The refusal of a publish over `principal`'s rate, naming the limits.
  Status rate_limited(const std::string& principal) const;
  // Ends the subscriptions of connections whose principal `registry` no longer allows at
  // `now_ms` (revoked or removed); their next requests are refused anyway.
  void drop_revoked(const protocol::Registry& registry, std::int64_t now_ms);
  // At the next revocation's time (a revoked_at loaded before it came), drop_revoked.
  void revoke_when_due();

  // CommitFanout::Effects.
  void send(const std::string& routing_id, const v1::Frame& frame) override;
  void reply_error(const std::string& routing_id, std::uint64_t request_id,
                   const Status& status) override;
  void publish_answered(const std::string& routing_id) override;
  void start_stored_subscription(Subscriptions::Spec spec) override;

  const BrokerConfig& config_;
  RouterChannel& router_;
  Gatekeeper& gatekeeper_;
  Store& reader_;
  Subscriptions& subscriptions_;
  Ingest& ingest_;
  CaseService* cases_;  // Null when casework is off.
  ReadWorker& reads_;
  std::vector<std::unique_ptr<PeerLink>>& links_;  // One per configured peer.
  OriginCheckpoint& origin_checkpoint_;
  BrokerMetrics* metrics_;  // Null: no metrics listener.
  std::chrono::steady_clock::time_point next_snapshot_{};
  const bool curve_;  // Security mode "curve": every message carries its principal.
  const std::int64_t started_at_ms_;
  ConnectionTable connections_;
  RateLimiter rate_limiter_;                        // Publishes per principal (curve mode).
  std::optional<std::int64_t> next_revocation_ms_;  // Of the registry in force.
  systemd::WatchdogPinger watchdog_;                // WATCHDOG=1 while the loop turns.
  CommitFanout fanout_;                             // Last: it calls back into the loop (Effects).
};

}  // namespace alertbus::broker
