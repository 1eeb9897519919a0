#include "loop/loop.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include "alertbus/protocol/clock.hpp"
#include "alertbus/protocol/codec.hpp"
#include "security/authority.hpp"

// The loop: poll, read, dispatch each frame, expire silent connections.

namespace alertbus::broker {
namespace {

constexpr std::size_t kMaxMessagesPerRead = 4096;

std::int64_t wall_ms() {
  return protocol::now_unix_ms();
}

ConnectionTable::Limits connection_limits(const BrokerConfig& config) {
  ConnectionTable::Limits limits;
  limits.max_connections = config.max_connections;
  limits.max_in_flight = config.max_in_flight;
  limits.silence =
      std::chrono::milliseconds(config.heartbeat_interval_ms * config.heartbeat_misses);
  limits.check_interval = std::chrono::milliseconds(config.heartbeat_interval_ms / 2);
  return limits;
}

}  // namespace

Loop::Loop(const BrokerConfig& config, const Parts& parts, const CommitFanout::Parts& commit,
           const CommitFanout::Position& position)
    : config_(config),
      router_(parts.router),
      gatekeeper_(parts.gatekeeper),
      reader_(parts.reader),
      subscriptions_(parts.subscriptions),
      ingest_(parts.ingest),
      cases_(parts.cases),
      reads_(parts.reads),
      links_(parts.links),
      origin_checkpoint_(parts.origin_checkpoint),
      metrics_(parts.metrics),
      curve_(config.security_mode == "curve"),
      started_at_ms_(wall_ms()),
      connections_(connection_limits(config), Clock::now()),
      rate_limiter_(RateLimiter::Limits{static_cast<double>(config.publish_events_per_second),
                                        static_cast<double>(config.publish_bytes_per_second),
                                        10.0}),
      fanout_(config.node_id, commit, position, *this) {}

Status Loop::reload_registry() {
  if (config_.registry_path.empty()) {
    spdlog::warn("reload asked, but this node has no registry (security.registry)");
    return {};
  }
  auto loaded = protocol::Registry::load(config_.registry_path);
  if (!loaded.ok()) {
    spdlog::error("registry NOT reloaded, the previous one stays in force: {}",
                  loaded.status().to_string());
    return loaded.status();
  }
  if (loaded.value()->node(config_.node_id) == nullptr) {
    spdlog::error("registry NOT reloaded: node {} is missing from its [[nodes]]", config_.node_id);
    return Status::error(v1::INVALID_VALUE, "node missing from the registry",
                         "nút không có trong danh bạ");
  }
  ingest_.set_registry(loaded.value());
  gatekeeper_.set_registry(loaded.value());
  // Subscriptions of principals revoked or removed stop now, not when their credit runs out;
  // those revoked later stop at that time.
  const std::int64_t now = wall_ms();
  drop_revoked(*loaded.value(), now);
  next_revocation_ms_ = loaded.value()->next_revocation_after(now);
  spdlog::info("registry reloaded from {}: {} principals", config_.registry_path,
               loaded.value()->principal_count());
  return {};
}

Status Loop::run(int stop_fd, int reload_fd) {
  bool more_to_pump = false;
  if (const auto registry = ingest_.registry()) {
    next_revocation_ms_ = registry->next_revocation_after(wall_ms());
  }
  std::vector<zmq::pollitem_t> items;
  std::vector<std::size_t> polled_links;
  std::vector<PeerLink::Batch> batches;
  for (;;) {
    items.assign({
        {router_.socket().handle(), 0, ZMQ_POLLIN, 0},
        {nullptr, fanout_.finished_fd(), ZMQ_POLLIN, 0},
        {nullptr, stop_fd, ZMQ_POLLIN, 0},
        {gatekeeper_.zap_handle(), 0, ZMQ_POLLIN, 0},
        {gatekeeper_.monitor_handle(), 0, ZMQ_POLLIN, 0},
        {nullptr, reload_fd, reload_fd >= 0 ? static_cast<short>(ZMQ_POLLIN) : short{0}, 0},
        {nullptr, cases_ ? cases_->progress_fd() : -1,
         cases_ ? static_cast<short>(ZMQ_POLLIN) : short{0}, 0},
        {nullptr, ingest_.checked_fd(), ZMQ_POLLIN, 0},
        {nullptr, reads_.done_fd(), ZMQ_POLLIN, 0},
    });
    constexpr std::size_t kFixedItems = 9;
    polled_links.clear();
    for (std::size_t i = 0; i < links_.size(); ++i) {
      if (void* handle = links_[i]->poll_handle()) {
        items.push_back({handle, 0, ZMQ_POLLIN, 0});
        polled_links.push_back(i);
      }
    }
    // Under systemd, the loop turning is what keeps the watchdog from restarting the node.
    watchdog_.tick(std::chrono::steady_clock::now());
    auto timeout = more_to_pump ? std::chrono::milliseconds(0)
                                : std::chrono::milliseconds(config_.heartbeat_interval_ms / 2);
    if (const auto most = watchdog_.max_sleep(); most && timeout > *most) {
      timeout = *most;
    }
    if (metrics_ != nullptr) {
      publish_snapshot();
      timeout = std::min<std::chrono::milliseconds>(timeout, LoopSnapshotSlot::kInterval);
    }
    try {
      zmq::poll(items.data(), items.size(), timeout);
    } catch (const zmq::error_t& failure) {
      if (failure.num() != EINTR) {
        return Status::error(v1::INTERNAL, std::string("poll failed: ") + failure.what(),
                             std::string("lỗi poll: ") + failure.what());
      }
    }
    if ((items[2].revents & ZMQ_POLLIN) != 0) {
      break;
    }
    if ((items[3].revents & ZMQ_POLLIN) != 0) {
      gatekeeper_.handle_zap();
    }
    if ((items[4].revents & ZMQ_POLLIN) != 0) {
      gatekeeper_.handle_monitor();
    }
    if ((items[5].revents & ZMQ_POLLIN) != 0) {
      char drained[64];
      while (read(reload_fd, drained, sizeof(drained)) > 0) {
      }
      (void)reload_registry();
    }
    if ((items[1].revents & ZMQ_POLLIN) != 0) {
      fanout_.take_committed();
    }
    if ((items[6].revents & ZMQ_POLLIN) != 0) {
      cases_->on_progress();
    }
    if ((items[8].revents & ZMQ_POLLIN) != 0) {
      reads_.run_finished();
    }
    if ((items[0].revents & ZMQ_POLLIN) != 0) {
      read_messages();
    }
    for (std::size_t i = 0; i < polled_links.size(); ++i) {
      if ((items[kFixedItems + i].revents & ZMQ_POLLIN) != 0) {
        batches.clear();
        links_[polled_links[i]]->read(&batches);
        fanout_.add_link_batches(polled_links[i], batches);
      }
    }
    for (auto& link : links_) {
      link->tick();
    }
    if (cases_) {
      cases_->tick(fanout_.notice_queue());
    }
    // Publishes read now are checked on the pool; those checked (now, for a lone publish,
    // or since the last iteration) join the job in the order they were read.
    fanout_.submit_staged();
    fanout_.admit_checked();
    fanout_.admit_notices();
    fanout_.submit_job();
    revoke_when_due();  // Before the pump: nothing goes out after a revocation's time.
    more_to_pump = subscriptions_.pump(fanout_.head_seq());
    expire_connections();
  }
  // Shutdown: nothing new is read. What was accepted is checked, committed and acknowledged.
  spdlog::info("stopping: committing the batch in hand");
  fanout_.submit_staged();
  ingest_.wait_checks();
  fanout_.admit_checked();
  fanout_.submit_job();
  fanout_.drain();
  spdlog::info("stopped at head seq {}", fanout_.head_seq());
  return {};
}

void Loop::publish_snapshot() {
  const auto now = std::chrono::steady_clock::now();
  if (now < next_snapshot_) {
    return;
  }
  next_snapshot_ = now + LoopSnapshotSlot::kInterval;
  LoopSnapshot snapshot;
  snapshot.published = true;
  snapshot.at_ms = wall_ms();
  snapshot.status = status_reply();
  snapshot.subscription_lag = subscriptions_.lag(fanout_.head_seq(), snapshot.at_ms);
  metrics_->loop.publish(std::move(snapshot));
}

void Loop::read_messages() {
  zmq::socket_t& router = router_.socket();
  zmq::message_t identity;
  zmq::message_t payload;
  for (std::size_t n = 0; n < kMaxMessagesPerRead; ++n) {
    std::optional<std::size_t> received;
    try {
      received = router.recv(identity, zmq::recv_flags::dontwait);
    } catch (const zmq::error_t& failure) {
      spdlog::error("receive failed: {}", failure.what());
      return;
    }
    if (!received) {
      return;  // Nothing more waiting.
    }
    const std::string routing_id = identity.to_string();
    int parts = 0;
    while (router.get(zmq::sockopt::rcvmore) != 0) {
      zmq::message_t part;
      (void)router.recv(part, zmq::recv_flags::none);
      if (++parts == 1) {
        payload.swap(part);
      }
    }
    Connection* connection = connections_.heard_from(routing_id, Clock::now());
    if (connection == nullptr) {
      // Rarely reached: the gatekeeper refuses such connections at the handshake. This
      // catches those it let in while its count lagged; request_id 0 (docs/PROTOCOL.md).
      reply_error(routing_id, 0,
                  Status::error(v1::TOO_MANY_CONNECTIONS,
                                "the broker serves " + std::to_string(connections_.size()) +
                                    " connections, its limit ([limits] max_connections)",
                                "broker đang phục vụ " + std::to_string(connections_.size()) +
                                    " kết nối, bằng giới hạn ([limits] max_connections)"));
      continue;
    }
    if (parts != 1) {
      reply_error(routing_id, 0, Status::from_code(v1::WRONG_FRAME_COUNT));
      continue;
    }
    if (const int fd = payload.get(ZMQ_SRCFD); fd != connection->fd) {
      connection->fd = fd;
      gatekeeper_.spoke(fd);  // No longer a pending handshake.
    }
    auto frame =
        protocol::decode_frame(payload.to_string_view(), config_.max_event_bytes + 64 * 1024);
    if (!frame.ok()) {
      reply_error(routing_id, 0, frame.status());
      continue;
    }
    const protocol::Principal* principal = nullptr;
    if (curve_) {
      // Authority comes from the key the connection authenticated with (its ZAP User-Id),
      // looked up in the registry in force now: a revoked principal is refused at once.
      const char* user_id = nullptr;
      try {
        user_id = payload.gets("User-Id");
      } catch (const zmq::error_t&) {
      }
      auto found = connection_principal(*ingest_.registry(), user_id ? user_id : "", wall_ms());
      if (!found.ok()) {
        reply_error(routing_id, frame.value().request_id(), found.status());
        continue;
      }
      principal = found.value();
      if (connection->principal != principal->id) {
        connection->principal = principal->id;
      }
    }
    handle_frame(routing_id, *connection, frame.value(), principal);  // Publishes move out.
  }
}

void Loop::handle_frame(const std::string& routing_id, Connection& connection, v1::Frame& frame,
                        const protocol::Principal* principal) {
  const std::uint64_t request_id = frame.request_id();
  switch (frame.body_case()) {
    case v1::Frame::kPublish:
      if (principal != nullptr &&
          !rate_limiter_.admit(principal->id, frame.publish().event().size(), Clock::now())) {
        reply_error(routing_id, request_id, rate_limited(principal->id));
        return;
      }
      if (!connections_.publish_staged(connection)) {
        reply_error(routing_id, request_id, Status::from_code(v1::TOO_MANY_IN_FLIGHT));
        return;
      }
      fanout_.stage(PublishBatch::Item{routing_id, request_id, std::move(frame), principal,
                                       std::chrono::steady_clock::now()});
      return;
    case v1::Frame::kSubscribe:
      handle_subscribe(routing_id, request_id, frame.subscribe(), principal);
      return;
    case v1::Frame::kCaseSubscribe:
      handle_case_subscribe(routing_id, request_id, frame.case_subscribe(), principal);
      return;
    case v1::Frame::kDeliveryAck:
      handle_delivery_ack(routing_id, frame.delivery_ack());
      return;
    case v1::Frame::kUnsubscribe:
      handle_unsubscribe(routing_id, request_id, frame.unsubscribe());
      return;
    case v1::Frame::kPing: {
      v1::Frame pong;
      pong.set_request_id(request_id);
      pong.mutable_pong()->set_head_seq(fanout_.head_seq());
      pong.mutable_pong()->set_epoch(fanout_.epoch());
      pong.mutable_pong()->set_origin_head_seq(fanout_.origin_head_seq());
      pong.mutable_pong()->set_subscriptions(
          static_cast<std::uint32_t>(subscription_count(routing_id)));
      send(routing_id, pong);
      return;
    }
    case v1::Frame::kQuery:
      handle_query(routing_id, request_id, frame.query(), principal);
      return;
    case v1::Frame::kCaseQuery:
      handle_case_query(routing_id, request_id, frame.case_query(), principal);
      return;
    case v1::Frame::kDirectoryRequest:
      handle_directory(routing_id, request_id);
      return;
    case v1::Frame::kStatusRequest:
      handle_status(routing_id, request_id);
      return;
    case v1::Frame::kCheckpointRequest:
      handle_checkpoint(routing_id, request_id, frame.checkpoint_request());
      return;
    case v1::Frame::kAdminRequest:
      handle_admin(routing_id, request_id, frame.admin_request(), principal);
      return;
    default:
      reply_error(routing_id, request_id, Status::from_code(v1::UNEXPECTED_FRAME));
      return;
  }
}

void Loop::drop_subscriptions(const std::string& routing_id) {
  subscriptions_.drop_connection(routing_id);
  if (cases_) {
    cases_->streams().drop_connection(routing_id);
  }
}

std::size_t Loop::subscription_count(const std::string& routing_id) const {
  return subscriptions_.count_for(routing_id) +
         (cases_ ? cases_->streams().count_for(routing_id) : 0);
}

void Loop::drop_revoked(const protocol::Registry& registry, std::int64_t now_ms) {
  std::vector<std::string> revoked;
  for (const auto& [routing_id, connection] : connections_.connections()) {
    if (!connection.principal.empty() &&
        !connection_principal(registry, connection.principal, now_ms).ok() &&
        subscription_count(routing_id) > 0) {
      spdlog::warn("{} is revoked: its subscriptions on connection {} are dropped",
                   connection.principal, peer_name(routing_id));
      revoked.push_back(routing_id);
    }
  }
  for (const std::string& routing_id : revoked) {
    drop_subscriptions(routing_id);
  }
}

void Loop::revoke_when_due() {
  const std::int64_t now = wall_ms();
  if (!next_revocation_ms_ || now < *next_revocation_ms_) {
    return;
  }
  const std::shared_ptr<const protocol::Registry> registry = ingest_.registry();
  if (registry) {
    drop_revoked(*registry, now);
    next_revocation_ms_ = registry->next_revocation_after(now);
  } else {
    next_revocation_ms_.reset();
  }
}

Status Loop::rate_limited(const std::string& principal) const {
  const std::string limits = std::to_string(config_.publish_events_per_second) + " events/s, " +
                             std::to_string(config_.publish_bytes_per_second / 1024) + " KiB/s";
  return Status::error(v1::RATE_LIMITED,
                       principal + " publishes faster than its limit (" + limits +
                           ", [limits] publish_events_per_second, publish_bytes_per_second);"
                           " retry later",
                       principal + " gửi nhanh hơn giới hạn (" + limits +
                           ", [limits] publish_events_per_second, publish_bytes_per_second);"
                           " hãy thử lại sau");
}

void Loop::expire_connections() {
  std::vector<std::string> principals;
  const std::vector<std::string> expired = connections_.expire(Clock::now(), &principals);
  for (std::size_t i = 0; i < expired.size(); ++i) {
    const std::string connection = "connection " + peer_name(expired[i]);
    spdlog::info("{}: silent for {} ms, dropping its subscriptions",
                 principals[i].empty() ? connection : principals[i] + " (" + connection + ")",
                 connections_.limits().silence.count());
    drop_subscriptions(expired[i]);
  }
}

void Loop::send(const std::string& routing_id, const v1::Frame& frame) {
  (void)router_.send(routing_id, frame);
}

void Loop::reply_error(const std::string& routing_id, std::uint64_t request_id,
                       const Status& status) {
  router_.reply_error(routing_id, request_id, status, connections_.who(routing_id));
}

void Loop::publish_answered(const std::string& routing_id) {
  connections_.publish_answered(routing_id);
}

void Loop::start_stored_subscription(Subscriptions::Spec spec) {
  start_subscription(std::move(spec), false);
}

}  // namespace alertbus::broker
