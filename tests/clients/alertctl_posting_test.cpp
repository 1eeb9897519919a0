// Posting without JSON (issue 13): the template of each kind, the TOML/JSON reader's leniency
// and its Vietnamese messages, the areas checked against the shipped province table, and
// `post --interactive` with answers piped in. Runs alertctl::run() in-process; the publishing
// tests against a fake broker that stores what it is sent.
#include <mutex>
#include <sstream>

#include <catch2/catch.hpp>
#include <google/protobuf/util/time_util.h>

#include "alertbus/protocol/clock.hpp"
#include "alertbus/protocol/validation.hpp"
#include "alertctl/app.hpp"
#include "alertctl/event_input.hpp"
#include "alertctl/event_template.hpp"
#include "alertctl/place_checks.hpp"
#include "clients/fake_broker.hpp"

namespace {

namespace alertctl = alertbus::alertctl;
namespace v1 = alertbus::v1;
using alertbus::testing::FakeBroker;

const std::string kAreasFile = std::string(ALERTBUS_SOURCE_DIR) + "/deploy/areas/provinces.csv";

struct Result {
  int code;
  std::string out;
  std::string err;
};

Result run_alertctl(std::vector<std::string> args, const std::string& input = {}) {
  std::vector<const char*> argv{"alertctl"};
  for (const std::string& arg : args) {
    argv.push_back(arg.c_str());
  }
  std::istringstream in(input);
  std::ostringstream out;
  std::ostringstream err;
  alertctl::Environment environment;
  environment.sender = "bac-giang/cnty";
  environment.areas_file = kAreasFile;
  const int code =
      alertctl::run(static_cast<int>(argv.size()), argv.data(), environment, in, out, err);
  return {code, out.str(), err.str()};
}

const alertbus::protocol::AreaTable& areas() {
  static const alertbus::protocol::AreaTable table =
      std::move(alertbus::protocol::AreaTable::load(kAreasFile)).value();
  return table;
}

// The event a file makes, as `post --file -` reads it.
alertbus::StatusOr<v1::Event> read_file(const std::string& text) {
  alertctl::PostInput input;
  input.file_path = "-";
  std::istringstream in(text);
  return alertctl::build_post_event(input, "bac-giang/cnty", in, &areas());
}

// `text` with `key = ""` (the first after the line `section`) set to `value` (TOML).
std::string put(std::string text, const std::string& section, const std::string& key,
                const std::string& value) {
  std::size_t from = 0;
  if (!section.empty()) {
    from = text.find("\n" + section + "\n");
    REQUIRE(from != std::string::npos);
  }
  std::string empty = "\n" + key + " = \"\"";
  std::size_t at = text.find(empty, from);
  if (at == std::string::npos) {  // A list.
    empty = "\n" + key + " = []";
    at = text.find(empty, from);
  }
  REQUIRE(at != std::string::npos);
  text.replace(at, empty.size(), "\n" + key + " = " + value);
  return text;
}

std::string envelope(std::string text) {
  text = put(text, "", "title", "\"Cảnh báo thử\"");
  text = put(text, "", "severity", "\"severe\"");
  text = put(text, "", "urgency", "\"immediate\"");
  text = put(text, "", "certainty", "\"observed\"");
  return put(text, "[[areas]]", "name", "\"Bắc Ninh\"");
}

// A TOML alert with the envelope and `body` (TOML lines) after it.
std::string toml_alert(const std::string& body, const std::string& envelope_extra = {}) {
  return "kind = \"animal-disease\"\ntitle = \"Dịch tả lợn châu Phi tại Lục Ngạn\"\n"
         "severity = \"severe\"\nurgency = \"immediate\"\ncertainty = \"observed\"\n" +
         envelope_extra +
         "[[areas]]\ncode = \"24\"\nscheme = \"VN-2004\"\nname = \"Bắc Giang\"\n"
         "[animal_disease]\ndisease = \"Dịch tả lợn châu Phi\"\nconfirmation = \"suspected\"\n"
         "onset_date = \"25/11/2026\"\n" +
         body +
         "[[animal_disease.outbreaks]]\nepi_unit = \"household\"\n"
         "[animal_disease.outbreaks.commune]\ncode = \"07360\"\nscheme = \"VN-2004\"\n"
         "name = \"xã Lục Ngạn\"\n[[animal_disease.outbreaks.species]]\nspecies = \"lợn\"\n"
         "cases = 18\n";
}

bool has(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST_CASE("The template of each kind is in Vietnamese and reads back once filled in") {
  const v1::AlertKind kinds[] = {v1::ANIMAL_DISEASE, v1::CROP_PEST, v1::FOREST_FIRE,
                                 v1::UNSAFE_FOOD};
  for (const v1::AlertKind kind : kinds) {
    CAPTURE(kind);
    std::string text = alertctl::event_template(kind, alertctl::Language::kVi);
    CHECK(has(text, "# Mẫu cảnh báo"));
    CHECK(has(text, "Tiêu đề (bắt buộc): tối đa 200 ký tự"));
    CHECK(has(text, "severe (Nghiêm trọng)"));
    CHECK(has(text, "Hệ mã"));
    text = envelope(text);
    switch (kind) {
      case v1::ANIMAL_DISEASE:
        CHECK(has(text, "Tên bệnh (bắt buộc): thường dùng: Dịch tả lợn châu Phi"));
        CHECK(has(text, "household (Hộ gia đình)"));
        CHECK(has(text, "Số con mắc bệnh (không bắt buộc): con"));
        text = put(text, "[animal_disease]", "disease", "\"Dịch tả lợn châu Phi\"");
        text = put(text, "[animal_disease]", "confirmation", "\"suspected\"");
        text = put(text, "[animal_disease]", "onset_date", "\"25/11/2026\"");
        text = put(text, "[[animal_disease.outbreaks]]", "epi_unit", "\"household\"");
        text = put(text, "[animal_disease.outbreaks.commune]", "code", "\"07360\"");
        text = put(text, "[animal_disease.outbreaks.commune]", "scheme", "\"VN-2004\"");
        text = put(text, "[animal_disease.outbreaks.commune]", "name", "\"xã Lục Ngạn\"");
        text = put(text, "[[animal_disease.outbreaks.species]]", "species", "\"lợn\"");
        text = put(text, "[[animal_disease.outbreaks.species]]", "cases", "18");
        break;
      case v1::CROP_PEST:
        CHECK(has(text, "sâu đục cuống quả"));
        CHECK(has(text, "Diện tích nhiễm nặng (không bắt buộc): ha"));
        text = put(text, "[crop_pest]", "pest_scientific_name", "\"Conopomorpha sinensis\"");
        text = put(text, "[crop_pest]", "pest_name", "\"sâu đục cuống quả\"");
        text = put(text, "[crop_pest]", "crop", "\"vải thiều\"");
        text = put(text, "[crop_pest]", "infested_ha_heavy", "12.5");
        break;
      case v1::FOREST_FIRE:
        CHECK(has(text, "hotspot (Điểm cháy)"));
        CHECK(has(text, "Vĩ độ (bắt buộc)"));
        text = put(text, "[forest_fire]", "subtype", "\"hotspot\"");
        text = put(text, "[forest_fire.hotspot]", "satellite", "\"VIIRS S-NPP\"");
        text = put(text, "[forest_fire.hotspot]", "detected_at", "\"01/12/2026 10:00\"");
        text = put(text, "[forest_fire.hotspot.location]", "latitude", "21.33");
        text = put(text, "[forest_fire.hotspot.location]", "longitude", "106.85");
        break;
      default:
        CHECK(has(text, "hàn the"));
        CHECK(has(text, "recall (Thu hồi)"));
        text = put(text, "[unsafe_food.facility]", "name", "\"Cơ sở chả mực Hạ Long\"");
        text = put(text, "[unsafe_food.facility]", "address", "\"Hạ Long, Quảng Ninh\"");
        text = put(text, "[unsafe_food.product]", "name", "\"chả mực\"");
        text = put(text, "[[unsafe_food.hazards]]", "name", "\"hàn the\"");
        text = put(text, "[[unsafe_food.hazards]]", "result", "\"phát hiện\"");
        text = put(text, "[unsafe_food]", "risk", "\"serious\"");
        text = put(text, "[unsafe_food]", "measures", "[\"recall\", \"Tiêu hủy\"]");
        break;
    }
    const auto event = read_file(text);
    INFO(text);
    REQUIRE(event.ok());
    CHECK(event->kind() == kind);
    REQUIRE(event->areas_size() == 1);
    CHECK(event->areas(0).code() == "24");  // Found from the name alone.
    CHECK(event->areas(0).scheme() == "VN-2025");
    alertbus::protocol::ValidationOptions options;
    options.now_unix_ms = alertbus::protocol::now_unix_ms();
    const alertbus::Status valid = alertbus::protocol::validate_event(event.value(), options);
    INFO(valid.message_vi());
    CHECK(valid.ok());
  }
}

TEST_CASE("The template is in English with --lang en and post --template prints it") {
  const Result vi = run_alertctl({"post", "--template", "crop-pest"});
  CHECK(vi.code == 0);
  CHECK(has(vi.out, "kind = \"crop-pest\""));
  CHECK(has(vi.out, "Tên sinh vật gây hại"));
  const Result en = run_alertctl({"--lang", "en", "post", "--template", "forest-fire"});
  CHECK(en.code == 0);
  CHECK(has(en.out, "Title (required): at most 200 characters"));
  CHECK(has(en.out, "one of: danger-level (Forest-fire danger level)"));
}

TEST_CASE("The reader takes kebab-case names, labels, local dates and the old JSON") {
  const auto event =
      read_file(toml_alert("confirmed_at = \"27/11/2026 15:00\"\n"
                           "control-measures = [\"Tiêu hủy lợn bệnh\"]\n",
                           "status = \"Diễn tập\"\neffective = 2026-11-27 15:00:00\n"));
  INFO((event.ok() ? "" : event.status().message_vi()));
  REQUIRE(event.ok());
  CHECK(event->kind() == v1::ANIMAL_DISEASE);
  CHECK(event->severity() == v1::SEVERE);
  CHECK(event->status() == v1::EXERCISE);
  CHECK(event->animal_disease().onset_date() == "2026-11-25");
  CHECK(event->animal_disease().outbreaks(0).epi_unit() == v1::Outbreak::HOUSEHOLD);
  CHECK(event->animal_disease().control_measures(0) == "Tiêu hủy lợn bệnh");
  // 15:00 in Vietnam is 08:00 UTC.
  CHECK(google::protobuf::util::TimeUtil::ToString(event->animal_disease().confirmed_at()) ==
        "2026-11-27T08:00:00Z");
  CHECK(google::protobuf::util::TimeUtil::ToString(event->effective()) == "2026-11-27T08:00:00Z");

  const auto json = read_file(R"({"kind": "ANIMAL_DISEASE", "title": "t", "severity": "severe",
    "areas": [{"code": "24", "scheme": "VN-2004", "name": "Bắc Giang"}],
    "animalDisease": {"confirmation": "CONFIRMED", "confirmedAt": "2026-11-27T08:00:00Z",
      "outbreaks": [{"species": [{"species": "gà", "susceptible": "3000", "cases": 420}]}]}})");
  REQUIRE(json.ok());
  CHECK(json->animal_disease().confirmation() == v1::AnimalDiseaseAlert::CONFIRMED);
  CHECK(json->animal_disease().outbreaks(0).species(0).susceptible() == 3000);
  CHECK(json->animal_disease().outbreaks(0).species(0).cases() == 420);
}

TEST_CASE("A misspelled enum is refused naming the field and listing the valid values") {
  const Result result =
      run_alertctl({"post", "--file", "-"}, R"({"kind": "ANIMAL_DESEASE", "title": "t"})");
  CHECK(result.code == 2);
  CHECK(has(result.err, "kind (Loại cảnh báo): giá trị \"ANIMAL_DESEASE\" không hợp lệ"));
  CHECK(has(result.err, "animal-disease (Dịch bệnh động vật), crop-pest"));
  CHECK_FALSE(has(result.err, "INVALID_ARGUMENT:"));
  const Result en = run_alertctl({"--lang", "en", "post", "--file", "-"},
                                 "kind = \"animal-disease\"\nseverity = \"serious\"\n");
  CHECK(has(en.err, "severity (Severity): invalid value \"serious\"; choose one of:"));
}

TEST_CASE("A file over 4 MiB is refused before it is read whole") {
  const std::string huge = "title = \"" + std::string(5 * 1024 * 1024, 'a') + "\"\n";
  const Result result = run_alertctl({"post", "--file", "-"}, huge);
  CHECK(result.code == 2);
  CHECK(has(result.err, "tệp quá lớn (tối đa 4 MiB"));
  const Result en = run_alertctl({"--lang", "en", "post", "--file", "-"}, huge);
  CHECK(has(en.err, "file too large (at most 4 MiB"));
}

TEST_CASE("A misspelled field suggests the closest and a wrong type says what is expected") {
  const Result result = run_alertctl(
      {"post", "--file", "-"},
      toml_alert("onset_dat = \"25/11/2026\"\n", "tittle = \"x\"\n") + "susceptible = \"nhiều\"\n");
  CHECK(result.code == 2);
  CHECK(has(result.err, "3 lỗi cần sửa"));
  CHECK(has(result.err, "tittle: không có trường \"tittle\"; có phải là \"title\" (Tiêu đề)?"));
  CHECK(has(result.err, "có phải là \"onset_date\" (Ngày phát bệnh đầu tiên)?"));
  CHECK(has(result.err,
            "animal_disease.outbreaks[0].species[0].susceptible (Số con cảm nhiễm): "
            "cần một số nguyên không âm, không phải \"nhiều\""));
}

TEST_CASE("A bad date or time is refused with the formats that work") {
  const Result result =
      run_alertctl({"post", "--file", "-"},
                   toml_alert("confirmed_at = \"27/13/2026 15:00\"\n", "expires = \"ngày mai\"\n"));
  CHECK(result.code == 2);
  CHECK(has(result.err,
            "animal_disease.confirmed_at (Thời điểm có kết quả xét nghiệm): thời "
            "gian \"27/13/2026 15:00\" không hợp lệ; viết theo giờ Việt Nam: "
            "27/11/2026 15:00, 27/11/2026"));
  CHECK(has(result.err, "expires (Hết hiệu lực lúc)"));
  const Result date =
      run_alertctl({"post", "--file", "-"},
                   toml_alert("").replace(toml_alert("").find("25/11/2026"), 10, "31/02/2026"));
  CHECK(has(date.err,
            "onset_date (Ngày phát bệnh đầu tiên): ngày \"31/02/2026\" không hợp lệ; "
            "viết 27/11/2026 hoặc 2026-11-27"));
}

TEST_CASE("Areas are checked against the province table") {
  std::string text = toml_alert("");
  const auto with_area = [&text](const std::string& area) {
    std::string copy = text;
    const std::string old = "code = \"24\"\nscheme = \"VN-2004\"\nname = \"Bắc Giang\"";
    copy.replace(copy.find(old), old.size(), area);
    return run_alertctl({"post", "--file", "-"}, copy);
  };
  const Result mismatch = with_area("code = \"24\"\nscheme = \"VN-2004\"\nname = \"Quảng Ninh\"");
  CHECK(mismatch.code == 2);
  CHECK(has(mismatch.err,
            "areas[0].name (Tên đơn vị hành chính): mã 24 trong hệ mã VN-2004 là "
            "Bắc Giang, không phải \"Quảng Ninh\""));
  const Result missing = with_area("code = \"27\"\nscheme = \"VN-2025\"\nname = \"Bắc Ninh\"");
  CHECK(missing.code == 2);
  CHECK(has(missing.err,
            "areas[0].code (Mã đơn vị hành chính): mã 27 không có trong hệ mã "
            "VN-2025 (34 tỉnh, thành phố); trong hệ mã VN-2004, mã 27 là Bắc Ninh"));
  const Result unknown = with_area("name = \"Lục Ngạn\"");
  CHECK(has(unknown.err, "không có tỉnh, thành phố tên \"Lục Ngạn\" trong hệ mã VN-2025"));
  // Without diacritics, or with "Tỉnh", the name still matches.
  const std::string named = "name = \"Bắc Giang\"";
  const auto plain = read_file(toml_alert("").replace(toml_alert("").find(named), named.size(),
                                                      "name = \"tinh bac giang\""));
  CHECK(plain.ok());
}

TEST_CASE("Swapped latitude and longitude get a hint") {
  const Result result = run_alertctl(
      {"post", "--file", "-"},
      toml_alert("") +
          "[animal_disease.outbreaks.location]\nlatitude = 106.55\nlongitude = 21.37\n");
  CHECK(result.code == 2);
  CHECK(has(result.err,
            "animal_disease.outbreaks[0].location (Tọa độ ổ dịch): tọa độ (106.55, "
            "21.37) nằm ngoài Việt Nam (vĩ độ 8–24, kinh độ 102–110); có lẽ vĩ độ "
            "và kinh độ bị đảo"));
}

// A broker that acknowledges every publish and keeps the events (its thread adds them; the
// test reads them through events(), under the same lock).
struct PublishSink {
  std::mutex mutex;
  std::vector<v1::Event> published;
  FakeBroker broker{[this](const FakeBroker::Received& received) {
    std::vector<v1::Frame> replies(1);
    replies[0].set_request_id(received.frame.request_id());
    if (received.frame.has_publish()) {
      std::lock_guard lock(mutex);
      published.push_back(alertbus::testing::published_event(received));
      replies[0].mutable_publish_ack()->set_event_id(published.back().event_id());
      replies[0].mutable_publish_ack()->set_seq(1);
      replies[0].mutable_publish_ack()->set_reference("BG-2026-00001");
    }
    return replies;
  }};

