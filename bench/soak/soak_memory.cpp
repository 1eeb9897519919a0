#include "soak/soak_memory.hpp"

#include <fstream>
#include <numeric>

namespace alertbus::bench::soak {
namespace {

constexpr double kMiB = 1024.0 * 1024.0;
constexpr double kGrowthFactor = 1.2;
constexpr double kGrowthSlackBytes = 10 * kMiB;

double mean(const std::vector<std::uint64_t>& values, std::size_t from, std::size_t to) {
  if (to <= from) {
    return 0;
  }
  const double sum = std::accumulate(values.begin() + static_cast<std::ptrdiff_t>(from),
                                     values.begin() + static_cast<std::ptrdiff_t>(to), 0.0);
  return sum / static_cast<double>(to - from);
}

}  // namespace

std::uint64_t resident_bytes(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) {
      return std::stoull(line.substr(6)) * 1024;  // "VmRSS:   41234 kB"
    }
  }
  return 0;
}

std::uint64_t Incarnation::max() const {
  std::uint64_t most = 0;
  for (const std::uint64_t value : rss_bytes) {
    most = std::max(most, value);
  }
  return most;
}

bool Incarnation::judged() const {
  return rss_bytes.size() >= MemoryLog::kMinSamples;
}

bool Incarnation::flat() const {
  if (!judged()) {
    return true;
  }
  const std::size_t third = rss_bytes.size() / 3;
  const double second = mean(rss_bytes, third, 2 * third);
  const double last = mean(rss_bytes, 2 * third, rss_bytes.size());
  return last <= second * kGrowthFactor + kGrowthSlackBytes;
}

std::string Incarnation::thirds() const {
  if (!judged()) {
    return "quá ngắn để xét (too short to judge)";
  }
  const std::size_t third = rss_bytes.size() / 3;
  return "second third " + fixed(mean(rss_bytes, third, 2 * third) / kMiB, 1) +
         " MiB, last third " + fixed(mean(rss_bytes, 2 * third, rss_bytes.size()) / kMiB, 1) +
         " MiB";
}

void MemoryLog::sample(std::size_t node, pid_t pid) {
  if (pid <= 0) {
    return;
  }
  const std::uint64_t rss = resident_bytes(pid);
  if (rss == 0) {
    return;  // Killed between the pid and the read.
  }
  Incarnation* current = nullptr;
  std::size_t number = 0;
  for (Incarnation& incarnation : incarnations_) {
    if (incarnation.node == node) {
      number = incarnation.number;
      current = &incarnation;
    }
  }
  if (current == nullptr || current->pid != pid) {
    incarnations_.push_back(Incarnation{node, number + 1, pid, {}});
    current = &incarnations_.back();
  }
  current->rss_bytes.push_back(rss);
}

}  // namespace alertbus::bench::soak
