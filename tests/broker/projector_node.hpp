// A node's files for projector tests (projector_test.cpp, and alertctl's projection audit,
// tests/clients/projection_audit_test.cpp): a SQLite log in a temporary directory, a Projector
// started on it with the projection file beside it, a reader of that projection; events from
// a given unit at a given time, and receipts.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include "alertbus/protocol/clock.hpp"
#include "casework/projection_db.hpp"
#include "casework/projector.hpp"
#include "new_event.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/sample_events.hpp"
#include "temp_dir.hpp"

namespace alertbus::broker {

inline constexpr std::int64_t kHour = 3600LL * 1000;

struct ProjectorNode {
  testing::TempDir dir;
  std::unique_ptr<SqliteStore> log;
  // The log's clock: each commit stores its events when the latest of them was sent (so that
  // events the tests date hours apart were stored hours apart, as they would have been).
  std::int64_t now_ms = 0;

  ProjectorNode() { reopen_log(); }

  std::string log_path() const { return dir.file("alertbus.db"); }

  std::string projection_path() const { return dir.file("alertbus-projection.db"); }

  void reopen_log() {
    log.reset();
    SqliteStoreOptions options;
    options.path = log_path();
    options.node_id = "bac-giang";
    options.reference_prefix = "BG";
    options.clock = [this] { return now_ms != 0 ? now_ms : protocol::now_unix_ms(); };
    auto opened = SqliteStore::open(options);
    INFO(opened.status().to_string());
    REQUIRE(opened.ok());
    log = std::move(opened).value();
  }

  std::vector<AppendResult> commit(const std::vector<NewEvent>& events) {
    for (const NewEvent& event : events) {
      now_ms = std::max(now_ms, event.facts.sent_at_ms);
    }
    std::vector<AppendResult> results;
    std::vector<LogRow> appended;
    const Status status = log->commit(events, {}, &results, &appended);
    INFO(status.to_string());
    REQUIRE(status.ok());
    return results;
  }

  std::uint64_t head() { return log->head_seq().value(); }

  std::unique_ptr<Projector> start(std::size_t chunk_events = 2048) {
    Projector::Options options;
    options.log_path = log_path();
    options.projection_path = projection_path();
    options.node_id = "bac-giang";
    options.chunk_events = chunk_events;
    auto started = Projector::start(options);
    INFO(started.status().to_string());
    REQUIRE(started.ok());
    return std::move(started).value();
  }

  std::unique_ptr<ProjectionDb> reader() {
    auto opened = ProjectionDb::open(projection_path(), false);
    REQUIRE(opened.ok());
    return std::move(opened).value();
  }
};

inline void wait_for(Projector& projector, std::uint64_t seq) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  projector.notify(seq);
  while (projector.projected_seq() < seq && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  REQUIRE(projector.projected_seq() == seq);
}

// `event` from `unit`, sent at `sent_ms` (unless 0), as Ingest would hand it to a store.
inline NewEvent from(v1::Event event, const std::string& unit, std::int64_t sent_ms = 0) {
  event.set_sender_unit(unit);
  if (sent_ms != 0) {
    event.mutable_sent_at()->set_seconds(sent_ms / 1000);
    event.mutable_sent_at()->set_nanos(static_cast<int>(sent_ms % 1000) * 1000000);
  }
  return new_event(event);
}

inline std::int64_t sent_ms(const v1::Event& event) {
  return event.sent_at().seconds() * 1000 + event.sent_at().nanos() / 1000000;
}

// A RECEIPT from Hải Dương's broker covering each alert of `covered` with the time it was
// stored there (the log indexes it under the first).
inline NewEvent hai_duong_receipt(
    const std::vector<std::pair<const v1::Event*, std::int64_t>>& covered) {
  v1::Event event = testing::sample_follow_up(*covered.front().first, v1::RECEIPT);
  event.set_sender_unit("hai-duong/broker");
  event.mutable_follow_up()->clear_text();
  for (const auto& [alert, stored_ms] : covered) {
    v1::ReceiptEntry* entry = event.mutable_follow_up()->add_receipts();
    entry->set_alert_event_id(alert->event_id());
    protocol::set_unix_ms(stored_ms, entry->mutable_stored_at());
    // Made once the alerts it covers were stored (an entry never counts later than that).
    if (stored_ms > protocol::to_unix_ms(event.sent_at())) {
      protocol::set_unix_ms(stored_ms, event.mutable_sent_at());
    }
  }
  return new_event(event);
}

}  // namespace alertbus::broker
