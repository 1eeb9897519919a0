#include <limits>

#include "alertbus/protocol/case_projection.hpp"
#include "store/log_entry.hpp"
#include "store/sqlite/sqlite_store.hpp"

// SqliteStore's reads: their SQL and the rows they return.

namespace alertbus::broker {
namespace {

constexpr const char* kRowColumns =
    "seq, event_id, origin_node, origin_epoch, origin_seq, reference, kind, type, severity,"
    " area_codes, received_at_ms, via, event, signature, path, signer, origin_stored_ms,"
    " id_conflict";

// Reads a row selected with kRowColumns.
LogRow row_from(const Statement& statement) {
  LogRow row;
  v1::StoredEvent& stored = row.stored;
  stored.set_seq(statement.column_uint64(0));
  stored.set_event_id(statement.column_text(1));
  stored.mutable_origin()->set_node(statement.column_text(2));
  stored.mutable_origin()->set_epoch(statement.column_uint64(3));
  stored.mutable_origin()->set_seq(statement.column_uint64(4));
  stored.set_reference(statement.column_text(5));
  stored.set_kind(static_cast<v1::AlertKind>(statement.column_int(6)));
  stored.set_type(static_cast<v1::EventType>(statement.column_int(7)));
  row.severity = static_cast<v1::Severity>(statement.column_int(8));
  row.area_codes = statement.column_text(9);
  set_unix_ms(statement.column_int64(10), stored.mutable_received_at());
  stored.set_via(statement.column_text(11));
  stored.set_event(statement.column_blob(12));
  stored.set_signature(statement.column_blob(13));
  split_path(statement.column_text(14), &stored);
  stored.set_signer(statement.column_text(15));
  protocol::set_origin_stored_at(statement.column_is_null(16) ? 0 : statement.column_int64(16),
                                 statement.column_int64(10), stored.via(), &stored);
  row.id_conflict = statement.column_int(17) != 0;
  return row;
}

}  // namespace

Status SqliteStore::prepare_read_statements() {
  const std::string columns = kRowColumns;
  const StatementSql entries[] = {
      {&read_after_, "SELECT " + columns + " FROM log WHERE seq > ?1 ORDER BY seq LIMIT ?2"},
      {&read_case_events_,
       "SELECT " + columns +
           " FROM log WHERE seq IN (SELECT seq FROM log WHERE event_id = ?1 AND type = 1"
           " UNION SELECT seq FROM log WHERE alert_event_id = ?1) AND seq <= ?2"
           " AND id_conflict = 0 ORDER BY seq"},
      // Alerts from elsewhere with no RECEIPT from this node yet (log_by_alert answers the
      // NOT EXISTS).
      {&alerts_without_receipt_,
       "SELECT " + columns +
           " FROM log AS a WHERE a.type = 1 AND a.origin_node != ?1 AND a.seq > ?2"
           " AND a.id_conflict = 0 AND NOT EXISTS"
           " (SELECT 1 FROM log AS r WHERE r.alert_event_id = a.event_id AND r.type = 15"
           " AND r.origin_node = ?1) ORDER BY a.seq LIMIT ?3"},
      {&find_by_id_, "SELECT " + columns + " FROM log WHERE event_id = ?1 ORDER BY seq LIMIT 1"},
      {&last_receipt_,
       "SELECT event FROM log WHERE type = 15 AND origin_node = ?1 ORDER BY seq DESC LIMIT 1"},
      {&find_by_reference_,
       "SELECT " + columns + " FROM log WHERE reference = ?1 ORDER BY seq LIMIT 1"},
      {&first_at_or_after_, "SELECT received_at_ms FROM log WHERE seq >= ?1 ORDER BY seq LIMIT 1"},
      {&head_seq_query_, "SELECT coalesce(max(seq), 0) FROM log"},
      {&count_query_, "SELECT count(*) FROM log"},
      {&load_cursor_, "SELECT seq, epoch FROM cursors WHERE name = ?1"},
      {&load_link_cursor_, "SELECT seq, epoch FROM link_cursors WHERE peer = ?1"},
      // Local events have origin_seq = seq; the origin index answers without a scan.
      {&last_local_seq_,
       "SELECT coalesce(max(origin_seq), 0) FROM log WHERE origin_node = ?1 AND"
       " origin_epoch = ?2"},
      {&read_origin_,
       "SELECT " + columns +
           " FROM log WHERE origin_node = ?1 AND origin_epoch = ?2 AND origin_seq > ?3"
           " ORDER BY origin_seq LIMIT ?4"},
      {&first_peer_checkpoint_,
       "SELECT seq, count, digest, signed_at_ms, signature FROM peer_checkpoints"
       " WHERE node = ?1 AND epoch = ?2 AND seq >= ?3 ORDER BY seq LIMIT 1"},
  };
  return prepare_statements(entries);
}

StatusOr<std::uint64_t> SqliteStore::head_seq() {
  StatementReset reset(head_seq_query_);
  if (head_seq_query_.step() != SQLITE_ROW) {
    return db_.failure("cannot read head seq");
  }
  return head_seq_query_.column_uint64(0);
}

StatusOr<std::uint64_t> SqliteStore::event_count() {
  StatementReset reset(count_query_);
  if (count_query_.step() != SQLITE_ROW) {
    return db_.failure("cannot count events");
  }
  return count_query_.column_uint64(0);
}

Status SqliteStore::read_after(std::uint64_t after_seq, std::size_t limit,
                               std::vector<LogRow>* rows) {
  StatementReset reset(read_after_);
  read_after_.bind(1, after_seq);
  read_after_.bind(2, static_cast<std::int64_t>(limit));
  return read_rows(read_after_, rows);
}

Status SqliteStore::alerts_without_receipt(std::uint64_t after_seq, std::size_t limit,
                                           std::vector<LogRow>* rows) {
  StatementReset reset(alerts_without_receipt_);
  alerts_without_receipt_.bind_text(1, node_id_);
  alerts_without_receipt_.bind(2, after_seq);
  alerts_without_receipt_.bind(3, static_cast<std::int64_t>(limit));
  return read_rows(alerts_without_receipt_, rows);
}

StatusOr<std::optional<std::int64_t>> SqliteStore::received_at_from(std::uint64_t seq) {
  StatementReset reset(first_at_or_after_);
  first_at_or_after_.bind(1, seq);
  const int rc = first_at_or_after_.step();
  if (rc == SQLITE_ROW) {
    return std::optional<std::int64_t>(first_at_or_after_.column_int64(0));
  }
  if (rc != SQLITE_DONE) {
    return db_.failure("cannot search by time");
  }
  return std::optional<std::int64_t>();
}

// Bisects seq for the first row received at or after `unix_ms` (received_at is
// non-decreasing in seq): about 20 primary-key lookups for a million rows.
StatusOr<std::uint64_t> SqliteStore::seq_before_time(std::int64_t unix_ms) {
  auto head = head_seq();
  if (!head.ok()) {
    return head.status();
  }
  std::uint64_t low = 1;                  // The answer's successor is in [low, high].
  std::uint64_t high = head.value() + 1;  // high: no row at or after it is early enough.
  while (low < high) {
    const std::uint64_t middle = low + (high - low) / 2;
    auto received = received_at_from(middle);
    if (!received.ok()) {
      return received.status();
    }
    if (!received.value() || *received.value() >= unix_ms) {
      high = middle;
    } else {
      low = middle + 1;
    }
  }
  return low - 1;
}

StatusOr<std::optional<LogRow>> SqliteStore::find_one(Statement& statement) {
  StatementReset reset(statement);
  const int rc = statement.step();
  if (rc == SQLITE_ROW) {
    return std::optional<LogRow>(row_from(statement));
  }
  if (rc != SQLITE_DONE) {
    return db_.failure("cannot read event");
  }
  return std::optional<LogRow>();
}

StatusOr<std::optional<LogRow>> SqliteStore::find_by_id(const std::string& event_id) {
  find_by_id_.bind_text(1, event_id);
  return find_one(find_by_id_);
}

StatusOr<std::optional<LogRow>> SqliteStore::find_by_reference(const std::string& reference) {
  if (reference.empty()) {
    return std::optional<LogRow>();  // Notices have none; no reference names them.
  }
  find_by_reference_.bind_text(1, reference);
  return find_one(find_by_reference_);
}

StatusOr<std::optional<Cursor>> SqliteStore::load_cursor(const std::string& name) {
  StatementReset reset(load_cursor_);
  load_cursor_.bind_text(1, name);
  const int rc = load_cursor_.step();
  if (rc == SQLITE_ROW) {
    return std::optional<Cursor>(
        Cursor{load_cursor_.column_uint64(0), load_cursor_.column_uint64(1)});
  }
  if (rc != SQLITE_DONE) {
    return db_.failure("cannot read cursor");
  }
  return std::optional<Cursor>();
}

StatusOr<std::uint64_t> SqliteStore::last_local_seq() {
  StatementReset reset(last_local_seq_);
  last_local_seq_.bind_text(1, node_id_);
  last_local_seq_.bind(2, epoch_);
  if (last_local_seq_.step() != SQLITE_ROW) {
    return db_.failure("cannot read the last local seq");
  }
  return last_local_seq_.column_uint64(0);
}

StatusOr<std::optional<Cursor>> SqliteStore::load_link_cursor(const std::string& peer) {
  StatementReset reset(load_link_cursor_);
  load_link_cursor_.bind_text(1, peer);
  const int rc = load_link_cursor_.step();
  if (rc == SQLITE_ROW) {
    return std::optional<Cursor>(
        Cursor{load_link_cursor_.column_uint64(0), load_link_cursor_.column_uint64(1)});
  }
  if (rc != SQLITE_DONE) {
    return db_.failure("cannot read link cursor");
  }
  return std::optional<Cursor>();
}

Status SqliteStore::read_origin(const std::string& node, std::uint64_t epoch,
                                std::uint64_t after_origin_seq, std::size_t limit,
                                std::vector<LogRow>* rows) {
  StatementReset reset(read_origin_);
  read_origin_.bind_text(1, node);
  read_origin_.bind(2, epoch);
  read_origin_.bind(3, after_origin_seq);
  read_origin_.bind(4, static_cast<std::int64_t>(limit));
  return read_rows(read_origin_, rows);
}

StatusOr<std::optional<v1::Checkpoint>> SqliteStore::first_peer_checkpoint(
    const std::string& node, std::uint64_t epoch, std::uint64_t at_or_after_seq) {
  StatementReset reset(first_peer_checkpoint_);
  first_peer_checkpoint_.bind_text(1, node);
  first_peer_checkpoint_.bind(2, epoch);
  first_peer_checkpoint_.bind(3, at_or_after_seq);
  const int rc = first_peer_checkpoint_.step();
  if (rc == SQLITE_DONE) {
    return std::optional<v1::Checkpoint>();
  }
  if (rc != SQLITE_ROW) {
    return db_.failure("cannot read a peer's checkpoint");
  }
  v1::Checkpoint checkpoint;
  checkpoint.set_node(node);
  checkpoint.set_epoch(epoch);
  checkpoint.set_seq(first_peer_checkpoint_.column_uint64(0));
  checkpoint.set_count(first_peer_checkpoint_.column_uint64(1));
  checkpoint.set_digest(first_peer_checkpoint_.column_blob(2));
  set_unix_ms(first_peer_checkpoint_.column_int64(3), checkpoint.mutable_signed_at());
  checkpoint.set_signature(first_peer_checkpoint_.column_blob(4));
  return std::optional<v1::Checkpoint>(std::move(checkpoint));
}

Status SqliteStore::read_rows(Statement& statement, std::vector<LogRow>* rows) {
  rows->clear();
  int rc = SQLITE_ROW;
  while ((rc = statement.step()) == SQLITE_ROW) {
    rows->push_back(row_from(statement));
  }
  if (rc != SQLITE_DONE) {
    rows->clear();
    return db_.failure("cannot read the log");
  }
  return {};
}

StatusOr<std::uint64_t> SqliteStore::last_receipt_through() {
  StatementReset reset(last_receipt_);
  last_receipt_.bind_text(1, node_id_);
  const int rc = last_receipt_.step();
  if (rc == SQLITE_DONE) {
    return std::uint64_t{0};
  }
  if (rc != SQLITE_ROW) {
    return db_.failure("cannot read the last receipt");
  }
  return receipts_through_of(last_receipt_.column_blob(0));
}

Status SqliteStore::read_case_events(const std::string& alert_event_id, std::uint64_t up_to_seq,
                                     std::vector<LogRow>* rows) {
  StatementReset reset(read_case_events_);
  read_case_events_.bind_text(1, alert_event_id);
  read_case_events_.bind(2, up_to_seq == 0 ? std::numeric_limits<std::int64_t>::max()
                                           : static_cast<std::int64_t>(up_to_seq));
  return read_rows(read_case_events_, rows);
}

}  // namespace alertbus::broker
