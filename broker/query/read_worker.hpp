// ReadWorker: the reads that may take long leave the loop thread. Queries over the log, case
// queries and the overdue scan run here, on one thread with its own connections (a reader
// of the log and, with casework on, a reader of the projection), one job at a time in the
// order they were submitted. A job returns what the loop must then do (send the reply,
// queue the notices); the loop runs those in the same order when the worker's eventfd wakes
// it. At most kMaxPending jobs wait: beyond that, submit() refuses and the loop answers the
// request at once with an error, so memory stays bounded whatever clients ask.
//
// Threading: submit(), done_fd(), run_finished() from the loop thread; jobs run on the
// worker's thread and must touch only what they captured and the connections they are given.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "alertbus/protocol/status.hpp"

namespace alertbus::broker {

class ProjectionDb;
class Store;

class ReadWorker {
 public:
  static constexpr std::size_t kMaxPending = 1024;

  // The worker's connections; projection is null when casework is off.
  struct Readers {
    Store* log = nullptr;
    ProjectionDb* projection = nullptr;
  };

  using Finish = std::function<void()>;               // Runs on the loop thread.
  using Job = std::function<Finish(const Readers&)>;  // Runs on the worker's thread.

  // Opens a reader of the log at `log_path` and, unless empty, of the projection at
  // `projection_path` (the projector has created it), and starts the thread.
  static StatusOr<std::unique_ptr<ReadWorker>> start(const std::string& log_path,
                                                     const std::string& node_id,
                                                     const std::string& projection_path);
  ~ReadWorker();
  ReadWorker(const ReadWorker&) = delete;
  ReadWorker& operator=(const ReadWorker&) = delete;

  // False when kMaxPending jobs already wait (the job is not taken): answer busy().
  bool submit(Job job);

  // The refusal of a read when the worker is full (TOO_MANY_IN_FLIGHT, retryable).
  static Status busy();

  // Readable when a job finished: call run_finished().
  int done_fd() const { return done_fd_; }

  // Runs, in submission order, what every finished job left for the loop.
  void run_finished();

  // Jobs submitted whose Finish has not run yet.
  std::size_t pending() const;

 private:
  ReadWorker(std::unique_ptr<Store> log, std::unique_ptr<ProjectionDb> projection);
  void run();

  std::unique_ptr<Store> log_;
  std::unique_ptr<ProjectionDb> projection_;
  int done_fd_ = -1;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> jobs_;         // Guarded by mutex_.
  std::deque<Finish> finished_;  // Guarded by mutex_.
  std::size_t running_ = 0;      // Guarded by mutex_: 1 while a job runs.
  bool stopping_ = false;        // Guarded by mutex_.
  std::thread thread_;
};

}  // namespace alertbus::broker
