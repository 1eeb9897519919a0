#include "alertbus/sqlite/sqlite_handle.hpp"

namespace alertbus::sqlite {

StatusOr<Database> Database::open(const std::string& path, Mode mode) {
  sqlite3* raw = nullptr;
  const int access =
      mode == Mode::kReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, access | SQLITE_OPEN_NOMUTEX, nullptr);
  Database db;
  db.db_.reset(raw);
  if (rc != SQLITE_OK) {
    return db.failure("cannot open database " + path);
  }
  sqlite3_extended_result_codes(raw, 1);
  return db;
}

Status Database::exec(std::string_view sql) {
  char* error = nullptr;
  const std::string text(sql);
  if (sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::string message = error != nullptr ? error : "unknown error";
    sqlite3_free(error);
    return Status::error(v1::STORE_FAILURE, "database error: " + message,
                         "lỗi cơ sở dữ liệu: " + message);
  }
  return {};
}

Status Database::failure(std::string_view what) const {
  const std::string detail = db_ ? sqlite3_errmsg(db_.get()) : "no connection";
  return Status::error(v1::STORE_FAILURE, std::string(what) + ": " + detail,
                       "lỗi cơ sở dữ liệu (" + std::string(what) + "): " + detail);
}

std::string Database::error_message() const {
  return db_ ? sqlite3_errmsg(db_.get()) : "no connection";
}

void Database::set_busy_timeout(std::chrono::milliseconds timeout) {
  sqlite3_busy_timeout(db_.get(), static_cast<int>(timeout.count()));
}

StatusOr<Statement> Statement::prepare(const Database& db, std::string_view sql) {
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v3(db.get(), sql.data(), static_cast<int>(sql.size()),
                         SQLITE_PREPARE_PERSISTENT, &raw, nullptr) != SQLITE_OK) {
    return db.failure("cannot prepare statement");
  }
  Statement statement;
  statement.stmt_.reset(raw);
  return statement;
}

void Statement::bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_.get(), index, value);
}

void Statement::bind_text(int index, std::string_view value) {
  sqlite3_bind_text(stmt_.get(), index, value.data(), static_cast<int>(value.size()),
                    SQLITE_STATIC);
}

void Statement::bind_blob(int index, std::string_view value) {
  sqlite3_bind_blob(stmt_.get(), index, value.data(), static_cast<int>(value.size()),
                    SQLITE_STATIC);
}

void Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_.get(), index);
}

int Statement::step() {
  return sqlite3_step(stmt_.get());
}

void Statement::reset() {
  sqlite3_reset(stmt_.get());
  sqlite3_clear_bindings(stmt_.get());
}

std::int64_t Statement::column_int64(int index) const {
  return sqlite3_column_int64(stmt_.get(), index);
}

int Statement::column_int(int index) const {
  return sqlite3_column_int(stmt_.get(), index);
}

std::string Statement::column_text(int index) const {
  return std::string(column_text_view(index));
}

std::string Statement::column_blob(int index) const {
  return std::string(column_blob_view(index));
}

std::string_view Statement::column_text_view(int index) const {
  const auto* text = sqlite3_column_text(stmt_.get(), index);
  const int size = sqlite3_column_bytes(stmt_.get(), index);
  return text == nullptr ? std::string_view()
                         : std::string_view(reinterpret_cast<const char*>(text),
                                            static_cast<std::size_t>(size));
}

std::string_view Statement::column_blob_view(int index) const {
  const void* blob = sqlite3_column_blob(stmt_.get(), index);
  const int size = sqlite3_column_bytes(stmt_.get(), index);
  return blob == nullptr
             ? std::string_view()
             : std::string_view(static_cast<const char*>(blob), static_cast<std::size_t>(size));
}

bool Statement::column_is_null(int index) const {
  return sqlite3_column_type(stmt_.get(), index) == SQLITE_NULL;
}

}  // namespace alertbus::sqlite
