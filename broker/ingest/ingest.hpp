// Ingest: turns a Publish, or an event relayed by a peer, into a NewEvent ready for the
// writer, or a Status saying exactly what is wrong.
//
// Two phases per batch:
// 1. stateless, on other cores (WorkerPool): size, decode (with the field of any invalid
//    UTF-8), validation per kind, and, when the node holds a registry, the authority rules
//    and the Ed25519 signature (authority.hpp). Each event is verified once, here, and never
//    again on read or delivery. Client publishes and links' Deliveries go through it without
//    the loop waiting (submit / take_checked: batches come back in the order they went in);
//    prepare_publishes and prepare_remote do both phases at once, through the same pool.
// 2. in order, on the loop thread: for a follow-up, that its alert is held here (or is in
//    flight in an uncommitted batch) and has the same kind, and, for a publish, that the
//    alert's lifecycle allows it (protocol::check_transition: only the issuer closes or
//    cancels; nothing follows a cancellation), judged against every event committed before
//    it (AdmissionIndex), never against the casework projection. Relayed follow-ups are not
//    refused on lifecycle grounds: the node they came from judged them, and every node's case
//    projection ignores those that break a rule. A follow-up without areas or
//    severity of its own takes its alert's, so filters by area and severity follow the case.
//
// Threading: the loop thread, except check_publish(), check_remote() and the batches' run(),
// which run on the pool's threads and read only the batch's own registry snapshot.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/registry.hpp"
#include "alertbus/protocol/validation.hpp"
#include "ingest/admission_index.hpp"
#include "ingest/worker_pool.hpp"
#include "store/store.hpp"

namespace alertbus::broker {

class Ingest;

// A batch of events checked (phase 1) on the pool's threads: the client publishes read in
// one loop iteration, or one Delivery of a federation link.
struct CheckBatch : WorkerPool::Task {
  enum class Kind { kPublishes, kRemote };

  explicit CheckBatch(Kind batch_kind) : kind(batch_kind) {}

  const Kind kind;
  const Ingest* ingest = nullptr;
  // The registry in force when the batch was read: its principals and the rules it is
  // judged by, even if a reload replaces the node's registry meanwhile.
  std::shared_ptr<const protocol::Registry> registry;
  std::int64_t now_ms = 0;
  std::vector<StatusOr<NewEvent>> results;  // results[i] answers the batch's item i.
};

struct PublishBatch final : CheckBatch {
  struct Item {
    std::string routing_id;
    std::uint64_t request_id = 0;
    v1::Frame frame;  // Holds the Publish; its event bytes move into the result.
    // The connection's principal (security mode "curve"), in `registry`; null on a plain
    // connection.
    const protocol::Principal* principal = nullptr;
    // When the loop read it (publish -> ack latency, metrics/broker_metrics.hpp).
    std::chrono::steady_clock::time_point received{};
  };

  PublishBatch() : CheckBatch(Kind::kPublishes) {}

  std::vector<Item> items;

  std::size_t size() const override { return items.size(); }

  void run(std::size_t item) override;
};

// The events of one Delivery a link received from peer `via` (those it did not set aside
// before any check), with what the link needs to make its Batch once they are checked.
struct RemoteBatch final : CheckBatch {
  RemoteBatch() : CheckBatch(Kind::kRemote) {}

  std::size_t link = 0;  // Which of the loop's links read it.
  std::string via;
  std::uint64_t subscription_id = 0;  // The link's subscription it came on.
  std::uint32_t credit = 0;           // Events in the Delivery: the credit to give back.
  std::uint64_t cursor_seq = 0;       // The link's cursor after this Delivery.
  std::uint64_t cursor_epoch = 0;
  // The Delivery's last seq, which the link acknowledges after the commit: beyond cursor_seq
  // when the link holds events of it in memory (OwnRecovery), so the peer's delivery budget
  // is freed while the cursor stays before them.
  std::uint64_t ack_seq = 0;
  // The link's own mark for the events it releases from memory (OwnRecovery); 0: none.
  std::uint64_t release = 0;
  std::vector<v1::StoredEvent> events;

  std::size_t size() const override { return events.size(); }

  void run(std::size_t item) override;
};

// The field an event from the future is refused on (origin.stored_at).
inline constexpr std::string_view kOriginStoredAtField = "origin.stored_at";

// Whether the refusal of event `stored` from peer `via` is one to wait out rather than skip:
// a signer this node's registry does not know (yet), or an event of the peer's own that it
// stored later than this node's clock allows (the clocks will agree). A third node's event
// dated ahead is refused: a relay cannot stall the link with one.
bool must_wait(const Status& refusal, const v1::StoredEvent& stored, std::string_view via);

class Ingest {
 public:
  // `self_node`: this node's id (publishes originate here). `verify_threads`: pool helpers.
  Ingest(Store& reader, std::size_t max_event_bytes, std::string self_node,
         unsigned verify_threads);

  // The trust bundle; null: events need no signature (development without a registry).
  void set_registry(std::shared_ptr<const protocol::Registry> registry) {
    registry_ = std::move(registry);
  }

