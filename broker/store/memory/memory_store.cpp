#include "store/memory/memory_store.hpp"

#include <algorithm>
#include <cassert>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <tuple>
#include <unordered_map>

#include "alertbus/protocol/clock.hpp"
#include "store/log_entry.hpp"
#include "store/reference_number.hpp"

namespace alertbus::broker {
namespace {

// (origin node, origin epoch, origin seq), or a checkpoint's (node, epoch, seq).
using OriginKey = std::tuple<std::string, std::uint64_t, std::uint64_t>;

Status store_failure(const std::string& en, const std::string& vi) {
  return Status::error(v1::STORE_FAILURE, en, vi);
}

Status injected_fault(const std::string& what) {
  return store_failure("injected fault: " + what, "lỗi giả lập: " + what);
}

}  // namespace

struct MemoryStore::Log {
  struct Row {
    LogRow row;  // As reads return it.
    std::string alert_event_id;
    std::int64_t received_at_ms = 0;
    protocol::LogHash hash{};
  };

  // What one commit() has done so far, applied to the log only when every step succeeded:
  // a failed commit changes nothing.
  struct Transaction {
    std::vector<Row> rows;  // The new rows, seqs following the log's.
    std::unordered_map<std::string, std::vector<std::uint64_t>> ids;  // Their event ids -> seqs.
    std::set<OriginKey> origins;
    std::map<std::string, std::int64_t> counters;  // Every series drawn from -> last number.
    protocol::LogHash last_hash{};
  };

  explicit Log(MemoryStoreOptions memory_options)
      : options(std::move(memory_options)),
        epoch(options.epoch != 0 ? options.epoch : new_log_epoch()) {
    assert(!options.node_id.empty());
  }

  std::int64_t now_ms() const { return options.clock ? options.clock() : protocol::now_unix_ms(); }

  bool fault() const { return options.inject_write_fault && options.inject_write_fault(); }

  std::uint64_t head() const { return rows.size(); }

  const Row& at(std::uint64_t seq) const { return rows[seq - 1]; }

  // The rows with this event id, committed or in `transaction`, in seq order.
  std::vector<const Row*> find_id(const std::string& event_id,
                                  const Transaction& transaction) const {
    std::vector<const Row*> found;
    if (auto held = by_event_id.find(event_id); held != by_event_id.end()) {
      for (const std::uint64_t seq : held->second) {
        found.push_back(&at(seq));
      }
    }
    if (auto held = transaction.ids.find(event_id); held != transaction.ids.end()) {
      for (const std::uint64_t seq : held->second) {
        found.push_back(&transaction.rows[seq - head() - 1]);
      }
    }
    return found;
  }

  // As SqliteStore::find_id_holders(): whether `event` is a duplicate, or an id conflict not
  // to be stored, or (true) to be stored flagged id_conflict.
  static bool check_id(const NewEvent& event, const LogEntry& entry,
                       const std::vector<const Row*>& holders, AppendResult* result) {
    if (holders.empty()) {
      return false;
    }
    const bool local = event.origin.node().empty();
    for (const Row* holder : holders) {
      const v1::StoredEvent& stored = holder->row.stored;
      const bool same = stored.event() == event.event_bytes;
      const bool conflict = local || (stored.origin().node() == entry.origin_node &&
                                      stored.origin().epoch() == entry.origin_epoch);
      if (same || (conflict && !result->id_conflict)) {
        result->seq = stored.seq();
        result->reference = stored.reference();
      }
      if (same) {
        result->duplicate = true;
        result->id_conflict = false;
        return true;
      }
      result->id_conflict = result->id_conflict || conflict;
    }
    return true;
  }

