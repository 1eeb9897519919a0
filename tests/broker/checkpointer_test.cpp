// The Checkpointer copies the writer's WAL into the database file on its own thread; with the
// store's own fallback the WAL stays bounded while commits go on, and nothing is lost.
#include "store/sqlite/checkpointer.hpp"

#include <chrono>
#include <filesystem>
#include <thread>

#include <catch2/catch.hpp>

#include "new_event.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/sample_events.hpp"
#include "temp_dir.hpp"

namespace alertbus::broker {
namespace {

using alertbus::testing::TempDir;

std::uintmax_t size_of(const std::string& path) {
  std::error_code error;
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  return error ? 0 : size;
}

}  // namespace

TEST_CASE("Checkpoints run on the checkpointer's thread and keep the WAL bounded") {
  TempDir dir;
  constexpr int kCheckpointPages = 32;
  constexpr int kCommits = 600;  // About 7 pages each: 4,200 pages if nothing checkpointed.
  std::unique_ptr<Checkpointer> checkpointer;
  int requests = 0;
  SqliteStoreOptions options;
  options.path = dir.file("alertbus.db");
  options.node_id = "bac-giang";
  options.reference_prefix = "BG";
  options.checkpoint_pages = kCheckpointPages;
  options.request_checkpoint = [&] {
    ++requests;
    checkpointer->request();
  };
  auto opened = SqliteStore::open(options);
  REQUIRE(opened.ok());
  std::unique_ptr<SqliteStore> store = std::move(opened).value();
  auto started = Checkpointer::start(options.path);
  REQUIRE(started.ok());
  checkpointer = std::move(started).value();
  const std::uintmax_t database_before = size_of(options.path);

  std::vector<AppendResult> results;
  std::vector<LogRow> appended;
  std::uintmax_t largest_wal = 0;
  for (int i = 0; i < kCommits; ++i) {
    const std::vector<NewEvent> events{new_event(testing::sample_crop_pest())};
    REQUIRE(store->commit(events, {}, &results, &appended).ok());
    largest_wal = std::max(largest_wal, size_of(options.path + "-wal"));
  }
  // Let the last request finish.
  for (int wait = 0; wait < 500 && checkpointer->completed() == 0; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(requests > 0);
  CHECK(checkpointer->completed() > 0);
  // Pages reached the database file, and the WAL was reused instead of growing to 4,200
  // pages (17 MiB): from twice the threshold the store finishes the checkpoint itself, unless
  // a pass of the checkpointer is running; then the WAL grows by what is committed during
  // that pass (a few commits, more on a loaded machine: hence the generous bound).
  INFO("largest WAL: " << largest_wal / 4120 << " pages");
  CHECK(size_of(options.path) > database_before + 100 * 4096);
  CHECK(largest_wal < 1000 * 4120);

  checkpointer.reset();
  store.reset();
  auto reopened = SqliteStore::open(options);
  REQUIRE(reopened.ok());
  CHECK(reopened.value()->event_count().value() == kCommits);
}

}  // namespace alertbus::broker
