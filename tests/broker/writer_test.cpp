// The Writer commits queued jobs together (group commit) and maps results back to jobs; a
// failed commit fails its whole group and nothing of it is stored, and retrying what failed
// stores every event exactly once.
#include "commit/writer.hpp"

#include <map>
#include <poll.h>

#include <catch2/catch.hpp>

#include "new_event.hpp"
#include "store/memory/memory_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "support/sample_events.hpp"
#include "temp_dir.hpp"

namespace alertbus::broker {
namespace {

// A Store that delays each commit and counts them, so jobs queue up behind it.
class SlowStore final : public Store {
 public:
  explicit SlowStore(std::unique_ptr<Store> inner) : inner_(std::move(inner)) {}

  const std::string& node_id() const override { return inner_->node_id(); }

  std::uint64_t epoch() const override { return inner_->epoch(); }

  Status commit(std::span<const NewEvent> events, std::span<const CursorUpdate> cursors,
                std::vector<AppendResult>* results, std::vector<LogRow>* appended) override {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    ++commits;
    return inner_->commit(events, cursors, results, appended);
  }

  StatusOr<std::uint64_t> head_seq() override { return inner_->head_seq(); }

  StatusOr<std::uint64_t> event_count() override { return inner_->event_count(); }

  Status read_after(std::uint64_t after, std::size_t limit, std::vector<LogRow>* rows) override {
    return inner_->read_after(after, limit, rows);
  }

  StatusOr<std::uint64_t> seq_before_time(std::int64_t ms) override {
    return inner_->seq_before_time(ms);
  }

  StatusOr<std::optional<LogRow>> find_by_id(const std::string& id) override {
    return inner_->find_by_id(id);
  }

  StatusOr<std::optional<LogRow>> find_by_reference(const std::string& reference) override {
    return inner_->find_by_reference(reference);
  }

  StatusOr<std::optional<Cursor>> load_cursor(const std::string& name) override {
    return inner_->load_cursor(name);
  }

  StatusOr<std::uint64_t> last_local_seq() override { return inner_->last_local_seq(); }

  StatusOr<std::optional<Cursor>> load_link_cursor(const std::string& peer) override {
    return inner_->load_link_cursor(peer);
  }

  Status read_origin(const std::string& node, std::uint64_t epoch, std::uint64_t after,
                     std::size_t limit, std::vector<LogRow>* rows) override {
    return inner_->read_origin(node, epoch, after, limit, rows);
  }

  StatusOr<std::optional<v1::Checkpoint>> first_peer_checkpoint(
      const std::string& node, std::uint64_t epoch, std::uint64_t at_or_after) override {
    return inner_->first_peer_checkpoint(node, epoch, at_or_after);
  }

  Status read_case_events(const std::string& alert_event_id, std::uint64_t up_to_seq,
                          std::vector<LogRow>* rows) override {
    return inner_->read_case_events(alert_event_id, up_to_seq, rows);
  }

  StatusOr<std::uint64_t> last_receipt_through() override { return inner_->last_receipt_through(); }

  Status alerts_without_receipt(std::uint64_t after_seq, std::size_t limit,
                                std::vector<LogRow>* rows) override {
    return inner_->alerts_without_receipt(after_seq, limit, rows);
  }

  std::atomic<int> commits{0};

