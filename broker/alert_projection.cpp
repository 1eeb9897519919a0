#include "alert_projection.hpp"

#include "store.hpp"

namespace alertbus::broker {
namespace {

// The state a follow-up type moves an alert to; 0 leaves the state as it is.
int state_after(v1::EventType type) {
  switch (type) {
    case v1::CLOSE:
      return AlertState::kResolved;
    case v1::CANCEL:
      return AlertState::kCancelled;
    case v1::WITHDRAW:
      return AlertState::kWithdrawn;
    default:
      return 0;
  }
}

}  // namespace

StatusOr<AlertProjection> AlertProjection::prepare(const Database& db) {
  AlertProjection projection;
  projection.db_ = &db;
  auto insert = Statement::prepare(
      db,
      "INSERT OR IGNORE INTO alerts (event_id, seq, reference, kind, origin_node, sender_unit,"
      " severity, title, sent_at_ms, expires_at_ms, state, last_event_seq, follow_up_count)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?2, 0)");
  if (!insert.ok()) {
    return insert.status();
  }
  projection.insert_alert_ = std::move(insert).value();
  // A terminal state (resolved, cancelled, withdrawn) is kept; severity follows RECLASSIFY.
  auto update = Statement::prepare(
      db,
      "UPDATE alerts SET last_event_seq = ?2, follow_up_count = follow_up_count + 1,"
      " state = CASE WHEN ?3 = 0 OR state IN (3, 4, 5) THEN state ELSE ?3 END,"
      " severity = CASE WHEN ?4 > 0 THEN ?4 ELSE severity END"
      " WHERE event_id = ?1");
  if (!update.ok()) {
    return update.status();
  }
  projection.update_alert_ = std::move(update).value();
  return projection;
}

Status AlertProjection::apply(std::uint64_t seq, const std::string& event_id,
                              const std::string& reference, const std::string& origin_node,
                              const EventFacts& facts) {
  if (facts.type == v1::ALERT) {
    StatementReset reset(insert_alert_);
    insert_alert_.bind_text(1, event_id);
    insert_alert_.bind(2, seq);
    insert_alert_.bind_text(3, reference);
    insert_alert_.bind(4, static_cast<int>(facts.kind));
    insert_alert_.bind_text(5, origin_node);
    insert_alert_.bind_text(6, facts.sender_unit);
    insert_alert_.bind(7, static_cast<int>(facts.severity));
    insert_alert_.bind_text(8, facts.title);
    insert_alert_.bind(9, facts.sent_at_ms);
    insert_alert_.bind(10, facts.expires_at_ms);
    insert_alert_.bind(11, static_cast<int>(AlertState::kActive));
    if (insert_alert_.step() != SQLITE_DONE) {
      return db_->failure("cannot project alert");
    }
    return {};
  }
  StatementReset reset(update_alert_);
  update_alert_.bind_text(1, facts.alert_event_id);
  update_alert_.bind(2, seq);
  update_alert_.bind(3, state_after(facts.type));
  update_alert_.bind(4, facts.type == v1::RECLASSIFY ? static_cast<int>(facts.severity) : 0);
  if (update_alert_.step() != SQLITE_DONE) {
    return db_->failure("cannot project follow-up");
  }
  return {};
}

}  // namespace alertbus::broker
