#include "ingest/worker_pool.hpp"

#include <pthread.h>

#include <string>

namespace alertbus::broker {

WorkerPool::WorkerPool(unsigned threads) {
  for (unsigned i = 0; i < threads; ++i) {
    threads_.emplace_back([this, i] {
      const std::string name = "verify " + std::to_string(i + 1);
      pthread_setname_np(pthread_self(), name.c_str());
      run_helper();
    });
  }
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  start_.notify_all();
  for (std::thread& thread : threads_) {
    thread.join();
  }
}

void WorkerPool::take_items() {
  for (std::size_t i = next_.fetch_add(1); i < count_; i = next_.fetch_add(1)) {
    (*work_)(i);
  }
}

void WorkerPool::for_each(std::size_t count, const std::function<void(std::size_t)>& work) {
  if (count == 0) {
    return;
  }
  if (count == 1 || threads_.empty()) {
    for (std::size_t i = 0; i < count; ++i) {
      work(i);
    }
    return;
  }
  {
    std::lock_guard lock(mutex_);
    work_ = &work;
    count_ = count;
    next_.store(0);
    busy_ = static_cast<unsigned>(threads_.size());
    ++generation_;
  }
  start_.notify_all();
  take_items();
  std::unique_lock lock(mutex_);
  done_.wait(lock, [this] { return busy_ == 0; });
  work_ = nullptr;
}

void WorkerPool::run_helper() {
  std::uint64_t seen = 0;
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      start_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_) {
        return;
      }
      seen = generation_;
    }
    take_items();
    {
      std::lock_guard lock(mutex_);
      --busy_;
    }
    done_.notify_one();
  }
}

}  // namespace alertbus::broker
