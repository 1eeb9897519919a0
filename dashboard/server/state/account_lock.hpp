// AccountFileLock: the exclusive lock the `account` commands hold from loading the accounts
// file to saving it, so that two commands at once (two terminals, a script) do not lose one
// another's change. flock(2) on "<accounts file>.lock" beside it (made owner-only, kept):
// the lock goes with the process (a killed command releases it) and two opens in one process
// exclude each other too. The server only reads the file and never takes it.
//
// Threading: one lock object per thread; construction blocks until the lock is free.
#pragma once

#include <string>

#include "alertbus/protocol/status.hpp"

namespace alertbus::dashboard {

class AccountFileLock {
 public:
  // Waits for and takes the lock of `accounts_path`. INTERNAL with the system's reason when
  // the lock file cannot be opened or locked.
  static StatusOr<AccountFileLock> acquire(const std::string& accounts_path);

  AccountFileLock(AccountFileLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }

  AccountFileLock& operator=(AccountFileLock&&) = delete;
  AccountFileLock(const AccountFileLock&) = delete;
  AccountFileLock& operator=(const AccountFileLock&) = delete;
  ~AccountFileLock();

  // The lock file of `accounts_path`.
  static std::string lock_path(const std::string& accounts_path) { return accounts_path + ".lock"; }

 private:
  explicit AccountFileLock(int fd) : fd_(fd) {}

  int fd_ = -1;
};

}  // namespace alertbus::dashboard
