// ReadWorker: jobs run off the caller's thread, one at a time in submission order; what
// they leave for the loop runs on the loop's thread in the same order; the queue is bounded.
#include "query/read_worker.hpp"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <poll.h>
#include <thread>

#include <catch2/catch.hpp>

#include "new_event.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/sample_events.hpp"
#include "temp_dir.hpp"

namespace alertbus::broker {
namespace {

using alertbus::testing::TempDir;
using namespace std::chrono_literals;

// A log with one event, for the worker's reader.
std::string make_log(const TempDir& dir) {
  SqliteStoreOptions options;
  options.path = dir.file("alertbus.db");
  options.node_id = "bac-giang";
  options.reference_prefix = "BG";
  auto store = SqliteStore::open(options);
  REQUIRE(store.ok());
  std::vector<NewEvent> events{new_event(alertbus::testing::sample_crop_pest())};
  std::vector<AppendResult> results;
  std::vector<LogRow> appended;
  REQUIRE(store.value()->commit(events, {}, &results, &appended).ok());
  return options.path;
}

// A gate the test opens.
struct Gate {
  std::mutex mutex;
  std::condition_variable opened_cv;
  bool opened = false;

  void wait() {
    std::unique_lock lock(mutex);
    opened_cv.wait(lock, [this] { return opened; });
  }

  void open() {
    {
      std::lock_guard lock(mutex);
      opened = true;
    }
    opened_cv.notify_all();
  }
};

void run_until(ReadWorker& worker, const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    pollfd item{worker.done_fd(), POLLIN, 0};
    (void)poll(&item, 1, 100);
    worker.run_finished();
  }
}

}  // namespace

TEST_CASE("ReadWorker runs jobs in order off the loop and their finish on the loop",
          "[read_worker]") {
  TempDir dir;
  auto worker = ReadWorker::start(make_log(dir), "bac-giang", "");
  REQUIRE(worker.ok());
  const std::thread::id loop = std::this_thread::get_id();
  std::vector<int> finished;
  std::atomic<bool> ran_off_loop{true};
  std::atomic<std::uint64_t> head{0};
  for (int i = 0; i < 20; ++i) {
    REQUIRE(worker.value()->submit([&, i](const ReadWorker::Readers& readers) {
      if (std::this_thread::get_id() == loop) {
        ran_off_loop = false;
      }
      CHECK(readers.projection == nullptr);
      auto seq = readers.log->head_seq();
      head = seq.ok() ? seq.value() : 0;
      // Early jobs are slower: order must not follow speed.
      std::this_thread::sleep_for(std::chrono::milliseconds(i < 3 ? 20 : 0));
      return [&, i] {
        CHECK(std::this_thread::get_id() == loop);
        finished.push_back(i);
      };
    }));
  }
  run_until(*worker.value(), [&] { return finished.size() == 20; });
  REQUIRE(finished.size() == 20);
  for (int i = 0; i < 20; ++i) {
    CHECK(finished[static_cast<std::size_t>(i)] == i);
  }
  CHECK(ran_off_loop);
  CHECK(head == 1);  // The worker's own reader sees the log.
  CHECK(worker.value()->pending() == 0);
}

TEST_CASE("ReadWorker refuses jobs beyond its bound while one runs", "[read_worker]") {
  TempDir dir;
  auto worker = ReadWorker::start(make_log(dir), "bac-giang", "");
  REQUIRE(worker.ok());
  Gate gate;
  std::size_t finished = 0;
  auto blocking = [&](const ReadWorker::Readers&) -> ReadWorker::Finish {
    gate.wait();
    return [&] { ++finished; };
  };
  std::size_t taken = 0;
  while (taken < ReadWorker::kMaxPending + 10 && worker.value()->submit(blocking)) {
    ++taken;
  }
  CHECK(taken == ReadWorker::kMaxPending);
  CHECK(ReadWorker::busy().code() == v1::TOO_MANY_IN_FLIGHT);
  gate.open();
  run_until(*worker.value(), [&] { return finished == taken; });
  CHECK(finished == taken);
  CHECK(worker.value()->submit(blocking));  // Room again.
  run_until(*worker.value(), [&] { return finished == taken + 1; });
}

}  // namespace alertbus::broker
