// Ingest (ingest/ingest.hpp) over a MemoryStore, driven as the loop drives it: prepare a
// batch, commit what was accepted, report the committed rows and ids. Decoding and
// validation, notices refused from clients, follow-ups judged against alerts in flight and
// against the log (admission), duplicates answered by the store, relayed events, and a
// registry's signatures.
#include "ingest/ingest.hpp"

#include <catch2/catch.hpp>

#include "bac_giang_log.hpp"
#include "new_event.hpp"
#include "store/memory/memory_store.hpp"
#include "support/sample_events.hpp"
#include "test_registry.hpp"

namespace alertbus::broker {
namespace {

// Ingest as the loop runs it, over a log in memory.
class Publishing {
 public:
  explicit Publishing(MemoryStoreOptions options = bac_giang_log())
      : store_(std::move(options)), ingest_(store_, 64 * 1024, "bac-giang", 1) {}

  MemoryStore& store() { return store_; }

  Ingest& ingest() { return ingest_; }

  // Phase 1 and 2 for `publishes` (the bytes move out of them when accepted).
  std::vector<StatusOr<NewEvent>> prepare(std::vector<v1::Publish>& publishes,
                                          const protocol::Principal* principal = nullptr) {
    std::vector<Ingest::PublishRequest> requests;
    for (v1::Publish& publish : publishes) {
      requests.push_back({&publish, principal});
    }
    std::vector<StatusOr<NewEvent>> prepared;
    ingest_.prepare_publishes(requests, testing::now_unix_ms(), &prepared);
    return prepared;
  }

  // Prepares `events` as one batch of publishes, commits those accepted in one commit and
  // reports the commit back as the loop does. Each entry: the refusal, or the AppendResult
  // (a failed commit: its status).
  std::vector<StatusOr<AppendResult>> publish(const std::vector<v1::Event>& events) {
    std::vector<v1::Publish> publishes(events.size());
    for (std::size_t i = 0; i < events.size(); ++i) {
      events[i].SerializeToString(publishes[i].mutable_event());
    }
    return commit(prepare(publishes));
  }

  std::vector<StatusOr<AppendResult>> commit(std::vector<StatusOr<NewEvent>> prepared) {
    std::vector<NewEvent> accepted;
    for (StatusOr<NewEvent>& one : prepared) {
      if (one.ok()) {
        accepted.push_back(one.value());
      }
    }
    std::vector<AppendResult> results;
    std::vector<LogRow> appended;
    const Status status = store_.commit(accepted, {}, &results, &appended);
    for (const LogRow& row : appended) {
      ingest_.row_committed(row);
    }
    for (const NewEvent& event : accepted) {
      ingest_.committed(event.event_id);
    }
    std::vector<StatusOr<AppendResult>> outcomes;
    std::size_t next = 0;
    for (const StatusOr<NewEvent>& one : prepared) {
      if (!one.ok()) {
        outcomes.emplace_back(one.status());
      } else if (!status.ok()) {
        outcomes.emplace_back(status);
      } else {
        outcomes.emplace_back(results[next++]);
      }
    }
    return outcomes;
  }

