// AlertProjection: keeps the `alerts` table (the status of each alert) in step with the log.
// It is applied inside the store's transaction for each new event, and replayed over the
// whole log by Store::rebuild_projections(); both paths call apply(), so they cannot differ.
//
// Threading: owned by the SqliteStore that prepared it; same thread.
#pragma once

#include <cstdint>
#include <string>

#include "event_facts.hpp"
#include "sqlite_handle.hpp"

namespace alertbus::broker {

class AlertProjection {
 public:
  static StatusOr<AlertProjection> prepare(const Database& db);

  // Applies one stored event. Must run inside the caller's transaction.
  Status apply(std::uint64_t seq, const std::string& event_id, const std::string& reference,
               const std::string& origin_node, const EventFacts& facts);

 private:
  Statement insert_alert_;
  Statement update_alert_;
  const Database* db_ = nullptr;
};

}  // namespace alertbus::broker
