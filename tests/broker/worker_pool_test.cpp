// WorkerPool: submitted tasks come back in submission order whatever order their items
// finish in, a lone small task runs on the caller, and wait_idle waits for them all.
#include "ingest/worker_pool.hpp"

#include <atomic>
#include <chrono>
#include <poll.h>
#include <thread>

#include <catch2/catch.hpp>

namespace alertbus::broker {
namespace {

using namespace std::chrono_literals;

// Each item sleeps its own time and records the thread that ran it.
struct SleepTask final : WorkerPool::Task {
  int name = 0;
  std::vector<std::chrono::milliseconds> sleeps;
  std::vector<std::thread::id> ran_on;

  SleepTask(int task_name, std::vector<std::chrono::milliseconds> item_sleeps)
      : name(task_name), sleeps(std::move(item_sleeps)), ran_on(sleeps.size()) {}

  std::size_t size() const override { return sleeps.size(); }

  void run(std::size_t item) override {
    std::this_thread::sleep_for(sleeps[item]);
    ran_on[item] = std::this_thread::get_id();
  }
};

bool readable(int fd, int timeout_ms) {
  pollfd item{fd, POLLIN, 0};
  return poll(&item, 1, timeout_ms) == 1;
}

// Takes every task, waiting on the fd, until `count` came back.
std::vector<std::unique_ptr<SleepTask>> take_all(WorkerPool& pool, std::size_t count) {
  std::vector<std::unique_ptr<SleepTask>> taken;
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (taken.size() < count && std::chrono::steady_clock::now() < deadline) {
    if (auto task = pool.take_done()) {
      taken.emplace_back(static_cast<SleepTask*>(task.release()));
      continue;
    }
    (void)readable(pool.done_fd(), 100);
  }
  return taken;
}

}  // namespace

TEST_CASE("WorkerPool gives tasks back in the order they were submitted", "[worker_pool]") {
  WorkerPool pool(2, 0);  // Nothing runs on the caller.
  // The first task is the slowest: the other helper finishes the later ones first, but they
  // wait their turn.
  pool.submit(std::make_unique<SleepTask>(1, std::vector{80ms}));
  pool.submit(std::make_unique<SleepTask>(2, std::vector{1ms}));
  pool.submit(std::make_unique<SleepTask>(3, std::vector{1ms, 1ms, 1ms}));
  CHECK(pool.pending() == 3);
  CHECK(pool.take_done() == nullptr);  // Task 1 is still running.
  const auto taken = take_all(pool, 3);
  REQUIRE(taken.size() == 3);
  CHECK(taken[0]->name == 1);
  CHECK(taken[1]->name == 2);
  CHECK(taken[2]->name == 3);
  CHECK(pool.pending() == 0);
  CHECK(pool.take_done() == nullptr);
  for (const auto& task : taken) {
    for (const std::thread::id& id : task->ran_on) {
      CHECK(id != std::this_thread::get_id());  // Helpers ran them, not the caller.
    }
  }
}

TEST_CASE("WorkerPool runs a lone small task on the caller at once", "[worker_pool]") {
  WorkerPool pool(2, 1);
  pool.submit(std::make_unique<SleepTask>(1, std::vector{0ms}));
  auto task = pool.take_done();  // Done when submit() returned: no waiting.
  REQUIRE(task != nullptr);
  CHECK(static_cast<SleepTask&>(*task).ran_on[0] == std::this_thread::get_id());

  // Behind a pending task, even a small one goes to the helpers (order is kept).
  pool.submit(std::make_unique<SleepTask>(2, std::vector{50ms, 50ms}));
  pool.submit(std::make_unique<SleepTask>(3, std::vector{0ms}));
  const auto taken = take_all(pool, 2);
  REQUIRE(taken.size() == 2);
  CHECK(taken[0]->name == 2);
  CHECK(taken[1]->name == 3);
  CHECK(taken[1]->ran_on[0] != std::this_thread::get_id());
}

TEST_CASE("WorkerPool without helpers runs everything on the caller", "[worker_pool]") {
  WorkerPool pool(0);
  pool.submit(std::make_unique<SleepTask>(1, std::vector{0ms, 0ms, 0ms}));
  pool.submit(std::make_unique<SleepTask>(2, std::vector{0ms}));
  const auto taken = take_all(pool, 2);
  REQUIRE(taken.size() == 2);
  CHECK(taken[0]->name == 1);
  CHECK(taken[0]->ran_on[2] == std::this_thread::get_id());
}

TEST_CASE("WorkerPool's wait_idle returns once every submitted task has run", "[worker_pool]") {
  WorkerPool pool(1, 0);
  pool.submit(std::make_unique<SleepTask>(1, std::vector{60ms, 60ms}));
  pool.submit(std::make_unique<SleepTask>(2, std::vector{10ms}));
  CHECK(pool.take_done() == nullptr);  // Still running.
  pool.wait_idle();
  auto first = pool.take_done();
  auto second = pool.take_done();
  REQUIRE(first != nullptr);
  REQUIRE(second != nullptr);
  CHECK(static_cast<SleepTask&>(*first).name == 1);
  CHECK(static_cast<SleepTask&>(*second).name == 2);
  CHECK(pool.pending() == 0);
}

}  // namespace alertbus::broker
