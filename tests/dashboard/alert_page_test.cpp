// AlertPage and its actions (dashboard/view/alert_page.hpp, actions.hpp): body rows by the
// body walk, the timeline with applied flags, the path by names, and the actions the rules
// allow, with their reasons.
#include "dashboard/view/alert_page.hpp"

#include <catch2/catch.hpp>
#include <google/protobuf/util/time_util.h>

#include "alertctl/names.hpp"
#include "dashboard/view/actions.hpp"
#include "dashboard/view_fixtures.hpp"

namespace alertbus::dashboard {
namespace {

using testing::case_of;
using testing::officer;
using testing::stored;

// The row labelled `label` among `rows` (at any depth), or null.
const json* find_row(const json& rows, const std::string& label) {
  for (const json& row : rows) {
    if (row["label"] == label) {
      return &row;
    }
    if (row.contains("rows")) {
      if (const json* found = find_row(row["rows"], label)) {
        return found;
      }
    }
  }
  return nullptr;
}

const json& action(const json& page, const std::string& type) {
  for (const json& spec : page["actions"]) {
    if (spec["type"] == type) {
      return spec;
    }
  }
  FAIL("no action " << type);
  static const json none;
  return none;
}

struct FoodAlert {
  v1::Event alert = testing::sample_unsafe_food();
  std::vector<v1::Event> events{alert};
  std::vector<v1::StoredEvent> stored_events{stored(alert, "QN-2026-00007", 10, {"quang-ninh"})};

  void add(v1::Event follow_up, std::uint64_t seq) {
    events.push_back(follow_up);
    stored_events.push_back(stored(follow_up, "QN-2026-00007", seq));  // Sent here.
  }

  v1::AlertCase alert_case() const { return case_of(events, "QN-2026-00007"); }

