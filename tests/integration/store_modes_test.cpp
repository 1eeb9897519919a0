// The node's log files are owner-only whoever opens the store: alertbusd sets umask 0077, but
// the store must not depend on it (a tool, a test or an embedding process opening a node's
// database with the usual umask 022 made alertbus.db, its WAL and alertbus.head readable by
// every user, and the next alertbusd start refused them).
#include <filesystem>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include "broker/temp_dir.hpp"
#include "casework/projection_db.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace alertbus::testing {

TEST_CASE("The log store creates its files owner-only under a umask of 022") {
  TempDir dir;
  const mode_t previous = ::umask(022);
  broker::SqliteStoreOptions options;
  options.path = (dir.path() / "alertbus.db").string();
  options.head_marker_path = (dir.path() / "alertbus.head").string();
  options.node_id = "bac-giang";
  options.reference_prefix = "BG";
  auto store = broker::SqliteStore::open(options);
  ::umask(previous);
  REQUIRE(store.ok());
  for (const char* name : {"alertbus.db", "alertbus.db-wal", "alertbus.db-shm", "alertbus.head"}) {
    INFO(name);

    struct stat status {};

    REQUIRE(::stat((dir.path() / name).c_str(), &status) == 0);
    CHECK((status.st_mode & 077) == 0);
  }
}

TEST_CASE("The case projection creates its files owner-only under a umask of 022") {
  TempDir dir;
  const mode_t previous = ::umask(022);
  auto projection =
      broker::ProjectionDb::open((dir.path() / "alertbus-projection.db").string(), true);
  ::umask(previous);
  REQUIRE(projection.ok());
  for (const char* name :
       {"alertbus-projection.db", "alertbus-projection.db-wal", "alertbus-projection.db-shm"}) {
    INFO(name);

    struct stat status {};

    REQUIRE(::stat((dir.path() / name).c_str(), &status) == 0);
    CHECK((status.st_mode & 077) == 0);
  }
}

}  // namespace alertbus::testing
