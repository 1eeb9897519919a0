// AccountFileLock (account_lock.hpp).
#include "state/account_lock.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace alertbus::dashboard {
namespace {

Status lock_error(const std::string& path, int error) {
  const std::string reason = std::strerror(error);
  return Status::error(v1::INTERNAL, "cannot lock accounts file " + path + ": " + reason,
                       "không khóa được tệp tài khoản " + path + ": " + reason);
}

}  // namespace

StatusOr<AccountFileLock> AccountFileLock::acquire(const std::string& accounts_path) {
  const std::string path = lock_path(accounts_path);
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) {
    return lock_error(path, errno);
  }
  int result = 0;
  do {
    result = ::flock(fd, LOCK_EX);
  } while (result != 0 && errno == EINTR);
  if (result != 0) {
    const int error = errno;
    ::close(fd);
    return lock_error(path, error);
  }
  return AccountFileLock(fd);
}

AccountFileLock::~AccountFileLock() {
  if (fd_ >= 0) {
    ::close(fd_);  // Releases the lock.
  }
}

}  // namespace alertbus::dashboard
