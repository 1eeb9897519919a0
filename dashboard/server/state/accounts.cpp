// AccountFile (accounts.hpp): reading, changing, writing and checking officers' accounts.
#include "state/accounts.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <filesystem>
#include <optional>
#include <sodium.h>
#include <sys/stat.h>
#include <toml++/toml.h>
#include <unistd.h>
#include <utility>

#include "alertbus/protocol/owner_only.hpp"
#include "state/account_checks.hpp"

namespace alertbus::dashboard {
namespace {

bool ensure_sodium() {
  static const bool ready = sodium_init() >= 0;
  return ready;
}

Status system_error(const std::string& en, const std::string& vi) {
  const std::string reason = std::strerror(errno);
  return Status::error(v1::INTERNAL, en + ": " + reason, vi + ": " + reason);
}

StatusOr<std::string> hash_password(std::string_view password) {
  if (!ensure_sodium()) {
    return Status::error(v1::INTERNAL, "libsodium cannot start", "không khởi động được libsodium");
  }
  char hash[crypto_pwhash_STRBYTES] = {};
  if (crypto_pwhash_str(hash, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
    return Status::error(v1::INTERNAL, "cannot hash the password (out of memory)",
                         "không băm được mật khẩu (hết bộ nhớ)");
  }
  return std::string(hash);
}

bool password_matches(const std::string& hash, std::string_view password) {
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

// A hash of a random password made with the same limits, checked against when the user is
// unknown so that such a login costs what a real one does.
const std::string& dummy_hash() {
  static const std::string hash = [] {
    ensure_sodium();
    unsigned char random[32];
    randombytes_buf(random, sizeof random);
    auto made = hash_password(std::string_view(reinterpret_cast<const char*>(random), 32));
    return made.ok() ? made.value() : std::string();
  }();
  return hash;
}

std::string rfc3339_utc(std::chrono::system_clock::time_point at) {
  const std::time_t seconds = std::chrono::system_clock::to_time_t(at);
  std::tm parts{};
  gmtime_r(&seconds, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &parts);
  return text;
}

// A TOML basic string: quotes, backslashes and control characters escaped; UTF-8 kept.
std::string toml_string(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (byte < 0x20 || byte == 0x7F) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04X", byte);
      out += escaped;
    } else {
      out += c;
    }
  }
  return out + "\"";
}

Status file_error(const std::string& path, const std::string& en, const std::string& vi,
                  std::string field = {}) {
  return Status::error(v1::INVALID_VALUE, "accounts file " + path + ": " + en,
                       "tệp tài khoản " + path + ": " + vi, std::move(field));
}

// One [[account]] table of the file, checked as add() checks its arguments.
StatusOr<Account> read_account(const std::string& path, const toml::table& table,
                               std::size_t index) {
  const std::string where = "account " + std::to_string(index + 1);
  const std::string where_vi = "tài khoản thứ " + std::to_string(index + 1);
  for (const auto& [key, value] : table) {
    static constexpr std::string_view kKeys[] = {"user",     "name",     "unit",
                                                 "password", "disabled", "created"};
    if (std::find(std::begin(kKeys), std::end(kKeys), key.str()) == std::end(kKeys)) {
      return file_error(path, where + ": unknown key '" + std::string(key.str()) + "'",
                        where_vi + ": khóa lạ '" + std::string(key.str()) + "'");
    }
  }
  // Each value must have its type: a quoted "true" read as the default false would enable
  // a disabled account.
  const auto wrong_type = [&](const char* key, const char* type_en, const char* type_vi) {
    return file_error(path, where + ": '" + key + "' must be " + type_en,
                      where_vi + ": '" + key + "' phải là " + type_vi, key);
  };
  Account account;
  for (const auto& [key, out] :
       {std::pair{"user", &account.user}, std::pair{"name", &account.name},
        std::pair{"unit", &account.unit}, std::pair{"password", &account.password_hash}}) {
    const std::optional<std::string> value = table[key].value_exact<std::string>();
    if (!value) {
      return wrong_type(key, "a string", "một chuỗi");
    }
    *out = *value;
  }
  if (const toml::node* disabled = table.get("disabled"); disabled != nullptr) {
    if (!disabled->is_boolean()) {
      return wrong_type("disabled", "true or false", "true hoặc false");
    }
    account.disabled = disabled->as_boolean()->get();
  }
  if (const toml::node* created = table.get("created"); created != nullptr) {
    if (!created->is_string()) {
      return wrong_type("created", "a quoted RFC 3339 time", "thời điểm RFC 3339 trong ngoặc kép");
    }
    account.created = created->as_string()->get();
  }
  for (const Status& status :
       {check_user(account.user), check_display_name(account.name), check_unit(account.unit)}) {
    if (!status.ok()) {
      return file_error(path, where + ": " + status.message(),
                        where_vi + ": " + status.message_vi(), status.field());
    }
  }
  if (account.password_hash.rfind("$argon2id$", 0) != 0) {
    return file_error(path, where + " (" + account.user + "): password is not an Argon2id hash",
                      where_vi + " (" + account.user + "): mật khẩu không phải chuỗi băm Argon2id",
                      "password");
  }
  return account;
}

}  // namespace

const char* login_failure_name(LoginFailure failure) {
  switch (failure) {
    case LoginFailure::kNone:
      return "none";
    case LoginFailure::kUnknownUser:
      return "unknown_user";
    case LoginFailure::kDisabled:
      return "disabled";
    case LoginFailure::kWrongPassword:
      return "wrong_password";
  }
  return "none";
}

StatusOr<AccountFile> AccountFile::load(const std::string& path) {
  struct stat info {};

  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) {
      return AccountFile();
    }
    return system_error("cannot read accounts file " + path,
                        "không đọc được tệp tài khoản " + path);
  }
  if (!S_ISREG(info.st_mode)) {
    return file_error(path, "not a regular file", "không phải tệp thường");
  }
  // The hashes are slow to attack, not impossible: the file is a secret, as key files are.
  if (Status owner_only =
          protocol::check_owner_only(path, info.st_mode, "accounts file", "tệp tài khoản");
      !owner_only.ok()) {
    return owner_only;
  }
  toml::table table;
  try {
    table = toml::parse_file(path);
  } catch (const toml::parse_error& error) {
    return file_error(path, std::string(error.description()), std::string(error.description()));
  }
  AccountFile file;
  for (const auto& [key, value] : table) {
    if (key.str() != "account") {
      return file_error(path, "unknown key '" + std::string(key.str()) + "'",
                        "khóa lạ '" + std::string(key.str()) + "'");
    }
  }
  const toml::node_view list = table["account"];
  if (!list) {
    return file;
  }
  if (!list.is_array_of_tables()) {
    return file_error(path, "'account' must be [[account]] tables",
                      "'account' phải là các bảng [[account]]");
  }
  const toml::array& entries = *list.as_array();
  for (std::size_t i = 0; i < entries.size(); ++i) {
    auto account = read_account(path, *entries[i].as_table(), i);
    if (!account.ok()) {
      return account.status();
    }
    if (file.find(account->user) != nullptr) {
      return file_error(path, "user '" + account->user + "' appears twice",
                        "tên đăng nhập '" + account->user + "' xuất hiện hai lần", "user");
    }
    file.accounts_.push_back(std::move(account).value());
  }
  return file;
}

