// A temporary directory removed when the test ends.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <string>

namespace alertbus::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "alertbus-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }

  ~TempDir() {
    std::error_code ignored;
    std::filesystem::remove_all(path_, ignored);
  }

  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }

  std::string file(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace alertbus::testing
