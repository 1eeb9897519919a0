// The options every benchmark of one alertbusd takes (--alertbusd, --dir, --keep, --help), and
// the one walk over the command line that reads them beside the benchmark's own.
//
// Threading: call from main.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace alertbus::bench {

struct BrokerRunOptions {
  std::string alertbusd;         // --alertbusd, else $ALERTBUSD, else the one built here.
  std::filesystem::path parent;  // --dir: where the run's data directory goes; else temp.
  bool keep = false;             // --keep: keep the data directory.
  std::string command;           // The command line as given, for the report.
};

struct BrokerOptionsParser {
  std::string program;          // "alertbus_bench": the command line's first word.
  std::string built_alertbusd;  // The alertbusd built beside the benchmark.
  std::string purpose;          // What --help prints above the usage.
  // Prints the problem and the usage and exits with the status; must not return.
  std::function<void(const std::string& problem, int status)> usage;
  // The benchmark's own options: true when it took `arg`; `value()` takes the argument after
  // it (a missing one is a usage error).
  std::function<bool(const std::string& arg, const std::function<std::string()>& value)> own;

  // Walks argv[1..]: each argument to `own`, then to the shared options; anything else is a
  // usage error. Then the defaults: $ALERTBUSD or the built one (a usage error when it is not
  // executable), the temp directory.
  void parse(int argc, char** argv, BrokerRunOptions* options) const;
};

}  // namespace alertbus::bench
