#include <algorithm>

#include "store/log_entry.hpp"
#include "store/reference_number.hpp"
#include "store/sqlite/sqlite_store.hpp"

// SqliteStore's commit path: one transaction per commit(), its SQL, and the checkpoints
// that keep the WAL from growing.

namespace alertbus::broker {

Status SqliteStore::prepare_write_statements() {
  const StatementSql entries[] = {
      {&insert_event_,
       "INSERT INTO log (seq, event_id, origin_node, origin_epoch, origin_seq, reference, kind,"
       " type, severity, area_codes, alert_event_id, sent_at_ms, received_at_ms, via, event,"
       " signature, path, signer, hash, origin_stored_ms, id_conflict) VALUES (?1, ?2, ?3, ?4,"
       " ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21)"
       " ON CONFLICT DO NOTHING"},
      {&find_duplicate_,
       "SELECT seq, reference, event, origin_node, origin_epoch FROM log WHERE event_id = ?1"
       " ORDER BY seq"},
      {&load_counter_, "SELECT last FROM reference_counters WHERE prefix_year = ?1"},
      {&find_alert_reference_,
       "SELECT reference FROM log WHERE event_id = ?1 AND type = 1 AND id_conflict = 0"
       " ORDER BY seq LIMIT 1"},
      {&save_counter_,
       "INSERT INTO reference_counters (prefix_year, last) VALUES (?1, ?2)"
       " ON CONFLICT (prefix_year) DO UPDATE SET last = excluded.last"},
      {&save_cursor_,
       "INSERT INTO cursors (name, seq, epoch, updated_at_ms) VALUES (?1, ?2, ?3, ?4)"
       " ON CONFLICT (name) DO UPDATE SET seq = excluded.seq, epoch = excluded.epoch,"
       " updated_at_ms = excluded.updated_at_ms"},
      {&delete_cursor_, "DELETE FROM cursors WHERE name = ?1"},
      {&save_link_cursor_,
       "INSERT INTO link_cursors (peer, epoch, seq, updated_at_ms) VALUES (?1, ?2, ?3, ?4)"
       " ON CONFLICT (peer) DO UPDATE SET epoch = excluded.epoch, seq = excluded.seq,"
       " updated_at_ms = excluded.updated_at_ms"},
      {&save_checkpoint_,
       "INSERT INTO peer_checkpoints (node, epoch, seq, count, digest, signed_at_ms, signature,"
       " received_at_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) ON CONFLICT DO NOTHING"},
  };
  return prepare_statements(entries);
}

Status SqliteStore::step_write(Statement& statement, const char* what) {
  if (options_.inject_write_fault && options_.inject_write_fault()) {
    return Status::error(v1::STORE_FAILURE, std::string("injected fault: ") + what,
                         std::string("lỗi giả lập: ") + what);
  }
  if (statement.step() != SQLITE_DONE) {
    return db_.failure(what);
  }
  return {};
}

Status SqliteStore::commit(std::span<const NewEvent> events, std::span<const CursorUpdate> cursors,
                           std::vector<AppendResult>* results, std::vector<LogRow>* appended) {
  results->clear();
  appended->clear();
  if (events.empty() && cursors.empty()) {
    return {};
  }
  if (Status status = db_.exec("BEGIN IMMEDIATE"); !status.ok()) {
    return status;
  }
  const std::uint64_t head_before = head_seq_;
  const protocol::LogHash hash_before = last_hash_;
  const std::int64_t now = std::max(now_ms(), last_received_at_ms_);
  Status status;
  for (const NewEvent& event : events) {
    AppendResult result;
    status = append_one(event, now, &result, appended);
    if (!status.ok()) {
      break;
    }
    results->push_back(std::move(result));
  }
  for (std::size_t i = 0; status.ok() && i < cursors.size(); ++i) {
    status = apply_cursor(cursors[i], now);
  }
  if (status.ok()) {
    status = save_reference_counters();
  }
  if (status.ok() && options_.inject_write_fault && options_.inject_write_fault()) {
    status = Status::error(v1::STORE_FAILURE, "injected fault: commit", "lỗi giả lập: commit");
  }
  if (status.ok()) {
    status = db_.exec("COMMIT");
  }
  if (!status.ok()) {
    (void)db_.exec("ROLLBACK");
    head_seq_ = head_before;
    last_hash_ = hash_before;
    reference_counters_.clear();  // Reloaded from the database on next use.
    dirty_counters_.clear();
    results->clear();
    appended->clear();
    return status;
  }
  for (const std::string& key : dirty_counters_) {
    // A follow-up series (one per alert this node follows up) is read again from the
    // database when next used: only the yearly series stay cached, so memory does not grow
    // with the alerts followed up.
    if (key.back() == '/' || key.back() == '-') {
      reference_counters_.erase(key);
    }
  }
  dirty_counters_.clear();
  if (head_seq_ != head_before) {
    last_received_at_ms_ = now;
    write_head_marker();
  }
  maybe_checkpoint();
  return {};
}

Status SqliteStore::append_one(const NewEvent& event, std::int64_t now, AppendResult* result,
                               std::vector<LogRow>* appended) {
  const bool local = event.origin.node().empty();
  std::string reference;
  if (local) {
    auto next = next_reference(event, now);
    if (!next.ok()) {
      return next.status();
    }
    reference = std::move(next).value();
  }
  const LogEntry entry =
      log_entry_of(event, head_seq_ + 1, node_id_, epoch_, std::move(reference), now);
  auto held = find_id_holders(event, entry, result);
  if (!held.ok()) {
    return held.status();
  }
  if (result->duplicate || result->id_conflict) {
    // Not stored: the reference number drawn for it is given back.
    if (local) {
      give_back_reference(entry.reference);
    }
    return {};
  }
  const bool kept_conflict = held.value();
  // Computed before the insert (the row carries it, and the log allows no update after);
  // kept only if the row is stored.
  const protocol::LogHash hash = chain_hash(last_hash_, event, entry);
  {
    StatementReset reset(insert_event_);
    insert_event_.bind(1, entry.seq);
    insert_event_.bind_text(2, event.event_id);
    insert_event_.bind_text(3, entry.origin_node);
    insert_event_.bind(4, entry.origin_epoch);
    insert_event_.bind(5, entry.origin_seq);
    insert_event_.bind_text(6, entry.reference);
    insert_event_.bind(7, static_cast<int>(event.facts.kind));
    insert_event_.bind(8, static_cast<int>(event.facts.type));
    insert_event_.bind(9, static_cast<int>(event.facts.severity));
    insert_event_.bind_text(10, event.facts.area_codes);
    insert_event_.bind_text(11, event.facts.alert_event_id);
    insert_event_.bind(12, event.facts.sent_at_ms);
    insert_event_.bind(13, now);
    insert_event_.bind_text(14, event.via);
    insert_event_.bind_blob(15, event.event_bytes);
    insert_event_.bind_blob(16, event.signature);
    insert_event_.bind_text(17, entry.path);
    insert_event_.bind_text(18, event.signer);
    insert_event_.bind_blob(19, protocol::log_hash_bytes(hash));
    if (entry.origin_stored_ms != 0) {
      insert_event_.bind(20, entry.origin_stored_ms);
    } else {
      insert_event_.bind_null(20);
    }
    insert_event_.bind(21, kept_conflict ? 1 : 0);
    if (Status status = step_write(insert_event_, "cannot append event"); !status.ok()) {
      return status;
    }
  }
  if (sqlite3_changes(db_.get()) == 0) {
    // Not the id (find_id_holders() answered that): another event holds the origin position.
    // The reference number drawn for it is given back.
    if (local) {
      give_back_reference(entry.reference);
      return db_.failure("cannot append event: its origin position is held by another event");
    }
    result->origin_conflict = true;
    return {};
  }
  head_seq_ = entry.seq;
  last_hash_ = hash;
  result->seq = entry.seq;
  result->reference = entry.reference;
  result->duplicate = false;
  result->id_conflict_kept = kept_conflict;
  appended->push_back(log_row_of(event, entry));
  appended->back().id_conflict = kept_conflict;
  return {};
}

StatusOr<bool> SqliteStore::find_id_holders(const NewEvent& event, const LogEntry& entry,
                                            AppendResult* result) {
  StatementReset reset(find_duplicate_);
  find_duplicate_.bind_text(1, event.event_id);
  const bool local = event.origin.node().empty();
  bool held = false;
  int rc = SQLITE_ROW;
  while ((rc = find_duplicate_.step()) == SQLITE_ROW) {
    const bool same = find_duplicate_.column_blob_view(2) == event.event_bytes;
    // Other bytes under a stored id: a publish here is refused (an id is never reused), and
    // so is one from the origin log that already holds it (a log stores one event per id, so
    // one of the two is not its own). Another origin's is kept beside the holder.
    const bool conflict = local || (find_duplicate_.column_text_view(3) == entry.origin_node &&
                                    find_duplicate_.column_uint64(4) == entry.origin_epoch);
    if (same || (conflict && !result->id_conflict)) {
      // Answered with the position of the same event, else of the one it conflicts with.
      result->seq = find_duplicate_.column_uint64(0);
      result->reference = find_duplicate_.column_text(1);
    }
    held = true;
    if (same) {
      // The same id with the same bytes is the event again (a resend, or another route).
      result->duplicate = true;
      result->id_conflict = false;
      return true;
    }
    result->id_conflict = result->id_conflict || conflict;
  }
  if (rc != SQLITE_DONE) {
    return db_.failure("cannot read duplicate event");
  }
  return held;
}

StatusOr<std::string> SqliteStore::next_reference(const NewEvent& event, std::int64_t now) {
  if (!takes_reference(event.facts.type)) {
    return std::string();  // A broker's notice: no number an officer quotes.
  }
  std::string key;
  if (event.facts.type != v1::ALERT && !event.facts.alert_event_id.empty()) {
    // A follow-up is numbered within its alert (held here: Ingest refuses a follow-up of an
    // alert it does not hold; the alert may be earlier in this transaction).
    StatementReset reset(find_alert_reference_);
    find_alert_reference_.bind_text(1, event.facts.alert_event_id);
    const int rc = find_alert_reference_.step();
    if (rc == SQLITE_ROW) {
      key = follow_up_series(find_alert_reference_.column_text_view(0), options_.reference_prefix);
    } else if (rc != SQLITE_DONE) {
      return db_.failure("cannot read the alert's reference");
    }
  }
  if (key.empty()) {
    key = reference_series(options_.reference_prefix, now, options_.reference_utc_offset_hours);
  }
  auto found = reference_counters_.find(key);
  if (found == reference_counters_.end()) {
    StatementReset reset(load_counter_);
    load_counter_.bind_text(1, key);
    std::int64_t last = 0;
    const int rc = load_counter_.step();
    if (rc == SQLITE_ROW) {
      last = load_counter_.column_int64(0);
    } else if (rc != SQLITE_DONE) {
      return db_.failure("cannot read reference counter");
    }
    found = reference_counters_.emplace(key, last).first;
  }
  const std::int64_t number = ++found->second;
  dirty_counters_.insert(key);
  return format_reference(key, number);
}

void SqliteStore::give_back_reference(std::string_view reference) {
  if (!reference.empty()) {
    --reference_counters_[std::string(series_of_reference(reference))];
  }
}

Status SqliteStore::save_reference_counters() {
  for (const std::string& key : dirty_counters_) {
    StatementReset reset(save_counter_);
    save_counter_.bind_text(1, key);
    save_counter_.bind(2, reference_counters_[key]);
    if (Status status = step_write(save_counter_, "cannot save reference counter"); !status.ok()) {
      return status;
    }
  }
  return {};
}

Status SqliteStore::apply_cursor(const CursorUpdate& update, std::int64_t now) {
  if (update.checkpoint) {
    const v1::Checkpoint& checkpoint = *update.checkpoint;
    StatementReset reset(save_checkpoint_);
    save_checkpoint_.bind_text(1, checkpoint.node());
    save_checkpoint_.bind(2, checkpoint.epoch());
    save_checkpoint_.bind(3, checkpoint.seq());
    save_checkpoint_.bind(4, checkpoint.count());
    save_checkpoint_.bind_blob(5, checkpoint.digest());
    save_checkpoint_.bind(6, to_unix_ms(checkpoint.signed_at()));
    save_checkpoint_.bind_blob(7, checkpoint.signature());
    save_checkpoint_.bind(8, now);
    return step_write(save_checkpoint_, "cannot save a peer's checkpoint");
  }
  if (update.link) {
    StatementReset reset(save_link_cursor_);
    save_link_cursor_.bind_text(1, update.name);
    save_link_cursor_.bind(2, update.epoch);
    save_link_cursor_.bind(3, update.seq);
    save_link_cursor_.bind(4, now);
    return step_write(save_link_cursor_, "cannot save link cursor");
  }
  if (update.forget) {
    StatementReset reset(delete_cursor_);
    delete_cursor_.bind_text(1, update.name);
    return step_write(delete_cursor_, "cannot delete cursor");
  }
  StatementReset reset(save_cursor_);
  save_cursor_.bind_text(1, update.name);
  save_cursor_.bind(2, update.seq);
  save_cursor_.bind(3, epoch_);
  save_cursor_.bind(4, now);
  return step_write(save_cursor_, "cannot save cursor");
}

// Checkpoints once the WAL is large, never on every commit: a checkpoint writes the pages
// back and fsyncs the database file. With a checkpointer, that work happens on its thread;
// but the WAL only restarts from its beginning when every frame has been copied at the
// moment the writer begins a transaction, which a steady stream of commits never allows.
// So at twice the threshold the store checkpoints itself, between two of its own
// transactions: only the frames the checkpointer has not copied yet are written. PASSIVE
// never waits; if the WAL keeps growing because readers hold old snapshots, RESTART waits
// (busy_timeout) for them so that the WAL is reused.
void SqliteStore::maybe_checkpoint() {
  const int threshold = options_.checkpoint_pages;
  if (wal_pages_ < threshold) {
    return;
  }
  if (options_.request_checkpoint && wal_pages_ < threshold * 2) {
    options_.request_checkpoint();
    return;
  }
  const int mode =
      wal_pages_ > threshold * 4 ? SQLITE_CHECKPOINT_RESTART : SQLITE_CHECKPOINT_PASSIVE;
  sqlite3_wal_checkpoint_v2(db_.get(), nullptr, mode, nullptr, nullptr);
}
}  // namespace alertbus::broker
