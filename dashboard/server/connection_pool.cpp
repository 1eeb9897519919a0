// The bounded task queue for httplib (connection_pool.hpp).
#include "connection_pool.hpp"

#include <utility>

namespace alertbus::dashboard {
namespace {

thread_local bool serving_overflow = false;

}  // namespace

ConnectionPool::ConnectionPool(std::size_t max_connections, std::size_t overflow_threads)
    : max_connections_(max_connections) {
  for (std::size_t i = 0; i < max_connections; ++i) {
    main_.threads.emplace_back([this] { work(main_, false); });
  }
  for (std::size_t i = 0; i < overflow_threads; ++i) {
    overflow_.threads.emplace_back([this] { work(overflow_, true); });
  }
}

ConnectionPool::~ConnectionPool() {
  shutdown();
}

bool ConnectionPool::over_capacity() {
  return serving_overflow;
}

std::size_t ConnectionPool::open() const {
  std::lock_guard lock(mutex_);
  return open_;
}

void ConnectionPool::enqueue(std::function<void()> fn) {
  Queue* queue = &overflow_;
  {
    std::lock_guard lock(mutex_);
    if (open_ < max_connections_) {
      ++open_;
      queue = &main_;
    }
    queue->tasks.push_back(std::move(fn));
  }
  queue->ready.notify_one();
}

void ConnectionPool::work(Queue& queue, bool overflow) {
  serving_overflow = overflow;
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mutex_);
      queue.ready.wait(lock, [&] { return shutdown_ || !queue.tasks.empty(); });
      if (queue.tasks.empty()) {
        return;  // Shut down, nothing left to serve.
      }
      task = std::move(queue.tasks.front());
      queue.tasks.pop_front();
    }
    task();
    if (!overflow) {
      std::lock_guard lock(mutex_);
      --open_;
    }
  }
}

void ConnectionPool::shutdown() {
  {
    std::lock_guard lock(mutex_);
    if (shutdown_) {
      return;
    }
    shutdown_ = true;
  }
  main_.ready.notify_all();
  overflow_.ready.notify_all();
  for (Queue* queue : {&main_, &overflow_}) {
    for (std::thread& thread : queue->threads) {
      if (thread.joinable()) {
        thread.join();
      }
    }
  }
}

}  // namespace alertbus::dashboard
