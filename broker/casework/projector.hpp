// Projector: keeps the casework projection (ProjectionDb) behind the log, off the commit
// path, on its own thread.
//
// The writer's transaction holds only the log rows and cursors. After each commit the loop
// calls notify(); the projector reads the log after its watermark in chunks
// (`chunk_events` rows), and applies each chunk in ONE transaction of the projection's own
// file: each event extends its case (protocol::extend_case, O(1) in the case's length) or,
// when it sorts before the last event applied (an alert arriving after its follow-ups, a
// follow-up dated before one already applied), recomputes the case from its events in the
// log up to this one; each event adds its folded text to the search index; the watermark
// `projected_seq` moves in the same transaction. A crash loses at most what was not yet
// committed, and the projector starts again from the watermark: every event is projected
// exactly once.
//
// At start a projection of another log epoch (the log was restored or replaced) or ahead of
// the log is emptied and projected again from seq 0; so is one after reproject().
//
// Threading: notify(), reproject(), projected_seq(), progress_fd(), take_progress() and
// stop() from the loop thread; the projector's thread alone uses its two connections (a
// log reader and the projection's writer). One mutex guards the wanted head and the flags;
// projected_seq is an atomic; progress is signalled on an eventfd.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "alertbus/protocol/casework.hpp"
#include "alertbus/protocol/status.hpp"

namespace alertbus::broker {

class ProjectionDb;
class Store;
struct StoredCase;

class Projector {
 public:
  struct Options {
    std::string log_path;         // The log's file (opened read-only in effect).
    std::string projection_path;  // The projection's file (created if missing).
    std::string node_id;
    std::size_t chunk_events = 2048;
    // The projector thread's nice value (0: as the rest of the broker).
    int nice = 10;
    // How long the projector lets events gather before a chunk, unless someone waits for
    // the projection (hurry()) or a whole chunk is there: each transaction of the
    // projection has a fixed cost (the search index writes a segment per transaction).
    int gather_ms = 5;
    // Tests only: a pause before each chunk, to keep the projector behind.
    int chunk_delay_ms = 0;
  };

  // Opens both files, checks the watermark against the log and starts the thread, which
  // first catches up with the log as it is.
  static StatusOr<std::unique_ptr<Projector>> start(const Options& options);
  ~Projector();
  Projector(const Projector&) = delete;
  Projector& operator=(const Projector&) = delete;

  // The log holds rows up to `head_seq`: project them.
  void notify(std::uint64_t head_seq);

  // A query waits for the projection: project what there is without gathering more.
  void hurry();

  // Empties the projection and projects the whole log again (alertctl admin reproject).
  void reproject();

  // Every log row up to this seq is in the projection (and committed there).
  std::uint64_t projected_seq() const { return projected_seq_.load(std::memory_order_acquire); }

  // Whether the projection has reached the log's head as it was at start: until then, case
  // counts describe only part of the log.
  bool caught_up_with_start() const { return projected_seq() >= start_head_; }

  // Readable when projected_seq() moved; take_progress() clears it.
  int progress_fd() const { return event_fd_; }

  void take_progress();

  // Counters for the status reply and tests: events projected, cases recomputed whole.
  std::uint64_t events_projected() const { return events_projected_.load(); }

  std::uint64_t cases_recomputed() const { return cases_recomputed_.load(); }

  // Reprojections asked for, and those whose projection has emptied and begun again.
  std::uint64_t reprojections_asked() const { return reprojections_asked_.load(); }

  std::uint64_t reprojections_begun() const { return reprojections_begun_.load(); }

  // Finishes the chunk in hand and ends the thread. Idempotent.
  void stop();

 private:
  std::uint64_t start_head_ = 0;  // The log's head when the projector started.
  Projector(Options options, std::unique_ptr<Store> log, std::unique_ptr<ProjectionDb> projection);
  void run();
  // Projects up to one chunk after the watermark; false when there was nothing to project.
  StatusOr<bool> project_chunk();
  Status reset_projection();
  // The case again from its events in the log up to `up_to_seq` and its stored receipts.
  Status recompute(const std::string& case_id, std::uint64_t up_to_seq, StoredCase* stored);
  // A RECEIPT: every alert it covers (Touch: the chunk's case loader).
  template <typename Touch>
  Status apply_receipt(const protocol::CaseEvent& entry, std::uint64_t seq, Touch& touch);

  Options options_;
  std::unique_ptr<Store> log_;
  std::unique_ptr<ProjectionDb> projection_;
  int event_fd_ = -1;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::uint64_t wanted_seq_ = 0;
  bool reproject_ = false;
  bool hurry_ = false;
  bool stopping_ = false;
  std::atomic<std::uint64_t> projected_seq_{0};
  std::atomic<std::uint64_t> events_projected_{0};
  std::atomic<std::uint64_t> cases_recomputed_{0};
  std::atomic<std::uint64_t> reprojections_asked_{0};
  std::atomic<std::uint64_t> reprojections_begun_{0};
  std::thread thread_;
};

}  // namespace alertbus::broker
