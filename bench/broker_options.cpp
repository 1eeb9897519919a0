#include "broker_options.hpp"

#include <cstdlib>
#include <unistd.h>

namespace alertbus::bench {

void BrokerOptionsParser::parse(int argc, char** argv, BrokerRunOptions* options) const {
  const auto fail = [this](const std::string& problem, int status = 2) {
    usage(problem, status);
    std::abort();  // usage exits.
  };
  options->command = program;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    options->command += " " + arg;
    const std::function<std::string()> value = [&]() -> std::string {
      if (i + 1 >= argc) {
        fail(arg + " needs a value");
      }
      options->command += std::string(" ") + argv[i + 1];
      return argv[++i];
    };
    if (own && own(arg, value)) {
      continue;
    }
    if (arg == "--alertbusd") {
      options->alertbusd = value();
    } else if (arg == "--dir") {
      options->parent = value();
    } else if (arg == "--keep") {
      options->keep = true;
    } else if (arg == "--help" || arg == "-h") {
      fail(purpose, 0);
    } else {
      fail("unknown argument " + arg);
    }
  }
  if (options->alertbusd.empty()) {
    const char* from_environment = std::getenv("ALERTBUSD");
    options->alertbusd = from_environment != nullptr ? from_environment : built_alertbusd;
  }
  if (::access(options->alertbusd.c_str(), X_OK) != 0) {
    fail("alertbusd not found or not executable: " + options->alertbusd);
  }
  if (options->parent.empty()) {
    options->parent = std::filesystem::temp_directory_path();
  }
}

}  // namespace alertbus::bench
