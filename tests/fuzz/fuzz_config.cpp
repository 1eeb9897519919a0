// libFuzzer target: the input is a file an operator writes. It is read as a configuration by
// the broker's TOML loader (load_config_file takes a path, so each input is written to a
// per-process temp file first; a configuration that loads is then checked as alertbusd does
// at start-up), and as a registry of principals (protocol::parse_registry). Any input must
// end in a result or a Status, never in a crash.
// Run through tests/fuzz/run.sh; docs/TESTING.md says how to reproduce a crash.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>

#include "alertbus/protocol/registry.hpp"
#include "config/config.hpp"
#include "fuzz_checks.hpp"

namespace alertbus::fuzz {
namespace {

// The temp file of this process: in /dev/shm when there is one (no disk writes, several
// fuzzing processes do not collide: the pid is in the name).
std::string& temp_path() {
  static std::string path;
  return path;
}

void remove_temp_file() {
  std::error_code ignored;
  std::filesystem::remove(temp_path(), ignored);
}

void write_temp_file(std::string_view text) {
  std::ofstream out(temp_path(), std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  require(out.good(), "the fuzz input can be written to the temp file");
}

void parse_config(const std::string& path) {
  auto config = broker::load_config_file(path);
  if (!config.ok()) {
    require(config.status().code() == v1::INVALID_VALUE, "a refused config is INVALID_VALUE");
    return;
  }
  (void)broker::check_config(config.value());
}

// Every parser of operator-written text gets each input.
void parse_text(std::string_view text) {
  write_temp_file(text);
  parse_config(temp_path());
  auto registry = protocol::parse_registry(text, "fuzz-input");
  require(registry.ok() || registry.status().code() == v1::INVALID_VALUE,
          "a refused registry is INVALID_VALUE");
}

}  // namespace
}  // namespace alertbus::fuzz

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  const std::filesystem::path dir = std::filesystem::is_directory("/dev/shm")
                                        ? "/dev/shm"
                                        : std::filesystem::temp_directory_path();
  alertbus::fuzz::temp_path() =
      (dir / ("alertbus-fuzz-config-" + std::to_string(getpid()) + ".toml")).string();
  std::atexit(&alertbus::fuzz::remove_temp_file);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  alertbus::fuzz::parse_text(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
