// WorkerPool: runs one loop's CPU-heavy, stateless work (decoding, validating and verifying
// the signatures of a batch of events) on several cores at once. The calling thread works
// too, so a pool of N threads puts N + 1 cores on a batch, and a batch of one never waits
// for a wake-up.
//
// Threading: for_each() is called from one thread at a time (the loop); `work` runs
// concurrently on the pool's threads and must only touch its own item.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace alertbus::broker {

class WorkerPool {
 public:
  // `threads` helpers besides the caller; 0 runs everything on the caller.
  explicit WorkerPool(unsigned threads);
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;
  ~WorkerPool();

  // Calls work(i) for every i in [0, count), spread over the caller and the helpers, and
  // returns when all calls have returned.
  void for_each(std::size_t count, const std::function<void(std::size_t)>& work);

  unsigned threads() const { return static_cast<unsigned>(threads_.size()); }

 private:
  void run_helper();
  void take_items();

  std::vector<std::thread> threads_;
  std::mutex mutex_;
  std::condition_variable start_;
  std::condition_variable done_;
  const std::function<void(std::size_t)>* work_ = nullptr;  // Guarded by mutex_.
  std::size_t count_ = 0;
  std::uint64_t generation_ = 0;  // Guarded by mutex_: a new batch.
  unsigned busy_ = 0;             // Guarded by mutex_: helpers inside the batch.
  std::atomic<std::size_t> next_{0};
  bool stopping_ = false;
};

}  // namespace alertbus::broker
