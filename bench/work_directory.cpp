#include "work_directory.hpp"

#include <cstdlib>
#include <ctime>
#include <stdexcept>
#include <system_error>

namespace alertbus::bench {

WorkDirectory::WorkDirectory(const std::filesystem::path& parent, const std::string& prefix,
                             bool keep)
    : keep_(keep) {
  std::filesystem::create_directories(parent);
  std::string pattern = (std::filesystem::absolute(parent) / (prefix + "-XXXXXX")).string();
  if (mkdtemp(pattern.data()) == nullptr) {
    throw std::runtime_error("cannot create a directory under " + parent.string());
  }
  path_ = pattern;
}

WorkDirectory::~WorkDirectory() {
  if (!keep_) {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm parts{};
  gmtime_r(&now, &parts);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &parts);
  return text;
}

}  // namespace alertbus::bench