 private:
  MemoryStore store_;
  Ingest ingest_;
};

v1::Event by_issuer(const v1::Event& alert, v1::EventType type) {
  v1::Event event = testing::sample_follow_up(alert, type);
  event.set_sender_unit(alert.sender_unit());
  return event;
}

// A StoredEvent of `event` as peer `node` holds it, originated there.
v1::StoredEvent stored_at(const v1::Event& event, const std::string& node, std::uint64_t seq) {
  v1::StoredEvent stored;
  stored.set_seq(seq);
  stored.set_event_id(event.event_id());
  stored.mutable_origin()->set_node(node);
  stored.mutable_origin()->set_epoch(7);
  stored.mutable_origin()->set_seq(seq);
  stored.set_reference("QN-2026-0000" + std::to_string(seq));
  event.SerializeToString(stored.mutable_event());
  return stored;
}

}  // namespace

TEST_CASE("A published alert becomes a NewEvent with its exact bytes and facts") {
  Publishing publishing;
  const v1::Event alert = testing::sample_crop_pest();
  std::vector<v1::Publish> publishes(1);
  alert.SerializeToString(publishes[0].mutable_event());
  const std::string bytes = publishes[0].event();
  auto prepared = publishing.prepare(publishes);
  REQUIRE(prepared.size() == 1);
  REQUIRE(prepared[0].ok());
  const NewEvent& event = prepared[0].value();
  CHECK(event.event_id == alert.event_id());
  CHECK(event.event_bytes == bytes);
  CHECK(publishes[0].event().empty());  // Moved, never copied or re-serialized.
  CHECK(event.facts.kind == v1::CROP_PEST);
  CHECK(event.facts.type == v1::ALERT);
  CHECK(event.facts.area_codes == " VN-2025:07360 ");
  CHECK(event.facts.sender_unit == "bac-giang/bvtv");
  CHECK(event.origin.node().empty());  // Originates here: the store assigns the origin.
}

TEST_CASE("Undecodable, oversized and invalid events are refused with their codes") {
  Publishing publishing;
  std::vector<v1::Publish> publishes(3);
  publishes[0].set_event("\xff\xff not an event");
  v1::Event large = testing::sample_crop_pest();
  large.set_description(std::string(70 * 1024, 'x'));  // Over the 64 KiB limit of this ingest.
  large.SerializeToString(publishes[1].mutable_event());
  v1::Event invalid = testing::sample_crop_pest();
  invalid.clear_sent_at();
  invalid.SerializeToString(publishes[2].mutable_event());
  auto prepared = publishing.prepare(publishes);
  CHECK(prepared[0].status().code() == v1::MALFORMED_EVENT);
  CHECK(prepared[1].status().code() == v1::MESSAGE_TOO_LARGE);
  CHECK(prepared[2].status().code() == v1::MISSING_FIELD);
}

TEST_CASE("Clients cannot publish the notices only brokers issue") {
  Publishing publishing;
  const v1::Event alert = testing::sample_unsafe_food();
  REQUIRE(publishing.publish({alert})[0].ok());
  for (const v1::EventType type : {v1::RECEIPT, v1::OVERDUE}) {
    v1::Event notice = testing::sample_follow_up(alert, type);
    if (type == v1::OVERDUE) {
      notice.mutable_follow_up()->add_overdue_nodes("hai-duong");
    }
    const auto outcome = publishing.publish({notice});
    INFO(v1::EventType_Name(type));
    CHECK(outcome[0].status().code() == v1::PERMISSION_DENIED);
    CHECK(outcome[0].status().field() == "type");
  }
  CHECK(publishing.store().event_count().value() == 1);
}

TEST_CASE("A follow-up to an alert this node does not hold is refused with UNKNOWN_REFERENCE") {
  Publishing publishing;
  const auto outcome =
      publishing.publish({testing::sample_follow_up(testing::sample_crop_pest(), v1::ACKNOWLEDGE)});
  CHECK(outcome[0].status().code() == v1::UNKNOWN_REFERENCE);
  CHECK(outcome[0].status().field() == "follow_up.alert_event_id");
  CHECK(publishing.store().event_count().value() == 0);
}

TEST_CASE("A follow-up may follow an alert of its own batch and takes the alert's areas") {
  Publishing publishing;
  const v1::Event alert = testing::sample_animal_disease();
  v1::Event acknowledge = testing::sample_follow_up(alert, v1::ACKNOWLEDGE);
  acknowledge.clear_areas();
  acknowledge.set_severity(v1::SEVERITY_UNSPECIFIED);
  const auto outcome = publishing.publish({alert, acknowledge});
  REQUIRE(outcome[0].ok());
  REQUIRE(outcome[1].ok());
  const auto stored = publishing.store().find_by_id(acknowledge.event_id()).value();
  REQUIRE(stored.has_value());
  CHECK(stored->area_codes == " VN-2025:24 ");
  CHECK(stored->severity == v1::SEVERE);
}

TEST_CASE("A follow-up of another kind than its alert is refused with KIND_MISMATCH") {
  Publishing publishing;
  const v1::Event alert = testing::sample_animal_disease();
  REQUIRE(publishing.publish({alert})[0].ok());
  v1::Event acknowledge = testing::sample_follow_up(alert, v1::ACKNOWLEDGE);
  acknowledge.set_kind(v1::CROP_PEST);
  const auto outcome = publishing.publish({acknowledge});
  CHECK(outcome[0].status().code() == v1::KIND_MISMATCH);
}

TEST_CASE("Lifecycle rules are judged against every event committed before the follow-up") {
  Publishing publishing;
  const v1::Event alert = testing::sample_animal_disease();
  REQUIRE(publishing.publish({alert})[0].ok());
  // Only the issuer closes.
  auto outcome = publishing.publish({testing::sample_follow_up(alert, v1::CLOSE)});
  CHECK(outcome[0].status().code() == v1::INVALID_TRANSITION);
  CHECK(outcome[0].status().field() == "sender_unit");
  // After a committed CANCEL nothing follows, not even an acknowledgement.
  REQUIRE(publishing.publish({by_issuer(alert, v1::CANCEL)})[0].ok());
  outcome = publishing.publish({testing::sample_follow_up(alert, v1::ACKNOWLEDGE)});
  CHECK(outcome[0].status().code() == v1::INVALID_TRANSITION);
  CHECK(publishing.store().event_count().value() == 2);
}

TEST_CASE("A follow-up dated before its alert, beyond the clock skew, is refused") {
  Publishing publishing;
  const v1::Event alert = testing::sample_animal_disease();
  const std::int64_t alert_ms = to_unix_ms(alert.sent_at());
  v1::Event early = testing::sample_follow_up(alert, v1::ACKNOWLEDGE);
  set_unix_ms(alert_ms - 3LL * 3600 * 1000, early.mutable_sent_at());  // Three hours before.
  v1::Event skewed = testing::sample_follow_up(alert, v1::ACKNOWLEDGE);
  set_unix_ms(alert_ms - 5 * 60 * 1000, skewed.mutable_sent_at());  // Within the 10 min skew.
  // In the alert's own batch (in flight) and once it is committed.
  auto outcome = publishing.publish({alert, early});
  REQUIRE(outcome[0].ok());
  CHECK(outcome[1].status().code() == v1::VALUE_OUT_OF_RANGE);
  CHECK(outcome[1].status().field() == "sent_at");
  CHECK(outcome[1].status().message().find("180 min before") != std::string::npos);
  outcome = publishing.publish({early, skewed});
  CHECK(outcome[0].status().code() == v1::VALUE_OUT_OF_RANGE);
  CHECK(outcome[1].ok());
}

TEST_CASE("A publish dated more than a day before the node's clock is refused") {
  Publishing publishing;
  v1::Event old = testing::sample_animal_disease();
  set_unix_ms(testing::now_unix_ms() - 25LL * 3600 * 1000, old.mutable_sent_at());
  v1::Event recent = testing::sample_animal_disease();
  set_unix_ms(testing::now_unix_ms() - 23LL * 3600 * 1000, recent.mutable_sent_at());
  const auto outcome = publishing.publish({old, recent});
  CHECK(outcome[0].status().code() == v1::VALUE_OUT_OF_RANGE);
  CHECK(outcome[0].status().field() == "sent_at");
  CHECK(outcome[0].status().message_vi().find("chỉ cho phép tối đa 24 giờ") != std::string::npos);
  CHECK(outcome[1].ok());
}

TEST_CASE("An ingest started over an existing log judges follow-ups by what it holds") {
  // The log of an earlier run: an alert and its CLOSE.
  MemoryStore store(bac_giang_log());
  const v1::Event alert = testing::sample_animal_disease();
  std::vector<AppendResult> results;
  std::vector<LogRow> appended;
  REQUIRE(
      store
          .commit(std::vector<NewEvent>{new_event(alert), new_event(by_issuer(alert, v1::CLOSE))},
                  {}, &results, &appended)
          .ok());
  Ingest ingest(store, 64 * 1024, "bac-giang", 0);
  std::vector<v1::Publish> publishes(2);
  by_issuer(alert, v1::NEW_OUTBREAK).SerializeToString(publishes[0].mutable_event());
  testing::sample_follow_up(alert, v1::MEASURES_TAKEN)
      .SerializeToString(publishes[1].mutable_event());
  const std::vector<Ingest::PublishRequest> requests{{&publishes[0], nullptr},
                                                     {&publishes[1], nullptr}};
  std::vector<StatusOr<NewEvent>> prepared;
  ingest.prepare_publishes(requests, testing::now_unix_ms(), &prepared);
  // Resolved: a new outbreak no longer applies; measures taken still do.
  CHECK(prepared[0].status().code() == v1::INVALID_TRANSITION);
  CHECK(prepared[0].status().field() == "type");
  CHECK(prepared[1].ok());
}

TEST_CASE("An alert whose commit failed is not in flight once the commit is reported") {
  Publishing publishing;
  const v1::Event alert = testing::sample_crop_pest();
  publishing.store().fail_next_commits(1);
  const auto failed = publishing.publish({alert});
  CHECK(failed[0].status().code() == v1::STORE_FAILURE);
  const auto outcome = publishing.publish({testing::sample_follow_up(alert, v1::ACKNOWLEDGE)});
  CHECK(outcome[0].status().code() == v1::UNKNOWN_REFERENCE);
  CHECK(publishing.store().event_count().value() == 0);
}

TEST_CASE("A retried publish is prepared again and the store answers it as a duplicate") {
  Publishing publishing;
  const v1::Event alert = testing::sample_forest_fire();
  const auto first = publishing.publish({alert});
  REQUIRE(first[0].ok());
  // Retried after a lost acknowledgement, and twice in one batch.
  const auto again = publishing.publish({alert, testing::sample_crop_pest(), alert});
  REQUIRE(again[0].ok());
  CHECK(again[0].value().duplicate);
  CHECK(again[0].value().seq == first[0].value().seq);
  CHECK(again[0].value().reference == first[0].value().reference);
  CHECK(again[2].value().duplicate);
  CHECK(again[1].value().reference.substr(8) == "00002");
  CHECK(publishing.store().event_count().value() == 2);
}

TEST_CASE(
    "Relayed events keep their origin and reference, gain the peer on their path, and must "
    "match their bytes") {
  Publishing publishing;
  const v1::Event food = testing::sample_unsafe_food();
  v1::StoredEvent good = stored_at(food, "quang-ninh", 1);
  good.add_path("quang-ninh");  // Relayed once already.
  v1::StoredEvent wrong_id = stored_at(testing::sample_unsafe_food(), "quang-ninh", 2);
  wrong_id.set_event_id(food.event_id());
  v1::StoredEvent no_origin = stored_at(testing::sample_unsafe_food(), "quang-ninh", 3);
  no_origin.clear_origin();
  v1::StoredEvent bad_path = stored_at(testing::sample_unsafe_food(), "quang-ninh", 4);
  bad_path.add_path("quang-ninh,hai-duong");
  const std::vector<const v1::StoredEvent*> events{&good, &wrong_id, &no_origin, &bad_path};
  std::vector<StatusOr<NewEvent>> prepared;
  publishing.ingest().prepare_remote(events, "hai-duong", testing::now_unix_ms(), &prepared);
  REQUIRE(prepared[0].ok());
  const NewEvent& event = prepared[0].value();
  CHECK(event.origin.node() == "quang-ninh");
  CHECK(event.origin.seq() == 1);
  CHECK(event.reference == "QN-2026-00001");
  CHECK(event.via == "hai-duong");
  CHECK(event.path == std::vector<std::string>{"quang-ninh", "hai-duong"});
  for (std::size_t i = 1; i < 4; ++i) {
    INFO(i);
    CHECK(prepared[i].status().code() == v1::INVALID_VALUE);
  }
  const auto outcome = publishing.commit(std::move(prepared));
  REQUIRE(outcome[0].ok());
  CHECK(publishing.store().find_by_reference("QN-2026-00001").value()->stored.via() == "hai-duong");
}

TEST_CASE("A relayed event must carry a reference of its origin's series") {
  const testing::TestRegistry registry;
  Publishing publishing;
  publishing.ingest().set_registry(registry.registry());
  const v1::Event food = testing::sample_unsafe_food();  // quang-ninh/qlcl, province 22.
  const auto relayed = [&](const v1::Event& event, const std::string& reference) {
    v1::StoredEvent stored = stored_at(event, "quang-ninh", 1);
    stored.set_reference(reference);
    stored.set_signer("quang-ninh/qlcl");
    stored.set_signature(registry.sign(stored.event(), "quang-ninh/qlcl"));
    return stored;
  };
  // Numbers Quảng Ninh gives: its alerts' yearly series, and a follow-up within its alert
  // (plain for its own alert's, with its prefix for another node's; the yearly series from
  // brokers before that numbering).
  v1::Event update = testing::sample_follow_up(food, v1::ADDITIONAL_INFO);
  update.set_sender_unit("quang-ninh/qlcl");
  const std::vector<std::pair<const v1::Event*, std::string>> good{{&food, "QN-2026-00001"},
                                                                   {&update, "QN-2026-00001/3"},
                                                                   {&update, "BG-2026-00042/QN-2"},
                                                                   {&update, "QN-2026-00002"}};
  const std::vector<std::pair<const v1::Event*, std::string>> bad{{&food, "BG-2026-00001"},
                                                                  {&food, "QN-2026-1"},
                                                                  {&food, "QN-2026-00001x"},
                                                                  {&food, "QN-2026-00001/3"},
                                                                  {&food, ""},
                                                                  {&update, "BG-2026-00042/2"},
                                                                  {&update, "QN-2026-00001/QN-1"},
                                                                  {&update, "BG-2026-00042/HD-2"},
                                                                  {&update, "BG-2026-00042/QN-"},
                                                                  {&update, "bg-2026-00042/QN-1"},
                                                                  {&update, "BG-2026-00042/QN-1x"},
                                                                  {&update, "QN-2026-00001/"},
                                                                  {&update, ""}};
  std::vector<v1::StoredEvent> stored;
  for (const auto& [event, reference] : good) {
    stored.push_back(relayed(*event, reference));
  }
  for (const auto& [event, reference] : bad) {
    stored.push_back(relayed(*event, reference));
  }
  std::vector<const v1::StoredEvent*> events;
  for (const v1::StoredEvent& event : stored) {
    events.push_back(&event);
  }
  std::vector<StatusOr<NewEvent>> prepared;
  publishing.ingest().prepare_remote(events, "hai-duong", testing::now_unix_ms(), &prepared);
  for (std::size_t i = 0; i < events.size(); ++i) {
    INFO(events[i]->reference() << ": " << prepared[i].status().to_string());
    if (i < good.size()) {
      CHECK(prepared[i].ok());
    } else {
      CHECK(prepared[i].status().code() == v1::INVALID_VALUE);
      CHECK((prepared[i].status().field() == "reference" || events[i]->reference().empty()));
    }
  }
  CHECK(prepared[good.size()].status().message().find("QN-YYYY-NNNNN") != std::string::npos);
}

TEST_CASE("A relayed notice may carry no reference, another event must") {
  const testing::TestRegistry registry;
  Publishing publishing;
  publishing.ingest().set_registry(registry.registry());
  const v1::Event food = testing::sample_unsafe_food();  // quang-ninh/qlcl, province 22.
  v1::Event receipt = testing::sample_follow_up(food, v1::RECEIPT);
  receipt.set_sender_unit("quang-ninh/broker");
  receipt.mutable_follow_up()->clear_text();
  v1::ReceiptEntry* entry = receipt.mutable_follow_up()->add_receipts();
  entry->set_alert_event_id(food.event_id());
  *entry->mutable_stored_at() = receipt.sent_at();
  const auto relayed = [&](const v1::Event& event, const std::string& signer) {
    v1::StoredEvent stored = stored_at(event, "quang-ninh", 1);
    stored.clear_reference();
    stored.set_signer(signer);
    stored.set_signature(registry.sign(stored.event(), signer));
    return stored;
  };
  const v1::StoredEvent alert = relayed(food, "quang-ninh/qlcl");
  const v1::StoredEvent notice = relayed(receipt, "quang-ninh");  // Signed by its node.
  std::vector<StatusOr<NewEvent>> prepared;
  publishing.ingest().prepare_remote(std::vector<const v1::StoredEvent*>{&alert, &notice},
                                     "hai-duong", testing::now_unix_ms(), &prepared);
  CHECK(prepared[0].status().code() == v1::INVALID_VALUE);
  INFO(prepared[1].status().to_string());
  CHECK(prepared[1].ok());
}

TEST_CASE(
    "Relayed follow-ups are never refused on lifecycle grounds, nor for an alert not here yet") {
  Publishing publishing;
  const v1::Event alert = testing::sample_animal_disease();
  REQUIRE(publishing.publish({alert, by_issuer(alert, v1::CANCEL)})[1].ok());
  // From Quảng Ninh: an acknowledgement of the cancelled alert, and a follow-up of an alert
  // still on its way over another link (without areas: none to inherit).
  v1::Event late = testing::sample_follow_up(alert, v1::ACKNOWLEDGE);
  late.set_sender_unit("quang-ninh/qlcl");
  late.clear_areas();
  const v1::Event unknown_alert = testing::sample_unsafe_food();
  v1::Event early = testing::sample_follow_up(unknown_alert, v1::ACKNOWLEDGE);
  early.clear_areas();
  const v1::StoredEvent first = stored_at(late, "quang-ninh", 1);
  const v1::StoredEvent second = stored_at(early, "quang-ninh", 2);
  const std::vector<const v1::StoredEvent*> events{&first, &second};
  std::vector<StatusOr<NewEvent>> prepared;
  publishing.ingest().prepare_remote(events, "quang-ninh", testing::now_unix_ms(), &prepared);
  REQUIRE(prepared[0].ok());
  REQUIRE(prepared[1].ok());
  CHECK(prepared[0].value().facts.area_codes == " VN-2025:24 ");  // The alert's, which is here.
  CHECK(prepared[1].value().facts.area_codes == " ");
}

TEST_CASE(
    "With a registry, a publish must carry its principal's valid signature, kept in the log") {
  const testing::TestRegistry registry;
  Publishing publishing;
  publishing.ingest().set_registry(registry.registry());
  const protocol::Principal& bvtv = registry.principal("bac-giang/bvtv");
  std::vector<v1::Publish> publishes(4);
  for (v1::Publish& publish : publishes) {
    testing::sample_crop_pest().SerializeToString(publish.mutable_event());
    publish.set_signature(registry.sign(publish.event(), "bac-giang/bvtv"));
    publish.set_signer("bac-giang/bvtv");
  }
  const std::string signature = publishes[0].signature();
  publishes[1].clear_signature();
  publishes[2].set_signer("bac-giang/cnty");
  publishes[3].mutable_event()->back() ^= 1;  // Altered after signing.
  auto outcome = publishing.commit(publishing.prepare(publishes, &bvtv));
  REQUIRE(outcome[0].ok());
  CHECK(outcome[1].status().code() == v1::INVALID_SIGNATURE);
  CHECK(outcome[2].status().code() == v1::PERMISSION_DENIED);  // Not the connection's key.
  CHECK(outcome[2].status().field() == "signer");
  CHECK(outcome[3].status().code() == v1::INVALID_SIGNATURE);
  std::vector<LogRow> rows;
  REQUIRE(publishing.store().read_after(0, 10, &rows).ok());
  REQUIRE(rows.size() == 1);
  CHECK(rows[0].stored.signer() == "bac-giang/bvtv");
  CHECK(rows[0].stored.signature() == signature);
}

}  // namespace alertbus::broker
