#include "limits.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <memory>
#include <sodium.h>
#include <stdexcept>
#include <thread>
#include <tuple>
#include <unistd.h>
#include <utility>
#include <vector>

#include <zmq.hpp>

#include "alertbus/protocol/event_id.hpp"
#include "alertbus/protocol/keys.hpp"
#include "alertbus/sqlite/sqlite_handle.hpp"

namespace alertbus::bench {
namespace {

// The first operations pay for cold caches, file growth and TCP set-up; they are not what
// a running broker pays.
constexpr std::size_t kWarmUp = 50;

// The size of a PublishAck frame (event id, seq, reference): what the echo answers.
constexpr std::size_t kAckBytes = 64;

std::runtime_error io_error(const std::string& what) {
  return std::runtime_error(what + ": " + std::strerror(errno));
}

void write_all(int fd, const std::string& bytes) {
  std::size_t written = 0;
  while (written < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + written, bytes.size() - written);
    if (n < 0 && errno == EINTR) {
      continue;
    }
    if (n <= 0) {
      throw io_error("write");
    }
    written += static_cast<std::size_t>(n);
  }
}

LatencySummary time_appends(int fd, const std::string& record, std::size_t count, int (*sync)(int),
                            double* per_s) {
  std::vector<double> samples;
  samples.reserve(count);
  Clock::time_point started;
  for (std::size_t i = 0; i < kWarmUp + count; ++i) {
    if (i == kWarmUp) {
      started = Clock::now();
    }
    const Clock::time_point before = Clock::now();
    write_all(fd, record);
    if (sync(fd) != 0) {
      throw io_error("sync");
    }
    if (i >= kWarmUp) {
      samples.push_back(ms_between(before, Clock::now()));
    }
  }
  *per_s = static_cast<double>(count) / seconds_between(started, Clock::now());
  return summarize(std::move(samples));
}

// Answers every request with an ack-sized reply until `stop` is set.
void echo_loop(zmq::socket_t router, const std::atomic<bool>& stop) {
  const std::string ack(kAckBytes, 'a');
  zmq::message_t identity;
  zmq::message_t payload;
  while (!stop.load(std::memory_order_relaxed)) {
    zmq::pollitem_t item{router.handle(), 0, ZMQ_POLLIN, 0};
    if (zmq::poll(&item, 1, std::chrono::milliseconds(100)) == 0) {
      continue;
    }
    // Drain everything waiting before polling again, as the broker does.
    while (router.recv(identity, zmq::recv_flags::dontwait)) {
      (void)router.recv(payload, zmq::recv_flags::none);
      (void)router.send(identity, zmq::send_flags::sndmore);
      (void)router.send(zmq::buffer(ack), zmq::send_flags::none);
    }
  }
}

void receive_or_throw(zmq::socket_t& socket, zmq::message_t& reply) {
  if (!socket.recv(reply, zmq::recv_flags::none)) {
    throw std::runtime_error("the ZeroMQ echo thread did not answer within 10 s");
  }
}

// The benchmark cannot go on without its table: a SQLite failure ends it with the message.
template <typename T>
T or_throw(StatusOr<T> result) {
  if (!result.ok()) {
    throw std::runtime_error(result.status().message());
  }
  return std::move(result).value();
}

void or_throw(const Status& status) {
  if (!status.ok()) {
    throw std::runtime_error(status.message());
  }
}

void step_once(const sqlite::Database& db, sqlite::Statement& statement, const char* what) {
  const int rc = statement.step();
  statement.reset();
  if (rc != SQLITE_DONE) {
    or_throw(db.failure(std::string("SQLite ") + what));
  }
}

}  // namespace

