// alertctl: the command-line client of alertbus. See app.hpp; `alertctl --help` lists the
// commands, options, environment variables and exit codes.
#include <csignal>
#include <cstdlib>
#include <iostream>

#include "alertbus/protocol/codec.hpp"
#include "alertctl/app.hpp"

namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

extern "C" void on_stop_signal(int /*signal*/) {
  alertbus::alertctl::stop_requested() = true;
}

}  // namespace

int main(int argc, char** argv) {
  alertbus::protocol::silence_protobuf_logging();
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  alertbus::alertctl::Environment environment;
  environment.broker = env("ALERTBUS_BROKER");
  environment.lang = env("ALERTBUS_LANG");
  environment.sender = env("ALERTBUS_SENDER");
  environment.key_file = env("ALERTBUS_KEY_FILE");
  environment.server_key = env("ALERTBUS_SERVER_KEY");
  environment.areas_file = env("ALERTBUS_AREAS_FILE");
  return alertbus::alertctl::run(argc, argv, environment, std::cin, std::cout, std::cerr);
}
