// Owner-only files (owner_only.hpp).
#include "alertbus/protocol/owner_only.hpp"

#include <cstdio>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace alertbus::protocol {

std::string mode_text(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof(text), "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

Status check_owner_only(const std::string& path, mode_t mode, std::string_view what_en,
                        std::string_view what_vi, std::string_view why_en,
                        std::string_view why_vi) {
  if ((mode & 077) == 0) {
    return {};
  }
  const std::string chmod = std::string(S_ISDIR(mode) ? "chmod 700 " : "chmod 600 ") + path;
  const std::string mode_now = mode_text(mode);
  std::string en =
      std::string(what_en) + " " + path + " is open to other users (mode " + mode_now + ")";
  std::string vi = std::string(what_vi) + " " + path + " để người dùng khác truy cập được (quyền " +
                   mode_now + ")";
  if (!why_en.empty()) {
    en += "; " + std::string(why_en);
    vi += "; " + std::string(why_vi);
  }
  return Status::error(v1::PERMISSION_DENIED, en + "; run: " + chmod, vi + "; hãy chạy: " + chmod);
}

void create_owner_only_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    (void)::fchmod(fd, 0600);
    ::close(fd);
  }
}

}  // namespace alertbus::protocol
