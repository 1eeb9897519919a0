// Checkpointer: copies the WAL back into the database file on its own thread and its own
// connection, so that commits seldom wait for one.
//
// The writer's SqliteStore reports the WAL's size after each commit (SQLite's WAL hook) and
// calls request() once it passes the threshold. The checkpointer runs a PASSIVE checkpoint:
// it copies the WAL's frames into the database and fsyncs it without blocking the writer or
// the readers. The writer restarts the WAL from its beginning at its next transaction if
// every frame has been copied by then; under a steady stream of commits new frames keep
// arriving, so the store finishes the job itself once the WAL reaches twice the threshold
// and no pass of the checkpointer is running, copying only the frames the checkpointer has
// not (see SqliteStore::maybe_checkpoint).
//
// Threading: request() from any thread; the checkpoint thread alone uses the connection.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "alertbus/sqlite/sqlite_handle.hpp"

namespace alertbus::broker {

using sqlite::Database;
using sqlite::Statement;
using sqlite::StatementReset;

class Checkpointer {
 public:
  // Opens a connection to `path` (already created, in WAL mode) and starts the thread.
  static StatusOr<std::unique_ptr<Checkpointer>> start(const std::string& path);
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

  // Asks for a checkpoint. Requests made while one runs are folded into the next. Never
  // blocks for the checkpoint itself.
  void request();

  // Checkpoints finished since start (for tests and the status query).
  std::uint64_t completed() const;

 private:
  explicit Checkpointer(Database db);
  void run();

  Database db_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;
  bool requested_ = false;
  bool stopping_ = false;
  std::uint64_t completed_ = 0;
  std::thread thread_;
};

}  // namespace alertbus::broker