// The broker's log table without the columns that only it fills (origin, reference, via,
// signature): the unique text id, a few integers and the 600-byte event.
class LogTable {
 public:
  explicit LogTable(const std::filesystem::path& path) {
    for (const char* suffix : {"", "-wal", "-shm"}) {
      std::filesystem::remove(path.string() + suffix);
    }
    db_ = or_throw(sqlite::Database::open(path.string()));
    or_throw(
        db_.exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                 " CREATE TABLE log (seq INTEGER PRIMARY KEY,"
                 " event_id TEXT NOT NULL UNIQUE, kind INTEGER NOT NULL,"
                 " type INTEGER NOT NULL, severity INTEGER NOT NULL,"
                 " received_at_ms INTEGER NOT NULL, event BLOB NOT NULL)"));
    begin_ = or_throw(sqlite::Statement::prepare(db_, "BEGIN IMMEDIATE"));
    commit_ = or_throw(sqlite::Statement::prepare(db_, "COMMIT"));
    insert_ = or_throw(sqlite::Statement::prepare(
        db_,
        "INSERT INTO log (seq, event_id, kind, type, severity, received_at_ms,"
        " event) VALUES (?1, ?2, 2, 1, 3, ?3, ?4)"));
  }

  // One transaction of `rows` rows; row n (seq n) takes ids[n - 1].
  void insert(const std::vector<std::string>& ids, const std::string& event, std::size_t rows) {
    step_once(db_, begin_, "BEGIN");
    for (std::size_t i = 0; i < rows; ++i) {
      insert_.bind(1, static_cast<std::uint64_t>(next_seq_));
      insert_.bind_text(2, ids[next_seq_ - 1]);
      insert_.bind(3, std::int64_t{1'770'000'000'000});
      insert_.bind_blob(4, event);
      step_once(db_, insert_, "INSERT");
      ++next_seq_;
    }
    step_once(db_, commit_, "COMMIT");
  }

 private:
  sqlite::Database db_;
  sqlite::Statement begin_;
  sqlite::Statement commit_;
  sqlite::Statement insert_;
  std::size_t next_seq_ = 1;
};

FsyncLimit measure_fsync(const std::filesystem::path& directory, std::size_t count,
                         std::size_t bytes) {
  const std::filesystem::path path = directory / "fsync-limit.bin";
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    throw io_error("open " + path.string());
  }
  FsyncLimit limit;
  const std::string record(bytes, 'e');
  double fsync_per_s = 0;
  try {
    limit.fdatasync = time_appends(fd, record, count, &::fdatasync, &limit.fdatasync_per_s);
    limit.fsync = time_appends(fd, record, count, &::fsync, &fsync_per_s);
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  std::filesystem::remove(path);
  return limit;
}

FsyncProbe::FsyncProbe(const std::filesystem::path& directory, std::size_t bytes)
    : path_(directory / "fsync-probe.bin"),
      fd_(::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644)),
      record_(bytes, 'p') {
  if (fd_ < 0) {
    throw io_error("open " + path_.string());
  }
}

FsyncProbe::~FsyncProbe() {
  ::close(fd_);
  std::error_code ignored;
  std::filesystem::remove(path_, ignored);
}

void FsyncProbe::sample(std::size_t count) {
  for (std::size_t i = 0; i < count; ++i) {
    const Clock::time_point before = Clock::now();
    write_all(fd_, record_);
    if (::fdatasync(fd_) != 0) {
      throw io_error("fdatasync");
    }
    samples_ms_.push_back(ms_between(before, Clock::now()));
  }
}

SqliteProbe::SqliteProbe(const std::filesystem::path& directory, std::string event_bytes,
                         std::size_t rows_per_transaction)
    : path_(directory / "sqlite-probe.db"),
      event_bytes_(std::move(event_bytes)),
      rows_per_transaction_(rows_per_transaction),
      table_(std::make_unique<LogTable>(path_)) {
  for (std::size_t i = 0; i < kWarmUp / 10; ++i) {
    sample(1);
  }
  rows_ = 0;
  elapsed_ = {};
}

SqliteProbe::~SqliteProbe() {
  table_.reset();
  std::error_code ignored;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(path_.string() + suffix, ignored);
  }
}

