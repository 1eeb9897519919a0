#include "loop/client_endpoint.hpp"

#include <array>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>
#include <thread>
#include <unistd.h>

#include "alertbus/protocol/codec.hpp"
#include "security/authority.hpp"
#include "query/query_handler.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace alertbus::broker {
namespace {

constexpr std::size_t kMaxMessagesPerRead = 4096;
constexpr std::uint32_t kDefaultCredit = 256;
constexpr std::uint32_t kMaxCredit = 10000;
constexpr std::size_t kMaxDurableNameBytes = 128;
// Case queries waiting for the projection (read-your-writes): how many, and for how long.
constexpr std::size_t kMaxParkedQueries = 1024;
constexpr std::chrono::milliseconds kParkedQueryWait{10000};

std::int64_t wall_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// A routing id as hex, to name a connection in the log.
std::string peer_name(const std::string& routing_id) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string text;
  for (const char c : routing_id) {
    const auto byte = static_cast<unsigned char>(c);
    text.push_back(kHex[byte >> 4]);
    text.push_back(kHex[byte & 0x0F]);
  }
  return text;
}

// ipc:// endpoints need their directory.
void prepare_ipc_directory(const std::string& endpoint) {
  constexpr std::string_view kIpc = "ipc://";
  if (endpoint.rfind(kIpc, 0) == 0) {
    const std::filesystem::path path(endpoint.substr(kIpc.size()));
    std::error_code ignored;
    std::filesystem::create_directories(path.parent_path(), ignored);
  }
}

}  // namespace

ClientEndpoint::ClientEndpoint(const BrokerConfig& config, zmq::context_t& context)
    : config_(config), router_(context, zmq::socket_type::router), recent_(config.recent_events) {}

ClientEndpoint::~ClientEndpoint() {
  if (writer_) {
    writer_->stop();
  }
}

