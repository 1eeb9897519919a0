#include "alertctl/node_database.hpp"

#include <chrono>
#include <filesystem>

namespace alertbus::alertctl {

using sqlite::Database;
using sqlite::Statement;

Status read_failure(const Database& db, const std::string& path) {
  const std::string detail = db.error_message();
  return Status::error(v1::STORE_FAILURE, "cannot read " + path + ": " + detail,
                       "không đọc được " + path + ": " + detail);
}

Status not_a_log(const std::string& path, const std::string& detail_en,
                 const std::string& detail_vi) {
  return Status::error(v1::INVALID_VALUE, path + " is not a node's alertbus.db: " + detail_en,
                       path + " không phải tệp alertbus.db của một nút: " + detail_vi);
}

// SQLite would report "unable to open database file" for a missing file and, read-only,
// never creates one: say plainly that it is not there. The broker's checkpoints take locks
// briefly: wait for them rather than fail.
StatusOr<Database> open_read_only(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) {
    return Status::error(v1::NOT_FOUND, "no database file " + path,
                         "không có tệp cơ sở dữ liệu " + path);
  }
  StatusOr<Database> opened = Database::open(path, Database::Mode::kReadOnly);
  if (!opened.ok()) {
    return opened.status();
  }
  Database db = std::move(opened).value();
  db.set_busy_timeout(std::chrono::milliseconds(5000));
  return db;
}

StatusOr<Database> open_node_database(const std::string& path, int minimum,
                                      const std::string& lacking_en,
                                      const std::string& lacking_vi) {
  StatusOr<Database> opened = open_read_only(path);
  if (!opened.ok()) {
    return opened.status();
  }
  Database db = std::move(opened).value();
  StatusOr<Statement> version_query = Statement::prepare(db, "PRAGMA user_version");
  if (!version_query.ok() || version_query.value().step() != SQLITE_ROW) {
    return not_a_log(path, db.error_message(), db.error_message());
  }
  const int version = version_query.value().column_int(0);
  if (version == 0) {
    return not_a_log(path, "it has no alertbus schema", "tệp không có lược đồ của alertbus");
  }
  if (version < minimum) {
    return not_a_log(path, "schema version " + std::to_string(version) + " " + lacking_en,
                     "phiên bản lược đồ " + std::to_string(version) + " " + lacking_vi);
  }
  return db;
}

}  // namespace alertbus::alertctl
