// The node's data is its own user's: what alertbusd creates is owner-only, and it will not
// start on a data directory or database others can read (issue "Hardening", item 13: the
// database was created 0644 in a 0755 directory).
#include <cstdio>
#include <filesystem>
#include <sys/stat.h>
#include <sys/wait.h>

#include <catch2/catch.hpp>

#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "support/sample_events.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {
namespace {

mode_t mode_of(const std::filesystem::path& path) {
  struct stat status {};

  REQUIRE(::stat(path.c_str(), &status) == 0);
  return status.st_mode & 07777;
}

// Runs alertbusd on `data_dir` until it exits (it should not start): its exit status and
// what it wrote.
std::pair<int, std::string> run_refused(const std::filesystem::path& data_dir) {
  const std::string command = alertbusd_path() + " --node-id bac-giang --reference-prefix BG" +
                              " --listen ipc://" + (data_dir.parent_path() / "s.sock").string() +
                              " --data-dir " + data_dir.string() + " 2>&1";
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  char buffer[512];
  while (std::fgets(buffer, sizeof(buffer), pipe) != nullptr) {
    output += buffer;
  }
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, output};
}

}  // namespace

TEST_CASE("What the node creates in its data directory is owner-only") {
  TempDir dir;
  BrokerProcess::Options options;
  options.directory = dir.path();
  BrokerProcess broker(options);
  {
    zmq::context_t context;
    WireClient client(context, broker.endpoint());
    REQUIRE(client.publish(sample_animal_disease()).has_publish_ack());
  }
  const std::filesystem::path data = dir.path() / "data";
  CHECK(mode_of(data) == 0700);
  for (const char* name : {"alertbus.db", "alertbus.db-wal", "alertbus.db-shm", "alertbus.head",
                           "alertbus-projection.db"}) {
    INFO(name);
    REQUIRE(std::filesystem::exists(data / name));
    CHECK((mode_of(data / name) & 077) == 0);
  }
}

TEST_CASE("A data directory or database open to other users stops the node at start") {
  TempDir dir;
  const std::filesystem::path data = dir.path() / "data";
  std::filesystem::create_directories(data);
  REQUIRE(::chmod(data.c_str(), 0755) == 0);
  auto [code, output] = run_refused(data);
  CHECK(code != 0);
  CHECK_THAT(output, Catch::Contains("is open to other users (mode 0755)"));
  CHECK_THAT(output, Catch::Contains("chmod 700 " + data.string()));
  CHECK_FALSE(std::filesystem::exists(data / "alertbus.db"));  // Nothing made.
  // The directory put right, a database left readable by all.
  REQUIRE(::chmod(data.c_str(), 0700) == 0);
  {
    std::FILE* file = std::fopen((data / "alertbus.db").c_str(), "w");
    std::fclose(file);
  }
  REQUIRE(::chmod((data / "alertbus.db").c_str(), 0644) == 0);
  std::tie(code, output) = run_refused(data);
  CHECK(code != 0);
  CHECK_THAT(output, Catch::Contains("alertbus.db is open to other users (mode 0644)"));
}

}  // namespace alertbus::testing