StatusOr<std::unique_ptr<ClientEndpoint>> ClientEndpoint::create(const BrokerConfig& config,
                                                                 zmq::context_t& context) {
  std::unique_ptr<ClientEndpoint> endpoint(new ClientEndpoint(config, context));
  std::error_code error;
  std::filesystem::create_directories(config.data_dir, error);
  SqliteStoreOptions options;
  options.path = (std::filesystem::path(config.data_dir) / "alertbus.db").string();
  options.node_id = config.node_id;
  options.reference_prefix = config.reference_prefix;
  // The writer's store opens first: it creates the schema and the node identity. Its
  // checkpoints run on the checkpointer's thread, started before the writer's.
  options.request_checkpoint = [slot = &endpoint->checkpointer_] {
    if (*slot) {
      (*slot)->request();
    }
  };
  options.head_marker_path = (std::filesystem::path(config.data_dir) / "alertbus.head").string();
  auto writer_store = SqliteStore::open(options);
  if (!writer_store.ok()) {
    return writer_store.status();
  }
  options.head_marker_path.clear();
  if (const auto& restored = writer_store.value()->restored()) {
    spdlog::error(
        "the database ends at seq {} but this node had stored up to seq {}: it was restored from"
        " a backup. New log epoch {} (was {}); the links pull back from the peers what the"
        " backup lacks",
        writer_store.value()->head_seq().ok() ? writer_store.value()->head_seq().value() : 0,
        restored->marker_head, writer_store.value()->epoch(), restored->old_epoch);
  }
  auto checkpointer = Checkpointer::start(options.path);
  if (!checkpointer.ok()) {
    return checkpointer.status();
  }
  endpoint->checkpointer_ = std::move(checkpointer).value();
  if (config.casework) {
    Projector::Options projector_options;
    projector_options.log_path = options.path;
    projector_options.projection_path =
        (std::filesystem::path(config.data_dir) / "alertbus-projection.db").string();
    projector_options.node_id = config.node_id;
    auto projector = Projector::start(projector_options);
    if (!projector.ok()) {
      return projector.status();
    }
    endpoint->projector_ = std::move(projector).value();
    auto projection = ProjectionDb::open(projector_options.projection_path, false);
    if (!projection.ok()) {
      return projection.status();
    }
    endpoint->projection_ = std::move(projection).value();
  }
  options.request_checkpoint = nullptr;  // The reader never writes.
  auto reader = SqliteStore::open(options);
  if (!reader.ok()) {
    return reader.status();
  }
  endpoint->reader_ = std::move(reader).value();
  endpoint->epoch_ = endpoint->reader_->epoch();
  auto head = endpoint->reader_->head_seq();
  auto count = endpoint->reader_->event_count();
  if (!head.ok() || !count.ok()) {
    return head.ok() ? count.status() : head.status();
  }
  endpoint->head_seq_ = head.value();
  endpoint->event_count_ = count.value();
  endpoint->writer_ =
      std::make_unique<Writer>(std::move(writer_store).value(), config.max_batch_events);
  endpoint->subscriptions_ = std::make_unique<Subscriptions>(
      *endpoint->reader_, endpoint->recent_,
      [raw = endpoint.get()](const std::string& routing_id, const v1::Frame& frame) {
        return raw->send(routing_id, frame);
      });
  // Security: the registry (trust bundle) and, in curve mode, this node's own keys.
  std::shared_ptr<const protocol::Registry> registry;
  if (!config.registry_path.empty()) {
    auto loaded = protocol::Registry::load(config.registry_path);
    if (!loaded.ok()) {
      return loaded.status();
    }
    registry = std::move(loaded).value();
    if (registry->node(config.node_id) == nullptr) {
      return Status::error(v1::INVALID_VALUE,
                           "node " + config.node_id + " is not in the registry's [[nodes]]",
                           "nút " + config.node_id + " không có trong [[nodes]] của danh bạ");
    }
  }
  std::shared_ptr<const protocol::KeyFile> own_keys;
  endpoint->curve_ = config.security_mode == "curve";
  if (!config.key_file.empty()) {
    auto keys = protocol::read_key_file(config.key_file);
    if (!keys.ok()) {
      return keys.status();
    }
    const protocol::Principal* self = registry ? registry->find(config.node_id) : nullptr;
    if (keys.value().principal != config.node_id ||
        (self != nullptr && self->curve_public != keys.value().curve_public)) {
      return Status::error(v1::INVALID_VALUE,
                           "key file " + config.key_file +
                               " is not the one the registry holds for node " + config.node_id,
                           "tệp khóa " + config.key_file + " không khớp với khóa của nút " +
                               config.node_id + " trong danh bạ");
    }
    own_keys = std::make_shared<const protocol::KeyFile>(std::move(keys).value());
    endpoint->own_keys_ = own_keys;
    endpoint->own_signing_ = protocol::expand_signing_seed(own_keys->signing_seed);
  }
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  const unsigned verify_threads = config.verify_threads >= 0
                                      ? static_cast<unsigned>(config.verify_threads)
                                      : std::min(cores - 1, 7U);
  endpoint->ingest_ = std::make_unique<Ingest>(*endpoint->reader_, config.max_event_bytes,
                                               config.node_id, verify_threads);
  endpoint->ingest_->set_registry(registry);
  // Casework: the receivers of every alert, deadlines and the province table.
  CaseQueryContext& cases = endpoint->case_context_;
  cases.deadlines = config.deadlines;
  cases.nodes = config.case_nodes;
  if (cases.nodes.empty()) {
    cases.nodes.push_back(config.node_id);
    for (const PeerConfig& peer : config.peers) {
      cases.nodes.push_back(peer.id);
    }
    if (registry) {
      for (const protocol::NodeArea& node : registry->nodes()) {
        cases.nodes.push_back(node.id);
      }
    }
    std::sort(cases.nodes.begin(), cases.nodes.end());
    cases.nodes.erase(std::unique(cases.nodes.begin(), cases.nodes.end()), cases.nodes.end());
  }
  if (!config.areas_file.empty()) {
    auto areas = protocol::AreaTable::load(config.areas_file);
    if (!areas.ok()) {
      return areas.status();
    }
    cases.areas = std::make_shared<const protocol::AreaTable>(std::move(areas).value());
  }
  std::optional<protocol::SigningKey> signing;
  if (own_keys) {
    signing = endpoint->own_signing_;
  }
  endpoint->notice_issuer_ =
      std::make_unique<NoticeIssuer>(config.node_id, signing, config.escalate_to);
  if (Status status = endpoint->queue_missing_receipts(); !status.ok()) {
    return status;
  }
  auto origin_head = endpoint->reader_->last_local_seq();
  if (!origin_head.ok()) {
    return origin_head.status();
  }
  endpoint->origin_head_seq_ = origin_head.value();
  PeerLink::Options link_options;
  link_options.credit = config.link_credit;
  link_options.heartbeat_interval_ms = config.heartbeat_interval_ms;
  link_options.heartbeat_misses = config.heartbeat_misses;
  link_options.relay = config.relay;
  link_options.max_hops = config.max_hops;
  link_options.self_id = config.node_id;
  link_options.own_keys = endpoint->curve_ ? own_keys : nullptr;
  link_options.checkpoint_interval_ms = config.checkpoint_interval_ms;
  for (const PeerConfig& peer : config.peers) {
    auto cursor = endpoint->reader_->load_link_cursor(peer.id);
    if (!cursor.ok()) {
      return cursor.status();
    }
    endpoint->links_.push_back(std::make_unique<PeerLink>(peer, context, *endpoint->ingest_,
                                                          cursor.value(), link_options));
  }

  zmq::socket_t& router = endpoint->router_;
  const std::size_t max_frame = config.max_event_bytes + 64 * 1024;
  try {
    endpoint->gatekeeper_ = std::make_unique<Gatekeeper>(context, config.max_connections);
    endpoint->gatekeeper_->set_registry(registry);
    endpoint->gatekeeper_->watch(router);
    // A ZAP domain makes ZeroMQ ask the gatekeeper about plain (NULL) connections too, so
    // the connection limit holds in both modes.
    router.set(zmq::sockopt::zap_domain, "alertbus");
    if (endpoint->curve_) {
      router.set(zmq::sockopt::curve_server, 1);
      router.set(zmq::sockopt::curve_secretkey,
                 zmq::const_buffer(own_keys->curve_secret.data(), own_keys->curve_secret.size()));
    }
    router.set(zmq::sockopt::router_mandatory, 1);
    router.set(zmq::sockopt::linger, 2000);
    // Frames a little over the limit get MESSAGE_TOO_LARGE; far beyond it ZeroMQ drops the
    // connection before the bytes reach memory.
    router.set(zmq::sockopt::maxmsgsize, static_cast<std::int64_t>(max_frame * 4));
    router.set(zmq::sockopt::sndhwm, 100000);
    router.set(zmq::sockopt::rcvhwm, 100000);
    for (const std::string& listen : config.listen) {
      prepare_ipc_directory(listen);
      router.bind(listen);
      endpoint->bound_.push_back(router.get(zmq::sockopt::last_endpoint));
    }
  } catch (const zmq::error_t& failure) {
    return Status::error(v1::INTERNAL, std::string("cannot bind: ") + failure.what(),
                         std::string("không mở được địa chỉ lắng nghe: ") + failure.what());
  }
  endpoint->started_at_ms_ = wall_ms();
  endpoint->last_expiry_check_ = Clock::now();
  spdlog::info("node {} epoch {}: {} events stored, head seq {}", config.node_id, endpoint->epoch_,
               endpoint->event_count_, endpoint->head_seq_);
  if (endpoint->curve_) {
    spdlog::info("security: CurveZMQ on every endpoint, {} principals in {}; {} verify threads",
                 registry->principal_count(), config.registry_path, verify_threads);
  } else {
    spdlog::warn("*** PLAIN MODE: no encryption and no authentication on {} ***",
                 fmt::join(endpoint->bound_, ", "));
    spdlog::warn("*** CHẾ ĐỘ KHÔNG MÃ HÓA: chỉ dùng khi phát triển (development only) ***");
    if (registry) {
      spdlog::warn("signatures are still required and checked against {}", config.registry_path);
    } else {
      spdlog::warn("*** no registry: events are NOT required to be signed ***");
    }
  }
  return endpoint;
}