  std::vector<v1::Event> events() {
    std::lock_guard lock(mutex);
    return published;
  }
};

TEST_CASE("post --interactive asks field by field and publishes what was answered") {
  PublishSink sink;
  const FakeBroker& broker = sink.broker;
  // Kind by number; title; severity by name, urgency by label; a wrong certainty asked again;
  // the area by name (a wrong name asked again), scheme default, code found; no second area.
  const std::string answers =
      "1\nDịch tả lợn châu Phi tại Lục Ngạn\nsevere\nKhẩn cấp\nchắc chắn\n5\n"
      "Bắc Kạn Mới\n\n\nBắc Ninh\n\n\nk\n"
      // sender (default), body: disease by number, confirmation, onset date (bad, then good)
      "\n1\nsuspected\n31/02/2026\n25/11/2026\n"
      // outbreak: commune name, scheme, code; epi unit; species: name, counts; no more
      "xã Lục Ngạn\nVN-2004\n07360\n2\nlợn\n120\n18\n7\n25\n0\nk\n"
      // outbreak optional: hamlet, no location, start date skipped; no second outbreak
      "\nk\n\nk\n"
      // body optional fields: agent, lab, test, confirmed_at, source, measures (2 and end),
      // restricted zone
      "\n\n\n\n\nTiêu hủy lợn bệnh\nKhử trùng\n\n\n"
      // envelope optional: status default, effective, expires, description, contact
      "\n\n\n\n\n"
      // confirm
      "c\n";
  const Result result = run_alertctl(
      {"--broker", broker.endpoint(), "--timeout", "2", "post", "--interactive"}, answers);
  INFO(result.out);
  INFO(result.err);
  REQUIRE(result.code == 0);
  CHECK(has(result.out, "1. animal-disease (Dịch bệnh động vật)"));
  CHECK(has(result.out, "certainty (Mức chắc chắn): giá trị \"chắc chắn\" không hợp lệ"));
  CHECK(has(result.out, "không có tỉnh, thành phố tên \"Bắc Kạn Mới\""));
  CHECK(has(result.out, "ngày \"31/02/2026\" không hợp lệ"));
  CHECK(has(result.out, "Cảnh báo sẽ gửi:"));
  CHECK(has(result.out, "Khu vực:                Bắc Ninh (24, VN-2025)"));
  CHECK_FALSE(has(result.out, "Nơi phát:"));  // Not stored yet: no origin in the summary.
  CHECK(has(result.out, "Gửi cảnh báo này? (c/k)"));
  const std::vector<v1::Event> published = sink.events();
  REQUIRE(published.size() == 1);
  const v1::Event& event = published[0];
  CHECK(event.kind() == v1::ANIMAL_DISEASE);
  CHECK(event.title() == "Dịch tả lợn châu Phi tại Lục Ngạn");
  CHECK(event.urgency() == v1::IMMEDIATE);
  CHECK(event.certainty() == v1::OBSERVED);
  CHECK(event.status() == v1::ACTUAL);
  CHECK(event.sender_unit() == "bac-giang/cnty");
  REQUIRE(event.areas_size() == 1);
  CHECK(event.areas(0).code() == "24");
  CHECK(event.areas(0).scheme() == "VN-2025");
  const v1::AnimalDiseaseAlert& body = event.animal_disease();
  CHECK(body.disease() == "Dịch tả lợn châu Phi");
  CHECK(body.onset_date() == "2026-11-25");
  REQUIRE(body.outbreaks_size() == 1);
  CHECK(body.outbreaks(0).epi_unit() == v1::Outbreak::HOUSEHOLD);
  CHECK(body.outbreaks(0).commune().code() == "07360");
  CHECK(body.outbreaks(0).species(0).susceptible() == 120);
  CHECK(body.outbreaks(0).species(0).destroyed() == 25);
  REQUIRE(body.control_measures_size() == 2);
}

TEST_CASE("post --interactive asks the forest-fire notice's own part and re-asks a swapped point") {
  PublishSink sink;
  // Options preset the envelope; then the sender (default), the notice, the hotspot, its
  // point (swapped, then right), confidence, forest type by number, the optional fields.
  const std::string answers =
      "\nhotspot\nVIIRS S-NPP\n01/12/2026 10:00\n106.85\n21.33\n21.33\n106.85\n80\n2\n\n"
      "\n\n\n\n\nc\n";
  const Result result = run_alertctl(
      {"--broker", sink.broker.endpoint(), "--timeout", "2", "post", "--interactive", "--kind",
       "forest-fire", "--title", "Điểm cháy tại Sơn Động", "--severity", "severe", "--urgency",
       "immediate", "--certainty", "observed", "--area", "24:VN-2025:Bắc Ninh"},
      answers);
  INFO(result.out);
  INFO(result.err);
  REQUIRE(result.code == 0);
  CHECK(has(result.out,
            "forest_fire.hotspot.location (Tọa độ điểm cháy): tọa độ (106.85, 21.33) "
            "nằm ngoài Việt Nam"));
  CHECK_FALSE(has(result.out, "Đám cháy"));  // The fire's part is not asked for a hotspot.
  const std::vector<v1::Event> published = sink.events();
  REQUIRE(published.size() == 1);
  const v1::ForestFireAlert& fire = published[0].forest_fire();
  CHECK(fire.subtype() == v1::ForestFireAlert::HOTSPOT);
  CHECK_FALSE(fire.has_fire());
  CHECK_FALSE(fire.has_danger());
  CHECK(fire.hotspot().location().latitude() == 21.33);
  CHECK(fire.hotspot().location().longitude() == 106.85);
  CHECK(fire.hotspot().confidence_percent() == 80);
  CHECK(fire.hotspot().forest_type() == "keo");
}

TEST_CASE("post --interactive answered no publishes nothing") {
  const Result result =
      run_alertctl({"--broker", "tcp://127.0.0.1:9", "post", "--interactive", "--kind", "crop-pest",
                    "--title", "Sâu đục cuống quả", "--severity", "moderate", "--urgency",
                    "expected", "--certainty", "likely", "--area", "24:VN-2025:Bắc Ninh"},
                   "\nConopomorpha sinensis\nsâu đục cuống quả\nvải thiều\n\n\n\n\n\n\n\n\n\n"
                   "\n\n\n\n\n\n\n\n\n\nk\n");
  INFO(result.out);
  INFO(result.err);
  CHECK(result.code == 0);
  CHECK(has(result.out, "Đã hủy, không gửi gì."));
}

TEST_CASE("A file that is not well-formed TOML or JSON is refused naming its line and column") {
  const Result toml = run_alertctl({"post", "--file", "-"}, "kind = \"crop-pest\"\ntitle = \"x\n");
  CHECK(toml.code == 2);
  CHECK(has(toml.err, "TOML không hợp lệ ở dòng 2, cột 11: kiểm tra dấu ="));
  const Result json =
      run_alertctl({"post", "--file", "-"}, "{\"kind\": \"crop-pest\",\n \"title\": \"x\" 3}");
  CHECK(json.code == 2);
  CHECK(has(json.err, "JSON không hợp lệ ở dòng 2, cột 15: kiểm tra dấu ngoặc"));
}

TEST_CASE("post --interactive asks again for a field the local validation needs") {
  PublishSink sink;
  // The sender, the pest, no density unit, a density of 5, the other fields empty; the check
  // then asks for the density unit.
  const std::string answers = "\nConopomorpha sinensis\nsâu đục cuống quả\nvải thiều\n\n\n5\n" +
                              std::string(14, '\n') + "con/m2\nc\n";
  const Result result = run_alertctl(
      {"--broker", sink.broker.endpoint(), "--timeout", "2", "post", "--interactive", "--kind",
       "crop-pest", "--title", "Sâu đục cuống quả", "--severity", "moderate", "--urgency",
       "expected", "--certainty", "likely", "--area", "24:VN-2025:Bắc Ninh"},
      answers);
  INFO(result.out);
  INFO(result.err);
  REQUIRE(result.code == 0);
  CHECK(has(result.out, "Lỗi: thiếu trường bắt buộc crop_pest.density_unit"));
  const std::vector<v1::Event> published = sink.events();
  REQUIRE(published.size() == 1);
  CHECK(published[0].crop_pest().density() == 5);
  CHECK(published[0].crop_pest().density_unit() == "con/m2");
}

TEST_CASE("An area's empty scheme is VN-2025, with or without the province table") {
  const std::string text =
      "kind = \"crop-pest\"\n[[areas]]\ncode = \"31\"\nname = \"Hải Phòng\"\n"
      "[[areas]]\ncode = \"07360\"\nname = \"xã Lục Ngạn\"\n";
  alertctl::PostInput input;
  input.file_path = "-";
  std::istringstream without_table(text);
  const auto read = alertctl::build_post_event(input, "hai-duong/bvtv", without_table, nullptr);
  REQUIRE(read.ok());
  CHECK(read->areas(0).scheme() == "VN-2025");
  CHECK(read->areas(1).scheme() == "VN-2025");
  const auto checked = read_file(text);
  REQUIRE(checked.ok());
  CHECK(checked->areas(0).scheme() == "VN-2025");
  // Hải Dương has no VN-2025 code: by name alone it is VN-2004 30.
  const auto old_name = read_file("kind = \"crop-pest\"\n[[areas]]\nname = \"Hải Dương\"\n");
  REQUIRE(old_name.ok());
  CHECK(old_name->areas(0).code() == "30");
  CHECK(old_name->areas(0).scheme() == "VN-2004");
}