void SqliteProbe::sample(std::size_t transactions) {
  // Ids are made before the clock starts: their cost belongs to the publisher.
  for (std::size_t i = 0; i < transactions * rows_per_transaction_; ++i) {
    ids_.push_back(protocol::new_event_id());
  }
  const Clock::time_point started = Clock::now();
  for (std::size_t i = 0; i < transactions; ++i) {
    table_->insert(ids_, event_bytes_, rows_per_transaction_);
  }
  elapsed_ += Clock::now() - started;
  rows_ += transactions * rows_per_transaction_;
}

double SqliteProbe::rows_per_s() const {
  const double seconds = std::chrono::duration<double>(elapsed_).count();
  return seconds > 0 ? static_cast<double>(rows_) / seconds : 0;
}

ZmqLimit measure_zmq(std::size_t round_trips, std::size_t messages, std::size_t in_flight,
                     std::size_t request_bytes, bool curve) {
  const protocol::KeyFile server_keys = protocol::generate_key_file("echo");
  const protocol::KeyFile client_keys = protocol::generate_key_file("client");
  // The echo has a context (and I/O thread) of its own, as the broker process would.
  zmq::context_t echo_context(1);
  zmq::socket_t router(echo_context, zmq::socket_type::router);
  router.set(zmq::sockopt::linger, 0);
  if (curve) {
    router.set(zmq::sockopt::curve_server, 1);
    router.set(zmq::sockopt::curve_secretkey,
               zmq::const_buffer(server_keys.curve_secret.data(), server_keys.curve_secret.size()));
  }
  router.bind("tcp://127.0.0.1:*");
  const std::string endpoint = router.get(zmq::sockopt::last_endpoint);
  std::atomic<bool> stop{false};
  std::thread echo(echo_loop, std::move(router), std::cref(stop));

  ZmqLimit limit;
  try {
    zmq::context_t context(1);
    zmq::socket_t dealer(context, zmq::socket_type::dealer);
    dealer.set(zmq::sockopt::linger, 0);
    dealer.set(zmq::sockopt::rcvtimeo, 10000);
    if (curve) {
      dealer.set(zmq::sockopt::curve_serverkey, zmq::const_buffer(server_keys.curve_public.data(),
                                                                  server_keys.curve_public.size()));
      dealer.set(zmq::sockopt::curve_publickey, zmq::const_buffer(client_keys.curve_public.data(),
                                                                  client_keys.curve_public.size()));
      dealer.set(zmq::sockopt::curve_secretkey, zmq::const_buffer(client_keys.curve_secret.data(),
                                                                  client_keys.curve_secret.size()));
    }
    dealer.connect(endpoint);
    const std::string request(request_bytes, 'r');
    zmq::message_t reply;

    std::vector<double> samples;
    samples.reserve(round_trips);
    for (std::size_t i = 0; i < kWarmUp + round_trips; ++i) {
      const Clock::time_point before = Clock::now();
      (void)dealer.send(zmq::buffer(request), zmq::send_flags::none);
      receive_or_throw(dealer, reply);
      if (i >= kWarmUp) {
        samples.push_back(ms_between(before, Clock::now()));
      }
    }
    limit.round_trip = summarize(std::move(samples));

    const Clock::time_point started = Clock::now();
    std::size_t sent = 0;
    for (; sent < std::min(in_flight, messages); ++sent) {
      (void)dealer.send(zmq::buffer(request), zmq::send_flags::none);
    }
    for (std::size_t received = 0; received < messages; ++received) {
      receive_or_throw(dealer, reply);
      if (sent < messages) {
        (void)dealer.send(zmq::buffer(request), zmq::send_flags::none);
        ++sent;
      }
    }
    limit.messages_per_s = static_cast<double>(messages) / seconds_between(started, Clock::now());
  } catch (...) {
    stop = true;
    echo.join();
    throw;
  }
  stop = true;
  echo.join();
  return limit;
}