Status ClientEndpoint::reload_registry() {
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
  ingest_->set_registry(loaded.value());
  gatekeeper_->set_registry(loaded.value());
  // Subscriptions of principals revoked or removed stop now, not when their credit runs out;
  // their connections' next requests are refused.
  for (const auto& [routing_id, connection] : connections_) {
    if (!connection.principal.empty() &&
        !connection_principal(*loaded.value(), connection.principal, wall_ms()).ok() &&
        subscriptions_->count_for(routing_id) > 0) {
      spdlog::warn("{} is revoked: its subscriptions on connection {} are dropped",
                   connection.principal, peer_name(routing_id));
      subscriptions_->drop_connection(routing_id);
    }
  }
  spdlog::info("registry reloaded from {}: {} principals", config_.registry_path,
               loaded.value()->principal_count());
  return {};
}

Status ClientEndpoint::run(int stop_fd, int reload_fd) {
  bool more_to_pump = false;
  std::vector<zmq::pollitem_t> items;
  std::vector<std::size_t> polled_links;
  std::vector<PeerLink::Batch> batches;
  for (;;) {
    items.assign({
        {router_.handle(), 0, ZMQ_POLLIN, 0},
        {nullptr, writer_->finished_fd(), ZMQ_POLLIN, 0},
        {nullptr, stop_fd, ZMQ_POLLIN, 0},
        {gatekeeper_->zap_handle(), 0, ZMQ_POLLIN, 0},
        {gatekeeper_->monitor_handle(), 0, ZMQ_POLLIN, 0},
        {nullptr, reload_fd, reload_fd >= 0 ? static_cast<short>(ZMQ_POLLIN) : short{0}, 0},
        {nullptr, projector_ ? projector_->progress_fd() : -1,
         projector_ ? static_cast<short>(ZMQ_POLLIN) : short{0}, 0},
    });
    constexpr std::size_t kFixedItems = 7;
    polled_links.clear();
    for (std::size_t i = 0; i < links_.size(); ++i) {
      if (void* handle = links_[i]->poll_handle()) {
        items.push_back({handle, 0, ZMQ_POLLIN, 0});
        polled_links.push_back(i);
      }
    }
    const auto timeout = more_to_pump
                             ? std::chrono::milliseconds(0)
                             : std::chrono::milliseconds(config_.heartbeat_interval_ms / 2);
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
      gatekeeper_->handle_zap();
    }
    if ((items[4].revents & ZMQ_POLLIN) != 0) {
      gatekeeper_->handle_monitor();
    }
    if ((items[5].revents & ZMQ_POLLIN) != 0) {
      char drained[64];
      while (read(reload_fd, drained, sizeof(drained)) > 0) {
      }
      (void)reload_registry();
    }
    if ((items[1].revents & ZMQ_POLLIN) != 0) {
      take_committed();
    }
    if ((items[6].revents & ZMQ_POLLIN) != 0) {
      projector_->take_progress();
    }
    if (!parked_queries_.empty()) {
      serve_parked_queries();
    }
    if ((items[0].revents & ZMQ_POLLIN) != 0) {
      read_messages();
    }
    for (std::size_t i = 0; i < polled_links.size(); ++i) {
      if ((items[kFixedItems + i].revents & ZMQ_POLLIN) != 0) {
        batches.clear();
        links_[polled_links[i]]->read(&batches);
        add_link_batches(polled_links[i], batches);
      }
    }
    for (auto& link : links_) {
      link->tick();
    }
    if (projector_ && Clock::now() >= next_overdue_check_) {
      check_overdue();
    }
    admit_staged();
    admit_notices();
    submit_job();
    more_to_pump = subscriptions_->pump(head_seq_);
    expire_connections();
  }
  // Shutdown: nothing new is read. What was accepted is committed and acknowledged.
  spdlog::info("stopping: committing the batch in hand");
  admit_staged();
  submit_job();
  writer_->stop();
  take_committed();
  spdlog::info("stopped at head seq {}", head_seq_);
  return {};
}

