#include "machine.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <sys/statfs.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "stats.hpp"

namespace alertbus::bench {
namespace {

// statfs(2) f_type of tmpfs.
constexpr unsigned long kTmpfsMagic = 0x01021994;

// The value of the first "key<spaces>: value" line of a /proc file.
std::string proc_value(const char* path, const std::string& key) {
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) {
      const std::size_t colon = line.find(':');
      if (colon != std::string::npos) {
        return line.substr(line.find_first_not_of(" \t", colon + 1));
      }
    }
  }
  return "?";
}

// The mount holding `path`, as df -T shows it: the longest mount point that is a prefix of
// the path, with its device and filesystem type.
std::string mount_of(const std::filesystem::path& path) {
  const std::string target = std::filesystem::weakly_canonical(path).string();
  std::ifstream in("/proc/self/mounts");
  std::string device;
  std::string mount_point;
  std::string type;
  std::string rest;
  std::string best = "an unknown filesystem";
  std::size_t best_length = 0;
  while (in >> device >> mount_point >> type && std::getline(in, rest)) {
    const bool prefix = target.rfind(mount_point, 0) == 0 &&
                        (mount_point == "/" || target.size() == mount_point.size() ||
                         target[mount_point.size()] == '/');
    if (prefix && mount_point.size() >= best_length) {
      best_length = mount_point.size();
      best = type;
      best += " (" + device;
      best += " on " + mount_point + ")";
    }
  }
  return best;
}

}  // namespace

std::string describe_machine(const std::filesystem::path& data_directory) {
  std::ostringstream text;
  text << sysconf(_SC_NPROCESSORS_ONLN) << " CPUs (" << proc_value("/proc/cpuinfo", "model name")
       << ")";
  const std::string mem_total = proc_value("/proc/meminfo", "MemTotal");
  text << ", " << fixed(std::stod(mem_total == "?" ? "0" : mem_total) / (1024.0 * 1024.0), 1)
       << " GiB RAM";
  text << ", data dir " << data_directory.string() << " on " << mount_of(data_directory);

  // On a RAM filesystem fsync returns at once: every limit and ratio would be meaningless.
  struct statfs info {};

  if (statfs(data_directory.c_str(), &info) == 0 &&
      static_cast<unsigned long>(info.f_type) == kTmpfsMagic) {
    text << " - WARNING: tmpfs, fsync costs nothing here";
  }

  struct utsname names {};

  if (uname(&names) == 0) {
    text << ", " << names.sysname << " " << names.release << " " << names.machine;
  }
  std::ifstream load("/proc/loadavg");
  std::string one;
  std::string five;
  std::string fifteen;
  load >> one >> five >> fifteen;
  text << ", load average " << one << " " << five << " " << fifteen;
  return text.str();
}

}  // namespace alertbus::bench
