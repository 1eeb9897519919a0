// The alertctl binary run by the audit tests (tests/integration/audit_*test.cpp) as an
// operator would run it; with tamper() (support/tamper.hpp) to change a node's files behind
// the broker's back.
#pragma once

#include <cstdlib>
#include <stdexcept>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

#include <catch2/catch.hpp>

#include "support/tamper.hpp"

namespace alertbus::testing {

// alertctl: $ALERTCTL if set, else the one built with the tests.
inline std::string alertctl_path() {
  const char* path = std::getenv("ALERTCTL");
  return path != nullptr ? path : ALERTBUS_BUILT_ALERTCTL;
}

struct Run {
  int exit_code = -1;
  std::string output;  // stdout and stderr together.
};

// Runs the real alertctl binary with `args` and waits for it.
inline Run run_alertctl(const std::vector<std::string>& args) {
  int pipe_fds[2];
  if (pipe(pipe_fds) != 0) {
    throw std::runtime_error("pipe failed");
  }
  std::vector<std::string> argv_text{alertctl_path()};
  argv_text.insert(argv_text.end(), args.begin(), args.end());
  const pid_t pid = fork();
  if (pid < 0) {
    throw std::runtime_error("fork failed");
  }
  if (pid == 0) {
    dup2(pipe_fds[1], STDOUT_FILENO);
    dup2(pipe_fds[1], STDERR_FILENO);
    close(pipe_fds[0]);
    close(pipe_fds[1]);
    std::vector<char*> argv;
    for (std::string& arg : argv_text) {
      argv.push_back(arg.data());
    }
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(pipe_fds[1]);
  Run run;
  char buffer[4096];
  ssize_t n = 0;
  while ((n = read(pipe_fds[0], buffer, sizeof buffer)) > 0) {
    run.output.append(buffer, static_cast<std::size_t>(n));
  }
  close(pipe_fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace alertbus::testing