Status AccountFile::add(std::string_view user, std::string_view name, std::string_view unit,
                        std::string_view password, std::chrono::system_clock::time_point created) {
  // Every rule before the hash: a refused account costs nothing.
  for (const Status& status :
       {check_user(user), check_display_name(name), check_unit(unit), check_password(password)}) {
    if (!status.ok()) {
      return status;
    }
  }
  if (find(user) != nullptr) {
    return Status::error(v1::INVALID_VALUE, "user '" + std::string(user) + "' already exists",
                         "tên đăng nhập '" + std::string(user) + "' đã có", "user");
  }
  auto hash = hash_password(password);
  if (!hash.ok()) {
    return hash.status();
  }
  Account account;
  account.user = user;
  account.name = name;
  account.unit = unit;
  account.password_hash = std::move(hash).value();
  account.created = rfc3339_utc(created);
  accounts_.push_back(std::move(account));
  return {};
}

Status AccountFile::disable(std::string_view user) {
  Account* account = find_mutable(user);
  if (account == nullptr) {
    return Status::error(v1::NOT_FOUND, "no account '" + std::string(user) + "'",
                         "không có tài khoản '" + std::string(user) + "'", "user");
  }
  account->disabled = true;
  return {};
}

Status AccountFile::enable(std::string_view user) {
  Account* account = find_mutable(user);
  if (account == nullptr) {
    return Status::error(v1::NOT_FOUND, "no account '" + std::string(user) + "'",
                         "không có tài khoản '" + std::string(user) + "'", "user");
  }
  account->disabled = false;
  return {};
}

