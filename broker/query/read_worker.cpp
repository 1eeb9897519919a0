#include "query/read_worker.hpp"

#include <pthread.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "casework/projection_db.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace alertbus::broker {

StatusOr<std::unique_ptr<ReadWorker>> ReadWorker::start(const std::string& log_path,
                                                        const std::string& node_id,
                                                        const std::string& projection_path) {
  SqliteStoreOptions options;
  options.path = log_path;
  options.node_id = node_id;
  // One event by id or reference, or a page of the log: a few pages each, SQLite's default.
  options.cache_kib = 2000;
  auto log = SqliteStore::open(options);
  if (!log.ok()) {
    return log.status();
  }
  std::unique_ptr<ProjectionDb> projection;
  if (!projection_path.empty()) {
    auto opened = ProjectionDb::open(projection_path, false);
    if (!opened.ok()) {
      return opened.status();
    }
    projection = std::move(opened).value();
  }
  std::unique_ptr<ReadWorker> worker(new ReadWorker(std::move(log).value(), std::move(projection)));
  worker->thread_ = std::thread([raw = worker.get()] { raw->run(); });
  return worker;
}

ReadWorker::ReadWorker(std::unique_ptr<Store> log, std::unique_ptr<ProjectionDb> projection)
    : log_(std::move(log)), projection_(std::move(projection)) {
  done_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
}

ReadWorker::~ReadWorker() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) {
    thread_.join();
  }
  if (done_fd_ >= 0) {
    close(done_fd_);
  }
}

Status ReadWorker::busy() {
  return Status::error(
      v1::TOO_MANY_IN_FLIGHT,
      "the broker is answering " + std::to_string(kMaxPending) + " queries already; try again",
      "máy chủ đang trả lời " + std::to_string(kMaxPending) + " truy vấn; hãy thử lại");
}

bool ReadWorker::submit(Job job) {
  {
    std::lock_guard lock(mutex_);
    if (jobs_.size() + running_ + finished_.size() >= kMaxPending) {
      return false;
    }
    jobs_.push_back(std::move(job));
  }
  wake_.notify_one();
  return true;
}

std::size_t ReadWorker::pending() const {
  std::lock_guard lock(mutex_);
  return jobs_.size() + running_ + finished_.size();
}

void ReadWorker::run_finished() {
  std::uint64_t drained = 0;
  (void)read(done_fd_, &drained, sizeof drained);
  std::deque<Finish> finished;
  {
    std::lock_guard lock(mutex_);
    finished.swap(finished_);
  }
  for (Finish& finish : finished) {
    if (finish) {
      finish();
    }
  }
}

void ReadWorker::run() {
  pthread_setname_np(pthread_self(), "reads");
  const Readers readers{log_.get(), projection_.get()};
  for (;;) {
    Job job;
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || !jobs_.empty(); });
      if (stopping_) {
        return;
      }
      job = std::move(jobs_.front());
      jobs_.pop_front();
      running_ = 1;
    }
    Finish finish = job(readers);
    {
      std::lock_guard lock(mutex_);
      finished_.push_back(std::move(finish));
      running_ = 0;
    }
    const std::uint64_t one = 1;
    (void)write(done_fd_, &one, sizeof one);
  }
}

}  // namespace alertbus::broker
