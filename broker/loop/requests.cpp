#include <spdlog/spdlog.h>

#include "alertbus/protocol/clock.hpp"
#include "alertbus/protocol/utf8.hpp"
#include "loop/loop.hpp"
#include "query/query_handler.hpp"
#include "security/authority.hpp"

// Requests as the loop takes them: subscriptions, status and checkpoints answered here;
// queries and case queries handed to the read worker (query/read_worker.hpp).

namespace alertbus::broker {
namespace {

constexpr std::uint32_t kDefaultCredit = 256;
constexpr std::uint32_t kMaxCredit = 10000;
constexpr std::size_t kMaxDurableNameBytes = 128;

std::int64_t wall_ms() {
  return protocol::now_unix_ms();
}

}  // namespace

void Loop::handle_query(const std::string& routing_id, std::uint64_t request_id,
                        const v1::Query& query, const protocol::Principal* principal) {
  v1::Query scoped = query;
  if (principal != nullptr && scoped.has_filter()) {
    if (Status status = authorize_read(*principal, scoped.mutable_filter()); !status.ok()) {
      reply_error(routing_id, request_id, status);
      return;
    }
  }
  // On the read worker: the principal lives in the registry the job holds.
  // The province table is immutable: the job holds it as it holds the registry.
  auto job = [this, routing_id, request_id, query = std::move(scoped), principal,
              registry = ingest_.registry(),
              areas = cases_ ? cases_->areas() : nullptr](const ReadWorker::Readers& readers) {
    StatusOr<v1::QueryResult> result = run_query(*readers.log, query, areas.get());
    if (result.ok() && principal != nullptr) {
      // A lookup by id or reference finds one event: it must be of a kind the principal reads.
      for (const v1::StoredEvent& event : result.value().events()) {
        if (Status status = authorize_read_kind(*principal, event.kind()); !status.ok()) {
          result = status;
          break;
        }
      }
    }
    v1::Frame reply;
    if (result.ok()) {
      reply.set_request_id(request_id);
      *reply.mutable_query_result() = std::move(result).value();
    }
    return [this, routing_id, request_id, status = result.status(), reply = std::move(reply)] {
      if (!status.ok()) {
        reply_error(routing_id, request_id, status);
      } else {
        send(routing_id, reply);
      }
    };
  };
  if (!reads_.submit(std::move(job))) {
    reply_error(routing_id, request_id, ReadWorker::busy());
  }
}

void Loop::handle_case_query(const std::string& routing_id, std::uint64_t request_id,
                             const v1::CaseQuery& query, const protocol::Principal* principal) {
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
  if (!cases_) {
    reply_error(routing_id, request_id, Status::from_code(v1::CASEWORK_OFF));
    return;
  }
  cases_->query(routing_id, request_id, std::move(scoped), fanout_.head_seq());
}

void Loop::handle_subscribe(const std::string& routing_id, std::uint64_t request_id,
                            const v1::Subscribe& subscribe, const protocol::Principal* principal) {
  if (subscription_count(routing_id) >= config_.max_subscriptions) {
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
  auto filter = EventFilter::from_proto(scoped, cases_ ? cases_->areas().get() : nullptr);
  if (!filter.ok()) {
    reply_error(routing_id, request_id, filter.status());
    return;
  }
  Subscriptions::Spec spec;
  spec.routing_id = routing_id;
  spec.id = request_id;
  // A durable name is its principal's: another principal's subscription of the same name is
  // another subscription (no takeover, no shared cursor). Plain connections share one space.
  if (!subscribe.durable_name().empty()) {
    spec.durable_name = principal != nullptr ? principal->id + ":" + subscribe.durable_name()
                                             : subscribe.durable_name();
  }
  spec.filter = std::move(filter).value();
  spec.credit = subscribe.credit() == 0 ? kDefaultCredit : subscribe.credit();

  bool resumed = false;
  if (!spec.durable_name.empty()) {
    auto stored = reader_.load_cursor(spec.durable_name);
    if (!stored.ok()) {
      reply_error(routing_id, request_id, stored.status());
      return;
    }
    const std::optional<std::uint64_t> attached =
        subscriptions_.attached_durable_position(spec.durable_name);
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
    fanout_.start_after_commit(std::move(spec));
    return;
  }
  start_subscription(std::move(spec), resumed);
}

void Loop::start_subscription(Subscriptions::Spec spec, bool resumed) {
  v1::Frame reply;
  reply.set_request_id(spec.id);
  v1::Subscribed* subscribed = reply.mutable_subscribed();
  subscribed->set_subscription_id(spec.id);
  subscribed->set_start_after_seq(spec.after_seq);
  subscribed->set_head_seq(fanout_.head_seq());
  subscribed->set_epoch(fanout_.epoch());
  subscribed->set_resumed(resumed);
  const std::string routing_id = spec.routing_id;
  subscriptions_.add(std::move(spec));
  send(routing_id, reply);
}

StatusOr<std::uint64_t> Loop::resolve_start(const v1::Subscribe& subscribe) {
  switch (subscribe.start_case()) {
    case v1::Subscribe::kAfterSeq:
      if (subscribe.after_seq() > fanout_.head_seq()) {
        return Status::error(v1::INVALID_SUBSCRIPTION,
                             "after_seq " + std::to_string(subscribe.after_seq()) +
                                 " is beyond the last seq " + std::to_string(fanout_.head_seq()),
                             "after_seq " + std::to_string(subscribe.after_seq()) +
                                 " vượt quá số thứ tự cuối " + std::to_string(fanout_.head_seq()),
                             "after_seq");
      }
      return subscribe.after_seq();
    case v1::Subscribe::kFromTime:
      return reader_.seq_before_time(to_unix_ms(subscribe.from_time()));
    case v1::Subscribe::kFromNow:
      return fanout_.head_seq();
    case v1::Subscribe::kFromBeginning:
    case v1::Subscribe::START_NOT_SET:
      break;
  }
  return std::uint64_t{0};
}

void Loop::handle_case_subscribe(const std::string& routing_id, std::uint64_t request_id,
                                 const v1::CaseSubscribe& subscribe,
                                 const protocol::Principal* principal) {
  if (!cases_) {
    reply_error(routing_id, request_id, Status::from_code(v1::CASEWORK_OFF));
    return;
  }
  if (subscription_count(routing_id) >= config_.max_subscriptions) {
    reply_error(routing_id, request_id, Status::from_code(v1::TOO_MANY_SUBSCRIPTIONS));
    return;
  }
  v1::CaseSubscribe scoped = subscribe;
  if (principal != nullptr) {
    // The read scope, as for case queries: the kinds asked for must be readable; none
    // asked: those.
    v1::Filter kinds;
    kinds.mutable_kinds()->CopyFrom(subscribe.filter().kinds());
    if (Status status = authorize_read(*principal, &kinds); !status.ok()) {
      reply_error(routing_id, request_id,
                  Status::error(status.code(), status.message(), status.message_vi(), "kinds"));
      return;
    }
    scoped.mutable_filter()->mutable_kinds()->CopyFrom(kinds.kinds());
  }
  if (Status status = cases_->subscribe(routing_id, request_id, scoped); !status.ok()) {
    reply_error(routing_id, request_id, status);
  }
}

void Loop::handle_delivery_ack(const std::string& routing_id, const v1::DeliveryAck& ack) {
  if (cases_ && cases_->streams().owns(routing_id, ack.subscription_id())) {
    cases_->streams().add_credit(routing_id, ack.subscription_id(), ack.credit());
    return;
  }
  std::optional<CursorUpdate> cursor;
  if (Status status = subscriptions_.ack(routing_id, ack.subscription_id(), ack.up_to_seq(),
                                         ack.credit(), &cursor);
      !status.ok()) {
    reply_error(routing_id, ack.subscription_id(), status);
    return;
  }
  if (cursor) {
    fanout_.add_cursor(std::move(*cursor));
  }
}

void Loop::handle_unsubscribe(const std::string& routing_id, std::uint64_t request_id,
                              const v1::Unsubscribe& unsubscribe) {
  if (cases_ && cases_->streams().owns(routing_id, unsubscribe.subscription_id())) {
    cases_->streams().remove(routing_id, unsubscribe.subscription_id());
    return;
  }
  std::string durable_name;
  if (Status status =
          subscriptions_.remove(routing_id, unsubscribe.subscription_id(), &durable_name);
      !status.ok()) {
    reply_error(routing_id, request_id, status);
    return;
  }
  if (unsubscribe.forget() && !durable_name.empty()) {
    fanout_.add_cursor(CursorUpdate{durable_name, 0, true});
  }
}

void Loop::handle_status(const std::string& routing_id, std::uint64_t request_id) {
  v1::Frame reply;
  reply.set_request_id(request_id);
  *reply.mutable_status_reply() = status_reply();
  send(routing_id, reply);
}

v1::StatusReply Loop::status_reply() const {
  v1::StatusReply status;
  status.set_node_id(config_.node_id);
  status.set_node_name(config_.node_name);
  status.set_epoch(fanout_.epoch());
  status.set_head_seq(fanout_.head_seq());
  status.set_event_count(fanout_.event_count());
  status.set_connected_clients(static_cast<std::uint32_t>(connections_.size()));
  status.set_pending_handshakes(static_cast<std::uint32_t>(gatekeeper_.pending()));
  status.set_pending_handshakes_closed(gatekeeper_.closed_pending());
  status.set_subscriptions(static_cast<std::uint32_t>(subscriptions_.size()));
  if (cases_) {
    cases_->fill_status(&status);
  }
  status.set_casework_off(!cases_);
  status.set_version(ALERTBUS_VERSION);
  set_unix_ms(started_at_ms_, status.mutable_started_at());
  for (const auto& link : links_) {
    *status.add_peers() = link->status();
  }
  return status;
}

void Loop::handle_directory(const std::string& routing_id, std::uint64_t request_id) {
  v1::Frame reply;
  reply.set_request_id(request_id);
  v1::Directory* directory = reply.mutable_directory();
  const std::shared_ptr<const protocol::Registry> registry = ingest_.registry();
  if (!registry) {
    v1::Directory::Node* self = directory->add_nodes();
    self->set_id(config_.node_id);
    self->set_name(config_.node_name);
    self->set_reference_prefix(config_.reference_prefix);
  } else {
    for (const protocol::NodeArea& node : registry->nodes()) {
      v1::Directory::Node* entry = directory->add_nodes();
      entry->set_id(node.id);
      entry->set_name(node.name);
      entry->set_reference_prefix(node.reference_prefix);
    }
    for (const protocol::Principal& principal : registry->principals()) {
      if (principal.role != protocol::Role::kUnit) {
        continue;
      }
      v1::Directory::Unit* unit = directory->add_units();
      unit->set_id(principal.id);
      unit->set_name(principal.name);
      unit->set_node(principal.node);
      for (const v1::AlertKind kind : principal.kinds) {
        unit->add_kinds(kind);
      }
    }
  }
  send(routing_id, reply);
}

namespace {

// The first checkpoint of node `request.node()` kept here, as it signed it (the asker verifies
// it with that node's key), or NOT_FOUND.
StatusOr<v1::Checkpoint> kept_checkpoint(Store& log, const v1::CheckpointRequest& request) {
  auto kept = log.first_peer_checkpoint(request.node(), request.epoch(), request.at_or_after_seq());
  if (!kept.ok()) {
    return kept.status();
  }
  if (!kept.value()) {
    const std::string node = protocol::utf8_prefix(request.node(), 64);
    const std::string epoch = std::to_string(request.epoch());
    const std::string seq = std::to_string(request.at_or_after_seq());
    return Status::error(v1::NOT_FOUND,
                         "no checkpoint of node '" + node + "' for epoch " + epoch +
                             " at or after seq " + seq + " is kept here",
                         "nút này không giữ điểm kiểm tra nào của nút '" + node +
                             "' cho kỷ nguyên " + epoch + " từ số thứ tự " + seq);
  }
  return std::move(*kept.value());
}

}  // namespace

void Loop::handle_checkpoint(const std::string& routing_id, std::uint64_t request_id,
                             const v1::CheckpointRequest& request) {
  StatusOr<v1::Checkpoint> checkpoint =
      request.node().empty() || request.node() == reader_.node_id()
          ? origin_checkpoint_.sign(reader_, fanout_.head_seq(), wall_ms())
          : kept_checkpoint(reader_, request);
  if (!checkpoint.ok()) {
    reply_error(routing_id, request_id, checkpoint.status());
    return;
  }
  v1::Frame reply;
  reply.set_request_id(request_id);
  *reply.mutable_checkpoint() = std::move(checkpoint).value();
  send(routing_id, reply);
}

void Loop::handle_admin(const std::string& routing_id, std::uint64_t request_id,
                        const v1::AdminRequest& request, const protocol::Principal* principal) {
  // In security mode curve every connection has a principal; only operators administer.
  if (principal != nullptr && principal->role != protocol::Role::kOperator) {
    reply_error(routing_id, request_id,
                Status::error(v1::PERMISSION_DENIED,
                              "permission denied: only an operator administers the node",
                              "không có quyền: chỉ người vận hành mới quản trị được nút"));
    return;
  }
  if (request.action_case() != v1::AdminRequest::kReproject) {
    reply_error(routing_id, request_id,
                Status::error(v1::MISSING_FIELD, "the request names no action",
                              "yêu cầu không nêu việc cần làm", "action"));
    return;
  }
  if (!cases_) {
    reply_error(routing_id, request_id, Status::from_code(v1::CASEWORK_OFF));
    return;
  }
  cases_->reproject();
  spdlog::warn("casework projection: projecting the log again, asked by {}",
               principal != nullptr ? principal->id : std::string("a plain connection"));
  v1::Frame reply;
  reply.set_request_id(request_id);
  v1::AdminReply* answer = reply.mutable_admin_reply();
  answer->set_message("the case records are being rebuilt from the log (" +
                      std::to_string(fanout_.head_seq()) + " events); case queries wait for it");
  answer->set_message_vi("đang dựng lại hồ sơ vụ việc từ nhật ký (" +
                         std::to_string(fanout_.head_seq()) +
                         " sự kiện); các truy vấn vụ việc sẽ chờ đến khi xong");
  send(routing_id, reply);
}

}  // namespace alertbus::broker
