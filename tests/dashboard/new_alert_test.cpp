// New alerts and actions to events (dashboard/view/new_alert.hpp, follow_up.hpp): every
// mistake named by its field path; the unit as sender; the officer in the contact; the rules.
#include "dashboard/view/new_alert.hpp"

#include <catch2/catch.hpp>

#include "alertbus/protocol/validation.hpp"
#include "dashboard/view/follow_up.hpp"
#include "dashboard/view_fixtures.hpp"

namespace alertbus::dashboard {
namespace {

using testing::officer;

const char* const kGoodAlert = R"({
  "kind": "animal-disease",
  "title": "Dịch tả lợn châu Phi tại xã Lục Ngạn",
  "severity": "severe",
  "urgency": "immediate",
  "certainty": "observed",
  "areas": [{"code": "24", "scheme": "VN-2025"}],
  "description": "Phát hiện ổ dịch tại thôn Cầu Đất.",
  "animal_disease": {
    "disease": "Dịch tả lợn châu Phi",
    "confirmation": "suspected",
    "onset_date": "2026-12-01",
    "outbreaks": [{
      "commune": {"code": "07360", "scheme": "VN-2025", "name": "xã Lục Ngạn"},
      "epi_unit": "household",
      "species": [{"species": "lợn", "susceptible": 120, "cases": 12}]
    }]
  }
})";

bool names_field(const std::vector<FieldError>& errors, const std::string& prefix) {
  for (const FieldError& error : errors) {
    if (error.field.compare(0, prefix.size(), prefix) == 0) {
      return true;
    }
  }
  return false;
}

TEST_CASE("A new alert becomes the unit's event, ready to publish") {
  const protocol::AreaTable table = testing::province_table();
  nlohmann::json document = nlohmann::json::parse(kGoodAlert);
  document["sender_unit"] = "quang-ninh/cnty";  // Not the officer's to choose.
  const Checked<v1::Event> event =
      new_alert_event(document, officer("bac-giang/cnty", v1::ANIMAL_DISEASE, true), &table);
  for (const FieldError& error : event.errors) {
    UNSCOPED_INFO(error.field << ": " << error.message);
  }
  REQUIRE(event.ok());
  CHECK(event.value->sender_unit() == "bac-giang/cnty");
  CHECK(event.value->type() == v1::ALERT);
  CHECK(event.value->status() == v1::ACTUAL);
  CHECK(!event.value->event_id().empty());
  CHECK(event.value->areas(0).name() == "Bắc Ninh");  // Completed from the province table.
  CHECK(event.value->animal_disease().outbreaks(0).species(0).cases() == 12);
  CHECK(protocol::validate_event(*event.value, testing::validation_options_now()).ok());
}

TEST_CASE("A new alert without a title and with a bad area is refused naming both") {
  const protocol::AreaTable table = testing::province_table();
  nlohmann::json document = nlohmann::json::parse(kGoodAlert);
  document.erase("title");
  document["areas"][0]["code"] = "99";
  const Checked<v1::Event> event = new_alert_from_body(
      document.dump(), officer("bac-giang/cnty", v1::ANIMAL_DISEASE, true), &table);
  REQUIRE_FALSE(event.ok());
  CHECK(names_field(event.errors, "title"));
  CHECK(names_field(event.errors, "areas[0]"));
  for (const FieldError& error : event.errors) {
    CHECK(!error.message.empty());
    CHECK(!error.message_en.empty());
    CHECK(!error.code.empty());
  }
  const nlohmann::ordered_json answer = errors_json(event.errors);
  CHECK(answer["errors"].size() == event.errors.size());
  CHECK(answer["error"]["field"] == event.errors.front().field);
}

TEST_CASE("A new alert reports every mistake of the document at once") {
  nlohmann::json document = nlohmann::json::parse(kGoodAlert);
  document["severity"] = "terrible";
  document["animal_disease"]["outbreaks"][0]["epi_unit"] = "castle";
  document["animal_disease"]["outbreaks"][0]["species"][0]["cases"] = "many";
  const Checked<v1::Event> event =
      new_alert_event(document, officer("bac-giang/cnty", v1::ANIMAL_DISEASE, true), nullptr);
  CHECK(names_field(event.errors, "severity"));
  CHECK(names_field(event.errors, "animal_disease.outbreaks[0].epi_unit"));
  CHECK(names_field(event.errors, "animal_disease.outbreaks[0].species[0].cases"));
}

