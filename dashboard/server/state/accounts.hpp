// AccountFile: the officers' accounts of the dashboard, kept in a TOML file that only its
// owner may read (docs/DASHBOARD.md, "Security"):
//
//   [[account]]
//   user = "an.nguyen"                 # 1-64 of [a-z0-9._-], unique
//   name = "Nguyễn Văn An"             # display name, at most 120 characters
//   unit = "bac-giang/cnty"            # the broker principal the officer acts through
//   password = "$argon2id$v=19$..."    # crypto_pwhash_str, interactive limits
//   disabled = false
//   created = "2026-12-05T14:30:00Z"   # RFC 3339, UTC
//
// The `account` commands edit the file (load, change, save); the server loads it and calls
// verify() on each login.
//
// Threading: a plain value. Concurrent const calls (verify, find, accounts) are safe;
// anything that changes it needs the caller's exclusive access.
#pragma once

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "alertbus/protocol/status.hpp"

namespace alertbus::dashboard {

struct Account {
  std::string user;
  std::string name;           // Display name, Vietnamese.
  std::string unit;           // Principal id, "bac-giang/cnty".
  std::string password_hash;  // crypto_pwhash_str's string ("$argon2id$...").
  bool disabled = false;
  std::string created;  // RFC 3339 UTC, "2026-12-05T14:30:00Z".
};

// Why verify() refused a login: for the server's log only. The caller answers every one of
// them the same way, so that nobody learns which user names exist.
enum class LoginFailure {
  kNone,           // Not refused.
  kUnknownUser,    // No account with this user name.
  kDisabled,       // The account exists but is disabled (whatever the password).
  kWrongPassword,  // The account is enabled; the password does not match.
};

// "unknown_user", "disabled", "wrong_password" or "none", for logs.
const char* login_failure_name(LoginFailure failure);

class AccountFile {
 public:
  // Reads the accounts file at `path`. A missing file holds no accounts. Fails with
  // PERMISSION_DENIED when the file is readable by its group or by others (as key files
  // are), INVALID_VALUE when it is not valid TOML or an account breaks a rule (the message
  // names the account), INTERNAL when it cannot be read.
  static StatusOr<AccountFile> load(const std::string& path);

  // Adds an enabled account, hashing `password` (Argon2id, interactive limits: ~0.1 s).
  // INVALID_VALUE / TOO_LONG / INVALID_UTF8 when a field breaks its rule (account_checks.hpp,
  // the status names the field) or the user already exists (field "user").
  Status add(std::string_view user, std::string_view name, std::string_view unit,
             std::string_view password,
             std::chrono::system_clock::time_point created = std::chrono::system_clock::now());

  // Disables / enables the account. NOT_FOUND when there is no such user. Disabling does
  // not end the account's sessions: the caller also calls StateStore::remove_user().
  Status disable(std::string_view user);
  Status enable(std::string_view user);

  // Replaces the account's password (rules as for add). NOT_FOUND when there is no such user.
  Status set_password(std::string_view user, std::string_view password);

  // The accounts in the order they were added. Pointers stay valid until the next change.
  const std::vector<Account>& accounts() const { return accounts_; }

  // The account named `user`, or null.
  const Account* find(std::string_view user) const;

  // Writes the file atomically: a temporary file (mode 0600) in the same directory, fsync,
  // rename over `path`, fsync of the directory. A crash leaves the old file or the new one.
  // INTERNAL with the system's reason when any step fails (the temporary file is removed).
  Status save(const std::string& path) const;

  // The enabled account `user` whose password is `password`. Otherwise PERMISSION_DENIED
  // with the same message whatever the reason, and `*failure` (if given) says the reason for
  // the log. Every call hashes once, an unknown user against a dummy hash, so that the time
  // taken does not tell whether the user exists.
  StatusOr<Account> verify(std::string_view user, std::string_view password,
                           LoginFailure* failure = nullptr) const;

 private:
  Account* find_mutable(std::string_view user);

  std::vector<Account> accounts_;
};

}  // namespace alertbus::dashboard
