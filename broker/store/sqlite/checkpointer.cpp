#include "store/sqlite/checkpointer.hpp"

#include <pthread.h>
#include <spdlog/spdlog.h>

namespace alertbus::broker {

StatusOr<std::unique_ptr<Checkpointer>> Checkpointer::start(const std::string& path) {
  auto db = Database::open(path);
  if (!db.ok()) {
    return db.status();
  }
  // synchronous=FULL: the checkpoint fsyncs the database file before the WAL is reused.
  if (Status status = db->exec(
          "PRAGMA synchronous = FULL; PRAGMA busy_timeout = 5000; PRAGMA wal_autocheckpoint = 0;");
      !status.ok()) {
    return status;
  }
  return std::unique_ptr<Checkpointer>(new Checkpointer(std::move(db).value()));
}

Checkpointer::Checkpointer(Database db) : db_(std::move(db)) {
  thread_ = std::thread([this] { run(); });
}

Checkpointer::~Checkpointer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Checkpointer::request() {
  {
    std::lock_guard lock(mutex_);
    requested_ = true;
  }
  wake_.notify_one();
}

std::uint64_t Checkpointer::completed() const {
  std::lock_guard lock(mutex_);
  return completed_;
}

void Checkpointer::run() {
  pthread_setname_np(pthread_self(), "checkpointer");
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [this] { return stopping_ || requested_; });
      if (stopping_) {
        return;  // Closing the last connection checkpoints whatever is left.
      }
      requested_ = false;
    }
    // SQLITE_BUSY: another checkpoint (the writer's own) is running; the work gets done.
    const int rc =
        sqlite3_wal_checkpoint_v2(db_.get(), nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
      spdlog::warn("checkpoint failed: {}", sqlite3_errmsg(db_.get()));
    }
    std::lock_guard lock(mutex_);
    ++completed_;
  }
}

}  // namespace alertbus::broker
