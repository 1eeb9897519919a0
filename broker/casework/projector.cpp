#include "casework/projector.hpp"

#include <chrono>
#include <map>
#include <pthread.h>
#include <spdlog/spdlog.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>
#include <vector>

#include "alertbus/protocol/case_projection.hpp"
#include "alertbus/protocol/casework.hpp"
#include "casework/projection_db.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace alertbus::broker {
StatusOr<std::unique_ptr<Projector>> Projector::start(const Options& options) {
  SqliteStoreOptions log_options;
  log_options.path = options.log_path;
  log_options.node_id = options.node_id;
  // It reads the log once, in order, just behind the head: a small cache does.
  log_options.cache_kib = 1000;
  auto log = SqliteStore::open(log_options);
  if (!log.ok()) {
    return log.status();
  }
  auto projection = ProjectionDb::open(options.projection_path, true);
  if (!projection.ok()) {
    return projection.status();
  }
  std::unique_ptr<Projector> projector(
      new Projector(options, std::move(log).value(), std::move(projection).value()));
  auto watermark = projector->projection_->watermark();
  auto head = projector->log_->head_seq();
  if (!watermark.ok() || !head.ok()) {
    return watermark.ok() ? head.status() : watermark.status();
  }
  const std::uint64_t epoch = projector->log_->epoch();
  if (watermark->log_epoch != epoch || watermark->projected_seq > head.value()) {
    if (watermark->log_epoch != 0) {
      spdlog::warn(
          "casework projection: made for log epoch {} up to seq {}, the log is epoch {} up to"
          " seq {}; projecting the log again",
          watermark->log_epoch, watermark->projected_seq, epoch, head.value());
    }
    if (Status status = projector->reset_projection(); !status.ok()) {
      return status;
    }
  } else {
    projector->projected_seq_ = watermark->projected_seq;
  }
  projector->wanted_seq_ = head.value();
  projector->start_head_ = head.value();
  projector->event_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  projector->thread_ = std::thread([raw = projector.get()] { raw->run(); });
  return projector;
}

Projector::Projector(Options options, std::unique_ptr<Store> log,
                     std::unique_ptr<ProjectionDb> projection)
    : options_(std::move(options)), log_(std::move(log)), projection_(std::move(projection)) {}

Projector::~Projector() {
  stop();
  if (event_fd_ >= 0) {
    close(event_fd_);
  }
}

void Projector::notify(std::uint64_t head_seq) {
  {
    std::lock_guard lock(mutex_);
    if (head_seq <= wanted_seq_) {
      return;
    }
    wanted_seq_ = head_seq;
  }
  wake_.notify_one();
}

void Projector::hurry() {
  {
    std::lock_guard lock(mutex_);
    hurry_ = true;
  }
  wake_.notify_one();
}

void Projector::reproject() {
  {
    std::lock_guard lock(mutex_);
    reproject_ = true;
    ++reprojections_asked_;
  }
  wake_.notify_one();
}

void Projector::take_progress() {
  std::uint64_t count = 0;
  (void)read(event_fd_, &count, sizeof count);
}

void Projector::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) {
    thread_.join();
  }
}

Status Projector::reset_projection() {
  if (Status status = projection_->begin(); !status.ok()) {
    return status;
  }
  Status status = projection_->reset(log_->epoch());
  if (status.ok()) {
    status = projection_->commit();
  }
  if (!status.ok()) {
    projection_->rollback();
    return status;
  }
  projected_seq_.store(0, std::memory_order_release);
  return {};
}

