// ThreadCpu: where a process's CPU goes, thread by thread, read from /proc/<pid>/task/*:
// the time each thread ran and the time it was ready but waited for a CPU (schedstat, in
// nanoseconds), and its name (comm). Sampled before and after a phase, the difference says
// whether a thread was saturated (ran for the whole phase) or starved (waited for a core
// the other threads and processes held).
//
// Threading: pure functions over /proc; any thread.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <sys/types.h>

namespace alertbus::bench {

struct ThreadTimes {
  std::string name;           // /proc/<pid>/task/<tid>/comm
  std::uint64_t run_ns = 0;   // On a CPU.
  std::uint64_t wait_ns = 0;  // Runnable, waiting for a CPU.
};

// Every thread of `pid` now, by thread id. Threads that exit between the listing and the
// read are left out. Empty when the process is gone.
std::map<pid_t, ThreadTimes> thread_times(pid_t pid);

// Per thread, what `after` adds to `before` (a thread born in between counts from zero);
// add_times() sums such differences over several phases.
std::map<pid_t, ThreadTimes> thread_delta(const std::map<pid_t, ThreadTimes>& before,
                                          const std::map<pid_t, ThreadTimes>& after);

void add_times(std::map<pid_t, ThreadTimes>* total, const std::map<pid_t, ThreadTimes>& delta);

// The whole machine's CPU time from /proc/stat (all CPUs, in seconds), to tell what the
// processes measured used from what everything else on the machine (other builds) took.
struct MachineCpu {
  double busy_s = 0;   // user, nice, system, irq, softirq
  double idle_s = 0;   // idle, iowait
  double steal_s = 0;  // taken by the hypervisor for other guests

  MachineCpu operator-(const MachineCpu& earlier) const {
    return MachineCpu{busy_s - earlier.busy_s, idle_s - earlier.idle_s, steal_s - earlier.steal_s};
  }

  MachineCpu& operator+=(const MachineCpu& more) {
    busy_s += more.busy_s;
    idle_s += more.idle_s;
    steal_s += more.steal_s;
    return *this;
  }
};

// Zero when /proc/stat cannot be read.
MachineCpu machine_cpu();

}  // namespace alertbus::bench
