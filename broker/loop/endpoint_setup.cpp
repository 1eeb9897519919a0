#include <algorithm>
#include <filesystem>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>
#include <thread>

#include "alertbus/protocol/clock.hpp"
#include "federation/zmq_link_channel.hpp"
#include "loop/client_endpoint.hpp"
#include "store/sqlite/sqlite_store.hpp"

// The composition root: opens the stores, starts the writer, checkpointer and casework,
// reads the registry and keys, makes the links and binds the endpoints.

namespace alertbus::broker {
namespace {

std::int64_t wall_ms() {
  return protocol::now_unix_ms();
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
  options.request_checkpoint = nullptr;  // The reader never writes.
  auto reader = SqliteStore::open(options);
  if (!reader.ok()) {
    return reader.status();
  }
  endpoint->reader_ = std::move(reader).value();
  CommitFanout::Position position;
  position.epoch = endpoint->reader_->epoch();
  auto head = endpoint->reader_->head_seq();
  auto count = endpoint->reader_->event_count();
  if (!head.ok() || !count.ok()) {
    return head.ok() ? count.status() : head.status();
  }
  position.head_seq = head.value();
  position.event_count = count.value();
  endpoint->writer_ =
      std::make_unique<Writer>(std::move(writer_store).value(), config.max_batch_events);
  endpoint->subscriptions_ = std::make_unique<Subscriptions>(
      *endpoint->reader_, endpoint->recent_,
      [router = &endpoint->router_](const std::string& routing_id, std::string_view bytes) {
        return router->send_bytes(routing_id, bytes);
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
  }
  const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
  const unsigned verify_threads = config.verify_threads >= 0
                                      ? static_cast<unsigned>(config.verify_threads)
                                      : std::min(cores, 8U);
  endpoint->ingest_ = std::make_unique<Ingest>(*endpoint->reader_, config.max_event_bytes,
                                               config.node_id, verify_threads);
  endpoint->ingest_->set_registry(registry);
  std::optional<protocol::SigningKey> signing;
  if (own_keys) {
    signing = protocol::expand_signing_seed(own_keys->signing_seed);
  }
  endpoint->origin_checkpoint_ =
      std::make_unique<OriginCheckpoint>(config.node_id, position.epoch, signing);
  endpoint->notice_issuer_ =
      std::make_unique<NoticeIssuer>(config.node_id, signing, config.escalate_to);
  endpoint->receipts_ = std::make_unique<ReceiptBatcher>(
      *endpoint->notice_issuer_, std::chrono::milliseconds(config.receipt_interval_ms));
  if (config.casework) {
    auto case_context = CaseService::context_for(config, registry.get());
    if (!case_context.ok()) {
      return case_context.status();
    }
    CaseService::Replies replies;
    replies.send = [router = &endpoint->router_](const std::string& routing_id,
                                                 const v1::Frame& frame) {
      (void)router->send(routing_id, frame);
    };
    replies.error = [router = &endpoint->router_](const std::string& routing_id,
                                                  std::uint64_t request_id, const Status& status) {
      router->reply_error(routing_id, request_id, status);
    };
    auto cases =
        CaseService::start(endpoint->config_, options.path, std::move(case_context).value(),
                           *endpoint->notice_issuer_, std::move(replies));
    if (!cases.ok()) {
      return cases.status();
    }
    endpoint->cases_ = std::move(cases).value();
  }
  auto reads =
      ReadWorker::start(options.path, config.node_id,
                        endpoint->cases_ ? endpoint->cases_->projection_path() : std::string());
  if (!reads.ok()) {
    return reads.status();
  }
  endpoint->reads_ = std::move(reads).value();
  if (endpoint->cases_) {
    endpoint->cases_->use_reads(endpoint->reads_.get());
  }
  if (Status status = queue_missing_receipts(*endpoint->reader_, *endpoint->receipts_);
      !status.ok()) {
    return status;
  }
  auto origin_head = endpoint->reader_->last_local_seq();
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
  link_options.checkpoint_interval_ms = config.checkpoint_interval_ms;
  for (const PeerConfig& peer : config.peers) {
    auto cursor = endpoint->reader_->load_link_cursor(peer.id);
    if (!cursor.ok()) {
      return cursor.status();
    }
    auto channel = std::make_unique<ZmqLinkChannel>(context, peer.id, peer.endpoint,
                                                    endpoint->curve_ ? own_keys : nullptr);
    link_options.index = endpoint->links_.size();
    endpoint->links_.push_back(std::make_unique<PeerLink>(
        peer, std::move(channel), *endpoint->ingest_, cursor.value(), link_options));
  }

  zmq::socket_t& router = endpoint->router_.socket();
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
  CommitFanout::Parts commit{*endpoint->writer_,    *endpoint->ingest_,
                             endpoint->links_,      endpoint->recent_,
                             *endpoint->receipts_,  *endpoint->origin_checkpoint_,
                             endpoint->cases_.get()};
  CommitFanout::Effects& effects = *endpoint;  // The loop, for the fan-out.
  endpoint->fanout_ = std::make_unique<CommitFanout>(config.node_id, commit, position, effects);
  endpoint->started_at_ms_ = wall_ms();
  spdlog::info("node {} epoch {}: {} events stored, head seq {}", config.node_id, position.epoch,
               position.event_count, position.head_seq);
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

}  // namespace alertbus::broker