void ClientEndpoint::read_messages() {
  zmq::message_t identity;
  zmq::message_t payload;
  for (std::size_t n = 0; n < kMaxMessagesPerRead; ++n) {
    std::optional<std::size_t> received;
    try {
      received = router_.recv(identity, zmq::recv_flags::dontwait);
    } catch (const zmq::error_t& failure) {
      spdlog::error("receive failed: {}", failure.what());
      return;
    }
    if (!received) {
      return;  // Nothing more waiting.
    }
    const std::string routing_id = identity.to_string();
    int parts = 0;
    while (router_.get(zmq::sockopt::rcvmore) != 0) {
      zmq::message_t part;
      (void)router_.recv(part, zmq::recv_flags::none);
      if (++parts == 1) {
        payload.swap(part);
      }
    }
    auto existing = connections_.find(routing_id);
    if (existing == connections_.end() && connections_.size() >= config_.max_connections) {
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
    Connection& connection =
        existing != connections_.end() ? existing->second : connections_[routing_id];
    connection.last_seen = Clock::now();
    if (parts != 1) {
      reply_error(routing_id, 0, Status::from_code(v1::WRONG_FRAME_COUNT));
      continue;
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
      auto found = connection_principal(*ingest_->registry(), user_id ? user_id : "", wall_ms());
      if (!found.ok()) {
        reply_error(routing_id, frame.value().request_id(), found.status());
        continue;
      }
      principal = found.value();
      if (connection.principal != principal->id) {
        connection.principal = principal->id;
      }
    }
    handle_frame(routing_id, connection, frame.value(), principal);  // Publishes move out.
  }
}

void ClientEndpoint::admit_staged() {
  if (staged_.empty()) {
    return;
  }
  publish_requests_.clear();
  for (StagedPublish& staged : staged_) {
    publish_requests_.push_back({staged.frame.mutable_publish(), staged.principal});
  }
  ingest_->prepare_publishes(publish_requests_, wall_ms(), &prepared_);
  for (std::size_t i = 0; i < staged_.size(); ++i) {
    StagedPublish& staged = staged_[i];
    if (!prepared_[i].ok()) {
      if (auto connection = connections_.find(staged.routing_id);
          connection != connections_.end() && connection->second.in_flight > 0) {
        --connection->second.in_flight;
      }
      reply_error(staged.routing_id, staged.request_id, prepared_[i].status());
      continue;
    }
    job_context_.publishes.push_back(PendingPublish{
        staged.routing_id, staged.request_id, prepared_[i].value().event_id, job_.events.size()});
    job_.events.push_back(std::move(prepared_[i]).value());
  }
  staged_.clear();
}

void ClientEndpoint::add_link_batches(std::size_t link, std::vector<PeerLink::Batch>& batches) {
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

void ClientEndpoint::handle_frame(const std::string& routing_id, Connection& connection,
                                  v1::Frame& frame, const protocol::Principal* principal) {
  const std::uint64_t request_id = frame.request_id();
  switch (frame.body_case()) {
    case v1::Frame::kPublish:
      if (connection.in_flight >= config_.max_in_flight) {
        reply_error(routing_id, request_id, Status::from_code(v1::TOO_MANY_IN_FLIGHT));
        return;
      }
      ++connection.in_flight;
      staged_.push_back(StagedPublish{routing_id, request_id, std::move(frame), principal});
      return;
    case v1::Frame::kSubscribe:
      handle_subscribe(routing_id, request_id, frame.subscribe(), principal);
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
      pong.mutable_pong()->set_head_seq(head_seq_);
      pong.mutable_pong()->set_epoch(epoch_);
      pong.mutable_pong()->set_origin_head_seq(origin_head_seq_);
      pong.mutable_pong()->set_subscriptions(
          static_cast<std::uint32_t>(subscriptions_->count_for(routing_id)));
      (void)send(routing_id, pong);
      return;
    }
    case v1::Frame::kQuery:
      handle_query(routing_id, request_id, frame.query(), principal);
      return;
    case v1::Frame::kCaseQuery:
      handle_case_query(routing_id, request_id, frame.case_query(), principal);
      return;
    case v1::Frame::kStatusRequest:
      handle_status(routing_id, request_id);
      return;
    case v1::Frame::kCheckpointRequest:
      handle_checkpoint(routing_id, request_id);
      return;
    default:
      reply_error(routing_id, request_id, Status::from_code(v1::UNEXPECTED_FRAME));
      return;
  }
}

void ClientEndpoint::handle_query(const std::string& routing_id, std::uint64_t request_id,
                                  const v1::Query& query, const protocol::Principal* principal) {
  StatusOr<v1::QueryResult> result = Status{};
  if (principal != nullptr && query.has_filter()) {
    v1::Query scoped = query;
    if (Status status = authorize_read(*principal, scoped.mutable_filter()); !status.ok()) {
      reply_error(routing_id, request_id, status);
      return;
    }
    result = run_query(*reader_, scoped);
  } else {
    result = run_query(*reader_, query);
  }
  if (!result.ok()) {
    reply_error(routing_id, request_id, result.status());
    return;
  }
  if (principal != nullptr) {
    // A lookup by id or reference finds one event: it must be of a kind the principal reads.
    for (const v1::StoredEvent& event : result.value().events()) {
      if (Status status = authorize_read_kind(*principal, event.kind()); !status.ok()) {
        reply_error(routing_id, request_id, status);
        return;
      }
    }
  }
  v1::Frame reply;
  reply.set_request_id(request_id);
  *reply.mutable_query_result() = std::move(result).value();
  (void)send(routing_id, reply);
}

void ClientEndpoint::handle_case_query(const std::string& routing_id, std::uint64_t request_id,
                                       const v1::CaseQuery& query,
                                       const protocol::Principal* principal) {
  v1::CaseQuery scoped = query;
  if (principal != nullptr) {
    // The read scope of Query: the kinds asked for must be readable; none asked: those.
    v1::Filter kinds;
    kinds.mutable_kinds()->CopyFrom(query.kinds());
    if (Status status = authorize_read(*principal, &kinds); !status.ok()) {
      reply_error(routing_id, request_id,
                  Status::error(status.code(), status.message(), status.message_vi(), "kinds"));
      return;
    }
    scoped.mutable_kinds()->CopyFrom(kinds.kinds());
  }
  if (!projector_) {
    reply_error(routing_id, request_id, Status::from_code(v1::CASEWORK_OFF));
    return;
  }
  // Read-your-writes: everything committed when the query arrived (unless stale_ok), and
  // min_seq, must be projected before the answer.
  const std::uint64_t wanted =
      std::max<std::uint64_t>(query.min_seq(), query.stale_ok() ? 0 : head_seq_);
  if (projector_->projected_seq() >= wanted) {
    answer_case_query(routing_id, request_id, scoped);
    return;
  }
  if (parked_queries_.size() >= kMaxParkedQueries) {
    reply_error(routing_id, request_id, Status::from_code(v1::PROJECTION_BEHIND));
    return;
  }
  parked_queries_.push_back(ParkedQuery{routing_id, request_id, std::move(scoped), wanted,
                                        Clock::now() + kParkedQueryWait});
}

void ClientEndpoint::answer_case_query(const std::string& routing_id, std::uint64_t request_id,
                                       const v1::CaseQuery& query) {
  // Read before the query: the answer holds at least every event up to it.
  const std::uint64_t as_of = projector_->projected_seq();
  case_context_.now_ms = wall_ms() + config_.clock_offset_ms;
  StatusOr<v1::CaseList> result = run_case_query(*projection_, query, case_context_);
  if (!result.ok()) {
    reply_error(routing_id, request_id, result.status());
    return;
  }
  v1::Frame reply;
  reply.set_request_id(request_id);
  *reply.mutable_case_list() = std::move(result).value();
  reply.mutable_case_list()->set_as_of_seq(as_of);
  (void)send(routing_id, reply);
}

void ClientEndpoint::serve_parked_queries() {
  const std::uint64_t projected = projector_->projected_seq();
  const Clock::time_point now = Clock::now();
  std::deque<ParkedQuery> waiting;
  for (ParkedQuery& parked : parked_queries_) {
    if (projected >= parked.wanted_seq) {
      answer_case_query(parked.routing_id, parked.request_id, parked.query);
    } else if (now >= parked.deadline) {
      reply_error(parked.routing_id, parked.request_id,
                  Status::error(v1::PROJECTION_BEHIND,
                                "the case records reached seq " + std::to_string(projected) +
                                    ", not " + std::to_string(parked.wanted_seq) +
                                    ", within " + std::to_string(kParkedQueryWait.count()) +
                                    " ms; try again",
                                "hồ sơ vụ việc mới cập nhật đến vị trí " +
                                    std::to_string(projected) + ", chưa đến " +
                                    std::to_string(parked.wanted_seq) + "; hãy thử lại"));
    } else {
      waiting.push_back(std::move(parked));
    }
  }
  parked_queries_.swap(waiting);
}

Status ClientEndpoint::queue_missing_receipts() {
  std::vector<LogRow> rows;
  std::uint64_t after = 0;
  do {
    if (Status status = reader_->alerts_without_receipt(after, 1024, &rows); !status.ok()) {
      return status;
    }
    for (const LogRow& row : rows) {
      after = row.stored.seq();
      StatusOr<NewEvent> receipt = notice_issuer_->receipt(row, wall_ms());
      if (!receipt.ok()) {
        return receipt.status();
      }
      notices_.push_back(std::move(receipt).value());
    }
  } while (!rows.empty());
  if (!notices_.empty()) {
    spdlog::info("issuing {} receipts for alerts stored before the last stop", notices_.size());
  }
  return {};
}

void ClientEndpoint::check_overdue() {
  next_overdue_check_ = Clock::now() + std::chrono::milliseconds(config_.overdue_check_interval_ms);
  const std::int64_t now = wall_ms() + config_.clock_offset_ms;
  v1::CaseQuery query;
  query.add_states(v1::ALERT_ACTIVE);
  query.add_states(v1::ALERT_STABLE);
  query.set_page_size(1000);
  case_context_.now_ms = now;
  std::uint64_t open = 0;
  std::uint64_t overdue = 0;
  for (;;) {
    StatusOr<v1::CaseList> page = run_case_query(*projection_, query, case_context_);
    if (!page.ok()) {
      spdlog::error("overdue check failed: {}", page.status().to_string());
      return;
    }
    for (const v1::AlertCase& alert_case : page.value().cases()) {
      ++open;
      overdue += alert_case.overdue() ? 1U : 0U;
      std::vector<std::string> nodes;
      for (const std::string& node : notice_issuer_->nodes_to_notify(alert_case, now)) {
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
      StatusOr<NewEvent> notice = notice_issuer_->overdue(alert_case, nodes, wall_ms());
      if (!notice.ok()) {
        spdlog::error("cannot issue the overdue notice of {}: {}", alert_case.reference(),
                      notice.status().to_string());
        continue;
      }
      spdlog::warn("cảnh báo {} quá hạn tại {} / alert {} overdue at {}", alert_case.reference(),
                   fmt::join(nodes, ", "), alert_case.reference(), fmt::join(nodes, ", "));
      notices_.push_back(std::move(notice).value());
    }
    if (page.value().next_page_token().empty()) {
      break;
    }
    query.set_page_token(page.value().next_page_token());
  }
  cases_open_ = open;
  cases_overdue_ = overdue;
}

void ClientEndpoint::admit_notices() {
  constexpr std::size_t kMaxNoticesPerJob = 1024;
  const std::size_t count = std::min(notices_.size(), kMaxNoticesPerJob);
  for (std::size_t i = 0; i < count; ++i) {
    job_.events.push_back(std::move(notices_[i]));
  }
  notices_.erase(notices_.begin(), notices_.begin() + static_cast<std::ptrdiff_t>(count));
}

void ClientEndpoint::handle_subscribe(const std::string& routing_id, std::uint64_t request_id,
                                      const v1::Subscribe& subscribe,
                                      const protocol::Principal* principal) {
  if (subscriptions_->count_for(routing_id) >= config_.max_subscriptions) {
    reply_error(routing_id, request_id, Status::from_code(v1::TOO_MANY_SUBSCRIPTIONS));
    return;
  }
  if (subscribe.credit() > kMaxCredit || subscribe.durable_name().size() > kMaxDurableNameBytes) {
    reply_error(routing_id, request_id,
                Status::error(v1::INVALID_SUBSCRIPTION,
                              "credit must be at most 10000 and the durable name at most 128 bytes",
                              "credit tối đa 10000 và tên đăng ký bền vững tối đa 128 byte",
                              subscribe.credit() > kMaxCredit ? "credit" : "durable_name"));
    return;
  }
  v1::Filter scoped = subscribe.filter();
  if (principal != nullptr) {
    if (Status status = authorize_read(*principal, &scoped); !status.ok()) {
      reply_error(routing_id, request_id, status);
      return;
    }
  }
  auto filter = EventFilter::from_proto(scoped);
  if (!filter.ok()) {
    reply_error(routing_id, request_id, filter.status());
    return;
  }
  Subscriptions::Spec spec;
  spec.routing_id = routing_id;
  spec.id = request_id;
  spec.durable_name = subscribe.durable_name();
  spec.filter = std::move(filter).value();
  spec.credit = subscribe.credit() == 0 ? kDefaultCredit : subscribe.credit();

  bool resumed = false;
  if (!spec.durable_name.empty()) {
    auto stored = reader_->load_cursor(spec.durable_name);
    if (!stored.ok()) {
      reply_error(routing_id, request_id, stored.status());
      return;
    }
    const std::optional<std::uint64_t> attached =
        subscriptions_->attached_durable_position(spec.durable_name);
    if (stored.value() || attached) {
      resumed = true;
      spec.after_seq = std::max(stored.value() ? stored.value()->seq : 0, attached.value_or(0));
    }
  }
  if (!resumed) {
    auto start = resolve_start(subscribe);
    if (!start.ok()) {
      reply_error(routing_id, request_id, start.status());
      return;
    }
    spec.after_seq = start.value();
  }
  if (!spec.durable_name.empty() && !resumed) {
    // A new durable cursor is stored before the subscription starts, so a broker crash
    // cannot lose where it was meant to begin.
    job_.cursors.push_back(CursorUpdate{spec.durable_name, spec.after_seq, false});
    job_context_.subscribes.push_back(std::move(spec));
    return;
  }
  start_subscription(std::move(spec), resumed);
}

void ClientEndpoint::start_subscription(Subscriptions::Spec spec, bool resumed) {
  v1::Frame reply;
  reply.set_request_id(spec.id);
  v1::Subscribed* subscribed = reply.mutable_subscribed();
  subscribed->set_subscription_id(spec.id);
  subscribed->set_start_after_seq(spec.after_seq);
  subscribed->set_head_seq(head_seq_);
  subscribed->set_epoch(epoch_);
  subscribed->set_resumed(resumed);
  const std::string routing_id = spec.routing_id;
  subscriptions_->add(std::move(spec));
  (void)send(routing_id, reply);
}

StatusOr<std::uint64_t> ClientEndpoint::resolve_start(const v1::Subscribe& subscribe) {
  switch (subscribe.start_case()) {
    case v1::Subscribe::kAfterSeq:
      if (subscribe.after_seq() > head_seq_) {
        return Status::error(v1::INVALID_SUBSCRIPTION,
                             "after_seq " + std::to_string(subscribe.after_seq()) +
                                 " is beyond the last seq " + std::to_string(head_seq_),
                             "after_seq " + std::to_string(subscribe.after_seq()) +
                                 " vượt quá số thứ tự cuối " + std::to_string(head_seq_),
                             "after_seq");
      }
      return subscribe.after_seq();
    case v1::Subscribe::kFromTime:
      return reader_->seq_before_time(to_unix_ms(subscribe.from_time()));
    case v1::Subscribe::kFromNow:
      return head_seq_;
    case v1::Subscribe::kFromBeginning:
    case v1::Subscribe::START_NOT_SET:
      break;
  }
  return std::uint64_t{0};
}

void ClientEndpoint::handle_delivery_ack(const std::string& routing_id,
                                         const v1::DeliveryAck& ack) {
  std::optional<CursorUpdate> cursor;
  if (Status status = subscriptions_->ack(routing_id, ack.subscription_id(), ack.up_to_seq(),
                                          ack.credit(), &cursor);
      !status.ok()) {
    reply_error(routing_id, ack.subscription_id(), status);
    return;
  }
  if (cursor) {
    job_.cursors.push_back(std::move(*cursor));
  }
}

void ClientEndpoint::handle_unsubscribe(const std::string& routing_id, std::uint64_t request_id,
                                        const v1::Unsubscribe& unsubscribe) {
  std::string durable_name;
  if (Status status =
          subscriptions_->remove(routing_id, unsubscribe.subscription_id(), &durable_name);
      !status.ok()) {
    reply_error(routing_id, request_id, status);
    return;
  }
  if (unsubscribe.forget() && !durable_name.empty()) {
    job_.cursors.push_back(CursorUpdate{durable_name, 0, true});
  }
}

void ClientEndpoint::handle_status(const std::string& routing_id, std::uint64_t request_id) {
  v1::Frame reply;
  reply.set_request_id(request_id);
  v1::StatusReply* status = reply.mutable_status_reply();
  status->set_node_id(config_.node_id);
  status->set_node_name(config_.node_name);
  status->set_epoch(epoch_);
  status->set_head_seq(head_seq_);
  status->set_event_count(event_count_);
  status->set_connected_clients(static_cast<std::uint32_t>(connections_.size()));
  status->set_subscriptions(static_cast<std::uint32_t>(subscriptions_->size()));
  status->set_cases_open(cases_open_);
  status->set_cases_overdue(cases_overdue_);
  status->set_projected_seq(projector_ ? projector_->projected_seq() : 0);
  status->set_casework_off(!projector_);
  status->set_version(ALERTBUS_VERSION);
  set_unix_ms(started_at_ms_, status->mutable_started_at());
  for (const auto& link : links_) {
    *status->add_peers() = link->status();
  }
  (void)send(routing_id, reply);
}

void ClientEndpoint::extend_origin_digest(const LogRow& row) {
  const v1::StoredEvent& stored = row.stored;
  if (stored.origin().node() != config_.node_id || stored.origin().epoch() != epoch_ ||
      stored.origin().seq() <= origin_digest_.seq) {
    return;
  }
  origin_digest_.digest =
      protocol::origin_digest_step(origin_digest_.digest, stored.origin().seq(), stored.event_id(),
                                   stored.event(), stored.signature(), stored.signer());
  origin_digest_.seq = stored.origin().seq();
  ++origin_digest_.count;
}

void ClientEndpoint::handle_checkpoint(const std::string& routing_id, std::uint64_t request_id) {
  if (!own_keys_) {
    reply_error(
        routing_id, request_id,
        Status::error(v1::NOT_FOUND,
                      "this node has no signing key (security.key_file): no checkpoints",
                      "nút này không có khóa ký (security.key_file): không có điểm kiểm tra"));
    return;
  }
  if (!origin_digest_.ready) {
    // Rows up to head_seq_ only: later ones are committed but not yet taken by this loop,
    // and finish_group() adds them when it takes them.
    std::vector<LogRow> rows;
    for (bool more = true; more;) {
      if (Status status =
              reader_->read_origin(config_.node_id, epoch_, origin_digest_.seq, 4096, &rows);
          !status.ok()) {
        reply_error(routing_id, request_id, status);
        origin_digest_ = OriginDigest{};
        return;
      }
      more = rows.size() == 4096;
      for (const LogRow& row : rows) {
        if (row.stored.seq() > head_seq_) {
          more = false;
          break;
        }
        extend_origin_digest(row);
      }
    }
    origin_digest_.ready = true;
  }
  v1::Frame reply;
  reply.set_request_id(request_id);
  v1::Checkpoint* checkpoint = reply.mutable_checkpoint();
  checkpoint->set_node(config_.node_id);
  checkpoint->set_epoch(epoch_);
  checkpoint->set_seq(origin_digest_.seq);
  checkpoint->set_count(origin_digest_.count);
  checkpoint->set_digest(std::string(protocol::log_hash_bytes(origin_digest_.digest)));
  set_unix_ms(wall_ms(), checkpoint->mutable_signed_at());
  protocol::sign_checkpoint(checkpoint, own_signing_);
  (void)send(routing_id, reply);
}

void ClientEndpoint::submit_job() {
  if (job_.events.empty() && job_.cursors.empty()) {
    return;
  }
  job_.id = next_job_id_++;
  jobs_.emplace(job_.id, std::move(job_context_));
  writer_->submit(std::move(job_));
  job_ = Writer::Job{};
  job_context_ = JobContext{};
}

void ClientEndpoint::take_committed() {
  for (Writer::Group& group : writer_->take_finished()) {
    finish_group(group);
  }
}

void ClientEndpoint::finish_group(Writer::Group& group) {
  if (!group.status.ok()) {
    spdlog::error("commit of {} jobs failed: {}", group.jobs.size(), group.status.to_string());
  }
  // The admission index learns of every committed row before any acknowledgement goes out,
  // so a follow-up sent after an acknowledgement is judged with the event acknowledged.
  for (const LogRow& row : group.appended) {
    ingest_->row_committed(row);
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
      ingest_->committed(publish.event_id);
      auto connection = connections_.find(publish.routing_id);
      if (connection != connections_.end() && connection->second.in_flight > 0) {
        --connection->second.in_flight;
      }
      if (!group.status.ok()) {
        reply_error(
            publish.routing_id, publish.request_id,
            Status::error(v1::STORE_FAILURE, group.status.message(), group.status.message_vi()));
        continue;
      }
      const AppendResult& result = group.results[offset + publish.index];
      v1::Frame reply;
      reply.set_request_id(publish.request_id);
      v1::PublishAck* ack = reply.mutable_publish_ack();
      ack->set_event_id(publish.event_id);
      ack->set_seq(result.seq);
      ack->set_reference(result.reference);
      ack->set_duplicate(result.duplicate);
      (void)send(publish.routing_id, reply);
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
        reply_error(
            spec.routing_id, spec.id,
            Status::error(v1::STORE_FAILURE, group.status.message(), group.status.message_vi()));
        continue;
      }
      start_subscription(std::move(spec), false);
    }
  }
  if (!group.appended.empty()) {
    head_seq_ = group.appended.back().stored.seq();
    event_count_ += group.appended.size();
    if (projector_) {
      projector_->notify(head_seq_);
    }
    for (const LogRow& row : group.appended) {
      if (row.stored.type() == v1::ALERT && row.stored.origin().node() != config_.node_id) {
        StatusOr<NewEvent> receipt = notice_issuer_->receipt(row, wall_ms());
        if (receipt.ok()) {
          notices_.push_back(std::move(receipt).value());
        } else {
          spdlog::error("cannot issue the receipt of {}: {}", row.stored.event_id(),
                        receipt.status().to_string());
        }
      }
      if (row.stored.via().empty() && row.stored.origin().node() == config_.node_id) {
        origin_head_seq_ = row.stored.seq();
        if (origin_digest_.ready) {
          extend_origin_digest(row);
        }
      }
    }
    recent_.append(std::move(group.appended));
  }
}

