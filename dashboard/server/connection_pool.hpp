// ConnectionPool: cpp-httplib's task queue for alertbus-dashboard. httplib hands each accepted
// connection to the queue as one task that serves all of the connection's requests (a live
// stream holds it for as long as the browser stays), so the pool has one worker per allowed
// connection and never queues a connection behind another: the connection one beyond the cap
// goes to a small overflow pool whose tasks are flagged (over_capacity()), and the server's
// first handler answers them 503 with "Connection: close". Memory and threads stay bounded
// whatever clients do.
//
// Threading: enqueue() from httplib's accepting thread; over_capacity() on a worker.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <httplib.h>
#include <mutex>
#include <thread>
#include <vector>

namespace alertbus::dashboard {

class ConnectionPool : public httplib::TaskQueue {
 public:
  explicit ConnectionPool(std::size_t max_connections, std::size_t overflow_threads = 2);
  ~ConnectionPool() override;

  void enqueue(std::function<void()> fn) override;
  void shutdown() override;

  // True on a thread serving a connection beyond the cap.
  static bool over_capacity();
  // Connections being served now (not counting the ones answered 503).
  std::size_t open() const;

 private:
  struct Queue {
    std::deque<std::function<void()>> tasks;
    std::condition_variable ready;
    std::vector<std::thread> threads;
  };

  void work(Queue& queue, bool overflow);

  const std::size_t max_connections_;
  mutable std::mutex mutex_;
  Queue main_;
  Queue overflow_;
  std::size_t open_ = 0;  // Tasks queued or running on the main pool.
  bool shutdown_ = false;
};

}  // namespace alertbus::dashboard
