// StateStore (state_store.hpp). Statements are prepared per call: the dashboard's rate of
// requests is low and this keeps the store one plain connection behind one mutex.
#include "state/state_store.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include "state/state_schema.hpp"

namespace alertbus::dashboard {
namespace {

using sqlite::Database;
using sqlite::Statement;

constexpr std::size_t kSecretBytes = 32;  // 256 bits.

// A session's last_seen_ms is written again only after this much time: a page polling
// every few seconds costs a write a minute, not one per request.
constexpr std::int64_t kTouchIntervalMs = 60'000;

std::int64_t unix_ms(StateStore::Clock::time_point at) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
}

Status system_error(const std::string& en, const std::string& vi) {
  const std::string reason = std::strerror(errno);
  return Status::error(v1::INTERNAL, en + ": " + reason, vi + ": " + reason);
}

std::string random_secret() {
  unsigned char bytes[kSecretBytes];
  randombytes_buf(bytes, sizeof bytes);
  char text[sodium_base64_ENCODED_LEN(kSecretBytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(text, sizeof text, bytes, sizeof bytes,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero(bytes, sizeof bytes);
  return text;
}

// The SHA-256 of the token's 32 bytes, or nullopt when `token` is not one of ours.
std::optional<std::string> token_hash(std::string_view token) {
  unsigned char bytes[kSecretBytes + 1];
  std::size_t length = 0;
  if (sodium_base642bin(bytes, sizeof bytes, token.data(), token.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0 ||
      length != kSecretBytes) {
    return std::nullopt;
  }
  std::string hash(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(hash.data()), bytes, length);
  sodium_memzero(bytes, sizeof bytes);
  return hash;
}

// Makes `dir` (and its parents) and leaves it owner-only; makes `file` in it owner-only
// before SQLite opens it (SQLite gives its -wal and -shm files the database file's mode).
Status prepare_files(const std::string& dir, const std::string& file) {
  std::error_code error;
  std::filesystem::create_directories(dir, error);
  if (error) {
    return Status::error(v1::INTERNAL,
                         "cannot create state directory " + dir + ": " + error.message(),
                         "không tạo được thư mục trạng thái " + dir + ": " + error.message());
  }
  if (::chmod(dir.c_str(), 0700) != 0) {
    return system_error("cannot make state directory " + dir + " owner-only",
                        "không đặt được quyền chỉ chủ sở hữu cho thư mục trạng thái " + dir);
  }
  const int fd = ::open(file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) {
    return system_error("cannot create " + file, "không tạo được " + file);
  }
  const bool ok = ::fchmod(fd, 0600) == 0;
  ::close(fd);
  if (!ok) {
    return system_error("cannot make " + file + " owner-only",
                        "không đặt được quyền chỉ chủ sở hữu cho " + file);
  }
  return {};
}

// Steps `statement` to its end. SQLITE_DONE expected.
Status finish(const Database& db, Statement& statement, std::string_view what) {
  if (statement.step() != SQLITE_DONE) {
    return db.failure(what);
  }
  return {};
}

}  // namespace

StatusOr<std::unique_ptr<StateStore>> StateStore::open(const std::string& state_dir) {
  if (sodium_init() < 0) {
    return Status::error(v1::INTERNAL, "libsodium cannot start", "không khởi động được libsodium");
  }
  const std::string path = (std::filesystem::path(state_dir) / kFileName).string();
  if (Status status = prepare_files(state_dir, path); !status.ok()) {
    return status;
  }
  auto db = Database::open(path);
  if (!db.ok()) {
    return db.status();
  }
  db->set_busy_timeout(std::chrono::milliseconds(5000));
  if (Status status = db->exec("PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
      !status.ok()) {
    return status;
  }
  if (Status status = migrate_state(db.value()); !status.ok()) {
    return status;
  }
  return std::unique_ptr<StateStore>(new StateStore(std::move(db).value()));
}

StatusOr<NewSession> StateStore::create_session(std::string_view user, Clock::time_point now) {
  NewSession session{random_secret(), random_secret()};
  const std::optional<std::string> hash = token_hash(session.token);
  std::lock_guard lock(mutex_);
  auto insert =
      Statement::prepare(db_,
                         "INSERT INTO sessions (token_hash, user, csrf, created_ms, last_seen_ms)"
                         " VALUES (?1, ?2, ?3, ?4, ?4)");
  if (!insert.ok()) {
    return insert.status();
  }
  insert->bind_blob(1, *hash);
  insert->bind_text(2, user);
  insert->bind_text(3, session.csrf);
  insert->bind(4, unix_ms(now));
  if (Status status = finish(db_, *insert, "cannot store a session"); !status.ok()) {
    return status;
  }
  return session;
}

StatusOr<std::optional<Session>> StateStore::find_session(std::string_view token,
                                                          Clock::time_point now,
                                                          std::chrono::milliseconds idle_limit) {
  const std::optional<std::string> hash = token_hash(token);
  if (!hash) {
    return std::optional<Session>();
  }
  std::lock_guard lock(mutex_);
  auto select = Statement::prepare(
      db_, "SELECT user, csrf, created_ms, last_seen_ms FROM sessions WHERE token_hash = ?1");
  if (!select.ok()) {
    return select.status();
  }
  select->bind_blob(1, *hash);
  const int rc = select->step();
  if (rc == SQLITE_DONE) {
    return std::optional<Session>();
  }
  if (rc != SQLITE_ROW) {
    return db_.failure("cannot read a session");
  }
  Session session{select->column_text(0), select->column_text(1), select->column_int64(2),
                  select->column_int64(3)};
  select->reset();
  const std::int64_t now_ms = unix_ms(now);
  const bool idle = now_ms - session.last_seen_ms > idle_limit.count();
  const bool touch = now_ms - session.last_seen_ms >= kTouchIntervalMs;
  if (!idle && !touch) {
    return std::optional<Session>(std::move(session));
  }
  auto write = Statement::prepare(db_, idle ? "DELETE FROM sessions WHERE token_hash = ?1"
                                            : "UPDATE sessions SET last_seen_ms = ?2"
                                              " WHERE token_hash = ?1");
  if (!write.ok()) {
    return write.status();
  }
  write->bind_blob(1, *hash);
  if (!idle) {
    write->bind(2, now_ms);
  }
  if (Status status = finish(db_, *write, "cannot update a session"); !status.ok()) {
    return status;
  }
  if (idle) {
    return std::optional<Session>();
  }
  session.last_seen_ms = now_ms;
  return std::optional<Session>(std::move(session));
}

Status StateStore::remove_session(std::string_view token) {
  const std::optional<std::string> hash = token_hash(token);
  if (!hash) {
    return {};
  }
  std::lock_guard lock(mutex_);
  auto remove = Statement::prepare(db_, "DELETE FROM sessions WHERE token_hash = ?1");
  if (!remove.ok()) {
    return remove.status();
  }
  remove->bind_blob(1, *hash);
  return finish(db_, *remove, "cannot remove a session");
}

Status StateStore::remove_user_sessions(std::string_view user) {
  std::lock_guard lock(mutex_);
  auto remove = Statement::prepare(db_, "DELETE FROM sessions WHERE user = ?1");
  if (!remove.ok()) {
    return remove.status();
  }
  remove->bind_text(1, user);
  return finish(db_, *remove, "cannot remove a user's sessions");
}

StatusOr<std::size_t> StateStore::remove_idle_sessions(Clock::time_point now,
                                                       std::chrono::milliseconds idle_limit) {
  std::lock_guard lock(mutex_);
  auto remove = Statement::prepare(db_, "DELETE FROM sessions WHERE last_seen_ms < ?1");
  if (!remove.ok()) {
    return remove.status();
  }
  remove->bind(1, unix_ms(now) - idle_limit.count());
  if (Status status = finish(db_, *remove, "cannot remove idle sessions"); !status.ok()) {
    return status;
  }
  return static_cast<std::size_t>(sqlite3_changes(db_.get()));
}

Status StateStore::mark_read(std::string_view user, std::string_view reference,
                             Clock::time_point now) {
  std::lock_guard lock(mutex_);
  auto insert = Statement::prepare(
      db_, "INSERT OR IGNORE INTO reads (user, reference, read_ms) VALUES (?1, ?2, ?3)");
  if (!insert.ok()) {
    return insert.status();
  }
  insert->bind_text(1, user);
  insert->bind_text(2, reference);
  insert->bind(3, unix_ms(now));
  return finish(db_, *insert, "cannot mark an alert read");
}

StatusOr<bool> StateStore::is_read(std::string_view user, std::string_view reference) {
  auto read = read_set(user, {std::string(reference)});
  if (!read.ok()) {
    return read.status();
  }
  return !read->empty();
}

StatusOr<std::vector<std::string>> StateStore::read_set(
    std::string_view user, const std::vector<std::string>& references) {
  std::lock_guard lock(mutex_);
  auto select = Statement::prepare(db_, "SELECT 1 FROM reads WHERE user = ?1 AND reference = ?2");
  if (!select.ok()) {
    return select.status();
  }
  std::vector<std::string> read;
  // One lookup per reference on the primary key: a page asks for at most 200.
  for (const std::string& reference : references) {
    sqlite::StatementReset reset(*select);
    select->bind_text(1, user);
    select->bind_text(2, reference);
    const int rc = select->step();
    if (rc == SQLITE_ROW) {
      read.push_back(reference);
    } else if (rc != SQLITE_DONE) {
      return db_.failure("cannot read the read marks");
    }
  }
  return read;
}

StatusOr<std::uint64_t> StateStore::load_cursor(std::string_view stream) {
  std::lock_guard lock(mutex_);
  auto select = Statement::prepare(db_, "SELECT position FROM cursors WHERE stream = ?1");
  if (!select.ok()) {
    return select.status();
  }
  select->bind_text(1, stream);
  const int rc = select->step();
  if (rc == SQLITE_ROW) {
    return select->column_uint64(0);
  }
  if (rc != SQLITE_DONE) {
    return db_.failure("cannot read a cursor");
  }
  return std::uint64_t{0};
}

Status StateStore::save_cursor(std::string_view stream, std::uint64_t position) {
  std::lock_guard lock(mutex_);
  // One statement in autocommit mode: committed (and, with synchronous=FULL, synced) when
  // step() returns.
  auto upsert =
      Statement::prepare(db_,
                         "INSERT INTO cursors (stream, position) VALUES (?1, ?2)"
                         " ON CONFLICT (stream) DO UPDATE SET position = excluded.position");
  if (!upsert.ok()) {
    return upsert.status();
  }
  upsert->bind_text(1, stream);
  upsert->bind(2, position);
  return finish(db_, *upsert, "cannot save a cursor");
}

StatusOr<std::int64_t> StateStore::log_action(const ActionRecord& record) {
  std::lock_guard lock(mutex_);
  auto insert = Statement::prepare(
      db_,
      "INSERT INTO actions (at_ms, user, officer_name, unit, action, reference, outcome)"
      " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!insert.ok()) {
    return insert.status();
  }
  insert->bind(1, record.at_ms);
  insert->bind_text(2, record.user);
  insert->bind_text(3, record.officer_name);
  insert->bind_text(4, record.unit);
  insert->bind_text(5, record.action);
  insert->bind_text(6, record.reference);
  insert->bind_text(7, record.outcome);
  if (Status status = finish(db_, *insert, "cannot log an action"); !status.ok()) {
    return status;
  }
  return static_cast<std::int64_t>(sqlite3_last_insert_rowid(db_.get()));
}

StatusOr<std::vector<ActionRecord>> StateStore::recent_actions(std::size_t count) {
  std::lock_guard lock(mutex_);
  auto select = Statement::prepare(
      db_,
      "SELECT id, at_ms, user, officer_name, unit, action, reference, outcome FROM actions"
      " ORDER BY id DESC LIMIT ?1");
  if (!select.ok()) {
    return select.status();
  }
  select->bind(1, static_cast<std::uint64_t>(count));
  std::vector<ActionRecord> records;
  int rc = SQLITE_ROW;
  while ((rc = select->step()) == SQLITE_ROW) {
    records.push_back({select->column_int64(0), select->column_int64(1), select->column_text(2),
                       select->column_text(3), select->column_text(4), select->column_text(5),
                       select->column_text(6), select->column_text(7)});
  }
  if (rc != SQLITE_DONE) {
    return db_.failure("cannot read the action log");
  }
  return records;
}

}  // namespace alertbus::dashboard