  // As SqliteStore::next_reference(): an alert's yearly number, a follow-up's within its
  // alert (the first row holding the alert's id, committed or in `transaction`), a notice's
  // none.
  StatusOr<std::string> next_reference(const NewEvent& event, std::int64_t now,
                                       Transaction* transaction) const {
    if (!takes_reference(event.facts.type)) {
      return std::string();
    }
    std::string series;
    if (event.facts.type != v1::ALERT && !event.facts.alert_event_id.empty()) {
      for (const Row* holder : find_id(event.facts.alert_event_id, *transaction)) {
        if (holder->row.stored.type() == v1::ALERT && !holder->row.id_conflict) {
          series = follow_up_series(holder->row.stored.reference(), options.reference_prefix);
        }
        break;  // Only the first holder names the alert.
      }
    }
    if (series.empty()) {
      series = reference_series(options.reference_prefix, now, options.reference_utc_offset_hours);
    }
    auto drawn = transaction->counters.find(series);
    if (drawn == transaction->counters.end()) {
      auto stored = reference_counters.find(series);
      drawn = transaction->counters
                  .emplace(series, stored == reference_counters.end() ? 0 : stored->second)
                  .first;
    }
    return format_reference(series, ++drawn->second);
  }

  Status append(const NewEvent& event, std::int64_t now, Transaction* transaction,
                AppendResult* result, std::vector<LogRow>* appended) const {
    const bool local = event.origin.node().empty();
    std::string reference;
    if (local) {
      auto next = next_reference(event, now, transaction);
      if (!next.ok()) {
        return next.status();
      }
      reference = std::move(next).value();
    }
    const std::uint64_t seq = head() + transaction->rows.size() + 1;
    LogEntry entry = log_entry_of(event, seq, options.node_id, epoch, std::move(reference), now);
    if (fault()) {
      return injected_fault("cannot append event");
    }
    const OriginKey origin{entry.origin_node, entry.origin_epoch, entry.origin_seq};
    const bool id_held = check_id(event, entry, find_id(event.event_id, *transaction), result);
    if (result->duplicate || result->id_conflict || by_origin.count(origin) != 0 ||
        transaction->origins.count(origin) != 0) {
      // Not stored. The reference number drawn for it is given back.
      if (local && !entry.reference.empty()) {
        --transaction->counters[std::string(series_of_reference(entry.reference))];
      }
      if (result->duplicate || result->id_conflict) {
        return {};
      }
      if (!local) {
        // Another event holds the origin position. Refused alone.
        result->origin_conflict = true;
        return {};
      }
      // An event from a peer holds this node's own next origin position: as SqliteStore,
      // the commit fails.
      return store_failure(
          "cannot append event: origin position " + std::to_string(entry.origin_seq) +
              " of this node is held by another event",
          "không ghi được sự kiện: vị trí nguồn gốc " + std::to_string(entry.origin_seq) +
              " của nút này đã thuộc về một sự kiện khác");
    }
    Row row;
    row.hash = chain_hash(transaction->last_hash, event, entry);
    row.row = log_row_of(event, entry);
    row.row.id_conflict = id_held;
    appended->push_back(row.row);
    row.row.stored.clear_path();
    split_path(entry.path, &row.row.stored);  // As a read from the stored text gives it.
    row.alert_event_id = event.facts.alert_event_id;
    row.received_at_ms = now;
    transaction->last_hash = row.hash;
    transaction->ids[event.event_id].push_back(seq);
    transaction->origins.insert(origin);
    transaction->rows.push_back(std::move(row));
    result->seq = seq;
    result->reference = std::move(entry.reference);
    result->id_conflict_kept = id_held;
    return {};
  }

  // Applies a cursor update (or a checkpoint) of a successful commit.
  void apply(const CursorUpdate& update) {
    if (update.checkpoint) {
      const v1::Checkpoint& checkpoint = *update.checkpoint;
      checkpoints.emplace(OriginKey{checkpoint.node(), checkpoint.epoch(), checkpoint.seq()},
                          checkpoint);  // The first one kept, as ON CONFLICT DO NOTHING.
    } else if (update.link) {
      link_cursors[update.name] = Cursor{update.seq, update.epoch};
    } else if (update.forget) {
      cursors.erase(update.name);
    } else {
      cursors[update.name] = Cursor{update.seq, epoch};
    }
  }

