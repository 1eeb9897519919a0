// The physical limits the broker's figures are compared with, measured in the same run, on
// the same filesystem and the same loopback: what one fsync costs, what one ZeroMQ round
// trip costs, and how many rows SQLite commits per second with the broker's durability
// settings. A broker figure far from its limit is overhead of ours; one close to it is not.
//
// Threading: each function runs on the calling thread (the ZeroMQ one starts and joins an
// echo thread of its own).
#pragma once

#include <cstddef>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "stats.hpp"

namespace alertbus::bench {

struct FsyncLimit {
  LatencySummary fdatasync;    // Append 600 bytes, fdatasync: what a WAL commit pays.
  LatencySummary fsync;        // The same with fsync (metadata too).
  double fdatasync_per_s = 0;  // Back-to-back syncs achieved.
};

// Appends `bytes`-sized records to a file in `directory` and syncs after each, `count`
// times per variant. Throws std::runtime_error on an I/O error.
FsyncLimit measure_fsync(const std::filesystem::path& directory, std::size_t count,
                         std::size_t bytes);

// Samples fdatasync latency in bursts, between the phases of another measurement, so that
// a figure and its limit see the same disk: on a shared virtual disk the sync latency
// changes from minute to minute (0.1 ms, then 4 ms), and a limit measured minutes apart
// would compare unlike with like.
class FsyncProbe {
 public:
  // Appends to a new file in `directory`, removed by the destructor. Throws
  // std::runtime_error when the file cannot be created.
  FsyncProbe(const std::filesystem::path& directory, std::size_t bytes);
  ~FsyncProbe();
  FsyncProbe(const FsyncProbe&) = delete;
  FsyncProbe& operator=(const FsyncProbe&) = delete;
  FsyncProbe(FsyncProbe&&) = delete;
  FsyncProbe& operator=(FsyncProbe&&) = delete;

  // Appends and fdatasyncs `count` times, keeping the latencies.
  void sample(std::size_t count);

  LatencySummary summary() const { return summarize(samples_ms_); }

 private:
  std::filesystem::path path_;
  int fd_ = -1;
  std::string record_;
  std::vector<double> samples_ms_;
};

class LogTable;

// Samples the SQLite group-commit limit in bursts, as FsyncProbe does the fsync latency,
// on a table of its own that keeps growing between bursts.
class SqliteProbe {
 public:
  // Creates the table in `directory` (removed by the destructor) and warms it up. Throws
  // std::runtime_error on an SQLite error.
  SqliteProbe(const std::filesystem::path& directory, std::string event_bytes,
              std::size_t rows_per_transaction);
  ~SqliteProbe();
  SqliteProbe(const SqliteProbe&) = delete;
  SqliteProbe& operator=(const SqliteProbe&) = delete;
  SqliteProbe(SqliteProbe&&) = delete;
  SqliteProbe& operator=(SqliteProbe&&) = delete;

  // Commits `transactions` transactions of rows_per_transaction rows.
  void sample(std::size_t transactions);
  double rows_per_s() const;

 private:
  std::filesystem::path path_;
  std::string event_bytes_;
  std::size_t rows_per_transaction_;
  std::vector<std::string> ids_;
  std::unique_ptr<LogTable> table_;
  std::size_t rows_ = 0;
  Clock::duration elapsed_{};
};

struct ZmqLimit {
  LatencySummary round_trip;
  double messages_per_s = 0;  // With `in_flight` requests outstanding, one reply each.
};

// A DEALER sends `request_bytes` messages to an echo ROUTER thread on tcp://127.0.0.1,
// which answers each with an ack-sized reply: `round_trips` one at a time, then `messages`
// with `in_flight` outstanding. With `curve` both ends use CurveZMQ (new keys; no ZAP
// handler, so the echo lets any client key in): the transport's share of the security cost.
// Throws std::runtime_error when a reply does not come.
ZmqLimit measure_zmq(std::size_t round_trips, std::size_t messages, std::size_t in_flight,
                     std::size_t request_bytes, bool curve = false);

// Ed25519 (libsodium) on one thread over `message`-sized events: crypto_sign_detached and
// crypto_sign_verify_detached, `count` of each over distinct messages (a counter is written
// into the first bytes). Rates are per second of the thread's own CPU time, so a thread
// descheduled by other work on the machine still gives the rate of one whole core; the
// wall-clock rates are kept beside them.
struct SignatureLimit {
  double sign_per_cpu_s = 0;
  double verify_per_cpu_s = 0;
  double sign_per_s = 0;  // Wall clock.
  double verify_per_s = 0;
};

// Throws std::runtime_error when a signature does not verify.
SignatureLimit measure_ed25519(const std::string& message, std::size_t count);

struct SqliteLimit {
  double rows_per_s_batch_1 = 0;
  LatencySummary commit_batch_1;  // BEGIN, one INSERT, COMMIT.

  struct Batched {
    std::size_t rows_per_transaction = 0;
    double rows_per_s = 0;
  };

  std::vector<Batched> batched;  // In the order of `batches`.
};

// Inserts `event_bytes` rows into a table shaped like the broker's log (WAL,
// synchronous=FULL, prepared statements): `transactions_1` transactions of one row, then for
// each size in `batches`, `rows_batched` rows in transactions of that size. Throws
// std::runtime_error on an SQLite error.
SqliteLimit measure_sqlite(const std::filesystem::path& directory, const std::string& event_bytes,
                           std::size_t transactions_1, std::size_t rows_batched,
                           const std::vector<std::size_t>& batches);

}  // namespace alertbus::bench