  const std::shared_ptr<const protocol::Registry>& registry() const { return registry_; }

  struct PublishRequest {
    v1::Publish* publish = nullptr;
    // The connection's principal (security mode "curve"); null on a plain connection.
    const protocol::Principal* principal = nullptr;
  };

  // Phase 1 of one publish: its principal may publish as its signer, and the event decodes,
  // validates and verifies under `registry` (null: no signatures needed). Thread-safe.
  StatusOr<NewEvent> check_publish(v1::Publish& publish, const protocol::Principal* principal,
                                   std::int64_t now_ms, const protocol::Registry* registry) const;

  // Phase 1 of one event relayed by peer `via`. Thread-safe. An event stored at its origin
  // later than this node's clock allows is refused on field origin.stored_at; must_wait()
  // says whether the link keeps its cursor before it and tries again.
  StatusOr<NewEvent> check_remote(const v1::StoredEvent& stored, const std::string& via,
                                  std::int64_t now_ms, const protocol::Registry* registry) const;

  // A batch to check without the loop waiting (its registry and now_ms set).
  void submit(std::unique_ptr<CheckBatch> batch);
  // The oldest submitted batch once it is checked, or null. A PublishBatch comes with phase
  // 2 done (its results final, its alerts in flight); a RemoteBatch without: its link first
  // decides whether the batch still counts, then calls admit_remote().
  std::unique_ptr<CheckBatch> take_checked();

  // Readable when a submitted batch may be ready.
  int checked_fd() const { return pool_.done_fd(); }

  std::size_t checks_pending() const { return pool_.pending(); }

  // Shutdown: waits until every submitted batch is checked.
  void wait_checks() { pool_.wait_idle(); }

  // Phase 2 of relayed events, in order: alerts in flight, follow-ups take their alert's
  // areas and severity when it is here.
  void admit_remote(std::span<StatusOr<NewEvent>> results);

  // Prepares every publish at once; (*results)[i] answers requests[i]. On success an event's bytes,
  // signature and signer move into its NewEvent (the Publish is left without them), and an
  // alert is registered in flight so that later follow-ups, even in the same batch, find it.
  void prepare_publishes(std::span<const PublishRequest> requests, std::int64_t now_ms,
                         std::vector<StatusOr<NewEvent>>* results);

  // The same for events a federation link received from peer `via`: the exact bytes are
  // decoded, validated and verified again (a peer is not trusted more than a client), each
  // StoredEvent's id must be the event's own, and its origin position and reference are kept.
  // A follow-up whose alert is not here yet is accepted (its alert is on its way through
  // another link); it inherits the alert's areas and severity only when the alert is here.
  // The clock-skew bound is a day: the origin checked sent_at against its own clock.
  // Accepted alerts are registered in flight, as for publishes.
  void prepare_remote(std::span<const v1::StoredEvent* const> events, const std::string& via,
                      std::int64_t now_ms, std::vector<StatusOr<NewEvent>>* results);
  // (Both: with no batch submitted and not yet taken; they wait for their own.)

  // An accepted alert is "in flight" until its batch is committed; follow-ups may refer to
  // it meanwhile.
  void alert_in_flight(const NewEvent& alert);

  void committed(const std::string& event_id) { in_flight_alerts_.erase(event_id); }

  // Every row the writer committed, in seq order (the admission index follows the states).
  void row_committed(const LogRow& row) { admission_.committed(row); }

 private:
  using AlertFacts = AdmissionIndex::Alert;

  // Phase 1 for one event: decodes `bytes`, validates it with `options`, and checks its
  // signature and authority (revocations in force at `revocation_check_ms`) when `registry`
  // is not null.
  StatusOr<v1::Event> check(const std::string& bytes, const std::string& signature,
                            const std::string& signer, std::string_view origin_node,
                            const protocol::ValidationOptions& options,
                            std::int64_t revocation_check_ms,
                            const protocol::Registry* registry) const;
  // Submits `batch`, waits for it and takes it back (nothing else may be pending).
  std::unique_ptr<CheckBatch> check_now(std::unique_ptr<CheckBatch> batch);
  // Phase 2 of publishes, in order.
  void admit_publishes(std::span<StatusOr<NewEvent>> results);

  // Finds the alert of a follow-up, among alerts in flight and in the store.
  StatusOr<std::optional<AlertFacts>> find_alert(const std::string& alert_event_id);
  // For a publish: the follow-up's alert is held (or in flight), of the same kind, and its
  // lifecycle allows the follow-up. Fills in the alert's areas and severity.
  Status check_follow_up(EventFacts* facts);
  // The lifecycle rules for a follow-up published here.
  static Status check_lifecycle(const std::string& alert_event_id, const AlertFacts& alert,
                                const EventFacts& follow_up);

  Store& reader_;
  AdmissionIndex admission_;
  std::size_t max_event_bytes_;
  std::string self_node_;
  std::shared_ptr<const protocol::Registry> registry_;
  WorkerPool pool_;
  std::unordered_map<std::string, AlertFacts> in_flight_alerts_;
};

}  // namespace alertbus::broker
