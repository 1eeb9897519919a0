#include "node/data_dir.hpp"

#include <cstdio>
#include <filesystem>
#include <sys/stat.h>

namespace alertbus::broker {
namespace {

std::string octal(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof(text), "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// The files of a node's data directory that hold its data.
constexpr const char* kNodeFiles[] = {"alertbus.db",
                                      "alertbus.db-wal",
                                      "alertbus.db-shm",
                                      "alertbus.head",
                                      "alertbus-projection.db",
                                      "alertbus-projection.db-wal",
                                      "alertbus-projection.db-shm"};

}  // namespace

Status prepare_data_dir(const std::string& data_dir) {
  struct stat status {};

  if (::stat(data_dir.c_str(), &status) != 0) {
    std::error_code error;
    std::filesystem::create_directories(data_dir, error);
    if (error || ::chmod(data_dir.c_str(), 0700) != 0 || ::stat(data_dir.c_str(), &status) != 0) {
      return Status::error(v1::INTERNAL, "cannot create the data directory " + data_dir,
                           "không tạo được thư mục dữ liệu " + data_dir);
    }
  }
  if ((status.st_mode & 077) != 0) {
    return Status::error(
        v1::PERMISSION_DENIED,
        "the data directory " + data_dir + " is open to other users (mode " +
            octal(status.st_mode) + "); it holds every alert: make it owner-only (chmod 700 " +
            data_dir + ")",
        "thư mục dữ liệu " + data_dir + " để người dùng khác truy cập được (quyền " +
            octal(status.st_mode) +
            "); thư mục chứa mọi cảnh báo: chỉ để chủ sở hữu dùng (chmod 700 " + data_dir + ")");
  }
  for (const char* name : kNodeFiles) {
    const std::string path = (std::filesystem::path(data_dir) / name).string();
    if (::stat(path.c_str(), &status) == 0 && (status.st_mode & 077) != 0) {
      return Status::error(
          v1::PERMISSION_DENIED,
          "the file " + path + " is open to other users (mode " + octal(status.st_mode) +
              "): make the node's files owner-only (chmod 600 " + data_dir + "/alertbus*)",
          "tệp " + path + " để người dùng khác truy cập được (quyền " + octal(status.st_mode) +
              "): chỉ để chủ sở hữu dùng các tệp của nút (chmod 600 " + data_dir + "/alertbus*)");
    }
  }
  return {};
}

}  // namespace alertbus::broker
