// The benchmarks' scratch space and time stamps: a new directory for the run's data (on the
// filesystem whose fsync is being measured), removed at the end unless kept.
//
// Threading: one thread.
#pragma once

#include <filesystem>
#include <string>

namespace alertbus::bench {

class WorkDirectory {
 public:
  // Creates <parent>/<prefix>-XXXXXX. Throws std::runtime_error when it cannot.
  WorkDirectory(const std::filesystem::path& parent, const std::string& prefix, bool keep);
  ~WorkDirectory();
  WorkDirectory(const WorkDirectory&) = delete;
  WorkDirectory& operator=(const WorkDirectory&) = delete;
  WorkDirectory(WorkDirectory&&) = delete;
  WorkDirectory& operator=(WorkDirectory&&) = delete;

  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  bool keep_;
};

// "2026-11-29 04:12:00 UTC".
std::string utc_now();

}  // namespace alertbus::bench
