// Child processes of the benchmarks: a program started with its output appended to a log
// file (an alertbus-dashboard, a script), a program run to its end, and a free TCP port for a
// process about to bind one. alertbusd itself is started through the tests' BrokerProcess.
//
// Threading: any thread; a ChildProcess is used from one thread.
#pragma once

#include <filesystem>
#include <string>
#include <sys/types.h>
#include <vector>

namespace alertbus::bench {

// A child process with its output appended to a log file.
class ChildProcess {
 public:
  ChildProcess(const std::vector<std::string>& args, const std::filesystem::path& log);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;
  ChildProcess(ChildProcess&&) = delete;
  ChildProcess& operator=(ChildProcess&&) = delete;

  pid_t pid() const { return pid_; }

  bool alive();
  // SIGTERM, and SIGKILL when it has not ended after 10 s; returns the wait status.
  int stop();

 private:
  pid_t pid_ = -1;
};

// Runs a program to its end with its output appended to `log`; throws std::runtime_error when
// it does not exit 0.
void run_program(const std::vector<std::string>& args, const std::filesystem::path& log);

// A TCP port on 127.0.0.1 free at the moment of asking (the process binds it right after).
int free_port();

}  // namespace alertbus::bench
