// Writer: the group-commit thread.
//
// The broker loop submits Jobs (events to append, cursors to move). The writer thread wakes,
// takes every job queued at that moment (up to max_batch_events events), commits them all
// with one Store::commit() - one transaction, one fsync - and hands the group back. The
// loop learns of finished groups through an eventfd it polls next to its sockets.
//
// Threading: submit(), take_finished(), finished_fd() and stop() are called from the loop
// thread only; the writer thread alone touches the Store. One mutex guards both queues.
// The writer thread counts each commit's time, size and outcome in BrokerMetrics.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "store/store.hpp"

namespace alertbus::broker {

struct BrokerMetrics;

class Writer {
 public:
  struct Job {
    std::uint64_t id = 0;
    std::vector<NewEvent> events;
    std::vector<CursorUpdate> cursors;
  };

  // Jobs committed together, in submission order (their events moved out, their count
  // kept). results holds one entry per event of
  // every job, in the same order; appended the rows that were new, in seq order. When
  // status is not OK, nothing of any job was stored and results/appended are empty.
  struct Group {
    Status status;
    std::vector<Job> jobs;
    std::vector<AppendResult> results;
    std::vector<LogRow> appended;
  };

  // Starts the writer thread over `store`. `metrics` (or null) must outlive the writer.
  Writer(std::unique_ptr<Store> store, std::size_t max_batch_events,
         BrokerMetrics* metrics = nullptr);
  ~Writer();
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  void submit(Job job);

  // The groups finished since the last call; clears the eventfd.
  std::vector<Group> take_finished();

  // Readable when take_finished() has something.
  int finished_fd() const { return event_fd_; }

  // Commits whatever is queued, then ends the thread. Idempotent.
  void stop();

 private:
  void run();
  void signal_finished();
  // Counts a commit of `events` events that took `took` (writer thread).
  void count(bool ok, std::size_t events, std::chrono::nanoseconds took);

  std::unique_ptr<Store> store_;
  const std::size_t max_batch_events_;
  BrokerMetrics* const metrics_;
  int event_fd_ = -1;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::deque<Job> queued_;
  std::vector<Group> finished_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace alertbus::broker
