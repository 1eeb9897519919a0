// spawn_logged: starts a program the tests or benchmarks run (alertbusd, alertbus-dashboard,
// a script) as a child process writing to a log file, the one way they all do it.
//
// Threading: call from any thread; the child runs only async-signal-safe calls between fork
// and exec (the argument vector is built before the fork).
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <sys/types.h>
#include <vector>

namespace alertbus::testing {

// Forks and executes args[0] (a path) with `args`, its stdout and stderr appended to `log`
// (created 0644 if missing), its stdin from /dev/null. `in_child`, when given, runs in the
// child before the exec (e.g. to enter a network namespace) and may only make system calls;
// when it returns false the child exits with status 126. An exec that fails exits with 127.
// Returns the child's pid; throws std::runtime_error when fork fails.
pid_t spawn_logged(const std::vector<std::string>& args, const std::filesystem::path& log,
                   const std::function<bool()>& in_child = nullptr);

}  // namespace alertbus::testing