TEST_CASE("A dashboard key or another kind's unit cannot post") {
  const nlohmann::json document = nlohmann::json::parse(kGoodAlert);
  const Checked<v1::Event> dashboard =
      new_alert_event(document, officer("bac-giang/cnty", v1::ANIMAL_DISEASE, false), nullptr);
  REQUIRE_FALSE(dashboard.ok());
  CHECK(dashboard.errors[0].code == "not_allowed");
  const Checked<v1::Event> other =
      new_alert_event(document, officer("bac-giang/qlcl", v1::UNSAFE_FOOD, true), nullptr);
  REQUIRE_FALSE(other.ok());
  CHECK(names_field(other.errors, "kind"));
  const Checked<v1::Event> broken = new_alert_event(
      std::string_view("{not json"), officer("bac-giang/cnty", v1::ANIMAL_DISEASE, true), nullptr);
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.errors[0].code == "invalid_json");
}

struct DiseaseAlert {
  v1::Event alert = testing::sample_animal_disease();
  std::vector<v1::StoredEvent> events{testing::stored(alert, "BG-2026-00042", 3)};
  v1::AlertCase alert_case = testing::case_of({alert}, "BG-2026-00042");
};

TEST_CASE("An action becomes a follow-up signed off by the officer") {
  DiseaseAlert disease;
  const Checked<v1::Event> event = follow_up_event(
      nlohmann::json{{"type", "measures"},
                     {"text", "Đã tiêu hủy 12 con lợn"},
                     {"quantity", 12},
                     {"quantity_unit", "con"}},
      disease.alert_case, disease.events, officer("hai-duong/cnty", v1::ANIMAL_DISEASE, false),
      testing::sample_names());
  for (const FieldError& error : event.errors) {
    UNSCOPED_INFO(error.field << ": " << error.message);
  }
  REQUIRE(event.ok());
  CHECK(event.value->type() == v1::MEASURES_TAKEN);
  CHECK(event.value->sender_unit() == "hai-duong/cnty");
  CHECK(event.value->contact() == "Nguyễn Văn An (bảng điều khiển)");
  CHECK(event.value->follow_up().alert_event_id() == disease.alert.event_id());
  CHECK(event.value->follow_up().quantity() == 12);
  CHECK(event.value->kind() == v1::ANIMAL_DISEASE);
}

TEST_CASE("An action the rules refuse, an unknown one, one without its text are errors") {
  DiseaseAlert disease;
  const alertctl::Names names = testing::sample_names();
  const Viewer viewer = officer("hai-duong/cnty", v1::ANIMAL_DISEASE, true);
  const Checked<v1::Event> close =
      follow_up_event(nlohmann::json{{"type", "close"}, {"text", "Hết dịch"}}, disease.alert_case,
                      disease.events, viewer, names);
  REQUIRE_FALSE(close.ok());
  CHECK(close.errors[0].code == "not_allowed");
  CHECK(close.errors[0].rule == "issuer_only");
  CHECK(close.errors[0].message.find("Chi cục Chăn nuôi và Thú y Bắc Giang") != std::string::npos);

  const Checked<v1::Event> unknown = follow_up_event(
      nlohmann::json{{"type", "explode"}}, disease.alert_case, disease.events, viewer, names);
  REQUIRE_FALSE(unknown.ok());
  CHECK(unknown.errors[0].code == "unknown_action");
  CHECK(unknown.errors[0].field == "type");

  const Checked<v1::Event> empty = follow_up_event(
      nlohmann::json{{"type", "info"}}, disease.alert_case, disease.events, viewer, names);
  REQUIRE_FALSE(empty.ok());
  CHECK(empty.errors[0].field == "text");

  const Checked<v1::Event> ack = follow_up_event(nlohmann::json{{"type", "ack"}},
                                                 disease.alert_case, disease.events, viewer, names);
  CHECK(ack.ok());
}

TEST_CASE("An answer answers the latest request for information") {
  DiseaseAlert disease;
  v1::Event request = testing::sample_follow_up(disease.alert, v1::REQUEST_INFO);
  request.set_sender_unit("quang-ninh/cnty");
  disease.events.push_back(testing::stored(request, "BG-2026-00042", 4));
  disease.alert_case = testing::case_of({disease.alert, request}, "BG-2026-00042");
  const Checked<v1::Event> answer = follow_up_event(
      nlohmann::json{{"type", "answer"}, {"text", "Ổ dịch đã được khoanh vùng"}},
      disease.alert_case, disease.events, officer("bac-giang/cnty", v1::ANIMAL_DISEASE, false),
      testing::sample_names());
  for (const FieldError& error : answer.errors) {
    UNSCOPED_INFO(error.field << ": " << error.message);
  }
  REQUIRE(answer.ok());
  CHECK(answer.value->follow_up().answers_event_id() == request.event_id());
}

}  // namespace
}  // namespace alertbus::dashboard
