#include "ingest/worker_pool.hpp"

#include <pthread.h>
#include <string>
#include <sys/eventfd.h>
#include <unistd.h>

namespace alertbus::broker {

WorkerPool::WorkerPool(unsigned threads, std::size_t inline_max) : inline_max_(inline_max) {
  done_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
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
  work_ready_.notify_all();
  for (std::thread& thread : threads_) {
    thread.join();
  }
  if (done_fd_ >= 0) {
    close(done_fd_);
  }
}

void WorkerPool::signal_done() {
  const std::uint64_t one = 1;
  (void)write(done_fd_, &one, sizeof one);
}

void WorkerPool::submit(std::unique_ptr<Task> task) {
  auto entry = std::make_shared<Entry>();
  entry->size = task->size();
  entry->task = std::move(task);
  bool run_here = threads_.empty();
  {
    std::lock_guard lock(mutex_);
    run_here = run_here || (submitted_.empty() && entry->size <= inline_max_);
    submitted_.push_back(entry);
    if (!run_here && entry->size > 0) {
      claimable_.push_back(entry);
    }
  }
  if (run_here || entry->size == 0) {
    // Nothing runs before it (or there is no helper): the caller runs it now; it is done
    // when submit() returns.
    for (std::size_t i = 0; i < entry->size; ++i) {
      entry->task->run(i);
    }
    std::lock_guard lock(mutex_);
    entry->next = entry->done = entry->size;
  } else {
    work_ready_.notify_all();
  }
}

std::unique_ptr<WorkerPool::Task> WorkerPool::take_done() {
  std::uint64_t drained = 0;
  std::lock_guard lock(mutex_);
  (void)read(done_fd_, &drained, sizeof drained);
  if (submitted_.empty() || submitted_.front()->done < submitted_.front()->size) {
    return nullptr;
  }
  std::unique_ptr<Task> task = std::move(submitted_.front()->task);
  submitted_.pop_front();
  if (!submitted_.empty() && submitted_.front()->done == submitted_.front()->size) {
    signal_done();  // More to take: keep the fd readable.
  }
  return task;
}

std::size_t WorkerPool::pending() const {
  std::lock_guard lock(mutex_);
  return submitted_.size();
}

void WorkerPool::wait_idle() {
  std::unique_lock lock(mutex_);
  item_done_.wait(lock, [this] {
    for (const auto& entry : submitted_) {
      if (entry->done < entry->size) {
        return false;
      }
    }
    return true;
  });
}

void WorkerPool::finish_item(const std::shared_ptr<Entry>& entry, std::size_t item) {
  entry->task->run(item);
  bool finished = false;
  {
    std::lock_guard lock(mutex_);
    finished = ++entry->done == entry->size;
  }
  if (finished) {
    signal_done();
    item_done_.notify_all();
  }
}

void WorkerPool::run_helper() {
  for (;;) {
    std::shared_ptr<Entry> entry;
    std::size_t item = 0;
    {
      std::unique_lock lock(mutex_);
      work_ready_.wait(lock, [this] { return stopping_ || !claimable_.empty(); });
      if (stopping_) {
        return;
      }
      entry = claimable_.front();
      item = entry->next++;
      if (entry->next == entry->size) {
        claimable_.pop_front();
      }
    }
    finish_item(entry, item);
  }
}

}  // namespace alertbus::broker
