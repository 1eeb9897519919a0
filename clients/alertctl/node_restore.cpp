#include "alertctl/node_restore.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <sys/stat.h>
#include <unistd.h>

#include "alertctl/node_database.hpp"

namespace alertbus::alertctl {
namespace {

namespace fs = std::filesystem;
using sqlite::Database;
using sqlite::Statement;

// SQLite's unix VFS: every connection that has a WAL database open holds a shared lock on
// this byte of the -shm file for as long as it is open (the "dead-man switch").
constexpr off_t kShmDeadManByte = 128;

Status file_failure(const std::string& what, const std::string& path) {
  const std::string detail = std::strerror(errno);
  return Status::error(v1::STORE_FAILURE, "cannot " + what + " " + path + ": " + detail,
                       "không thực hiện được (" + what + ") " + path + ": " + detail);
}

// The node id the database at `path` belongs to; empty when it names none or is unreadable
// (then the broker's own check at start still applies).
std::string node_of(const std::string& path) {
  StatusOr<Database> opened = open_read_only(path);
  if (!opened.ok()) {
    return {};
  }
  StatusOr<Statement> select =
      Statement::prepare(opened.value(), "SELECT value FROM meta WHERE key = 'node_id'");
  return select.ok() && select->step() == SQLITE_ROW ? select->column_text(0) : std::string();
}

// "20261206T043512Z"
std::string utc_stamp() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char text[32];
  std::strftime(text, sizeof text, "%Y%m%dT%H%M%SZ", &utc);
  return text;
}

// Copies `from` to `to` (created 0600, never over an existing file) and fsyncs it.
Status copy_file_synced(const std::string& from, const std::string& to) {
  const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) {
    return file_failure("read", from);
  }
  const int out = ::open(to.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (out < 0) {
    ::close(in);
    return file_failure("create", to);
  }
  ::fchmod(out, 0600);
  char buffer[1 << 16];
  ssize_t n = 0;
  bool ok = true;
  while (ok && (n = ::read(in, buffer, sizeof buffer)) > 0) {
    for (ssize_t written = 0; ok && written < n;) {
      const ssize_t w = ::write(out, buffer + written, static_cast<std::size_t>(n - written));
      ok = w > 0;
      written += w > 0 ? w : 0;
    }
  }
  ok = ok && n == 0 && ::fsync(out) == 0;
  const Status status = ok ? Status{} : file_failure("write", to);
  ::close(in);
  ::close(out);
  return status;
}

// alertbus.head as the broker writes it: "<epoch> <head seq>", each 20 digits.
bool marker_notices(const std::string& path, const BackupFacts& facts) {
  std::FILE* file = std::fopen(path.c_str(), "r");
  if (file == nullptr) {
    return false;
  }
  unsigned long long epoch = 0;
  unsigned long long head = 0;
  const bool read = std::fscanf(file, "%llu %llu", &epoch, &head) == 2;
  std::fclose(file);
  return read && epoch == facts.epoch && head > facts.chain.last_seq;
}

Status write_marker(const std::string& path, const BackupFacts& facts) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) {
    return file_failure("write", path);
  }
  ::fchmod(fd, 0600);
  char text[48];
  std::snprintf(text, sizeof text, "%020llu %020llu\n",
                static_cast<unsigned long long>(facts.epoch),
                static_cast<unsigned long long>(facts.chain.last_seq + 1));
  const bool ok = ::write(fd, text, 42) == 42 && ::fsync(fd) == 0;
  ::close(fd);
  return ok ? Status{} : file_failure("write", path);
}

}  // namespace

std::optional<pid_t> process_using(const std::string& path) {
  const std::string shm = path + "-shm";
  const int fd = ::open(shm.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return std::nullopt;
  }

  struct flock lock {};

  lock.l_type = F_WRLCK;
  lock.l_whence = SEEK_SET;
  lock.l_start = kShmDeadManByte;
  lock.l_len = 1;
  const bool asked = ::fcntl(fd, F_GETLK, &lock) == 0;
  ::close(fd);
  if (!asked || lock.l_type == F_UNLCK) {
    return std::nullopt;
  }
  return lock.l_pid;
}

StatusOr<RestoreReport> restore_database(const std::string& backup, const BackupFacts& facts,
                                         const std::string& data_dir) {
  std::error_code error;
  if (!fs::is_directory(data_dir, error)) {
    return Status::error(v1::NOT_FOUND, "no data directory " + data_dir,
                         "không có thư mục dữ liệu " + data_dir);
  }
  const fs::path dir(data_dir);
  const std::string database = (dir / "alertbus.db").string();
  if (const std::optional<pid_t> pid = process_using(database)) {
    const std::string who = std::to_string(*pid);
    return Status::error(
        v1::PERMISSION_DENIED,
        "process " + who + " (alertbusd, or a program reading its files) has " + database +
            " open: stop the node first (systemctl stop alertbusd@<node>), then restore",
        "tiến trình " + who + " (alertbusd, hoặc chương trình đang đọc tệp của nó) đang mở " +
            database + ": hãy dừng nút trước (systemctl stop alertbusd@<nút>), rồi khôi phục");
  }
  if (fs::exists(database, error)) {
    const std::string current = node_of(database);
    if (!current.empty() && current != facts.node_id) {
      return Status::error(v1::INVALID_VALUE,
                           backup + " is a backup of node '" + facts.node_id + "', " + data_dir +
                               " holds node '" + current + "'",
                           backup + " là bản sao lưu của nút '" + facts.node_id + "', " + data_dir +
                               " chứa dữ liệu của nút '" + current + "'");
    }
  }
  // The copy first, beside its place: until the rename the node's files are as they were.
  const std::string temporary = (dir / "alertbus.db.restore-tmp").string();
  fs::remove(temporary, error);
  if (Status copied = copy_file_synced(backup, temporary); !copied.ok()) {
    fs::remove(temporary, error);
    return copied;
  }
  RestoreReport report;
  if (fs::exists(database, error)) {
    std::string aside = database + ".before-restore-" + utc_stamp();
    for (int n = 2; fs::exists(aside, error); ++n) {
      aside = database + ".before-restore-" + utc_stamp() + "-" + std::to_string(n);
    }
    // The WAL may hold committed events not yet in the main file: it goes with it.
    if (::rename(database.c_str(), aside.c_str()) != 0) {
      return file_failure("rename", database);
    }
    if (fs::exists(database + "-wal", error) &&
        ::rename((database + "-wal").c_str(), (aside + "-wal").c_str()) != 0) {
      return file_failure("rename", database + "-wal");
    }
    report.moved_aside = aside;
  }
  fs::remove(database + "-wal", error);
  fs::remove(database + "-shm", error);
  fs::remove(database + "-journal", error);
  if (::rename(temporary.c_str(), database.c_str()) != 0) {
    return file_failure("rename", temporary);
  }
  const std::string marker = (dir / "alertbus.head").string();
  if (!marker_notices(marker, facts)) {
    if (Status written = write_marker(marker, facts); !written.ok()) {
      return written;
    }
    report.marker_written = true;
  }
  if (!sync_path(data_dir)) {
    return file_failure("fsync", data_dir);
  }
  return report;
}

}  // namespace alertbus::alertctl
