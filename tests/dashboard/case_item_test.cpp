// CaseItem (dashboard/view/case_item.hpp): the reference and names, never an event id; labels
// in the officer's language; waiting_for_me by the doc's rule.
#include "dashboard/view/case_item.hpp"

#include <catch2/catch.hpp>

#include "dashboard/view_fixtures.hpp"

namespace alertbus::dashboard {
namespace {

using testing::case_of;
using testing::officer;

struct DiseaseCase {
  v1::Event alert = testing::sample_animal_disease();
  v1::AlertCase alert_case = case_of({alert}, "BG-2026-00042");
};

TEST_CASE("A case item names the alert by its reference and never by its event id") {
  DiseaseCase fixture;
  const json item =
      case_item(fixture.alert_case, officer("hai-duong/cnty", v1::ANIMAL_DISEASE, false),
                testing::sample_names(), Language::kVi, true, 17);
  CHECK(item["reference"] == "BG-2026-00042");
  CHECK(item.dump().find(fixture.alert.event_id()) == std::string::npos);
  CHECK(item["sender"]["name"] == "Chi cục Chăn nuôi và Thú y Bắc Giang");
  CHECK(item["origin"]["name"] == "Bắc Giang");
  CHECK(item["position"] == 17);
  CHECK(item["unread"] == true);
  CHECK(item["points"].is_array());
  CHECK(item["receivers"].size() == 2);
}

TEST_CASE("A case item's labels are in the officer's language") {
  DiseaseCase fixture;
  const Viewer viewer = officer("hai-duong/cnty", v1::ANIMAL_DISEASE, false);
  const json vi =
      case_item(fixture.alert_case, viewer, testing::sample_names(), Language::kVi, false, 1);
  const json en =
      case_item(fixture.alert_case, viewer, testing::sample_names(), Language::kEn, false, 1);
  CHECK(vi["kind"]["name"] == "animal-disease");
  CHECK(vi["kind"]["label"] == "Dịch bệnh động vật");
  CHECK(en["kind"]["label"] == "Animal disease");
  CHECK(vi["state"]["name"] == "active");
  CHECK(vi["state"]["label"] != en["state"]["label"]);
  CHECK(vi["sent_text"].get<std::string>().size() == 16);  // "05/12/2026 14:30"
  CHECK(vi["sent_text"].get<std::string>()[2] == '/');
  // The same minute, day first in Vietnamese, year first in English ("2026-12-05 14:30").
  const std::string vi_sent = vi["sent_text"];
  CHECK(en["sent_text"] == vi_sent.substr(6, 4) + "-" + vi_sent.substr(3, 2) + "-" +
                               vi_sent.substr(0, 2) + vi_sent.substr(10));
}

TEST_CASE("A case item names its areas from the province table in the language") {
  DiseaseCase fixture;
  fixture.alert_case.mutable_areas(0)->set_name("");
  const protocol::AreaTable table = testing::province_table();
  const json item =
      case_item(fixture.alert_case, officer("hai-duong/cnty", v1::ANIMAL_DISEASE, false),
                testing::sample_names(), Language::kEn, false, 1, &table);
  CHECK(item["areas"][0]["code"] == "24");
  CHECK(item["areas"][0]["scheme"] == "VN-2025");
  CHECK(item["areas"][0]["name"] == "Bac Ninh");
}

TEST_CASE("An alert waits for a receiving unit of its kind until its node acknowledges") {
  DiseaseCase fixture;
  const alertctl::Names names = testing::sample_names();
  const auto waiting = [&](const v1::AlertCase& alert_case, const Viewer& viewer) {
    return case_item(alert_case, viewer, names, Language::kVi, false, 1)["waiting_for_me"]
        .get<bool>();
  };
  CHECK(waiting(fixture.alert_case, officer("hai-duong/cnty", v1::ANIMAL_DISEASE, false)));
  // Not the issuing node, not another kind's unit.
  CHECK_FALSE(waiting(fixture.alert_case, officer("bac-giang/cnty", v1::ANIMAL_DISEASE, true)));
  CHECK_FALSE(waiting(fixture.alert_case, officer("quang-ninh/qlcl", v1::UNSAFE_FOOD, true)));

  v1::Event ack = testing::sample_follow_up(fixture.alert, v1::ACKNOWLEDGE);
  const v1::AlertCase acknowledged = case_of({fixture.alert, ack}, "BG-2026-00042");
  CHECK_FALSE(waiting(acknowledged, officer("hai-duong/cnty", v1::ANIMAL_DISEASE, false)));
  CHECK(waiting(acknowledged, officer("quang-ninh/cnty", v1::ANIMAL_DISEASE, false)));

  v1::Event close = testing::sample_follow_up(fixture.alert, v1::CLOSE);
  close.set_sender_unit(fixture.alert.sender_unit());
  const v1::AlertCase closed = case_of({fixture.alert, close}, "BG-2026-00042");
  CHECK_FALSE(waiting(closed, officer("quang-ninh/cnty", v1::ANIMAL_DISEASE, false)));
}

TEST_CASE("A case item carries the alert's places and a fire's reported distance to the border") {
  const Viewer viewer = officer("hai-duong/kiem-lam", v1::FOREST_FIRE, false);
  const v1::Event fire = testing::sample_forest_fire(v1::ForestFireAlert::FIRE);
  const json item = case_item(case_of({fire}, "BG-2026-00043"), viewer, testing::sample_names(),
                              Language::kVi, false, 1);
  REQUIRE(item["points"].size() == 1);
  CHECK(item["points"][0]["lat"].get<double>() == Approx(21.27));
  CHECK(item["points"][0]["lon"].get<double>() == Approx(106.41));
  CHECK(item["points_left_out"] == 0);
  CHECK(item["border_distance_km"].get<double>() == Approx(3.2));

  // A hotspot has a place but reports no distance; food has neither.
  const json hotspot = case_item(
      case_of({testing::sample_forest_fire(v1::ForestFireAlert::HOTSPOT)}, "BG-2026-00044"), viewer,
      testing::sample_names(), Language::kVi, false, 1);
  CHECK(hotspot["points"].size() == 1);
  CHECK(hotspot["border_distance_km"].is_null());
  const json food = case_item(case_of({testing::sample_unsafe_food()}, "QN-2026-00001"), viewer,
                              testing::sample_names(), Language::kVi, false, 1);
  CHECK(food["points"].empty());
  CHECK(food["border_distance_km"].is_null());
}

}  // namespace
}  // namespace alertbus::dashboard
