// alertctl's check of a node's case projection against its log (projection_audit.hpp,
// case_comparison.hpp): what one comparison names, and a projection made by the real
// Projector from a log with everything that makes the projector take another path (receipts
// covering several alerts, a case recomputed, an alert stored after its receipt, an alert not
// held) matching exactly, until a row of it is changed.
#include "alertctl/projection_audit.hpp"

#include <catch2/catch.hpp>

#include "alertbus/protocol/clock.hpp"
#include "alertctl/case_comparison.hpp"
#include "broker/projector_node.hpp"
#include "support/sample_events.hpp"
#include "support/tamper.hpp"

namespace alertbus::alertctl {
namespace {

using broker::from;
using broker::kHour;
using broker::new_event;
using broker::sent_ms;

CaseRecord record_of(const v1::AlertCase& body) {
  CaseRecord record;
  record.body = body;
  record.columns = protocol::case_columns(body);
  record.changed_seq = 4;
  record.receipts = {{"hai-duong", 1000}};
  record.search_texts = {"bg-2026-00001\nlo mom\n", "hai duong\n"};
  return record;
}

std::vector<std::string> names(const std::vector<FieldDifference>& fields) {
  std::vector<std::string> found;
  for (const FieldDifference& field : fields) {
    found.push_back(field.field);
  }
  return found;
}

}  // namespace

TEST_CASE("A case comparison names each field, column and row that differs, with its values",
          "[projection_audit]") {
  v1::AlertCase body;
  body.set_event_id("0190-alert");
  body.set_reference("BG-2026-00001");
  body.set_state(v1::ALERT_ACTIVE);
  body.set_title("Lở mồm long móng");
  body.add_receivers()->set_node("hai-duong");
  const CaseRecord expected = record_of(body);
  CHECK(compare_case(expected, expected).empty());

  CaseRecord stored = expected;
  stored.body->set_state(v1::ALERT_CANCELLED);
  stored.body->set_title("Báo động giả");
  stored.body->mutable_receivers(0)->set_state(v1::RECEIVER_CLOSED);
  std::vector<FieldDifference> fields = compare_case(stored, expected);
  REQUIRE(names(fields) == std::vector<std::string>{"title", "state", "receivers"});
  CHECK(fields[0].stored == "Báo động giả");
  CHECK(fields[0].expected == "Lở mồm long móng");
  CHECK(fields[0].text);
  CHECK(fields[1].vocabulary == protocol::Vocabulary::kAlertState);
  CHECK(fields[1].stored_value == v1::ALERT_CANCELLED);
  CHECK(fields[1].expected_value == v1::ALERT_ACTIVE);
  CHECK(fields[2].stored.empty());  // A list: named, not shown.

  // The columns, the change position, the receipts and the search rows, each named apart.
  stored = expected;
  stored.columns.state = v1::ALERT_WITHDRAWN;
  stored.changed_seq = 3;
  stored.receipts = {{"hai-duong", 2000}};
  stored.search_texts = {"hai duong\n", "bao dong gia\n"};
  fields = compare_case(stored, expected);
  REQUIRE(names(fields) == std::vector<std::string>{"cases.state", "cases.changed_seq",
                                                    "case_receipts", "case_text"});
  CHECK(fields[0].vocabulary == protocol::Vocabulary::kAlertState);
  CHECK(fields[3].stored == "bao dong gia\n");
  CHECK(fields[3].expected == "bg-2026-00001\nlo mom\n");

  // A search row twice is one too many; a body that does not parse is said so.
  stored = expected;
  stored.search_texts.push_back("hai duong\n");
  stored.body.reset();
  fields = compare_case(stored, expected);
  REQUIRE(names(fields) == std::vector<std::string>{"body", "case_text"});
  CHECK(fields[0].unreadable);
  CHECK(fields[1].stored == "hai duong\n");
  CHECK(fields[1].expected.empty());
}

TEST_CASE("A case whose places or reported border distance differ is a difference",
          "[projection_audit]") {
  v1::AlertCase body;
  body.set_event_id("0190-fire");
  body.set_reference("BG-2026-00002");
  v1::GeoPoint* point = body.add_points();
  point->set_latitude(21.29);
  point->set_longitude(106.39);
  body.set_border_distance_km(3.2);
  const CaseRecord expected = record_of(body);
  CaseRecord stored = expected;
  stored.body->mutable_points(0)->set_longitude(107.5);  // Moved out to sea.
  stored.body->set_border_distance_km(0);
  stored.body->set_points_left_out(1);
  CHECK(names(compare_case(stored, expected)) ==
        std::vector<std::string>{"points", "points_left_out", "border_distance_km"});
}

TEST_CASE("The projector's cases match the log whatever path made them, until a row is changed",
          "[projection_audit]") {
  broker::ProjectorNode node;
  const v1::Event first = testing::sample_animal_disease();  // From Bắc Giang.
  const v1::Event second = testing::sample_unsafe_food();
  const v1::Event late = testing::sample_crop_pest();         // Its receipt arrives before it.
  const v1::Event elsewhere = testing::sample_forest_fire();  // Never held here.
  const std::int64_t t0 = sent_ms(first);
  auto projector = node.start();
  const auto results = node.commit(
      {new_event(first), new_event(second),
       from(testing::sample_follow_up(first, v1::ADDITIONAL_INFO), "bac-giang/cnty",
            t0 + 8 * 60'000),
       broker::hai_duong_receipt({{&first, t0 + 60'000}, {&second, t0 + 120'000}}),
       broker::hai_duong_receipt({{&late, t0 + 180'000}}),
       from(testing::sample_follow_up(elsewhere, v1::ACKNOWLEDGE), "hai-duong/kiem-lam")});
  broker::wait_for(*projector, node.head());
  // A follow-up dated before the one applied (within the clocks' tolerance of their store,
  // so each counts at its own time) recomputes the second case; the late alert recomputes
  // its own.
  node.commit({from(testing::sample_follow_up(second, v1::ADDITIONAL_INFO), "bac-giang/qlcl",
                    t0 + 6 * 60'000),
               from(testing::sample_follow_up(second, v1::ADDITIONAL_INFO), "bac-giang/qlcl",
                    t0 + 3 * 60'000),
               new_event(late)});
  broker::wait_for(*projector, node.head());
  REQUIRE(projector->cases_recomputed() == 2);
  projector->stop();

  auto report = verify_projection(node.log_path(), node.projection_path());
  INFO(report.status().to_string());
  REQUIRE(report.ok());
  CHECK(report->outcome == ProjectionReport::Outcome::kCompared);
  CHECK(report->projected_seq == 9);
  CHECK(report->cases == 4);
  for (const CaseDiscrepancy& found : report->discrepancies) {
    FAIL_CHECK(found.event_id << ": " << names(found.fields).size() << " fields, first "
                              << (found.fields.empty() ? "" : found.fields[0].field));
  }
  CHECK_FALSE(report->differs());

  SECTION("a receipt, a change position and a search row of the recomputed case") {
    const std::string id = second.event_id();
    testing::tamper(node.projection_path(),
                    "DELETE FROM case_receipts WHERE case_id = '" + id +
                        "';"
                        " UPDATE cases SET changed_seq = 3 WHERE event_id = '" +
                        id +
                        "';"
                        " DELETE FROM case_text WHERE rowid = (SELECT max(rowid) FROM case_text"
                        " WHERE case_id = '" +
                        id + "');");
    report = verify_projection(node.log_path(), node.projection_path());
    REQUIRE(report.ok());
    REQUIRE(report->discrepancies.size() == 1);
    const CaseDiscrepancy& found = report->discrepancies[0];
    CHECK(found.reference == results[1].reference);
    CHECK(names(found.fields) ==
          std::vector<std::string>{"cases.changed_seq", "case_receipts", "case_text"});
    CHECK(found.fields[1].stored.empty());
    CHECK(found.fields[1].expected.starts_with("hai-duong "));
  }

  SECTION("rows of no case, and a case of an alert not held") {
    testing::tamper(node.projection_path(),
                    "INSERT INTO case_text (text, case_id) VALUES ('bao dong gia', 'no-such-case');"
                    " INSERT INTO case_receipts VALUES ('no-such-case', 'hai-duong', 1);"
                    " UPDATE cases SET alert_missing = 0 WHERE event_id = '" +
                        elsewhere.event_id() + "';");
    report = verify_projection(node.log_path(), node.projection_path());
    REQUIRE(report.ok());
    CHECK(report->stray_search_rows == 1);
    CHECK(report->stray_receipt_rows == 1);
    REQUIRE(report->discrepancies.size() == 1);
    CHECK(report->discrepancies[0].event_id == elsewhere.event_id());
    CHECK(report->discrepancies[0].reference.empty());
    CHECK(names(report->discrepancies[0].fields) ==
          std::vector<std::string>{"cases.alert_missing"});
    CHECK(report->differs());
  }

  SECTION("a projection of another log, or ahead of it, is not this log's") {
    testing::tamper(node.projection_path(),
                    "UPDATE projection_state SET log_epoch = log_epoch + 1;");
    report = verify_projection(node.log_path(), node.projection_path());
    REQUIRE(report.ok());
    CHECK(report->outcome == ProjectionReport::Outcome::kOtherLog);
    CHECK(report->differs());
    testing::tamper(node.projection_path(),
                    "UPDATE projection_state SET log_epoch = log_epoch - 1, projected_seq = 12;");
    report = verify_projection(node.log_path(), node.projection_path());
    REQUIRE(report.ok());
    CHECK(report->outcome == ProjectionReport::Outcome::kAheadOfLog);
    CHECK(report->log_head == 9);
    CHECK(report->differs());
  }
}

}  // namespace alertbus::alertctl
