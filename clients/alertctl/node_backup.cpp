#include "alertctl/node_backup.hpp"

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

#include "alertbus/protocol/log_schema.hpp"
#include "alertbus/sqlite/sqlite_handle.hpp"
#include "alertctl/node_database.hpp"

namespace alertbus::alertctl {
namespace {

using sqlite::Database;
using sqlite::Statement;

// How long a backup waits for the broker's brief exclusive moments (a RESTART checkpoint
// taking its locks) before giving up.
constexpr auto kBusyPatience = std::chrono::seconds(30);

Status write_failure(const std::string& path, const std::string& detail) {
  return Status::error(v1::STORE_FAILURE, "cannot write " + path + ": " + detail,
                       "không ghi được " + path + ": " + detail);
}

// The node id and epoch of the log's meta table.
Status read_identity(const Database& db, const std::string& path, BackupFacts& facts) {
  StatusOr<Statement> select = Statement::prepare(db, "SELECT key, value FROM meta");
  if (!select.ok()) {
    return not_a_log(path, db.error_message(), db.error_message());
  }
  int rc = SQLITE_ROW;
  while ((rc = select->step()) == SQLITE_ROW) {
    const std::string key = select->column_text(0);
    if (key == "node_id") {
      facts.node_id = select->column_text(1);
    } else if (key == "epoch") {
      facts.epoch = std::stoull("0" + select->column_text(1));
    }
  }
  if (rc != SQLITE_DONE) {
    return read_failure(db, path);
  }
  if (facts.node_id.empty()) {
    return not_a_log(path, "it names no node", "tệp không ghi mã nút");
  }
  return {};
}

// SQLite's quick check of the whole file: "ok" or its first complaint.
StatusOr<std::string> quick_check(const Database& db, const std::string& path) {
  StatusOr<Statement> check = Statement::prepare(db, "PRAGMA quick_check(1)");
  if (!check.ok() || check->step() != SQLITE_ROW) {
    return read_failure(db, path);
  }
  return check->column_text(0);
}

// Copies `source` into the empty database `temporary` in one read transaction of the source,
// then makes the copy a rollback-journal database (no -wal or -shm beside it).
Status copy_pages(const Database& source, const std::string& source_path,
                  const std::string& temporary) {
  StatusOr<Database> opened = Database::open(temporary);
  if (!opened.ok()) {
    return write_failure(temporary, opened.status().message());
  }
  Database copy = std::move(opened).value();
  sqlite3_backup* backup = sqlite3_backup_init(copy.get(), "main", source.get(), "main");
  if (backup == nullptr) {
    return write_failure(temporary, copy.error_message());
  }
  const auto deadline = std::chrono::steady_clock::now() + kBusyPatience;
  int rc = SQLITE_OK;
  // -1: every page in one step, so in one read transaction of the source. BUSY or LOCKED
  // means that transaction could not begin yet; nothing was copied, so try again.
  while ((rc = sqlite3_backup_step(backup, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
    if (std::chrono::steady_clock::now() > deadline) {
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  sqlite3_backup_finish(backup);
  if (rc != SQLITE_DONE) {
    const std::string detail = sqlite3_errstr(rc);
    return Status::error(
        v1::STORE_FAILURE, "cannot copy " + source_path + " to " + temporary + ": " + detail,
        "không sao chép được " + source_path + " sang " + temporary + ": " + detail);
  }
  StatusOr<Statement> mode = Statement::prepare(copy, "PRAGMA journal_mode = DELETE");
  if (!mode.ok() || mode->step() != SQLITE_ROW || mode->column_text(0) != "delete") {
    return write_failure(temporary, copy.error_message());
  }
  return {};
}

}  // namespace

bool sync_path(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return false;
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  return synced;
}

StatusOr<BackupFacts> inspect_backup(const std::string& path) {
  StatusOr<Database> opened = open_read_only(path);
  if (!opened.ok()) {
    return opened.status();
  }
  const Database& db = opened.value();
  BackupFacts facts;
  StatusOr<Statement> version = Statement::prepare(db, "PRAGMA user_version");
  if (!version.ok() || version->step() != SQLITE_ROW) {
    return not_a_log(path, db.error_message(), db.error_message());
  }
  facts.schema_version = version->column_int(0);
  if (facts.schema_version > protocol::kLogSchemaVersion) {
    const std::string versions = std::to_string(facts.schema_version) + " (" +
                                 std::to_string(protocol::kLogSchemaVersion) + ")";
    return Status::error(
        v1::INVALID_VALUE,
        path + " has schema version " + versions +
            " newer than this build's; use the alertctl and alertbusd that made it",
        path + " có phiên bản lược đồ " + versions +
            " mới hơn bản này; hãy dùng alertctl và alertbusd đã tạo ra nó");
  }
  if (Status identity = read_identity(db, path, facts); !identity.ok()) {
    return identity;
  }
  StatusOr<std::string> integrity = quick_check(db, path);
  if (!integrity.ok()) {
    return integrity.status();
  }
  facts.integrity = std::move(integrity).value();
  StatusOr<ChainReport> chain = verify_log_chain(path);
  if (!chain.ok()) {
    return chain.status();
  }
  facts.chain = std::move(chain).value();
  std::error_code error;
  facts.bytes = std::filesystem::file_size(path, error);
  return facts;
}

StatusOr<BackupFacts> backup_database(const std::string& source, const std::string& out,
                                      bool force) {
  std::error_code error;
  if (!force && std::filesystem::exists(std::filesystem::symlink_status(out, error))) {
    return Status::error(v1::INVALID_VALUE, out + " exists already; --force replaces it",
                         out + " đã có; thêm --force để ghi đè");
  }
  // The source first: a missing or foreign file is said before anything is written.
  StatusOr<Database> opened = open_node_database(
      source, 5, "has no hash chain yet; start this version of alertbusd on it once",
      "chưa có chuỗi băm; hãy chạy alertbusd phiên bản này trên tệp một lần");
  if (!opened.ok()) {
    return opened.status();
  }
  const std::string temporary = out + ".tmp-" + std::to_string(::getpid());
  std::filesystem::remove(temporary, error);
  const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) {
    return write_failure(temporary, std::strerror(errno));
  }
  ::fchmod(fd, 0600);  // Whatever the umask.
  ::close(fd);
  const auto discard = [&temporary] {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    std::filesystem::remove(temporary + "-journal", ignored);
  };
  if (Status copied = copy_pages(opened.value(), source, temporary); !copied.ok()) {
    discard();
    return copied;
  }
  if (!sync_path(temporary)) {
    discard();
    return write_failure(temporary, "fsync");
  }
  StatusOr<BackupFacts> facts = inspect_backup(temporary);
  if (!facts.ok() || !facts->sound()) {
    discard();
    return facts;
  }
  std::filesystem::rename(temporary, out, error);
  if (error) {
    discard();
    return write_failure(out, error.message());
  }
  const std::filesystem::path directory = std::filesystem::absolute(out).parent_path();
  if (!sync_path(directory.string())) {
    return write_failure(directory.string(), "fsync");
  }
  return facts;
}

}  // namespace alertbus::alertctl