SqliteLimit measure_sqlite(const std::filesystem::path& directory, const std::string& event_bytes,
                           std::size_t transactions_1, std::size_t rows_batched,
                           const std::vector<std::size_t>& batches) {
  // Ids are made beforehand: their cost belongs to the publisher, not to SQLite.
  std::size_t rows = kWarmUp + transactions_1;
  for (const std::size_t batch : batches) {
    rows += kWarmUp * batch + rows_batched;
  }
  std::vector<std::string> ids;
  ids.reserve(rows);
  for (std::size_t i = 0; i < rows; ++i) {
    ids.push_back(protocol::new_event_id());
  }
  const std::filesystem::path path = directory / "sqlite-limit.db";
  SqliteLimit limit;
  {
    LogTable table(path);
    for (std::size_t i = 0; i < kWarmUp; ++i) {
      table.insert(ids, event_bytes, 1);
    }
    std::vector<double> samples;
    samples.reserve(transactions_1);
    const Clock::time_point started = Clock::now();
    for (std::size_t i = 0; i < transactions_1; ++i) {
      const Clock::time_point before = Clock::now();
      table.insert(ids, event_bytes, 1);
      samples.push_back(ms_between(before, Clock::now()));
    }
    limit.rows_per_s_batch_1 =
        static_cast<double>(transactions_1) / seconds_between(started, Clock::now());
    limit.commit_batch_1 = summarize(std::move(samples));

    // The same table keeps growing, as the broker's log does.
    for (const std::size_t batch : batches) {
      for (std::size_t i = 0; i < kWarmUp; ++i) {
        table.insert(ids, event_bytes, batch);
      }
      const Clock::time_point batch_started = Clock::now();
      for (std::size_t done = 0; done < rows_batched; done += batch) {
        table.insert(ids, event_bytes, std::min(batch, rows_batched - done));
      }
      limit.batched.push_back(SqliteLimit::Batched{
          batch, static_cast<double>(rows_batched) / seconds_between(batch_started, Clock::now())});
    }
  }
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(path.string() + suffix);
  }
  return limit;
}

namespace {

double thread_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) / 1e9;
}

// Times `count` calls of `operation(i)`, in wall-clock and in this thread's CPU seconds.
template <typename Operation>
std::pair<double, double> time_calls(std::size_t count, const Operation& operation) {
  for (std::size_t i = 0; i < std::min(kWarmUp, count); ++i) {
    operation(i);
  }
  const double cpu_before = thread_cpu_seconds();
  const Clock::time_point wall_before = Clock::now();
  for (std::size_t i = 0; i < count; ++i) {
    operation(i);
  }
  const double wall = seconds_between(wall_before, Clock::now());
  const double cpu = thread_cpu_seconds() - cpu_before;
  const auto n = static_cast<double>(count);
  return {cpu > 0 ? n / cpu : 0, wall > 0 ? n / wall : 0};
}

}  // namespace

SignatureLimit measure_ed25519(const std::string& message, std::size_t count) {
  if (sodium_init() < 0) {
    throw std::runtime_error("libsodium cannot be initialised");
  }
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> public_key{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> secret_key{};
  crypto_sign_keypair(public_key.data(), secret_key.data());
  std::vector<std::string> messages(count, message);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string counter = std::to_string(i);
    messages[i].replace(0, std::min(counter.size(), messages[i].size()), counter);
  }
  std::vector<std::array<unsigned char, crypto_sign_BYTES>> signatures(count);
  const auto bytes = [&](std::size_t i) {
    return reinterpret_cast<const unsigned char*>(messages[i].data());
  };

  SignatureLimit limit;
  std::tie(limit.sign_per_cpu_s, limit.sign_per_s) = time_calls(count, [&](std::size_t i) {
    crypto_sign_detached(signatures[i].data(), nullptr, bytes(i), messages[i].size(),
                         secret_key.data());
  });
  bool all_valid = true;
  std::tie(limit.verify_per_cpu_s, limit.verify_per_s) = time_calls(count, [&](std::size_t i) {
    all_valid = crypto_sign_verify_detached(signatures[i].data(), bytes(i), messages[i].size(),
                                            public_key.data()) == 0 &&
                all_valid;
  });
  if (!all_valid) {
    throw std::runtime_error("an Ed25519 signature made by this run does not verify");
  }
  return limit;
}

}  // namespace alertbus::bench
