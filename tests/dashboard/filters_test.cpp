// FILTERS to a case query, the pick-lists and the exports (dashboard/view/filters.hpp,
// vocabulary_json.hpp, export.hpp).
#include "dashboard/view/filters.hpp"

#include <catch2/catch.hpp>

#include "alertbus/protocol/vietnam_time.hpp"
#include "dashboard/view/case_item.hpp"
#include "dashboard/view/export.hpp"
#include "dashboard/view/vocabulary_json.hpp"
#include "dashboard/view_fixtures.hpp"

namespace alertbus::dashboard {
namespace {

using Params = std::multimap<std::string, std::string>;
using google::protobuf::util::TimeUtil;

TEST_CASE("Filters become the broker's case query") {
  const protocol::AreaTable table = testing::province_table();
  const Checked<v1::CaseQuery> query = case_query(Params{{"kind", "animal-disease"},
                                                         {"kind", "unsafe-food"},
                                                         {"severity", "severe"},
                                                         {"province", "VN-2025:24"},
                                                         {"province", "22"},
                                                         {"origin", "bac-giang"},
                                                         {"state", "active"},
                                                         {"state", "stable"},
                                                         {"from", "2026-12-01"},
                                                         {"until", "2026-12-05"},
                                                         {"overdue", "1"},
                                                         {"q", "lo mom long mong"},
                                                         {"page", "abc"},
                                                         {"size", "20"},
                                                         {"lang", "en"}},
                                                  &table);
  REQUIRE(query.ok());
  const v1::CaseQuery& q = *query.value;
  REQUIRE(q.kinds_size() == 2);
  CHECK(q.kinds(1) == v1::UNSAFE_FOOD);
  CHECK(q.min_severity() == v1::SEVERE);
  REQUIRE(q.area_codes_size() == 2);
  CHECK(q.area_codes(0) == "VN-2025:24");
  CHECK(q.area_codes(1) == "VN-2025:22");
  CHECK(q.origin_nodes(0) == "bac-giang");
  CHECK(q.states_size() == 2);
  CHECK(TimeUtil::TimestampToMilliseconds(q.sent_from()) ==
        protocol::parse_vietnam_time("2026-12-01").value());
  CHECK(TimeUtil::TimestampToMilliseconds(q.sent_until()) ==
        protocol::parse_vietnam_time("2026-12-06").value());
  CHECK(q.overdue_only());
  CHECK(q.text() == "lo mom long mong");
  CHECK(q.page_token() == "abc");
  CHECK(q.page_size() == 20);
}

TEST_CASE("Filters default to pages of 50 and refuse bad values naming them") {
  const Checked<v1::CaseQuery> plain = case_query(Params{});
  REQUIRE(plain.ok());
  CHECK(plain.value->page_size() == kDefaultPageSize);

  const protocol::AreaTable table = testing::province_table();
  const Checked<v1::CaseQuery> bad = case_query(Params{{"severity", "foo"},
                                                       {"kind", "volcano"},
                                                       {"province", "VN-2025:99"},
                                                       {"from", "01/12/2026"},
                                                       {"size", "500"},
                                                       {"overdue", "yes"},
                                                       {"state", "asleep"}},
                                                &table);
  REQUIRE_FALSE(bad.ok());
  std::vector<std::string> fields;
  for (const FieldError& error : bad.errors) {
    fields.push_back(error.field);
    CHECK(!error.message.empty());
    CHECK(!error.message_en.empty());
  }
  CHECK(fields == std::vector<std::string>{"from", "kind", "overdue", "province", "severity",
                                           "size", "state"});
  CHECK(bad.errors[4].message.find("foo") != std::string::npos);
}

TEST_CASE("The waiting scan looks at open cases of the unit's kinds from other nodes only") {
  const Checked<v1::CaseQuery> view =
      case_query(Params{{"province", "24"}, {"q", "lo mong"}, {"state", "resolved"}});
  REQUIRE(view.ok());
  const std::vector<v1::AlertKind> cnty{v1::ANIMAL_DISEASE, v1::EXTERNAL};
  const std::vector<std::string> others{"hai-duong", "quang-ninh"};  // Seen from Bắc Giang.
  const std::optional<v1::CaseQuery> scan = waiting_query(*view.value, cnty, others, 1000);
  REQUIRE(scan);
  // The view's filters hold, its states do not: only open cases can wait.
  CHECK(scan->area_codes().size() == 1);
  CHECK(scan->text() == "lo mong");
  CHECK(std::vector<int>(scan->states().begin(), scan->states().end()) ==
        std::vector<int>{v1::ALERT_ACTIVE, v1::ALERT_STABLE});
  CHECK(std::vector<int>(scan->kinds().begin(), scan->kinds().end()) ==
        std::vector<int>{v1::ANIMAL_DISEASE, v1::EXTERNAL});
  CHECK(std::vector<std::string>(scan->origin_nodes().begin(), scan->origin_nodes().end()) ==
        others);
  CHECK(scan->page_size() == 1000);
  // Without the network's nodes (no registry), every origin.
  CHECK(waiting_query(*view.value, cnty, {}, 1000)->origin_nodes().empty());

  // A view of some kinds: those of them that are the unit's.
  const Checked<v1::CaseQuery> kinds =
      case_query(Params{{"kind", "unsafe-food"}, {"kind", "animal-disease"}});
  const std::optional<v1::CaseQuery> narrowed = waiting_query(*kinds.value, cnty, others, 1000);
  REQUIRE(narrowed);
  CHECK(std::vector<int>(narrowed->kinds().begin(), narrowed->kinds().end()) ==
        std::vector<int>{v1::ANIMAL_DISEASE});
  // A view of some origins: those of them that are other nodes.
  const Checked<v1::CaseQuery> origins =
      case_query(Params{{"origin", "bac-giang"}, {"origin", "quang-ninh"}});
  const std::optional<v1::CaseQuery> from = waiting_query(*origins.value, cnty, others, 1000);
  REQUIRE(from);
  CHECK(std::vector<std::string>(from->origin_nodes().begin(), from->origin_nodes().end()) ==
        std::vector<std::string>{"quang-ninh"});

  // Nothing can wait: a view of other kinds, or of the officer's node's alerts only, a unit
  // without kinds, a later page.
  CHECK_FALSE(waiting_query(*case_query(Params{{"kind", "crop-pest"}}).value, cnty, others, 1000));
  CHECK_FALSE(
      waiting_query(*case_query(Params{{"origin", "bac-giang"}}).value, cnty, others, 1000));
  CHECK_FALSE(waiting_query(*view.value, {}, others, 1000));
  CHECK_FALSE(waiting_query(*case_query(Params{{"page", "c1.abc"}}).value, cnty, others, 1000));
}

TEST_CASE("The pick-lists hold every kind but the unset one, both schemes and the directory") {
  const protocol::AreaTable table = testing::province_table();
  const json vi = vocabulary(Language::kVi, &table, testing::sample_directory());
  for (const json& kind : vi["kinds"]) {
    CHECK(kind["value"] != 0);
  }
  CHECK(vi["kinds"][0]["name"] == "animal-disease");
  CHECK(vi["kinds"][0]["label"] == "Dịch bệnh động vật");
  bool bac_giang_2004 = false;
  bool bac_ninh_2025 = false;
  for (const json& province : vi["provinces"]) {
    bac_giang_2004 |= province["scheme"] == "VN-2004" && province["code"] == "24" &&
                      province["name"] == "Bắc Giang";
    bac_ninh_2025 |= province["scheme"] == "VN-2025" && province["code"] == "24" &&
                     province["name"] == "Bắc Ninh";
  }
  CHECK(bac_giang_2004);
  CHECK(bac_ninh_2025);
  CHECK(vi["nodes"][0]["label"] == "Bắc Giang");
  CHECK(vi["units"][0]["value"] == "bac-giang/cnty");
  for (const char* list :
       {"severities", "urgencies", "certainties", "states", "receiver_states", "event_types"}) {
    CHECK(!vi[list].empty());
  }
  const json en = vocabulary(Language::kEn, nullptr, {});
  CHECK(en["severities"].back()["label"] == "Extreme");
  CHECK(en["provinces"].empty());
}

TEST_CASE("The CSV export has a BOM, a header in the language and defused formulas") {
  v1::AlertCase alert_case = testing::case_of({testing::sample_unsafe_food()}, "QN-2026-00007");
  alert_case.set_title("=1+1");
  const json items =
      json::array({case_item(alert_case, testing::officer("bac-giang/qlcl", v1::UNSAFE_FOOD, false),
                             testing::sample_names(), Language::kVi, false, 1)});
  const std::string csv = cases_csv(items, Language::kVi);
  CHECK(csv.rfind("\xEF\xBB\xBFSố hiệu,Loại cảnh báo,", 0) == 0);
  CHECK(csv.find(",'=1+1,") != std::string::npos);
  CHECK(csv.find("QN-2026-00007") != std::string::npos);
  CHECK(cases_csv(items, Language::kEn).find("Reference,Kind,") != std::string::npos);
}

TEST_CASE("The GeoJSON export puts points as lon, lat and keeps areas without points") {
  json item = json{
      {"reference", "BG-2026-00042"},
      {"kind", {{"name", "animal-disease"}, {"label", "Dịch bệnh động vật"}}},
      {"severity", {{"name", "severe"}, {"label", "Nghiêm trọng"}}},
      {"state", {{"name", "active"}, {"label", "đang hiệu lực"}}},
      {"title", "Dịch tả lợn"},
      {"points", json::array({json{{"lat", 21.37}, {"lon", 106.55}}})},
      {"areas", json::array({json{{"code", "24"}, {"scheme", "VN-2025"}, {"name", "Bắc Ninh"}}})}};
  json without = item;
  without["points"] = json::array();
  const json collection = cases_geojson(json::array({item, without}));
  CHECK(collection["type"] == "FeatureCollection");
  const json& point = collection["features"][0]["geometry"];
  CHECK(point["type"] == "Point");
  CHECK(point["coordinates"][0] == 106.55);
  CHECK(point["coordinates"][1] == 21.37);
  CHECK(collection["features"][1]["geometry"].is_null());
  CHECK(collection["features"][1]["properties"]["areas"][0]["name"] == "Bắc Ninh");
}

}  // namespace
}  // namespace alertbus::dashboard
