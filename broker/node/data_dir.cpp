#include "node/data_dir.hpp"

#include <filesystem>
#include <sys/stat.h>

#include "alertbus/protocol/owner_only.hpp"

namespace alertbus::broker {
namespace {

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
  if (Status open = protocol::check_owner_only(data_dir, status.st_mode, "the data directory",
                                               "thư mục dữ liệu", "it holds every alert",
                                               "thư mục chứa mọi cảnh báo");
      !open.ok()) {
    return open;
  }
  for (const char* name : kNodeFiles) {
    const std::string path = (std::filesystem::path(data_dir) / name).string();
    if (::stat(path.c_str(), &status) != 0) {
      continue;
    }
    if (Status open = protocol::check_owner_only(path, status.st_mode, "the file", "tệp");
        !open.ok()) {
      return open;
    }
  }
  return {};
}

}  // namespace alertbus::broker
