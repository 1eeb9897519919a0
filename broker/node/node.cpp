#include "node/node.hpp"

#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>
#include <thread>

#include "federation/zmq_link_channel.hpp"
#include "node/data_dir.hpp"
#include "store/sqlite/sqlite_store.hpp"

// The composition root: opens the stores, starts the writer, checkpointer and casework,
// reads the registry and keys, makes the links and binds the endpoints.

namespace alertbus::broker {
namespace {

// ipc:// endpoints need their directory.
void prepare_ipc_directory(const std::string& endpoint) {
  constexpr std::string_view kIpc = "ipc://";
  if (endpoint.rfind(kIpc, 0) == 0) {
    const std::filesystem::path path(endpoint.substr(kIpc.size()));
    std::error_code ignored;
    std::filesystem::create_directories(path.parent_path(), ignored);
  }
}

// Gathers receipts for the alerts from elsewhere stored after the last receipt this node
// stored (startup: a stop between storing an alert and storing its receipt).
Status queue_missing_receipts(Store& reader, ReceiptBatcher& receipts) {
  // Receipts cover the log up to the through seq of the last one stored; after it, an
  // alert may still have an older broker's receipt of its own, which the query skips.
  StatusOr<std::uint64_t> through = reader.last_receipt_through();
  if (!through.ok()) {
    return through.status();
  }
  std::vector<LogRow> rows;
  std::uint64_t after = through.value();
  std::size_t missing = 0;
  do {
    if (Status status = reader.alerts_without_receipt(after, 1024, &rows); !status.ok()) {
      return status;
    }
    for (const LogRow& row : rows) {
      after = row.stored.seq();
      receipts.stored(row);
      ++missing;
    }
  } while (!rows.empty());
  if (missing > 0) {
    spdlog::info("issuing receipts for {} alerts stored before the last stop", missing);
  }
  return {};
}

}  // namespace

Node::Node(const BrokerConfig& config, zmq::context_t& context)
    : config_(config), router_(context), recent_(config.recent_events) {}

Node::~Node() {
  if (writer_) {
    writer_->stop();
  }
}

StatusOr<std::unique_ptr<Node>> Node::open(const BrokerConfig& config, zmq::context_t& context) {
  std::unique_ptr<Node> node(new Node(config, context));
  if (Status status = prepare_data_dir(config.data_dir); !status.ok()) {
    return status;
  }
  SqliteStoreOptions options;
  options.path = (std::filesystem::path(config.data_dir) / "alertbus.db").string();
  options.node_id = config.node_id;
  options.reference_prefix = config.reference_prefix;
  // The writer's store opens first: it creates the schema and the node identity. Its
  // checkpoints run on the checkpointer's thread, started before the writer's.
  options.request_checkpoint = [slot = &node->checkpointer_] {
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
  node->checkpointer_ = std::move(checkpointer).value();
  options.request_checkpoint = nullptr;  // The reader never writes.
  // It reads the newest events for the live deliveries and walks the log in order for a
  // catch-up: SQLite's default cache does, and the broker's memory stays flat (growth bench).
  options.cache_kib = 2000;
  auto reader = SqliteStore::open(options);
  if (!reader.ok()) {
    return reader.status();
  }
  node->reader_ = std::move(reader).value();
  CommitFanout::Position position;
  position.epoch = node->reader_->epoch();
  auto head = node->reader_->head_seq();
  if (!head.ok()) {
    return head.status();
  }
  position.head_seq = head.value();
  // The log's seqs run from 1 to the head without a gap (each commit numbers its rows after
  // the head, and the hash chain links each to the one before), so the head is the count;
  // counting the rows read the whole log at every start (9.7 s at 10,000,000 events).
  position.event_count = head.value();
  node->writer_ = std::make_unique<Writer>(std::move(writer_store).value(), config.max_batch_events,
                                           node->metrics_.get());
  node->subscriptions_ = std::make_unique<Subscriptions>(
      *node->reader_, node->recent_,
      [router = &node->router_](const std::string& routing_id, std::string_view bytes) {
        return router->send_bytes(routing_id, bytes);
      },
      config.delivery_budget_bytes);
  node->subscriptions_->count_deliveries(&node->metrics_->delivery);
  node->router_.count_refusals(node->metrics_.get());
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
  const bool curve = config.security_mode == "curve";
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
  }
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  const unsigned verify_threads = config.verify_threads >= 0
                                      ? static_cast<unsigned>(config.verify_threads)
                                      : std::min(cores, 8U);
  node->ingest_ = std::make_unique<Ingest>(*node->reader_, config.max_event_bytes, config.node_id,
                                           verify_threads);
  node->ingest_->set_registry(registry);
  std::optional<protocol::SigningKey> signing;
  if (own_keys) {
    signing = protocol::expand_signing_seed(own_keys->signing_seed);
  }
  node->origin_checkpoint_ =
      std::make_unique<OriginCheckpoint>(config.node_id, position.epoch, signing);
  node->notice_issuer_ =
      std::make_unique<NoticeIssuer>(config.node_id, signing, config.escalate_to);
  node->receipts_ = std::make_unique<ReceiptBatcher>(
      *node->notice_issuer_, std::chrono::milliseconds(config.receipt_interval_ms));
  if (config.casework) {
    auto case_context = CaseService::context_for(config, registry.get());
    if (!case_context.ok()) {
      return case_context.status();
    }
    CaseService::Replies replies;
    replies.send = [router = &node->router_](const std::string& routing_id,
                                             const v1::Frame& frame) {
      (void)router->send(routing_id, frame);
    };
    replies.error = [router = &node->router_](const std::string& routing_id,
                                              std::uint64_t request_id, const Status& status) {
      router->reply_error(routing_id, request_id, status);
    };
    auto cases = CaseService::start(node->config_, options.path, std::move(case_context).value(),
                                    *node->notice_issuer_, std::move(replies));
    if (!cases.ok()) {
      return cases.status();
    }
    node->cases_ = std::move(cases).value();
  }
  auto reads = ReadWorker::start(options.path, config.node_id,
                                 node->cases_ ? node->cases_->projection_path() : std::string());
  if (!reads.ok()) {
    return reads.status();
  }
  node->reads_ = std::move(reads).value();
  if (node->cases_) {
    node->cases_->use_reads(node->reads_.get());
  }
  if (Status status = queue_missing_receipts(*node->reader_, *node->receipts_); !status.ok()) {
    return status;
  }
  auto origin_head = node->reader_->last_local_seq();
  if (!origin_head.ok()) {
    return origin_head.status();
  }
  position.origin_head_seq = origin_head.value();
  PeerLink::Options link_options;
  link_options.credit = config.link_credit;
  link_options.heartbeat_interval_ms = config.heartbeat_interval_ms;
  link_options.heartbeat_misses = config.heartbeat_misses;
  link_options.relay = config.relay;
  link_options.max_hops = config.max_hops;
  link_options.self_id = config.node_id;
  link_options.self_epoch = node->reader_->epoch();
  link_options.checkpoint_interval_ms = config.checkpoint_interval_ms;
  link_options.recovery_window_ms = config.recovery_window_ms;
  link_options.log = node->reader_.get();
  for (const PeerConfig& peer : config.peers) {
    auto cursor = node->reader_->load_link_cursor(peer.id);
    if (!cursor.ok()) {
      return cursor.status();
    }
    auto channel = std::make_unique<ZmqLinkChannel>(context, peer.id, peer.endpoint,
                                                    curve ? own_keys : nullptr);
    link_options.index = node->links_.size();
    node->links_.push_back(std::make_unique<PeerLink>(peer, std::move(channel), *node->ingest_,
                                                      cursor.value(), link_options));
  }

  zmq::socket_t& router = node->router_.socket();
  const std::size_t max_frame = config.max_event_bytes + 64 * 1024;
  try {
    Gatekeeper::Limits limits;
    limits.max_connections = config.max_connections;
    limits.handshake_timeout_ms = config.handshake_timeout_ms;
    limits.pending.max_pending = config.max_pending_handshakes;
    limits.pending.max_pending_per_address = config.max_pending_handshakes_per_address;
    node->gatekeeper_ = std::make_unique<Gatekeeper>(context, limits);
    node->gatekeeper_->set_registry(registry);
    node->gatekeeper_->watch(router);
    // A ZAP domain makes ZeroMQ ask the gatekeeper about plain (NULL) connections too, so
    // the connection limit holds in both modes.
    router.set(zmq::sockopt::zap_domain, "alertbus");
    if (curve) {
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
      node->bound_.push_back(router.get(zmq::sockopt::last_endpoint));
    }
  } catch (const zmq::error_t& failure) {
    return Status::error(v1::INTERNAL, std::string("cannot bind: ") + failure.what(),
                         std::string("không mở được địa chỉ lắng nghe: ") + failure.what());
  }
  Loop::Parts parts{node->router_,
                    *node->gatekeeper_,
                    *node->reader_,
                    *node->subscriptions_,
                    *node->ingest_,
                    node->cases_.get(),
                    *node->reads_,
                    node->links_,
                    *node->origin_checkpoint_,
                    config.metrics_listen.empty() ? nullptr : node->metrics_.get()};
  CommitFanout::Parts commit{*node->writer_,     *node->ingest_,      node->links_,
                             node->recent_,      *node->receipts_,    *node->origin_checkpoint_,
                             node->cases_.get(), node->metrics_.get()};
  node->loop_ = std::make_unique<Loop>(node->config_, parts, commit, position);
  spdlog::info("node {} epoch {}: {} events stored, head seq {}", config.node_id, position.epoch,
               position.event_count, position.head_seq);
  if (curve) {
    spdlog::info("security: CurveZMQ on every endpoint, {} principals in {}; {} verify threads",
                 registry->principal_count(), config.registry_path, verify_threads);
  } else {
    spdlog::warn("*** PLAIN MODE: no encryption and no authentication on {} ***",
                 fmt::join(node->bound_, ", "));
    spdlog::warn("*** CHẾ ĐỘ KHÔNG MÃ HÓA: chỉ dùng khi phát triển (development only) ***");
    if (registry) {
      spdlog::warn("signatures are still required and checked against {}", config.registry_path);
    } else {
      spdlog::warn("*** no registry: events are NOT required to be signed ***");
    }
  }
  return node;
}

}  // namespace alertbus::broker