 private:
  std::unique_ptr<Store> inner_;
};

// Waits for the writer's next finished groups.
std::vector<Writer::Group> next_groups(Writer& writer) {
  pollfd ready{writer.finished_fd(), POLLIN, 0};
  REQUIRE(poll(&ready, 1, 5000) == 1);
  return writer.take_finished();
}

MemoryStoreOptions hai_duong() {
  MemoryStoreOptions options;
  options.node_id = "hai-duong";
  options.reference_prefix = "HD";
  return options;
}

}  // namespace

TEST_CASE("Jobs queued during a commit are committed together and answered in order") {
  testing::TempDir dir;
  SqliteStoreOptions options;
  options.path = dir.file("alertbus.db");
  options.node_id = "hai-duong";
  options.reference_prefix = "HD";
  auto inner = SqliteStore::open(options);
  REQUIRE(inner.ok());
  auto slow = std::make_unique<SlowStore>(std::move(inner).value());
  SlowStore* counter = slow.get();
  Writer writer(std::move(slow), 4096);

  constexpr int kJobs = 40;
  std::vector<std::string> ids;
  for (int job_id = 1; job_id <= kJobs; ++job_id) {
    Writer::Job job;
    job.id = static_cast<std::uint64_t>(job_id);
    for (int i = 0; i < 3; ++i) {
      job.events.push_back(new_event(testing::sample_crop_pest()));
      ids.push_back(job.events.back().event_id);
    }
    writer.submit(std::move(job));
  }
  std::vector<Writer::Group> groups;
  std::size_t jobs_seen = 0;
  while (jobs_seen < kJobs) {
    pollfd ready{writer.finished_fd(), POLLIN, 0};
    REQUIRE(poll(&ready, 1, 5000) == 1);
    for (Writer::Group& group : writer.take_finished()) {
      REQUIRE(group.status.ok());
      jobs_seen += group.jobs.size();
      groups.push_back(std::move(group));
    }
  }
  // 40 jobs behind a 20 ms commit: far fewer commits than jobs.
  CHECK(counter->commits < kJobs / 2);
  std::uint64_t expected_job = 1;
  std::uint64_t expected_seq = 1;
  for (const Writer::Group& group : groups) {
    REQUIRE(group.results.size() == group.jobs.size() * 3);
    REQUIRE(group.appended.size() == group.results.size());
    for (const Writer::Job& job : group.jobs) {
      CHECK(job.id == expected_job++);
    }
    for (std::size_t i = 0; i < group.results.size(); ++i) {
      CHECK(group.results[i].seq == expected_seq);
      CHECK(group.appended[i].stored.event_id() == ids[expected_seq - 1]);
      ++expected_seq;
    }
  }
  writer.stop();
}

TEST_CASE("Stopping the writer commits the jobs already queued") {
  testing::TempDir dir;
  SqliteStoreOptions options;
  options.path = dir.file("alertbus.db");
  options.node_id = "quang-ninh";
  options.reference_prefix = "QN";
  auto store = SqliteStore::open(options);
  REQUIRE(store.ok());
  Writer writer(std::move(store).value(), 4096);
  for (std::uint64_t id = 1; id <= 5; ++id) {
    Writer::Job job;
    job.id = id;
    job.events.push_back(new_event(testing::sample_unsafe_food()));
    writer.submit(std::move(job));
  }
  writer.stop();
  std::size_t results = 0;
  for (const Writer::Group& group : writer.take_finished()) {
    REQUIRE(group.status.ok());
    results += group.results.size();
  }
  CHECK(results == 5);
  auto reopened = SqliteStore::open(options);
  REQUIRE(reopened.ok());
  CHECK(reopened.value()->event_count().value() == 5);
}

TEST_CASE(
    "A failed commit fails every job of its group and stores nothing, and the next one commits") {
  auto store = std::make_unique<MemoryStore>(hai_duong());
  std::unique_ptr<MemoryStore> reader = store->connect();
  store->fail_next_commits(1);
  Writer writer(std::move(store), 4096);
  Writer::Job job;
  job.id = 1;
  job.events = {new_event(testing::sample_crop_pest()), new_event(testing::sample_unsafe_food())};
  job.cursors = {{"desk", 2, false}};
  const Writer::Job retry = job;
  writer.submit(std::move(job));
  std::vector<Writer::Group> groups = next_groups(writer);
  REQUIRE(groups.size() == 1);
  CHECK(groups[0].status.code() == v1::STORE_FAILURE);
  REQUIRE(groups[0].jobs.size() == 1);
  CHECK(groups[0].jobs[0].id == 1);
  CHECK(groups[0].results.empty());
  CHECK(groups[0].appended.empty());
  CHECK(reader->event_count().value() == 0);
  CHECK_FALSE(reader->load_cursor("desk").value().has_value());

  writer.submit(retry);
  groups = next_groups(writer);
  REQUIRE(groups.size() == 1);
  REQUIRE(groups[0].status.ok());
  REQUIRE(groups[0].results.size() == 2);
  CHECK(groups[0].results[0].seq == 1);
  CHECK(groups[0].results[0].reference.substr(8) == "00001");  // No number lost.
  CHECK(groups[0].appended.size() == 2);
  CHECK(reader->event_count().value() == 2);
  CHECK(reader->load_cursor("desk").value()->seq == 2);
  writer.stop();
}

TEST_CASE(
    "Failing the Nth write step for every N, and retrying what failed, stores each event "
    "exactly once") {
  // The leveldb and SQLite habit: a store that fails its Nth write step, for N = 1, 2, ...
  // until a run goes through. After each run, every event is stored once or not at all,
  // and the retry after it stores each exactly once.
  std::vector<NewEvent> events;
  for (int i = 0; i < 3; ++i) {
    events.push_back(new_event(testing::sample_crop_pest()));
  }
  bool clean_run = false;
  for (int fail_at = 1; !clean_run && fail_at < 50; ++fail_at) {
    auto step = std::make_shared<std::atomic<int>>(0);
    auto armed = std::make_shared<std::atomic<bool>>(true);
    MemoryStoreOptions options = hai_duong();
    options.inject_write_fault = [step, armed, fail_at] {
      return armed->load() && ++*step == fail_at;
    };
    auto store = std::make_unique<MemoryStore>(options);
    std::unique_ptr<MemoryStore> reader = store->connect();
    Writer writer(std::move(store), 4096);
    // Two jobs, submitted together (one group, or two if the writer takes the first alone).
    std::map<std::uint64_t, std::vector<std::string>> ids_of_job;
    std::uint64_t next_id = 1;
    for (std::size_t first = 0; first < events.size(); first += 2) {
      Writer::Job job;
      job.id = next_id++;
      for (std::size_t i = first; i < std::min(first + 2, events.size()); ++i) {
        job.events.push_back(events[i]);
        ids_of_job[job.id].push_back(events[i].event_id);
      }
      job.cursors = {{"desk", job.id, false}};
      writer.submit(std::move(job));
    }
    INFO("failing write step " << fail_at);
    std::size_t answered = 0;
    bool failed = false;
    while (answered < 2) {
      for (const Writer::Group& group : next_groups(writer)) {
        answered += group.jobs.size();
        failed = failed || !group.status.ok();
        CHECK((group.status.ok() || group.status.code() == v1::STORE_FAILURE));
        // A group is stored whole or not at all.
        for (const Writer::Job& job : group.jobs) {
          for (const std::string& id : ids_of_job[job.id]) {
            CHECK(reader->find_by_id(id).value().has_value() == group.status.ok());
          }
        }
      }
    }
    clean_run = !failed;
    // The publishers retry everything not acknowledged; the store sorts out the rest.
    armed->store(false);
    Writer::Job retry;
    retry.id = next_id;
    retry.events = events;
    writer.submit(std::move(retry));
    std::vector<Writer::Group> groups = next_groups(writer);
    REQUIRE(groups.size() == 1);
    REQUIRE(groups[0].status.ok());
    CHECK(reader->event_count().value() == 3);
    for (const NewEvent& event : events) {
      CHECK(reader->find_by_id(event.event_id).value().has_value());
    }
    std::vector<LogRow> rows;
    REQUIRE(reader->read_after(0, 10, &rows).ok());
    REQUIRE(rows.size() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
      CHECK(rows[i].stored.reference().substr(8) == "0000" + std::to_string(i + 1));  // No gap.
    }
    writer.stop();
  }
  CHECK(clean_run);
}

}  // namespace alertbus::broker
