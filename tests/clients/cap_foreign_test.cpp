// Other agencies' CAP 1.2 alerts (alertbus/client/cap_foreign.hpp), mapped by the shipped
// rules file (deploy/cap-rules.toml, read as alertctl reads it): documents written for these
// tests in the styles of a hydro-meteorological service, an animal-health authority, a
// food-safety authority and a geophysics institute (tests/support/cap/foreign), each
// schema-valid. Also what export writes for other systems: points as <circle>, <senderName>,
// the reference in <headline>.
#include "alertbus/client/cap_foreign.hpp"

#include <fstream>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>
#include <google/protobuf/util/message_differencer.h>

#include "alertbus/client/cap.hpp"
#include "alertbus/protocol/validation.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/app.hpp"
#include "alertctl/cap_rules.hpp"
#include "alertctl/names.hpp"
#include "broker/temp_dir.hpp"
#include "clients/cap_documents.hpp"
#include "support/sample_events.hpp"

namespace {

namespace v1 = alertbus::v1;
using alertbus::client::CapRules;
using alertbus::client::ForeignCap;
using alertbus::client::ForeignCapOptions;
using alertbus::client::from_foreign_cap;
using alertbus::client::imported_event_id;
using alertbus::testing::TempDir;
using cap_documents::contains;
using cap_documents::replaced;

const std::string kSourceDir = ALERTBUS_SOURCE_DIR;
// 2026-12-05 09:00 in Vietnam: the import time.
const std::int64_t kNowMs = alertbus::protocol::vietnam_midnight_ms(2026, 12, 5) + 9 * 3'600'000;

std::string read_text(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  REQUIRE(file);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

std::string foreign(const std::string& name) {
  return read_text(kSourceDir + "/tests/support/cap/foreign/" + name);
}

const CapRules& shipped_rules() {
  static const CapRules rules = [] {
    auto loaded = alertbus::alertctl::load_cap_rules(kSourceDir + "/deploy/cap-rules.toml");
    INFO(loaded.status().message());
    REQUIRE(loaded.ok());
    return std::move(loaded).value();
  }();
  return rules;
}

ForeignCapOptions options_for(
    std::function<std::optional<v1::AlertKind>(const std::string&)> imported = {}) {
  ForeignCapOptions options;
  options.sender_unit = "bac-giang/cnty";
  options.now_unix_ms = kNowMs;
  options.imported_kind = std::move(imported);
  return options;
}

// The event an import made passes the broker's validation, at the tests' time.
void check_valid(const alertbus::v1::Event& event) {
  alertbus::protocol::ValidationOptions validation;
  validation.now_unix_ms = kNowMs;
  const alertbus::Status valid = alertbus::protocol::validate_event(event, validation);
  INFO(valid.message());
  CHECK(valid.ok());
}

ForeignCap imported(const std::string& name, const ForeignCapOptions& options = options_for()) {
  auto read = from_foreign_cap(foreign(name), shipped_rules(), options);
  INFO(read.status().message());
  REQUIRE(read.ok());
  check_valid(read->event);
  return std::move(read).value();
}

int xmllint_schema(const TempDir& dir, const std::string& name, const std::string& text) {
  const std::string path = dir.file(name);
  std::ofstream(path, std::ios::binary) << text;
  const std::string command = "xmllint --noout --nonet --schema " ALERTBUS_CAP_SCHEMA " " + path +
                              " > " + path + ".log 2>&1";
  const int status = std::system(command.c_str());
  INFO(read_text(path + ".log"));
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_CASE("the foreign test documents are schema-valid CAP 1.2", "[cap][foreign]") {
  const TempDir dir;
  for (const char* name : {"nchmf-forest-fire.xml", "dah-avian-influenza.xml", "vfa-recall.xml",
                           "vfa-recall-update.xml", "igp-earthquake.xml"}) {
    INFO(name);
    CHECK(xmllint_schema(dir, name, foreign(name)) == 0);
  }
}

TEST_CASE("a hydro-meteorological forest-fire danger warning imports as forest-fire",
          "[cap][foreign]") {
  const ForeignCap read = imported("nchmf-forest-fire.xml");
  const v1::Event& event = read.event;
  CHECK(read.rule == "kttv-chay-rung");
  CHECK(read.cap_identifier == "NCHMF-CR-20261205-017");
  CHECK(read.cap_sender == "canhbao@nchmf.gov.vn");
  CHECK(event.kind() == v1::FOREST_FIRE);
  CHECK(event.type() == v1::ALERT);
  CHECK(event.status() == v1::ACTUAL);
  CHECK(event.sender_unit() == "bac-giang/cnty");
  CHECK(event.sent_at().seconds() == kNowMs / 1000);
  // The Vietnamese <info>, though it is the second.
  CHECK(event.language() == "vi-VN");
  CHECK(event.title() ==
        "Cảnh báo cấp nguy cơ cháy rừng cấp IV (nguy hiểm) tại Bắc Giang và Quảng Ninh");
  CHECK(contains(event.description(), "Nắng hanh kéo dài"));
  CHECK(contains(event.description(), "Hướng dẫn / Instruction: Chủ rừng trực 24/24"));
  CHECK(contains(event.description(),
                 "canhbao@nchmf.gov.vn, NCHMF-CR-20261205-017, "
                 "2026-12-05T06:00:00+07:00"));
  CHECK(event.contact() == "Phòng Dự báo, 024 3824 0000");
  CHECK(event.severity() == v1::SEVERE);
  CHECK(event.urgency() == v1::EXPECTED);
  CHECK(event.certainty() == v1::LIKELY);
  CHECK(alertbus::protocol::format_vietnam_rfc3339(event.expires().seconds()) ==
        "2026-12-08T19:00:00+07:00");
  // The original identifier and sender are kept in the event id.
  CHECK(event.event_id() ==
        imported_event_id("bac-giang/cnty", "canhbao@nchmf.gov.vn", "NCHMF-CR-20261205-017",
                          alertbus::protocol::vietnam_midnight_ms(2026, 12, 5) + 6 * 3'600'000));
  REQUIRE(event.areas_size() == 4);
  // A geocode in the authority's own name for the 2004 codes (province_schemes).
  CHECK(event.areas(0).code() == "24");
  CHECK(event.areas(0).scheme() == "VN-2004");
  CHECK(event.areas(0).name() == "Huyện Lục Ngạn, tỉnh Bắc Giang");
  CHECK(event.areas(0).polygon_size() == 5);
  CHECK(event.areas(1).code() == "22");
  // No province geocode: the rules' default area, the other geocode kept in the name.
  CHECK(event.areas(2).code() == "24");
  CHECK(event.areas(2).name() == "Vùng rừng phòng hộ Yên Tử (ISO3166-2 VN-13)");
  const v1::ForestFireAlert& body = event.forest_fire();
  CHECK(body.subtype() == v1::ForestFireAlert::DANGER_LEVEL);
  CHECK(body.danger().level() == 4);  // Severe.
  // The communes are the areas that are communes: the provinces are not taken for some.
  REQUIRE(body.danger().communes_size() == 1);
  CHECK(body.danger().communes(0).code() == "07480");
  CHECK(body.danger().communes(0).scheme() == "VN-2004");
  CHECK(body.danger().communes(0).name() == "xã Lục Sơn, huyện Lục Nam, tỉnh Bắc Giang");
  CHECK(body.danger().valid_from().seconds() == event.effective().seconds());
  CHECK(body.danger().valid_to().seconds() == event.expires().seconds());
}

TEST_CASE("a danger warning that names provinces only has no communes and is refused",
          "[cap][foreign]") {
  const std::string commune =
      "    <area>\n"
      "      <areaDesc>xã Lục Sơn, huyện Lục Nam, tỉnh Bắc Giang</areaDesc>\n"
      "      <geocode>\n"
      "        <valueName>MA_DVHC_2004</valueName>\n"
      "        <value>07480</value>\n"
      "      </geocode>\n"
      "    </area>\n";
  std::string provinces_only = foreign("nchmf-forest-fire.xml");
  const std::size_t at = provinces_only.find(commune);
  REQUIRE(at != std::string::npos);
  provinces_only.erase(at, commune.size());
  const auto read = from_foreign_cap(provinces_only, shipped_rules(), options_for());
  REQUIRE(read.ok());
  CHECK(read->event.forest_fire().danger().communes_size() == 0);
  alertbus::protocol::ValidationOptions validation;
  validation.now_unix_ms = kNowMs;
  const alertbus::Status refused = alertbus::protocol::validate_event(read->event, validation);
  CHECK(refused.code() == v1::MISSING_FIELD);
  CHECK(refused.field() == "forest_fire.danger.communes");
}

TEST_CASE("an animal-health authority's avian influenza notice imports as animal-disease",
          "[cap][foreign]") {
  const ForeignCap read = imported("dah-avian-influenza.xml");
  const v1::Event& event = read.event;
  CHECK(read.rule == "cnty-cum-gia-cam");
  CHECK(event.kind() == v1::ANIMAL_DISEASE);
  CHECK(event.severity() == v1::SEVERE);
  CHECK(event.urgency() == v1::IMMEDIATE);
  CHECK(event.certainty() == v1::OBSERVED);
  CHECK(event.title() == "Phát hiện ổ dịch cúm gia cầm A/H5N1 tại xã Tân Hoa, huyện Lục Ngạn");
  CHECK(contains(event.description(), "DAH-2026-CGC-0193"));
  // The circle of radius 3 km is an area; the one of radius 0 a point, the outbreak's.
  REQUIRE(event.areas_size() == 1);
  CHECK(event.areas(0).code() == "07702");
  CHECK(event.areas(0).circle_radius_km() == 3);
  CHECK(event.areas(0).circle_center().latitude() == 21.3012);
  const v1::AnimalDiseaseAlert& body = event.animal_disease();
  CHECK(body.disease() == "Cúm gia cầm A/H5N1");
  CHECK(body.confirmation() == v1::AnimalDiseaseAlert::SUSPECTED);
  CHECK(body.onset_date() == "2026-12-03");
  REQUIRE(body.outbreaks_size() == 1);
  CHECK(body.outbreaks(0).commune().code() == "07702");
  CHECK(body.outbreaks(0).epi_unit() == v1::Outbreak::HOUSEHOLD);
  CHECK(body.outbreaks(0).species(0).species() == "gia cầm");
  CHECK(body.outbreaks(0).location().latitude() == 21.3021);
  CHECK(body.outbreaks(0).location().longitude() == 106.4533);
}

TEST_CASE("a food-safety recall imports as unsafe-food, and its Update as a follow-up",
          "[cap][foreign]") {
  const ForeignCap alert = imported("vfa-recall.xml");
  CHECK(alert.rule == "attp-thu-hoi");
  CHECK(alert.event.kind() == v1::UNSAFE_FOOD);
  CHECK(alert.event.severity() == v1::MODERATE);
  CHECK(alert.event.language() == "vi");
  CHECK(alert.event.unsafe_food().product().name() == "Pate gan heo đóng hộp lô 2611");
  CHECK(alert.event.unsafe_food().risk() == v1::UnsafeFoodAlert::UNDECIDED);
  REQUIRE(alert.event.areas_size() == 1);
  CHECK(alert.event.areas(0).code() == "30");

  SECTION("the Update follows the imported alert") {
    const std::string alert_id = alert.event.event_id();
    const ForeignCap update =
        imported("vfa-recall-update.xml", options_for([&](const std::string& id) {
                   return id == alert_id ? std::optional(v1::UNSAFE_FOOD) : std::nullopt;
                 }));
    CHECK(update.event.type() == v1::ADDITIONAL_INFO);
    CHECK(update.event.kind() == v1::UNSAFE_FOOD);
    CHECK(update.event.follow_up().alert_event_id() == alert_id);
    CHECK(contains(update.event.follow_up().text(), "Mở rộng thu hồi sang lô 2612."));
    CHECK(contains(update.event.follow_up().text(), "VFA-TH-2026-0311-CN1"));
  }
  SECTION("an Update whose alert was not imported is refused, naming it") {
    const auto update =
        from_foreign_cap(foreign("vfa-recall-update.xml"), shipped_rules(), options_for());
    REQUIRE_FALSE(update.ok());
    CHECK(update.status().code() == v1::INVALID_VALUE);
    CHECK(contains(update.status().message_vi(), "thuhoi@vfa.gov.vn,VFA-TH-2026-0311"));
    CHECK(contains(update.status().message_vi(), "chưa được nhập vào alertbus"));
    CHECK(contains(update.status().message(), "was not imported"));
  }
  SECTION("a Cancel becomes CANCEL") {
    const std::string alert_id = alert.event.event_id();
    const std::string cancel = replaced(foreign("vfa-recall-update.xml"),
                                        "<msgType>Update</msgType>", "<msgType>Cancel</msgType>");
    const auto read =
        from_foreign_cap(cancel, shipped_rules(),
                         options_for([&](const auto&) { return std::optional(v1::UNSAFE_FOOD); }));
    REQUIRE(read.ok());
    CHECK(read->event.type() == v1::CANCEL);
    CHECK(read->event.follow_up().alert_event_id() == alert_id);
  }
}

TEST_CASE(
    "without keep_unmatched (--no-external), an alert no rule matches is refused, saying what "
    "it carries and how to add a rule",
    "[cap][foreign]") {
  ForeignCapOptions options = options_for();
  options.keep_unmatched = false;
  const auto read = from_foreign_cap(foreign("igp-earthquake.xml"), shipped_rules(), options);
  REQUIRE_FALSE(read.ok());
  CHECK(read.status().code() == v1::INVALID_VALUE);
  const std::string vi = read.status().message_vi();
  INFO(vi);
  CHECK(contains(vi, "không quy tắc nào"));
  CHECK(contains(vi, "category Geo"));
  CHECK(contains(vi, "IGP:CapDoDongDat=3.8"));
  CHECK(contains(vi, "baotin@igp-vast.vn"));
  CHECK(contains(vi, "Động đất"));
  CHECK(contains(vi, "[[rule]]"));
  CHECK(contains(read.status().message(), "no rule of the 3 in the rules file matches"));
}

TEST_CASE("foreign import: status, msgType, identity and alertbus's own documents",
          "[cap][foreign]") {
  const std::string recall = foreign("vfa-recall.xml");
  SECTION("Draft and System are refused, Exercise kept") {
    for (const char* status : {"Draft", "System"}) {
      const auto read = from_foreign_cap(replaced(recall, "<status>Actual</status>",
                                                  std::string("<status>") + status + "</status>"),
                                         shipped_rules(), options_for());
      REQUIRE_FALSE(read.ok());
      CHECK(contains(read.status().message_vi(), std::string("trạng thái CAP \"") + status));
    }
    const auto exercise =
        from_foreign_cap(replaced(recall, "<status>Actual</status>", "<status>Exercise</status>"),
                         shipped_rules(), options_for());
    REQUIRE(exercise.ok());
    CHECK(exercise->event.status() == v1::EXERCISE);
  }
  SECTION("Ack and Error are refused") {
    for (const char* type : {"Ack", "Error"}) {
      const auto read = from_foreign_cap(replaced(recall, "<msgType>Alert</msgType>",
                                                  std::string("<msgType>") + type + "</msgType>"),
                                         shipped_rules(), options_for());
      REQUIRE_FALSE(read.ok());
      CHECK(contains(read.status().message(), "is not imported"));
    }
  }
  SECTION("the same alert imported twice by a unit has one id; by two units, two") {
    const auto first = from_foreign_cap(recall, shipped_rules(), options_for());
    ForeignCapOptions later = options_for();
    later.now_unix_ms += 3'600'000;
    const auto second = from_foreign_cap(recall, shipped_rules(), later);
    REQUIRE(first.ok());
    REQUIRE(second.ok());
    CHECK(first->event.event_id() == second->event.event_id());
    ForeignCapOptions quang_ninh = options_for();
    quang_ninh.sender_unit = "quang-ninh/cnty";
    CHECK(first->event.event_id() !=
          from_foreign_cap(recall, shipped_rules(), quang_ninh)->event.event_id());
    CHECK(first->event.event_id() !=
          from_foreign_cap(replaced(recall, "VFA-TH-2026-0311", "VFA-TH-2026-0312"),
                           shipped_rules(), options_for())
              ->event.event_id());
  }
  SECTION("long texts are cut to what an event holds, the source line kept") {
    const std::string long_id(20'000, 'x');
    const std::string long_text(30'000, 'a');
    const auto read =
        from_foreign_cap(replaced(replaced(recall, "<identifier>VFA-TH-2026-0311</identifier>",
                                           "<identifier>" + long_id + "</identifier>"),
                                  "<headline>", "<headline>" + long_text),
                         shipped_rules(), options_for());
    REQUIRE(read.ok());
    check_valid(read->event);
    CHECK(contains(read->event.description(), "Nguồn CAP / CAP source: thuhoi@vfa.gov.vn, xxx"));
  }
  SECTION("an area without a province geocode and no default area is refused") {
    CapRules rules = shipped_rules();
    rules.default_area_code.clear();
    const auto read = from_foreign_cap(foreign("nchmf-forest-fire.xml"), rules, options_for());
    REQUIRE_FALSE(read.ok());
    CHECK(contains(read.status().message_vi(), "Vùng rừng phòng hộ Yên Tử"));
  }
  SECTION("a document alertbus wrote is read as from_cap reads it") {
    const v1::Event sample = alertbus::testing::sample_animal_disease();
    const auto read =
        from_foreign_cap(alertbus::client::to_cap({}, sample), shipped_rules(), options_for());
    REQUIRE(read.ok());
    CHECK(read->event.event_id() == sample.event_id());
    CHECK(read->rule.empty());
  }
}

TEST_CASE("rules: each criterion, all of a rule's must match, the first matching rule wins",
          "[cap][foreign]") {
  const std::string fire = foreign("nchmf-forest-fire.xml");
  const auto rule_for = [&](std::vector<alertbus::client::CapRule> list) {
    CapRules rules = shipped_rules();
    for (auto& rule : list) {
      rule.kind = v1::FOREST_FIRE;
    }
    rules.rules = std::move(list);
    const auto read = from_foreign_cap(fire, rules, options_for());
    return read.ok() && !read->external ? read->rule : std::string("(none)");
  };
  using Rule = alertbus::client::CapRule;
  const auto named = [](const char* name, auto&& set) {
    Rule rule;
    rule.name = name;
    set(rule);
    return rule;
  };
  // Diacritics and case are ignored in <event>.
  const Rule by_event = named("event", [](Rule& r) { r.event = "CHAY RUNG CAP IV"; });
  const Rule by_other_event = named("other event", [](Rule& r) { r.event = "động đất"; });
  const Rule by_sender = named("sender", [](Rule& r) { r.sender = "canhbao@nchmf.gov.vn"; });
  const Rule by_glob = named("glob", [](Rule& r) { r.sender = "*@nchmf.gov.*"; });
  const Rule by_other_sender = named("other sender", [](Rule& r) { r.sender = "*@dah.gov.vn"; });
  const Rule by_category = named("category", [](Rule& r) { r.categories = {"Geo", "Met"}; });
  const Rule by_code = named("code", [](Rule& r) {
    r.event_code_name = "NCHMF:FireDanger";
    r.event_code_value = "IV";
  });
  const Rule by_code_name =
      named("code name", [](Rule& r) { r.event_code_name = "NCHMF:FireDanger"; });
  const Rule by_other_code = named("other code", [](Rule& r) {
    r.event_code_name = "NCHMF:FireDanger";
    r.event_code_value = "V";
  });
  const Rule everything = named("everything", [](Rule&) {});
  CHECK(rule_for({by_event}) == "event");
  CHECK(rule_for({by_other_event}) == "(none)");
  CHECK(rule_for({by_sender}) == "sender");
  CHECK(rule_for({by_glob}) == "glob");
  CHECK(rule_for({by_other_sender}) == "(none)");
  CHECK(rule_for({by_category}) == "category");
  CHECK(rule_for({by_code}) == "code");
  CHECK(rule_for({by_code_name}) == "code name");
  CHECK(rule_for({by_other_code}) == "(none)");
  // All criteria of one rule: the right sender with another event is no match.
  const Rule both = named("both", [](Rule& r) {
    r.sender = "canhbao@nchmf.gov.vn";
    r.event = "động đất";
  });
  CHECK(rule_for({both}) == "(none)");
  // In order: the first that matches.
  CHECK(rule_for({by_other_sender, by_code, everything}) == "code");
  CHECK(rule_for({everything, by_code}) == "everything");
}

TEST_CASE("the rules file: errors name the rule and the key", "[cap][foreign]") {
  using alertbus::alertctl::parse_cap_rules;
  const auto bad_kind =
      parse_cap_rules("[[rule]]\nname = \"x\"\nkind = \"volcano\"\n", "rules.toml");
  REQUIRE_FALSE(bad_kind.ok());
  CHECK(contains(bad_kind.status().message_vi(), "rules.toml: rule[1] (\"x\").kind"));
  CHECK(contains(bad_kind.status().message_vi(), "animal-disease"));
  const auto bad_category = parse_cap_rules(
      "[[rule]]\nname = \"x\"\nkind = \"crop-pest\"\ncategory = [\"Weather\"]\n", "rules.toml");
  REQUIRE_FALSE(bad_category.ok());
  CHECK(contains(bad_category.status().message(), "not a CAP category"));
  const auto unknown_key = parse_cap_rules(
      "[[rule]]\nname = \"x\"\nkind = \"crop-pest\"\ncategories = [\"Met\"]\n", "rules.toml");
  REQUIRE_FALSE(unknown_key.ok());
  CHECK(contains(unknown_key.status().message(), "unknown key"));
  auto body_rules = parse_cap_rules(
      "[[rule]]\nname = \"x\"\nkind = \"unsafe-food\"\n[rule.body]\nrisk = 7.5\n", "rules.toml");
  REQUIRE(body_rules.ok());
  const auto bad_body = from_foreign_cap(foreign("vfa-recall.xml"), *body_rules, options_for());
  REQUIRE_FALSE(bad_body.ok());
  CHECK(contains(bad_body.status().message_vi(), "quy tắc \"x\""));
}

TEST_CASE("export for other systems: points as circles, the unit's name, the reference",
          "[cap][foreign]") {
  const TempDir dir;
  v1::Event event = alertbus::testing::sample_animal_disease();
  auto* outbreak = event.mutable_animal_disease()->mutable_outbreaks(0);
  outbreak->mutable_location()->set_latitude(21.2731);
  outbreak->mutable_location()->set_longitude(106.1946);
  v1::StoredEvent stored;
  stored.set_reference("BG-2026-00042");
  alertbus::client::CapContext context;
  context.sender_name = "Chi cục Chăn nuôi và Thú y Bắc Giang";
  const std::string xml = alertbus::client::to_cap(stored, event, context);
  INFO(xml);
  CHECK(contains(xml, "<circle>21.2731,106.1946 0</circle>"));
  CHECK(contains(xml, "<valueName>alertbus:point</valueName>"));
  CHECK(contains(xml, "<senderName>Chi cục Chăn nuôi và Thú y Bắc Giang</senderName>"));
  CHECK(contains(xml, "<headline>BG-2026-00042 — " + event.title() + "</headline>"));
  CHECK(xmllint_schema(dir, "export.xml", xml) == 0);
  // Read back as it was: the point area and the reference in the headline are not kept twice.
  const auto back = alertbus::client::from_cap(xml);
  REQUIRE(back.ok());
  CHECK(back->areas_size() == event.areas_size());
  CHECK(back->title() == event.title());

  SECTION("a forest fire's point too") {
    const v1::Event fire = alertbus::testing::sample_forest_fire(v1::ForestFireAlert::FIRE);
    const std::string fire_xml = alertbus::client::to_cap({}, fire);
    const v1::GeoPoint& at = fire.forest_fire().fire().location();
    CHECK(contains(fire_xml, "<valueName>alertbus:point</valueName>"));
    CHECK(contains(fire_xml, "forest_fire.fire.location"));
    CHECK(xmllint_schema(dir, "fire.xml", fire_xml) == 0);
    (void)at;
  }
}

TEST_CASE("an imported alert exports and reads back unchanged", "[cap][foreign]") {
  const TempDir dir;
  for (const char* name : {"nchmf-forest-fire.xml", "dah-avian-influenza.xml", "vfa-recall.xml"}) {
    INFO(name);
    const v1::Event event = imported(name).event;
    const std::string xml = alertbus::client::to_cap({}, event);
    CHECK(xmllint_schema(dir, name, xml) == 0);
    const auto back = alertbus::client::from_cap(xml);
    REQUIRE(back.ok());
    google::protobuf::util::MessageDifferencer differencer;
    std::string differences;
    differencer.ReportDifferencesToString(&differences);
    INFO(differences);
    CHECK(differencer.Compare(event, back.value()));
  }
}

TEST_CASE("CAP names the kinds with alertctl's words (one vocabulary)", "[cap][foreign]") {
  v1::Event food = alertbus::testing::sample_unsafe_food();
  const std::string xml = alertbus::client::to_cap({}, food);
  const std::string label =
      alertbus::alertctl::kind_label(v1::UNSAFE_FOOD, alertbus::alertctl::Language::kVi);
  CHECK(label == "Thực phẩm không bảo đảm an toàn");
  CHECK(contains(xml, "<event>" + label + ": " + food.unsafe_food().product().name()));
}

TEST_CASE(
    "alertctl import cap --rules --dry-run: a province code must be in the province table, "
    "and a sending unit is needed",
    "[cap][foreign]") {
  const TempDir dir;
  const std::string good = dir.file("recall.xml");
  std::ofstream(good, std::ios::binary) << foreign("vfa-recall.xml");
  const std::string bad = dir.file("recall-99.xml");
  std::ofstream(bad, std::ios::binary)
      << replaced(foreign("vfa-recall.xml"), "<value>30</value>", "<value>99</value>");
  alertbus::alertctl::Environment environment;
  environment.sender = "bac-giang/cnty";
  environment.areas_file = kSourceDir + "/deploy/areas/provinces.csv";
  const std::string rules = kSourceDir + "/deploy/cap-rules.toml";
  const auto run = [&](const std::string& file, std::string* err) {
    const char* argv[] = {"alertctl",    "import",    "cap",       "--rules",
                          rules.c_str(), "--dry-run", file.c_str()};
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream errors;
    const int code = alertbus::alertctl::run(7, argv, environment, in, out, errors);
    *err = errors.str();
    return code;
  };
  std::string err;
  CHECK(run(good, &err) == 0);
  INFO(err);
  CHECK(
      contains(err, "cảnh báo CAP thuhoi@vfa.gov.vn, VFA-TH-2026-0311 — quy tắc \"attp-thu-hoi\""));
  CHECK(run(bad, &err) == 2);
  INFO(err);
  CHECK(contains(err, "vùng VN-2004:99 (\"Tỉnh Hải Dương\") không phải tỉnh nào trong bảng tỉnh"));
  // Another agency's alert is published by a unit of ours: without one, nothing is read.
  environment.sender.clear();
  CHECK(run(good, &err) == 2);
  CHECK(contains(err, "thiếu đơn vị gửi"));
}

}  // namespace