void Projector::run() {
  pthread_setname_np(pthread_self(), "projector");
  using namespace std::chrono_literals;
  // Behind the commit path in the CPU too: when the cores are busy, acknowledging publishes
  // comes first and the projection catches up in the pauses (its lag is bounded by the
  // bursts; nothing waits for it but case queries, which wait for their own position).
  if (options_.nice > 0 &&
      setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), options_.nice) != 0) {
    spdlog::warn("casework projection: cannot lower the projector's priority");
  }
  for (;;) {
    bool reproject = false;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock,
                 [this] { return stopping_ || reproject_ || wanted_seq_ > projected_seq_.load(); });
      if (stopping_) {
        return;
      }
      reproject = reproject_;
      reproject_ = false;
      // Let a chunk's worth gather for a moment, unless a query waits for it.
      if (!reproject && options_.gather_ms > 0) {
        wake_.wait_for(lock, std::chrono::milliseconds(options_.gather_ms), [this] {
          return stopping_ || hurry_ ||
                 wanted_seq_ - projected_seq_.load() >= options_.chunk_events;
        });
        if (stopping_) {
          return;
        }
      }
      hurry_ = false;
    }
    if (reproject) {
      const std::uint64_t asked = reprojections_asked_.load();
      if (Status status = reset_projection(); !status.ok()) {
        spdlog::error("casework projection: cannot empty it to project again: {}",
                      status.message());
      } else {
        spdlog::info("casework projection: projecting the whole log again");
        std::lock_guard lock(mutex_);
        wanted_seq_ = std::max<std::uint64_t>(wanted_seq_, 1);
        reprojections_begun_.store(asked);
      }
    }
    auto projected = project_chunk();
    if (!projected.ok()) {
      spdlog::error("casework projection stopped at seq {}: {}; retrying in 1 s",
                    projected_seq_.load(), projected.status().message());
      std::unique_lock lock(mutex_);
      wake_.wait_for(lock, 1s, [this] { return stopping_; });
      continue;
    }
    if (!projected.value()) {
      // The log holds nothing after the watermark (wanted_seq_ was ahead of a commit that
      // failed, or the rows are not visible yet): wait for the next notify.
      std::lock_guard lock(mutex_);
      if (wanted_seq_ > projected_seq_.load()) {
        wanted_seq_ = projected_seq_.load();
      }
    }
  }
}

Status Projector::recompute(const std::string& case_id, std::uint64_t up_to_seq,
                            StoredCase* stored) {
  std::vector<LogRow> history;
  if (Status status = log_->read_case_events(case_id, up_to_seq, &history); !status.ok()) {
    return status;
  }
  std::vector<protocol::CaseEvent> events;
  events.reserve(history.size());
  for (const LogRow& past : history) {
    auto decoded = protocol::case_event_of(past.stored);
    if (!decoded.ok()) {
      continue;  // Logged when it was projected.
    }
    if (decoded->event.type() != v1::RECEIPT && stored->last < protocol::case_order(*decoded)) {
      stored->last = protocol::case_order(*decoded);
    }
    events.push_back(std::move(decoded).value());
  }
  // The receipts that cover this case under another alert's entry are not found by the log's
  // index: the projection keeps them.
  std::vector<std::pair<std::string, std::int64_t>> receipts;
  if (Status status = projection_->load_receipts(case_id, &receipts); !status.ok()) {
    return status;
  }
  stored->body = protocol::project_case(case_id, std::move(events), receipts, stored->body.kind());
  return {};
}

template <typename Touch>
Status Projector::apply_receipt(const protocol::CaseEvent& entry, std::uint64_t seq, Touch& touch) {
  // A receipt applies the same in any order (casework.hpp): each alert it covers gets it at
  // once, without the order check, and without moving the case's last applied event.
  const v1::Event& event = entry.event;
  const std::string node = protocol::node_of_unit(event.sender_unit());
  for (const auto& [case_id, stored_at_ms] : protocol::receipt_coverage(entry)) {
    bool fresh = false;
    StatusOr<StoredCase*> touched_case = touch(case_id, &fresh);
    if (!touched_case.ok()) {
      return touched_case.status();
    }
    StoredCase& stored = *touched_case.value();
    if (fresh) {
      // The alert is not here yet: a case with only its facts, recomputed when the alert
      // comes (it sorts before anything).
      stored.body.set_alert_missing(true);
      stored.body.set_event_id(case_id);
      stored.body.set_kind(event.kind());
      stored.last = protocol::receipts_only_order();
    }
    protocol::extend_case(&stored.body, entry);
    protocol::complete_case(&stored.body, protocol::stored_case_context());
    stored.changed_seq = seq;
    if (Status status = projection_->add_receipt(case_id, node, stored_at_ms); !status.ok()) {
      return status;
    }
  }
  return {};
}

