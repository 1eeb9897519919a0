// WorkerPool: runs the loop's CPU-heavy, stateless work (decoding, validating and verifying
// the signatures of events) on other cores, so that the loop keeps moving frames meanwhile.
//
// submit() takes a Task of independent items, run by the helpers while the loop goes on.
// Tasks come back from take_done() in the order they were submitted, whatever order their
// items finished in, so the publishes of one connection keep their order. A small task
// submitted while nothing is pending runs at once on the caller (`inline_max` items at most):
// one publish waits for no thread hand-over.
//
// Threading: submit(), take_done(), pending() and wait_idle() from one thread at a time (the
// loop); items run concurrently on the helpers and must only touch their own item.
// done_fd() is readable when a task finished since the last take_done() emptied it.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

namespace alertbus::broker {

class WorkerPool {
 public:
  // A batch of independent items.
  class Task {
   public:
    virtual ~Task() = default;
    virtual std::size_t size() const = 0;
    virtual void run(std::size_t item) = 0;
  };

  // `threads` helpers; 0 runs everything on the caller. `inline_max`: the largest task that
  // runs on the caller when nothing else is pending.
  explicit WorkerPool(unsigned threads, std::size_t inline_max = 1);
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  ~WorkerPool();

  void submit(std::unique_ptr<Task> task);

  // The oldest submitted task if all its items have run; null otherwise.
  std::unique_ptr<Task> take_done();

  // Tasks submitted and not yet taken.
  std::size_t pending() const;

  int done_fd() const { return done_fd_; }

  // Returns when every submitted task has run (they still come out of take_done()).
  void wait_idle();

  unsigned threads() const { return static_cast<unsigned>(threads_.size()); }

 private:
  struct Entry {
    std::unique_ptr<Task> task;  // Until take_done() hands it back, every item run.
    std::size_t size = 0;
    std::size_t next = 0;  // The next item to claim.
    std::size_t done = 0;  // Items that have run.
  };

  void run_helper();
  // Runs the claimed item of `entry` and counts it (mutex_ not held while it runs).
  void finish_item(const std::shared_ptr<Entry>& entry, std::size_t item);
  void signal_done();

  std::vector<std::thread> threads_;
  std::size_t inline_max_;
  int done_fd_ = -1;
  mutable std::mutex mutex_;
  std::condition_variable work_ready_;            // Helpers: an entry has items to claim.
  std::condition_variable item_done_;             // wait_idle(): a task's last item ran.
  std::deque<std::shared_ptr<Entry>> claimable_;  // Guarded by mutex_: items left to claim.
  std::deque<std::shared_ptr<Entry>> submitted_;  // Guarded by mutex_: until taken, in order.
  bool stopping_ = false;                         // Guarded by mutex_.
};

}  // namespace alertbus::broker
