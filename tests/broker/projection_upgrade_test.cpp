// A projection made by an earlier broker (an older schema version: cases without the alert's
// places) is projected again from the log when opened, so that no case lacks its places
// after an upgrade.
#include <catch2/catch.hpp>

#include "alertbus/protocol/case_projection.hpp"
#include "alertbus/sqlite/sqlite_handle.hpp"
#include "casework/projection_db.hpp"
#include "projector_node.hpp"
#include "support/sample_events.hpp"

namespace alertbus::broker {
namespace {

v1::AlertCase stored_case(const ProjectionDb& projection, const std::string& id) {
  CaseFilter filter;
  filter.event_id = id;
  std::vector<CaseRow> rows;
  REQUIRE(projection.read_cases(filter, &rows).ok());
  REQUIRE(rows.size() == 1);
  return rows[0].body;
}

// Makes the projection file what schema version 7 wrote: the same cases without the fields
// version 8 added (AlertCase.points, points_left_out, border_distance_km).
void make_version_7(const std::string& path) {
  auto db = sqlite::Database::open(path);
  REQUIRE(db.ok());
  auto read = sqlite::Statement::prepare(*db, "SELECT id, body FROM cases");
  REQUIRE(read.ok());
  std::vector<std::pair<std::int64_t, std::string>> bodies;
  while (read->step() == SQLITE_ROW) {
    v1::AlertCase body;
    REQUIRE(body.ParseFromString(read->column_blob(1)));
    body.clear_points();
    body.clear_points_left_out();
    body.clear_border_distance_km();
    bodies.emplace_back(read->column_int64(0), body.SerializeAsString());
  }
  read->reset();
  auto write = sqlite::Statement::prepare(*db, "UPDATE cases SET body = ?1 WHERE id = ?2");
  REQUIRE(write.ok());
  for (const auto& [id, body] : bodies) {
    write->bind_blob(1, body);
    write->bind(2, id);
    REQUIRE(write->step() == SQLITE_DONE);
    write->reset();
  }
  REQUIRE(db->exec("PRAGMA user_version = 7").ok());
}

}  // namespace

TEST_CASE("Cases projected at schema version 7 get their places when the projection opens",
          "[projector]") {
  STATIC_REQUIRE(protocol::kProjectionSchemaVersion == 8);
  ProjectorNode node;
  const v1::Event fire = testing::sample_forest_fire(v1::ForestFireAlert::FIRE);
  const v1::Event disease = testing::sample_animal_disease();
  const v1::Event food = testing::sample_unsafe_food();
  node.commit({new_event(fire), new_event(disease), new_event(food),
               from(testing::sample_follow_up(fire, v1::ACKNOWLEDGE), "hai-duong/kiem-lam")});
  {
    auto projector = node.start();
    wait_for(*projector, node.head());
  }
  make_version_7(node.projection_path());
  {
    auto old = node.reader();
    CHECK(stored_case(*old, fire.event_id()).points_size() == 0);
    CHECK(stored_case(*old, fire.event_id()).border_distance_km() == 0);
    CHECK(stored_case(*old, disease.event_id()).points_size() == 0);
  }

  auto projector = node.start();  // The upgraded broker opens the old file.
  wait_for(*projector, node.head());
  auto projection = node.reader();
  const v1::AlertCase fire_case = stored_case(*projection, fire.event_id());
  REQUIRE(fire_case.points_size() == 1);
  CHECK(fire_case.points(0).latitude() == Approx(21.27));
  CHECK(fire_case.points(0).longitude() == Approx(106.41));
  CHECK(fire_case.border_distance_km() == Approx(3.2));
  CHECK(fire_case.follow_up_count() == 1);
  const v1::AlertCase disease_case = stored_case(*projection, disease.event_id());
  REQUIRE(disease_case.points_size() == 1);
  CHECK(disease_case.points(0).latitude() == Approx(21.37));
  CHECK(stored_case(*projection, food.event_id()).points_size() == 0);
  CHECK(projection->count("cases").value() == 3);
  CHECK(projection->count("case_text").value() == 4);  // Each event once, not twice.
}

}  // namespace alertbus::broker