StatusOr<bool> Projector::project_chunk() {
  if (options_.chunk_delay_ms > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(options_.chunk_delay_ms));
  }
  const std::uint64_t from = projected_seq_.load();
  std::vector<LogRow> rows;
  if (Status status = log_->read_after(from, options_.chunk_events, &rows); !status.ok()) {
    return status;
  }
  if (rows.empty()) {
    return false;
  }
  if (Status status = projection_->begin(); !status.ok()) {
    return status;
  }
  // The cases this chunk touches, each loaded once and saved once.
  std::map<std::string, StoredCase> touched;
  std::uint64_t recomputed = 0;
  auto apply = [&](const LogRow& row) -> Status {
    if (row.id_conflict) {
      return {};  // Under an id an earlier event holds: casework names alerts by id.
    }
    auto entry = protocol::case_event_of(row.stored);
    if (!entry.ok()) {
      // Every stored event was decoded and validated when it was stored; one that no longer
      // parses was altered in the file (audit verify finds it). It is left out of the cases
      // rather than stopping every case after it.
      spdlog::error("casework projection: {}; left out", entry.status().message());
      return {};
    }
    const v1::Event& event = entry->event;
    // The case `case_id` as this chunk has it, loaded once; `fresh` when it did not exist.
    auto touch = [&](const std::string& case_id, bool* fresh) -> StatusOr<StoredCase*> {
      auto found = touched.find(case_id);
      *fresh = false;
      if (found == touched.end()) {
        auto loaded = projection_->load_case(case_id);
        if (!loaded.ok()) {
          return loaded.status();
        }
        *fresh = !loaded.value().has_value();
        found = touched.emplace(case_id, loaded.value() ? std::move(*loaded.value()) : StoredCase{})
                    .first;
      }
      return &found->second;
    };
    if (event.type() == v1::RECEIPT) {
      return apply_receipt(*entry, row.stored.seq(), touch);
    }
    const std::string& case_id = protocol::case_id_of(event);
    if (case_id.empty()) {
      return {};
    }
    bool fresh = false;
    auto touched_case = touch(case_id, &fresh);
    if (!touched_case.ok()) {
      return touched_case.status();
    }
    StoredCase& stored = *touched_case.value();
    const protocol::CaseOrder order = protocol::case_order(*entry);
    if (fresh || stored.last < order) {
      protocol::extend_case(&stored.body, *entry);
      stored.last = order;
    } else {
      // It sorts before an event already applied: the case again from its events so far.
      if (Status status = recompute(case_id, row.stored.seq(), &stored); !status.ok()) {
        return status;
      }
      ++recomputed;
    }
    protocol::complete_case(&stored.body, protocol::stored_case_context());
    stored.changed_seq = row.stored.seq();
    return projection_->add_text(case_id, protocol::case_search_text(*entry));
  };
  Status status;
  for (const LogRow& row : rows) {
    status = apply(row);
    if (!status.ok()) {
      break;
    }
  }
  for (auto it = touched.begin(); status.ok() && it != touched.end(); ++it) {
    status = projection_->save_case(it->second);
  }
  const std::uint64_t last = rows.back().stored.seq();
  if (status.ok()) {
    status = projection_->set_projected(last);
  }
  if (status.ok()) {
    status = projection_->commit();
  }
  if (!status.ok()) {
    projection_->rollback();
    return status;
  }
  events_projected_ += rows.size();
  cases_recomputed_ += recomputed;
  projected_seq_.store(last, std::memory_order_release);
  const std::uint64_t one = 1;
  (void)write(event_fd_, &one, sizeof one);
  return true;
}

}  // namespace alertbus::broker