Status AccountFile::set_password(std::string_view user, std::string_view password) {
  Account* account = find_mutable(user);
  if (account == nullptr) {
    return Status::error(v1::NOT_FOUND, "no account '" + std::string(user) + "'",
                         "không có tài khoản '" + std::string(user) + "'", "user");
  }
  if (Status status = check_password(password); !status.ok()) {
    return status;
  }
  auto hash = hash_password(password);
  if (!hash.ok()) {
    return hash.status();
  }
  account->password_hash = std::move(hash).value();
  return {};
}

const Account* AccountFile::find(std::string_view user) const {
  const auto found = std::find_if(accounts_.begin(), accounts_.end(),
                                  [&](const Account& account) { return account.user == user; });
  return found == accounts_.end() ? nullptr : &*found;
}

Account* AccountFile::find_mutable(std::string_view user) {
  return const_cast<Account*>(find(user));
}

Status AccountFile::save(const std::string& path) const {
  std::string text =
      "# alertbus-dashboard accounts (docs/DASHBOARD.md, \"Security\"). Edit with\n"
      "# `alertbus-dashboard account ...`. SECRET: owner-only (mode 0600).\n"
      "# Tài khoản cán bộ của bảng điều khiển; chỉ chủ sở hữu được đọc tệp này.\n";
  for (const Account& account : accounts_) {
    text += "\n[[account]]\n";
    text += "user = " + toml_string(account.user) + "\n";
    text += "name = " + toml_string(account.name) + "\n";
    text += "unit = " + toml_string(account.unit) + "\n";
    text += "password = " + toml_string(account.password_hash) + "\n";
    text += std::string("disabled = ") + (account.disabled ? "true" : "false") + "\n";
    text += "created = " + toml_string(account.created) + "\n";
  }

  const std::filesystem::path target(path);
  const std::filesystem::path directory =
      target.has_parent_path() ? target.parent_path() : std::filesystem::path(".");
  std::string temporary = (directory / ("." + target.filename().string() + ".XXXXXX")).string();
  const int fd = ::mkstemp(temporary.data());  // Mode 0600.
  if (fd < 0) {
    return system_error("cannot create a temporary file beside " + path,
                        "không tạo được tệp tạm bên cạnh " + path);
  }
  bool ok = ::fchmod(fd, 0600) == 0;
  std::size_t written = 0;
  while (ok && written < text.size()) {
    const ssize_t n = ::write(fd, text.data() + written, text.size() - written);
    ok = n > 0;
    written += ok ? static_cast<std::size_t>(n) : 0;
  }
  ok = ok && ::fsync(fd) == 0;
  ok = (::close(fd) == 0) && ok;
  ok = ok && ::rename(temporary.c_str(), path.c_str()) == 0;
  if (!ok) {
    Status status =
        system_error("cannot write accounts file " + path, "không ghi được tệp tài khoản " + path);
    ::unlink(temporary.c_str());
    return status;
  }
  // The rename is durable only once the directory is.
  const int dir_fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  ok = dir_fd >= 0 && ::fsync(dir_fd) == 0;
  if (dir_fd >= 0) {
    ::close(dir_fd);
  }
  if (!ok) {
    return system_error("cannot sync the directory of " + path,
                        "không đồng bộ được thư mục của " + path);
  }
  return {};
}

StatusOr<Account> AccountFile::verify(std::string_view user, std::string_view password,
                                      LoginFailure* failure) const {
  LoginFailure reason = LoginFailure::kNone;
  const Account* account = find(user);
  // One hash per call whatever happens, so that the time does not tell the cases apart.
  if (account == nullptr) {
    (void)password_matches(dummy_hash(), password);
    reason = LoginFailure::kUnknownUser;
  } else if (!password_matches(account->password_hash, password)) {
    reason = account->disabled ? LoginFailure::kDisabled : LoginFailure::kWrongPassword;
  } else if (account->disabled) {
    reason = LoginFailure::kDisabled;
  }
  if (failure != nullptr) {
    *failure = reason;
  }
  if (reason != LoginFailure::kNone) {
    return Status::error(v1::PERMISSION_DENIED, "wrong user name or password",
                         "sai tên đăng nhập hoặc mật khẩu");
  }
  return *account;
}

}  // namespace alertbus::dashboard
