#include "thread_cpu.hpp"

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <unistd.h>

namespace alertbus::bench {

std::map<pid_t, ThreadTimes> thread_times(pid_t pid) {
  std::map<pid_t, ThreadTimes> threads;
  const std::filesystem::path tasks = "/proc/" + std::to_string(pid) + "/task";
  std::error_code error;
  for (const auto& entry : std::filesystem::directory_iterator(tasks, error)) {
    ThreadTimes times;
    std::ifstream schedstat(entry.path() / "schedstat");
    std::ifstream comm(entry.path() / "comm");
    if (!(schedstat >> times.run_ns >> times.wait_ns) || !std::getline(comm, times.name)) {
      continue;  // Exited meanwhile.
    }
    threads[static_cast<pid_t>(std::stol(entry.path().filename().string()))] = times;
  }
  return threads;
}

std::map<pid_t, ThreadTimes> thread_delta(const std::map<pid_t, ThreadTimes>& before,
                                          const std::map<pid_t, ThreadTimes>& after) {
  std::map<pid_t, ThreadTimes> delta;
  for (const auto& [tid, now] : after) {
    ThreadTimes change = now;
    if (const auto earlier = before.find(tid); earlier != before.end()) {
      change.run_ns -= earlier->second.run_ns;
      change.wait_ns -= earlier->second.wait_ns;
    }
    delta[tid] = change;
  }
  return delta;
}

void add_times(std::map<pid_t, ThreadTimes>* total, const std::map<pid_t, ThreadTimes>& delta) {
  for (const auto& [tid, change] : delta) {
    ThreadTimes& sum = (*total)[tid];
    sum.name = change.name;
    sum.run_ns += change.run_ns;
    sum.wait_ns += change.wait_ns;
  }
}

MachineCpu machine_cpu() {
  std::ifstream stat("/proc/stat");
  std::string cpu;
  std::uint64_t user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0,
                steal = 0;
  if (!(stat >> cpu >> user >> nice >> system >> idle >> iowait >> irq >> softirq >> steal) ||
      cpu != "cpu") {
    return {};
  }
  const auto ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
  return MachineCpu{static_cast<double>(user + nice + system + irq + softirq) / ticks,
                    static_cast<double>(idle + iowait) / ticks, static_cast<double>(steal) / ticks};
}

}  // namespace alertbus::bench
