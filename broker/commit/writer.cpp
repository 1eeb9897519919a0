#include "commit/writer.hpp"

#include <chrono>
#include <cstdint>
#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "alertbus/protocol/clock.hpp"
#include "metrics/broker_metrics.hpp"

namespace alertbus::broker {

Writer::Writer(std::unique_ptr<Store> store, std::size_t max_batch_events, BrokerMetrics* metrics)
    : store_(std::move(store)), max_batch_events_(max_batch_events), metrics_(metrics) {
  event_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  thread_ = std::thread([this] { run(); });
}

Writer::~Writer() {
  stop();
  if (event_fd_ >= 0) {
    close(event_fd_);
  }
}

void Writer::submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    queued_.push_back(std::move(job));
  }
  wake_.notify_one();
}

std::vector<Writer::Group> Writer::take_finished() {
  std::uint64_t count = 0;
  // Clear the eventfd first: a group finished after this read signals again.
  (void)read(event_fd_, &count, sizeof count);
  std::lock_guard lock(mutex_);
  std::vector<Group> groups;
  groups.swap(finished_);
  return groups;
}

void Writer::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) {
    thread_.join();
  }
}

void Writer::signal_finished() {
  const std::uint64_t one = 1;
  (void)write(event_fd_, &one, sizeof one);
}

void Writer::count(bool ok, std::size_t events, std::chrono::nanoseconds took) {
  metrics_->commit.observe(static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::microseconds>(took).count()));
  metrics_->group_events.observe(events);
  metrics_->last_commit_ok.store(ok, std::memory_order_relaxed);
  if (!ok) {
    metrics_->commits_failed.fetch_add(1, std::memory_order_relaxed);
    metrics_->last_commit_failed_ms.store(protocol::now_unix_ms(), std::memory_order_relaxed);
  }
}

void Writer::run() {
  pthread_setname_np(pthread_self(), "writer");  // As top -H and the benchmarks show it.
  std::vector<NewEvent> events;
  std::vector<CursorUpdate> cursors;
  for (;;) {
    Group group;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !queued_.empty(); });
      if (queued_.empty()) {
        return;  // Stopping and nothing left to commit.
      }
      // Take whole jobs while the batch has room; always at least one job.
      std::size_t taken_events = 0;
      while (!queued_.empty() &&
             (group.jobs.empty() ||
              taken_events + queued_.front().events.size() <= max_batch_events_)) {
        taken_events += queued_.front().events.size();
        group.jobs.push_back(std::move(queued_.front()));
        queued_.pop_front();
      }
    }
    events.clear();
    cursors.clear();
    for (Job& job : group.jobs) {
      // The events move into the batch; the jobs keep their (emptied) entries so that
      // results can be matched to jobs by position.
      for (NewEvent& event : job.events) {
        events.push_back(std::move(event));
      }
      cursors.insert(cursors.end(), job.cursors.begin(), job.cursors.end());
    }
    const auto started = std::chrono::steady_clock::now();
    group.status = store_->commit(events, cursors, &group.results, &group.appended);
    if (metrics_ != nullptr) {
      count(group.status.ok(), events.size(), std::chrono::steady_clock::now() - started);
    }
    {
      std::lock_guard lock(mutex_);
      finished_.push_back(std::move(group));
    }
    signal_finished();
  }
}

}  // namespace alertbus::broker
