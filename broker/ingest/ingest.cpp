#include "ingest/ingest.hpp"

#include <cassert>

#include "alertbus/protocol/casework.hpp"
#include "alertbus/protocol/codec.hpp"
#include "alertbus/protocol/reference.hpp"
#include "alertbus/protocol/utf8.hpp"
#include "alertbus/protocol/validation.hpp"
#include "security/authority.hpp"
#include "store/reference_number.hpp"

namespace alertbus::broker {

namespace {

constexpr std::int64_t kRemoteClockSkewMs = 24 * 60 * 60 * 1000;

}  // namespace

bool must_wait(const Status& refusal, const v1::StoredEvent& stored, std::string_view via) {
  if (refusal.code() == v1::INVALID_SIGNATURE && refusal.field() == "signer") {
    return true;
  }
  // Only the origin's own events wait for the clock: a relay cannot stall a link with a
  // third node's event dated ahead (that one is refused).
  return refusal.code() == v1::VALUE_OUT_OF_RANGE && refusal.field() == kOriginStoredAtField &&
         stored.origin().node() == via;
}

Ingest::Ingest(Store& reader, std::size_t max_event_bytes, std::string self_node,
               unsigned verify_threads)
    : reader_(reader),
      admission_(reader),
      max_event_bytes_(max_event_bytes),
      self_node_(std::move(self_node)),
      pool_(verify_threads) {}

StatusOr<v1::Event> Ingest::check(const std::string& bytes, const std::string& signature,
                                  const std::string& signer, std::string_view origin_node,
                                  const protocol::ValidationOptions& options,
                                  std::int64_t revocation_check_ms,
                                  const protocol::Registry* registry) const {
  auto decoded = protocol::decode_event(bytes, max_event_bytes_);
  if (!decoded.ok()) {
    return decoded.status();
  }
  if (Status status = protocol::validate_event(decoded.value(), options); !status.ok()) {
    return status;
  }
  if (registry != nullptr) {
    SignedEvent signed_event;
    signed_event.event = &decoded.value();
    signed_event.bytes = bytes;
    signed_event.signature = signature;
    signed_event.signer = signer;
    signed_event.origin_node = origin_node;
    signed_event.revocation_check_ms = revocation_check_ms;
    if (Status status = authorize_event(*registry, signed_event); !status.ok()) {
      return status;
    }
  }
  return decoded;
}

void PublishBatch::run(std::size_t item) {
  results[item] = ingest->check_publish(*items[item].frame.mutable_publish(), items[item].principal,
                                        now_ms, registry.get());
}

void RemoteBatch::run(std::size_t item) {
  results[item] = ingest->check_remote(events[item], via, now_ms, registry.get());
}

StatusOr<NewEvent> Ingest::check_publish(v1::Publish& publish, const protocol::Principal* principal,
                                         std::int64_t now_ms,
                                         const protocol::Registry* registry) const {
  if (principal != nullptr) {
    if (Status status = authorize_publish(*principal, publish.signer()); !status.ok()) {
      return status;
    }
  }
  protocol::ValidationOptions options;
  options.now_unix_ms = now_ms;
  options.max_age_ms = protocol::kMaxEventAgeMs;
  auto decoded = check(publish.event(), publish.signature(), publish.signer(), self_node_, options,
                       now_ms, registry);
  if (!decoded.ok()) {
    return decoded.status();
  }
  const v1::Event& event = decoded.value();
  NewEvent prepared;
  prepared.event_id = event.event_id();
  prepared.event_bytes = std::move(*publish.mutable_event());
  prepared.signature = std::move(*publish.mutable_signature());
  prepared.signer = std::move(*publish.mutable_signer());
  prepared.facts = facts_of(event);
  return prepared;
}

void Ingest::submit(std::unique_ptr<CheckBatch> batch) {
  batch->ingest = this;
  batch->results.assign(batch->size(), StatusOr<NewEvent>(Status::from_code(v1::INTERNAL)));
  pool_.submit(std::move(batch));
}

std::unique_ptr<CheckBatch> Ingest::take_checked() {
  std::unique_ptr<WorkerPool::Task> done = pool_.take_done();
  if (!done) {
    return nullptr;
  }
  // Only CheckBatches are submitted to the pool.
  std::unique_ptr<CheckBatch> batch(static_cast<CheckBatch*>(done.release()));
  if (batch->kind == CheckBatch::Kind::kPublishes) {
    admit_publishes(batch->results);
  }
  return batch;
}

void Ingest::prepare_publishes(std::span<const PublishRequest> requests, std::int64_t now_ms,
                               std::vector<StatusOr<NewEvent>>* results) {
  auto batch = std::make_unique<PublishBatch>();
  batch->registry = registry_;
  batch->now_ms = now_ms;
  for (const PublishRequest& request : requests) {
    PublishBatch::Item item;
    item.frame.mutable_publish()->Swap(request.publish);
    item.principal = request.principal;
    batch->items.push_back(std::move(item));
  }
  std::unique_ptr<CheckBatch> checked = check_now(std::move(batch));
  auto& done = static_cast<PublishBatch&>(*checked);
  for (std::size_t i = 0; i < requests.size(); ++i) {
    done.items[i].frame.mutable_publish()->Swap(requests[i].publish);  // What is left of it.
  }
  *results = std::move(done.results);
}

std::unique_ptr<CheckBatch> Ingest::check_now(std::unique_ptr<CheckBatch> batch) {
  // The pool gives batches back in order: with none pending, the next one out is this one.
  assert(pool_.pending() == 0);
  submit(std::move(batch));
  pool_.wait_idle();
  return take_checked();
}

void Ingest::admit_publishes(std::span<StatusOr<NewEvent>> results) {
  for (StatusOr<NewEvent>& result : results) {
    if (!result.ok()) {
      continue;
    }
    NewEvent& prepared = result.value();
    if (prepared.facts.type == v1::RECEIPT || prepared.facts.type == v1::OVERDUE) {
      const std::string type = v1::EventType_Name(prepared.facts.type);
      result =
          Status::error(v1::PERMISSION_DENIED,
                        "permission denied: " + type + " notices are issued by brokers only",
                        "không có quyền: chỉ máy chủ nút mới phát hành thông báo " + type, "type");
      continue;
    }
    if (prepared.facts.type != v1::ALERT) {
      if (Status status = check_follow_up(&prepared.facts); !status.ok()) {
        // A follow-up the log already holds under this id was judged when it was stored: a
        // client's resend (a lost ack) goes on to the commit, which answers it with the
        // original acknowledgement (or refuses a reused id). Judged again, a CLOSE would be
        // refused because of itself ("is resolved"). Looked up on this path only.
        StatusOr<std::optional<LogRow>> stored = reader_.find_by_id(prepared.event_id);
        if (!stored.ok() || !stored.value()) {
          result = status;
          continue;
        }
      }
    }
    alert_in_flight(prepared);
  }
}

void Ingest::alert_in_flight(const NewEvent& alert) {
  if (alert.facts.type == v1::ALERT) {
    in_flight_alerts_[alert.event_id] =
        AlertFacts{alert.facts.kind,
                   alert.facts.severity,
                   alert.facts.area_codes,
                   alert.facts.sender_unit,
                   alert.origin.node().empty() ? self_node_ : alert.origin.node(),
                   v1::ALERT_ACTIVE,
                   alert.facts.sent_at_ms};
  }
}

StatusOr<NewEvent> Ingest::check_remote(const v1::StoredEvent& stored, const std::string& via,
                                        std::int64_t now_ms,
                                        const protocol::Registry* registry) const {
  // Times (docs/PROTOCOL.md, "Times"): an event is judged at the time its origin stored it,
  // as the origin judged it then; one from the future waits for it (the link holds).
  protocol::ValidationOptions options;
  options.relayed = true;
  std::int64_t revocation_check_ms = now_ms;
  if (stored.origin().has_stored_at()) {
    const google::protobuf::Timestamp& stored_at = stored.origin().stored_at();
    // Years 1970 to 9999, as a Timestamp may hold (and milliseconds cannot overflow).
    if (stored_at.seconds() < 0 || stored_at.seconds() > 253'402'300'799 || stored_at.nanos() < 0 ||
        stored_at.nanos() > 999'999'999) {
      return Status::error(v1::INVALID_VALUE, "origin.stored_at is not a valid time",
                           "origin.stored_at không phải thời điểm hợp lệ",
                           std::string(kOriginStoredAtField));
    }
    const std::int64_t origin_stored_ms = to_unix_ms(stored_at);
    if (origin_stored_ms > now_ms + options.max_clock_skew_ms) {
      return Status::error(
          v1::VALUE_OUT_OF_RANGE,
          "stored at its origin " + std::to_string((origin_stored_ms - now_ms) / 60000) +
              " min ahead of this node's clock: it waits until then (check both clocks)",
          "được nút nguồn lưu sớm hơn giờ của nút này " +
              std::to_string((origin_stored_ms - now_ms) / 60000) +
              " phút: sự kiện chờ đến lúc đó (hãy kiểm tra đồng hồ của cả hai nút)",
          std::string(kOriginStoredAtField));
    }
    options.now_unix_ms = origin_stored_ms;
    options.max_age_ms = protocol::kMaxEventAgeMs;
    // This node's own events, come back from a peer in recovery, are judged now: when this
    // node stored them is only the peer's word.
    if (stored.origin().node() != self_node_) {
      revocation_check_ms = origin_stored_ms;
    }
  } else {
    // From a broker that does not say when its origin stored the event: bounded ahead by a
    // day, as before; any revocation counts (there is no trustworthy time to judge it at).
    options.now_unix_ms = now_ms;
    options.max_clock_skew_ms = kRemoteClockSkewMs;
  }
  auto decoded = check(stored.event(), stored.signature(), stored.signer(), stored.origin().node(),
                       options, revocation_check_ms, registry);
  if (!decoded.ok()) {
    return decoded.status();
  }
  const v1::Event& event = decoded.value();
  bool path_ok = stored.path_size() < 64;
  for (const std::string& node : stored.path()) {
    path_ok = path_ok && !node.empty() && node.size() <= 64 && node.find(',') == std::string::npos;
  }
  if (event.event_id() != stored.event_id() || stored.origin().node().empty() ||
      stored.origin().seq() == 0 || (stored.reference().empty() && takes_reference(event.type())) ||
      !path_ok) {
    const std::string shown = protocol::utf8_prefix(stored.event_id(), 64);
    return Status::error(v1::INVALID_VALUE,
                         "stored event " + shown +
                             " does not match its bytes, lacks its origin or reference, or has"
                             " a malformed path",
                         "sự kiện " + shown +
                             " không khớp với nội dung, thiếu nguồn gốc hay số hiệu, hoặc"
                             " đường đi không hợp lệ");
  }
  // A reference is its origin's: a series of another node's (or none the registry knows of
  // for it) would make `get <reference>` answer with someone else's event. An alert's is of
  // the yearly series (its follow-ups are numbered within it).
  if (const protocol::NodeArea* origin =
          registry != nullptr ? registry->node(stored.origin().node()) : nullptr;
      (origin != nullptr && !stored.reference().empty() &&
       !origin->issues_reference(stored.reference())) ||
      (event.type() == v1::ALERT && !protocol::is_yearly_reference(stored.reference()))) {
    const std::string shown = protocol::utf8_prefix(stored.reference(), 48);
    const std::string node = protocol::utf8_prefix(stored.origin().node(), 64);
    const std::string prefix = origin != nullptr ? origin->reference_prefix : "<prefix>";
    const std::string series = prefix + "-YYYY-NNNNN";
    return Status::error(v1::INVALID_VALUE,
                         "reference " + shown + " of event " + stored.event_id() +
                             " is not one its origin " + node + " numbers (an alert's " + series +
                             ", a follow-up's <alert reference>/" + prefix + "-N)",
                         "số hiệu " + shown + " của sự kiện " + stored.event_id() +
                             " không phải số hiệu do nút nguồn " + node + " cấp (cảnh báo: " +
                             series + ", thông tin tiếp theo: <số hiệu cảnh báo>/" + prefix + "-N)",
                         "reference");
  }
  NewEvent prepared;
  prepared.event_id = event.event_id();
  prepared.event_bytes = stored.event();
  prepared.signature = stored.signature();
  prepared.signer = stored.signer();
  prepared.facts = facts_of(event);
  prepared.origin = stored.origin();
  prepared.reference = stored.reference();
  prepared.via = via;
  prepared.path.assign(stored.path().begin(), stored.path().end());
  prepared.path.push_back(via);
  return prepared;
}

void Ingest::prepare_remote(std::span<const v1::StoredEvent* const> events, const std::string& via,
                            std::int64_t now_ms, std::vector<StatusOr<NewEvent>>* results) {
  auto batch = std::make_unique<RemoteBatch>();
  batch->registry = registry_;
  batch->now_ms = now_ms;
  batch->via = via;
  for (const v1::StoredEvent* event : events) {
    batch->events.push_back(*event);
  }
  std::unique_ptr<CheckBatch> checked = check_now(std::move(batch));
  admit_remote(checked->results);
  *results = std::move(checked->results);
}

void Ingest::admit_remote(std::span<StatusOr<NewEvent>> results) {
  for (StatusOr<NewEvent>& result : results) {
    if (!result.ok()) {
      continue;
    }
    if (result.value().facts.type == v1::ALERT) {
      alert_in_flight(result.value());
      continue;
    }
    EventFacts& facts = result.value().facts;
    auto alert = find_alert(facts.alert_event_id);
    if (!alert.ok()) {
      result = alert.status();
      continue;
    }
    if (alert.value()) {
      if (facts.area_codes == " ") {
        facts.area_codes = alert.value()->area_codes;
      }
      if (facts.severity == v1::SEVERITY_UNSPECIFIED) {
        facts.severity = alert.value()->severity;
      }
    }
  }
}

StatusOr<std::optional<Ingest::AlertFacts>> Ingest::find_alert(const std::string& alert_event_id) {
  if (auto pending = in_flight_alerts_.find(alert_event_id); pending != in_flight_alerts_.end()) {
    return std::optional<AlertFacts>(pending->second);
  }
  return admission_.find(alert_event_id);
}

Status Ingest::check_lifecycle(const std::string& alert_event_id, const AlertFacts& alert,
                               const EventFacts& follow_up) {
  v1::AlertCase alert_case;
  alert_case.set_event_id(alert_event_id);
  alert_case.set_sender_unit(alert.sender_unit);
  alert_case.set_origin_node(alert.origin_node);
  alert_case.set_state(alert.state);
  v1::Event event;
  event.set_type(follow_up.type);
  event.set_sender_unit(follow_up.sender_unit);
  event.mutable_follow_up()->set_stable(follow_up.stable);
  return protocol::check_transition(alert_case, event);
}

Status Ingest::check_follow_up(EventFacts* facts) {
  auto found = find_alert(facts->alert_event_id);
  if (!found.ok()) {
    return found.status();
  }
  if (!found.value()) {
    return Status::error(
        v1::UNKNOWN_REFERENCE,
        "follow-up refers to alert " + facts->alert_event_id + ", which this node does not hold",
        "thông tin tiếp theo tham chiếu đến cảnh báo " + facts->alert_event_id +
            " không có trên nút này",
        "follow_up.alert_event_id");
  }
  const AlertFacts& alert = *found.value();
  if (alert.kind != facts->kind) {
    return Status::error(v1::KIND_MISMATCH,
                         "follow-up kind " + v1::AlertKind_Name(facts->kind) +
                             " differs from its alert's kind " + v1::AlertKind_Name(alert.kind),
                         "loại của thông tin tiếp theo (" + v1::AlertKind_Name(facts->kind) +
                             ") khác loại của cảnh báo (" + v1::AlertKind_Name(alert.kind) + ")",
                         "kind");
  }
  if (Status status = check_lifecycle(facts->alert_event_id, alert, *facts); !status.ok()) {
    return status;
  }
  // A follow-up answers its alert: it cannot have been sent before it (beyond the clocks'
  // allowed skew). Cases never date one before its alert either (protocol/casework.hpp).
  const std::int64_t skew_ms = protocol::ValidationOptions{}.max_clock_skew_ms;
  if (facts->sent_at_ms < alert.sent_at_ms - skew_ms) {
    const std::string before = std::to_string((alert.sent_at_ms - facts->sent_at_ms) / 60000);
    return Status::error(v1::VALUE_OUT_OF_RANGE,
                         "sent_at is " + before + " min before the sent_at of alert " +
                             facts->alert_event_id + "; a follow-up comes after its alert",
                         "thời điểm gửi sent_at sớm hơn " + before + " phút so với cảnh báo " +
                             facts->alert_event_id + "; thông tin tiếp theo phải sau cảnh báo",
                         "sent_at");
  }
  if (facts->area_codes == " ") {
    facts->area_codes = alert.area_codes;
  }
  if (facts->severity == v1::SEVERITY_UNSPECIFIED) {
    facts->severity = alert.severity;
  }
  return {};
}

}  // namespace alertbus::broker