void ClientEndpoint::expire_connections() {
  const Clock::time_point now = Clock::now();
  if (now - last_expiry_check_ < std::chrono::milliseconds(config_.heartbeat_interval_ms / 2)) {
    return;
  }
  last_expiry_check_ = now;
  const auto limit =
      std::chrono::milliseconds(config_.heartbeat_interval_ms * config_.heartbeat_misses);
  for (auto it = connections_.begin(); it != connections_.end();) {
    if (now - it->second.last_seen > limit && it->second.in_flight == 0) {
      spdlog::info("peer {}: silent for {} ms, dropping its subscriptions", peer_name(it->first),
                   limit.count());
      subscriptions_->drop_connection(it->first);
      it = connections_.erase(it);
    } else {
      ++it;
    }
  }
}

// Every refusal passes here, so every one is logged the same way.
void ClientEndpoint::reply_error(const std::string& routing_id, std::uint64_t request_id,
                                 const Status& status) {
  spdlog::warn("peer {}: request {} refused: {}", peer_name(routing_id), request_id,
               status.to_string());
  (void)send(routing_id, protocol::error_frame(request_id, status));
}

SendResult ClientEndpoint::send(const std::string& routing_id, const v1::Frame& frame) {
  send_buffer_.clear();
  frame.SerializeToString(&send_buffer_);
  try {
    if (!router_.send(zmq::buffer(routing_id),
                      zmq::send_flags::sndmore | zmq::send_flags::dontwait)) {
      return SendResult::kBusy;
    }
    (void)router_.send(zmq::buffer(send_buffer_), zmq::send_flags::dontwait);
  } catch (const zmq::error_t& failure) {
    if (failure.num() == EHOSTUNREACH) {
      return SendResult::kGone;
    }
    spdlog::error("send to {} failed: {}", peer_name(routing_id), failure.what());
    return SendResult::kGone;
  }
  return SendResult::kSent;
}

}  // namespace alertbus::broker
