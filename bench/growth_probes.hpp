// What alertbus_growth_bench looks at in a broker that keeps growing: the files of its data
// directory, and the time the case queries an officer's screens make take to answer.
//
// Threading: one thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <zmq.hpp>

namespace alertbus::bench {

// The bytes of a node's data directory, by file.
struct DataFiles {
  std::uint64_t log = 0;             // alertbus.db
  std::uint64_t log_wal = 0;         // alertbus.db-wal and -shm
  std::uint64_t projection = 0;      // alertbus-projection.db
  std::uint64_t projection_wal = 0;  // alertbus-projection.db-wal and -shm
  std::uint64_t other = 0;           // Keys, head marker, ...

  std::uint64_t total() const { return log + log_wal + projection + projection_wal + other; }
};

DataFiles data_files(const std::filesystem::path& data_directory);

// One case query and how long its answers took (CaseQuery sent -> CaseList received).
struct QueryTime {
  std::string name;
  double median_ms = 0;
  double max_ms = 0;
  std::size_t cases = 0;   // In the first answer's page.
  bool timed_out = false;  // No answer within the wait: median_ms is the wait.
  bool skipped = false;    // Not asked: too slow at an earlier step.
};

// The case queries of the dashboard and alertctl, each on a new connection to `endpoint`,
// asked `repeats` times (once when the first answer took over a second): the case of
// `event_id`; the newest page of 50; the open alerts of one kind, a page of 1,000 (the
// dashboard's "waiting for my acknowledgement" scan); the overdue page of 50; full text
// matching every case and matching none. An answer is waited for up to `wait`; a query whose
// answer took over `wait` / 4 (or never came) is added to `too_slow` and skipped from then on.
// Throws std::runtime_error when a query is answered with an Error.
std::vector<QueryTime> time_case_queries(zmq::context_t& context, const std::string& endpoint,
                                         const std::string& event_id, std::size_t repeats,
                                         std::chrono::milliseconds wait,
                                         std::set<std::string>* too_slow);

}  // namespace alertbus::bench