  json page(const Viewer& viewer, Language language = Language::kVi) const {
    return alert_page(alert_case(), stored_events, viewer, testing::sample_names(), language);
  }
};

TEST_CASE("An unsafe food alert's page shows its distribution and recall in words") {
  FoodAlert food;
  const json page = food.page(officer("bac-giang/qlcl", v1::UNSAFE_FOOD, false));
  const json& body = page["body"];
  const json* first = find_row(body, "Phân phối 1");
  REQUIRE(first != nullptr);
  REQUIRE(first->contains("rows"));
  const json* province = find_row((*first)["rows"], "Tỉnh nhận");
  REQUIRE(province != nullptr);
  CHECK((*province)["value"] == "Bắc Ninh (24, VN-2025)");
  const json* quantity = find_row((*first)["rows"], "Số lượng");
  REQUIRE(quantity != nullptr);
  CHECK((*quantity)["value"] == "120 kg");
  CHECK(find_row(body, "Phân phối 2") != nullptr);
  const json* measures = find_row(body, "Biện pháp xử lý");
  REQUIRE(measures != nullptr);
  CHECK((*measures)["value"] == "Thu hồi, Tạm giữ");

  const json english = food.page(officer("bac-giang/qlcl", v1::UNSAFE_FOOD, false), Language::kEn);
  CHECK(find_row(english["body"], "Distribution 1") != nullptr);
  CHECK((*find_row(english["body"], "Measures"))["value"] == "Recall, Detention");
}

TEST_CASE(
    "Times and dates in the body are Vietnam time day first in Vietnamese and year first in "
    "English") {
  FoodAlert food;
  food.alert.mutable_unsafe_food()->mutable_product()->set_production_date("2026-11-28");
  food.events = {food.alert};
  food.stored_events = {stored(food.alert, "QN-2026-00007", 10, {"quang-ninh"})};
  v1::Event disease = testing::sample_animal_disease();
  // 01:30 UTC is 08:30 in Vietnam.
  REQUIRE(google::protobuf::util::TimeUtil::FromString(
      "2026-11-27T01:30:00Z", disease.mutable_animal_disease()->mutable_confirmed_at()));
  const std::vector<v1::StoredEvent> disease_events{
      stored(disease, "BG-2026-00042", 11, {"bac-giang"})};
  for (const Language language : {Language::kVi, Language::kEn}) {
    const bool vi = language == Language::kVi;
    const json food_page = food.page(officer("bac-giang/qlcl", v1::UNSAFE_FOOD, false), language);
    const json* produced = find_row(food_page["body"], vi ? "Ngày sản xuất" : "Production date");
    REQUIRE(produced != nullptr);
    CHECK((*produced)["value"] == (vi ? "28/11/2026" : "2026-11-28"));
    const json disease_page = alert_page(case_of({disease}, "BG-2026-00042"), disease_events,
                                         officer("bac-giang/cnty", v1::ANIMAL_DISEASE, false),
                                         testing::sample_names(), language);
    const json* confirmed =
        find_row(disease_page["body"], vi ? "Thời điểm có kết quả xét nghiệm" : "Confirmed at");
    REQUIRE(confirmed != nullptr);
    CHECK((*confirmed)["value"] == (vi ? "27/11/2026 08:30" : "2026-11-27 08:30"));
  }
}

TEST_CASE("An alert's page shows the envelope in words and the path by names") {
  FoodAlert food;
  const json page = food.page(officer("bac-giang/qlcl", v1::UNSAFE_FOOD, false));
  const json* sender = find_row(page["envelope"], "Đơn vị gửi");
  REQUIRE(sender != nullptr);
  CHECK((*sender)["value"] == "Chi cục Quản lý chất lượng Nông lâm sản và Thủy sản Quảng Ninh");
  CHECK((*find_row(page["envelope"], "Mức độ nghiêm trọng"))["value"] ==
        alertctl::severity_label(food.alert.severity(), Language::kVi));
  CHECK(find_row(page["envelope"], "Khu vực") != nullptr);
  REQUIRE(page["path"].size() == 2);
  CHECK(page["path"][0]["name"] == "Quảng Ninh");
  CHECK(page["path"][1]["name"] == "Bắc Giang");
  CHECK(page["case"]["reference"] == "QN-2026-00007");
}

TEST_CASE("An alert's page shows every follow-up, a refused close as not applied, no event id") {
  FoodAlert food;
  v1::Event ack = testing::sample_follow_up(food.alert, v1::ACKNOWLEDGE);
  ack.set_sender_unit("bac-giang/qlcl");
  ack.set_contact("Trần Thị Bình (bảng điều khiển)");
  food.add(ack, 11);
  v1::Event foreign_close = testing::sample_follow_up(food.alert, v1::CLOSE);
  foreign_close.set_sender_unit("bac-giang/qlcl");
  *foreign_close.mutable_sent_at() = ack.sent_at();
  foreign_close.mutable_sent_at()->set_seconds(ack.sent_at().seconds() + 60);
  food.add(foreign_close, 12);
  v1::Event measures = testing::sample_follow_up(food.alert, v1::MEASURES_TAKEN);
  measures.set_sender_unit("bac-giang/qlcl");
  measures.mutable_sent_at()->set_seconds(ack.sent_at().seconds() + 120);
  food.add(measures, 13);

  const json page = food.page(officer("bac-giang/qlcl", v1::UNSAFE_FOOD, false));
  const json& timeline = page["timeline"];
  REQUIRE(timeline.size() == 3);
  CHECK(timeline[0]["type"]["name"] == "acknowledge");
  CHECK(timeline[0]["officer"] == "Trần Thị Bình (bảng điều khiển)");
  CHECK(timeline[0]["node"]["name"] == "Bắc Giang");
  CHECK(timeline[0]["applied"] == true);
  CHECK(timeline[1]["type"]["name"] == "close");
  CHECK(timeline[1]["applied"] == false);
  CHECK(timeline[2]["applied"] == true);
  CHECK(find_row(timeline[2]["rows"], "Số lượng") != nullptr);
  const std::string dump = page.dump();
  for (const v1::Event& event : food.events) {
    CHECK(dump.find(event.event_id()) == std::string::npos);
  }
}

TEST_CASE("Another unit may not close an alert: the reason names the issuing unit") {
  FoodAlert food;
  const json page = food.page(officer("bac-giang/qlcl", v1::UNSAFE_FOOD, true));
  const json& close = action(page, "close");
  CHECK(close["allowed"] == false);
  CHECK(close["label"] == "Đóng cảnh báo");
  CHECK(close["reason"] ==
        "Chỉ đơn vị phát cảnh báo (Chi cục Quản lý chất lượng Nông lâm sản và Thủy sản Quảng "
        "Ninh) được đóng cảnh báo này");
  CHECK(action(page, "ack")["allowed"] == true);
  CHECK(action(page, "info")["allowed"] == true);
  CHECK(action(page, "answer")["allowed"] == false);  // Nobody asked.

  const json english = food.page(officer("bac-giang/qlcl", v1::UNSAFE_FOOD, true), Language::kEn);
  CHECK(action(english, "cancel")["reason"] ==
        "Only the issuing unit (Chi cục Quản lý chất lượng Nông lâm sản và Thủy sản Quảng Ninh) "
        "may cancel this alert");
}

TEST_CASE("The issuing unit's dashboard key may not close but its own key may") {
  FoodAlert food;
  const json dashboard = food.page(officer("quang-ninh/qlcl", v1::UNSAFE_FOOD, false));
  CHECK(action(dashboard, "close")["allowed"] == false);
  CHECK(action(dashboard, "close")["reason"] ==
        "Khóa của bảng điều khiển chỉ được xác nhận, bổ sung thông tin, báo cáo biện pháp, yêu "
        "cầu và trả lời thông tin");
  CHECK(action(dashboard, "info")["allowed"] == true);
  // The issuing province does not acknowledge its own alert.
  CHECK(action(dashboard, "ack")["allowed"] == false);

  const json own = food.page(officer("quang-ninh/qlcl", v1::UNSAFE_FOOD, true));
  CHECK(action(own, "close")["allowed"] == true);
  CHECK(action(own, "withdraw")["allowed"] == true);
}

TEST_CASE("A cancelled alert refuses every action, naming its state") {
  FoodAlert food;
  v1::Event cancel = testing::sample_follow_up(food.alert, v1::CANCEL);
  cancel.set_sender_unit(food.alert.sender_unit());
  food.add(cancel, 11);
  const json page = food.page(officer("bac-giang/qlcl", v1::UNSAFE_FOOD, false));
  for (const json& spec : page["actions"]) {
    CHECK(spec["allowed"] == false);
    CHECK(spec["reason"].get<std::string>().find("đã hủy") != std::string::npos);
  }
}

TEST_CASE(
    "A province that acknowledged may not acknowledge again and a unit of another kind acts on "
    "nothing") {
  FoodAlert food;
  v1::Event ack = testing::sample_follow_up(food.alert, v1::ACKNOWLEDGE);
  ack.set_sender_unit("bac-giang/qlcl");
  food.add(ack, 11);
  const json page = food.page(officer("bac-giang/qlcl", v1::UNSAFE_FOOD, false));
  CHECK(action(page, "ack")["allowed"] == false);
  CHECK(action(page, "ack")["reason"].get<std::string>().find("đã xác nhận") != std::string::npos);
  const json other = food.page(officer("bac-giang/cnty", v1::ANIMAL_DISEASE, false));
  CHECK(action(other, "info")["allowed"] == false);
}

TEST_CASE("An answer in the timeline names the request by its unit and time, not its id") {
  FoodAlert food;
  v1::Event request = testing::sample_follow_up(food.alert, v1::REQUEST_INFO);
  request.set_sender_unit("bac-giang/qlcl");
  food.add(request, 11);
  v1::Event answer = testing::sample_follow_up(food.alert, v1::ANSWER_INFO);
  answer.set_sender_unit(food.alert.sender_unit());
  answer.mutable_follow_up()->set_answers_event_id(request.event_id());
  answer.mutable_sent_at()->set_seconds(request.sent_at().seconds() + 60);
  food.add(answer, 12);
  const json page = food.page(officer("quang-ninh/qlcl", v1::UNSAFE_FOOD, false));
  REQUIRE(page["timeline"].size() == 2);
  const json* answers = find_row(page["timeline"][1]["rows"], "Trả lời yêu cầu của");
  REQUIRE(answers != nullptr);
  CHECK((*answers)["value"].get<std::string>().rfind(
            "Chi cục Quản lý chất lượng Nông lâm sản và Thủy sản Bắc Giang, ", 0) == 0);
  CHECK(page.dump().find(request.event_id()) == std::string::npos);
  CHECK(action(page, "answer")["allowed"] == true);  // Someone asked.
}

TEST_CASE("A resolved alert still takes information and a cancel, not another close") {
  FoodAlert food;
  v1::Event close = testing::sample_follow_up(food.alert, v1::CLOSE);
  close.set_sender_unit(food.alert.sender_unit());
  food.add(close, 11);
  const json page = food.page(officer("quang-ninh/qlcl", v1::UNSAFE_FOOD, true), Language::kEn);
  CHECK(page["case"]["state"]["name"] == "resolved");
  CHECK(action(page, "close")["allowed"] == false);
  CHECK(action(page, "close")["reason"] == "The alert is resolved: it can no longer be closed");
  CHECK(action(page, "withdraw")["allowed"] == false);
  CHECK(action(page, "cancel")["allowed"] == true);
  CHECK(action(page, "info")["allowed"] == true);
}

TEST_CASE("An alert's path starts at its origin even when the log kept no path") {
  FoodAlert food;
  food.stored_events[0].clear_path();
  const json page = food.page(officer("bac-giang/qlcl", v1::UNSAFE_FOOD, false));
  REQUIRE(page["path"].size() == 2);
  CHECK(page["path"][0]["id"] == "quang-ninh");
  const json at_origin = food.page(officer("quang-ninh/qlcl", v1::UNSAFE_FOOD, false));
  REQUIRE(at_origin["path"].size() == 1);
  CHECK(at_origin["path"][0]["name"] == "Quảng Ninh");
}

}  // namespace
}  // namespace alertbus::dashboard