  void add(Row&& row) {
    const v1::StoredEvent& stored = row.row.stored;
    const std::uint64_t seq = stored.seq();
    by_event_id[stored.event_id()].push_back(seq);
    by_origin.emplace(
        OriginKey{stored.origin().node(), stored.origin().epoch(), stored.origin().seq()}, seq);
    if (!row.row.id_conflict) {
      by_alert[row.alert_event_id].push_back(seq);  // A flagged row is in no case.
    }
    if (!stored.reference().empty()) {
      first_by_reference.emplace(stored.reference(), seq);
    }
    if (stored.type() == v1::RECEIPT && stored.origin().node() == options.node_id) {
      last_own_receipt = seq;
    }
    last_hash = row.hash;
    rows.push_back(std::move(row));
  }

  const MemoryStoreOptions options;
  const std::uint64_t epoch;
  mutable std::mutex mutex;
  std::vector<Row> rows;                                                    // rows[seq - 1].
  std::unordered_map<std::string, std::vector<std::uint64_t>> by_event_id;  // Seqs ascending.
  std::map<OriginKey, std::uint64_t> by_origin;
  // Every row by the alert it follows (alerts under ""), seqs ascending.
  std::unordered_map<std::string, std::vector<std::uint64_t>> by_alert;
  std::unordered_map<std::string, std::uint64_t> first_by_reference;
  std::map<std::string, std::int64_t> reference_counters;
  std::map<std::string, Cursor> cursors;
  std::map<std::string, Cursor> link_cursors;
  std::map<OriginKey, v1::Checkpoint> checkpoints;
  std::uint64_t last_own_receipt = 0;  // Seq of this node's last RECEIPT, 0 if none.
  std::int64_t last_received_at_ms = 0;
  protocol::LogHash last_hash{};
  int failing_commits = 0;
};

MemoryStore::MemoryStore(MemoryStoreOptions options)
    : log_(std::make_shared<Log>(std::move(options))) {}

std::unique_ptr<MemoryStore> MemoryStore::connect() const {
  return std::unique_ptr<MemoryStore>(new MemoryStore(log_));
}

void MemoryStore::fail_next_commits(int count) {
  std::lock_guard lock(log_->mutex);
  log_->failing_commits = count;
}

std::vector<protocol::LogHash> MemoryStore::row_hashes() const {
  std::lock_guard lock(log_->mutex);
  std::vector<protocol::LogHash> hashes;
  for (const Log::Row& row : log_->rows) {
    hashes.push_back(row.hash);
  }
  return hashes;
}

std::vector<v1::Checkpoint> MemoryStore::peer_checkpoints() const {
  std::lock_guard lock(log_->mutex);
  std::vector<v1::Checkpoint> checkpoints;
  for (const auto& [key, checkpoint] : log_->checkpoints) {
    checkpoints.push_back(checkpoint);
  }
  return checkpoints;
}

const std::string& MemoryStore::node_id() const {
  return log_->options.node_id;
}

std::uint64_t MemoryStore::epoch() const {
  return log_->epoch;
}

Status MemoryStore::commit(std::span<const NewEvent> events, std::span<const CursorUpdate> cursors,
                           std::vector<AppendResult>* results, std::vector<LogRow>* appended) {
  results->clear();
  appended->clear();
  if (events.empty() && cursors.empty()) {
    return {};
  }
  Log& log = *log_;
  std::lock_guard lock(log.mutex);
  Log::Transaction transaction;
  transaction.last_hash = log.last_hash;
  const std::int64_t now = std::max(log.now_ms(), log.last_received_at_ms);
  Status status;
  if (log.failing_commits > 0) {
    --log.failing_commits;
    status = injected_fault("commit");
  }
  for (std::size_t i = 0; status.ok() && i < events.size(); ++i) {
    AppendResult result;
    status = log.append(events[i], now, &transaction, &result, appended);
    results->push_back(std::move(result));
  }
  // One write step per cursor, then one per reference series drawn from, then the commit.
  for (std::size_t i = 0; status.ok() && i < cursors.size(); ++i) {
    if (log.fault()) {
      status = injected_fault("cannot save cursor");
    }
  }
  for (std::size_t i = 0; status.ok() && i < transaction.counters.size(); ++i) {
    if (log.fault()) {
      status = injected_fault("cannot save reference counter");
    }
  }
  if (status.ok() && log.fault()) {
    status = injected_fault("commit");
  }
  if (!status.ok()) {
    results->clear();
    appended->clear();
    return status;
  }
  if (!transaction.rows.empty()) {
    log.last_received_at_ms = now;
  }
  for (Log::Row& row : transaction.rows) {
    log.add(std::move(row));
  }
  for (const auto& [series, last] : transaction.counters) {
    log.reference_counters[series] = last;
  }
  for (const CursorUpdate& update : cursors) {
    log.apply(update);
  }
  return {};
}

StatusOr<std::uint64_t> MemoryStore::head_seq() {
  std::lock_guard lock(log_->mutex);
  return log_->head();
}

StatusOr<std::uint64_t> MemoryStore::event_count() {
  std::lock_guard lock(log_->mutex);
  return static_cast<std::uint64_t>(log_->rows.size());
}

Status MemoryStore::read_after(std::uint64_t after_seq, std::size_t limit,
                               std::vector<LogRow>* rows) {
  rows->clear();
  std::lock_guard lock(log_->mutex);
  for (std::uint64_t seq = after_seq; seq < log_->head() && rows->size() < limit;) {
    ++seq;
    rows->push_back(log_->at(seq).row);
  }
  rows_read_ += rows->size();
  return {};
}

// received_at is non-decreasing in seq: the rows before the first one received at or after
// `unix_ms`.
StatusOr<std::uint64_t> MemoryStore::seq_before_time(std::int64_t unix_ms) {
  std::lock_guard lock(log_->mutex);
  const auto first_late =
      std::partition_point(log_->rows.begin(), log_->rows.end(),
                           [unix_ms](const Log::Row& row) { return row.received_at_ms < unix_ms; });
  return static_cast<std::uint64_t>(first_late - log_->rows.begin());
}

StatusOr<std::optional<LogRow>> MemoryStore::find_by_id(const std::string& event_id) {
  std::lock_guard lock(log_->mutex);
  auto found = log_->by_event_id.find(event_id);
  if (found == log_->by_event_id.end()) {
    return std::optional<LogRow>();
  }
  return std::optional<LogRow>(log_->at(found->second.front()).row);
}

StatusOr<std::optional<LogRow>> MemoryStore::find_by_reference(const std::string& reference) {
  std::lock_guard lock(log_->mutex);
  auto found = log_->first_by_reference.find(reference);
  if (found == log_->first_by_reference.end()) {
    return std::optional<LogRow>();
  }
  return std::optional<LogRow>(log_->at(found->second).row);
}

StatusOr<std::optional<Cursor>> MemoryStore::load_cursor(const std::string& name) {
  std::lock_guard lock(log_->mutex);
  auto found = log_->cursors.find(name);
  return found == log_->cursors.end() ? std::optional<Cursor>() : found->second;
}

StatusOr<std::uint64_t> MemoryStore::last_local_seq() {
  std::lock_guard lock(log_->mutex);
  const auto& by_origin = log_->by_origin;
  auto after = by_origin.upper_bound(
      OriginKey{log_->options.node_id, log_->epoch, std::numeric_limits<std::uint64_t>::max()});
  if (after == by_origin.begin()) {
    return std::uint64_t{0};
  }
  const auto& [node, epoch, seq] = std::prev(after)->first;
  return node == log_->options.node_id && epoch == log_->epoch ? seq : 0;
}

StatusOr<std::optional<Cursor>> MemoryStore::load_link_cursor(const std::string& peer) {
  std::lock_guard lock(log_->mutex);
  auto found = log_->link_cursors.find(peer);
  return found == log_->link_cursors.end() ? std::optional<Cursor>() : found->second;
}

Status MemoryStore::read_origin(const std::string& node, std::uint64_t epoch,
                                std::uint64_t after_origin_seq, std::size_t limit,
                                std::vector<LogRow>* rows) {
  rows->clear();
  if (after_origin_seq == std::numeric_limits<std::uint64_t>::max()) {
    return {};
  }
  std::lock_guard lock(log_->mutex);
  const auto& by_origin = log_->by_origin;
  for (auto it = by_origin.lower_bound(OriginKey{node, epoch, after_origin_seq + 1});
       it != by_origin.end() && std::get<0>(it->first) == node && std::get<1>(it->first) == epoch &&
       rows->size() < limit;
       ++it) {
    rows->push_back(log_->at(it->second).row);
  }
  return {};
}

StatusOr<std::optional<v1::Checkpoint>> MemoryStore::first_peer_checkpoint(
    const std::string& node, std::uint64_t epoch, std::uint64_t at_or_after_seq) {
  std::lock_guard lock(log_->mutex);
  auto found = log_->checkpoints.lower_bound(OriginKey{node, epoch, at_or_after_seq});
  if (found == log_->checkpoints.end() || std::get<0>(found->first) != node ||
      std::get<1>(found->first) != epoch) {
    return std::optional<v1::Checkpoint>();
  }
  return std::optional<v1::Checkpoint>(found->second);
}

Status MemoryStore::read_case_events(const std::string& alert_event_id, std::uint64_t up_to_seq,
                                     std::vector<LogRow>* rows) {
  rows->clear();
  std::lock_guard lock(log_->mutex);
  std::vector<std::uint64_t> seqs;
  if (auto alert = log_->by_event_id.find(alert_event_id); alert != log_->by_event_id.end()) {
    const LogRow& holder = log_->at(alert->second.front()).row;
    if (holder.stored.type() == v1::ALERT && !holder.id_conflict) {
      seqs.push_back(alert->second.front());
    }
  }
  if (auto follow_ups = log_->by_alert.find(alert_event_id); follow_ups != log_->by_alert.end()) {
    seqs.insert(seqs.end(), follow_ups->second.begin(), follow_ups->second.end());
  }
  std::sort(seqs.begin(), seqs.end());
  seqs.erase(std::unique(seqs.begin(), seqs.end()), seqs.end());
  for (const std::uint64_t seq : seqs) {
    if (up_to_seq == 0 || seq <= up_to_seq) {
      rows->push_back(log_->at(seq).row);
    }
  }
  return {};
}

StatusOr<std::uint64_t> MemoryStore::last_receipt_through() {
  std::lock_guard lock(log_->mutex);
  if (log_->last_own_receipt == 0) {
    return std::uint64_t{0};
  }
  return receipts_through_of(log_->at(log_->last_own_receipt).row.stored.event());
}

Status MemoryStore::alerts_without_receipt(std::uint64_t after_seq, std::size_t limit,
                                           std::vector<LogRow>* rows) {
  rows->clear();
  std::lock_guard lock(log_->mutex);
  const Log& log = *log_;
  auto has_own_receipt = [&log](const std::string& alert_event_id) {
    auto follow_ups = log.by_alert.find(alert_event_id);
    if (follow_ups == log.by_alert.end()) {
      return false;
    }
    return std::any_of(
        follow_ups->second.begin(), follow_ups->second.end(), [&log](std::uint64_t seq) {
          const v1::StoredEvent& stored = log.at(seq).row.stored;
          return stored.type() == v1::RECEIPT && stored.origin().node() == log.options.node_id;
        });
  };
  for (std::uint64_t seq = after_seq; seq < log.head() && rows->size() < limit;) {
    ++seq;
    const v1::StoredEvent& stored = log.at(seq).row.stored;
    if (stored.type() == v1::ALERT && stored.origin().node() != log.options.node_id &&
        !log.at(seq).row.id_conflict && !has_own_receipt(stored.event_id())) {
      rows->push_back(log.at(seq).row);
    }
  }
  return {};
}

}  // namespace alertbus::broker
