// Other agencies' CAP 1.2 alerts that no rule maps (alertbus/client/cap_foreign.hpp): kept as
// external notices (kind EXTERNAL) with the original document byte for byte, valid events,
// and alertctl's import printing so (tests/support/cap/foreign/igp-earthquake.xml, which the
// shipped rules do not match).
#include <fstream>
#include <optional>
#include <sstream>
#include <string>

#include <catch2/catch.hpp>

#include "alertbus/client/cap_foreign.hpp"
#include "alertbus/protocol/validation.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/app.hpp"
#include "alertctl/cap_rules.hpp"
#include "broker/temp_dir.hpp"

namespace {

namespace v1 = alertbus::v1;
using alertbus::client::CapRules;
using alertbus::client::ForeignCapOptions;
using alertbus::client::from_foreign_cap;
using alertbus::client::imported_event_id;
using alertbus::testing::TempDir;

const std::string kSourceDir = ALERTBUS_SOURCE_DIR;
// 2026-12-05 09:00 in Vietnam: the import time.
const std::int64_t kNowMs = alertbus::protocol::vietnam_midnight_ms(2026, 12, 5) + 9 * 3'600'000;

std::string earthquake() {
  std::ifstream file(kSourceDir + "/tests/support/cap/foreign/igp-earthquake.xml",
                     std::ios::binary);
  REQUIRE(file);
  std::ostringstream text;
  text << file.rdbuf();
  return text.str();
}

CapRules shipped_rules() {
  auto loaded = alertbus::alertctl::load_cap_rules(kSourceDir + "/deploy/cap-rules.toml");
  REQUIRE(loaded.ok());
  return std::move(loaded).value();
}

ForeignCapOptions options() {
  ForeignCapOptions out;
  out.sender_unit = "bac-giang/cnty";
  out.now_unix_ms = kNowMs;
  return out;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

TEST_CASE("an alert no rule matches is kept as an external notice with its CAP document",
          "[cap][foreign][external]") {
  const std::string xml = earthquake();
  const auto read = from_foreign_cap(xml, shipped_rules(), options());
  INFO(read.status().message());
  REQUIRE(read.ok());
  CHECK(read->external);
  CHECK(read->rule.empty());
  const v1::Event& event = read->event;
  CHECK(event.kind() == v1::EXTERNAL);
  CHECK(event.type() == v1::ALERT);
  CHECK(event.body_case() == v1::Event::kExternal);
  CHECK(event.status() == v1::ACTUAL);
  CHECK(event.urgency() == v1::PAST);
  CHECK(event.severity() == v1::MINOR);
  CHECK(event.certainty() == v1::OBSERVED);
  CHECK(event.title() == "Động đất độ lớn 3,8 tại huyện Sơn Động, tỉnh Bắc Giang");
  CHECK(contains(event.description(), "không quy tắc nào khớp / no rule matched"));
  CHECK(event.sender_unit() == "bac-giang/cnty");
  // The same deterministic id as a mapped import: a re-import is recognised.
  const std::int64_t sent_ms =
      alertbus::protocol::vietnam_midnight_ms(2026, 12, 5) + (3 * 3600 + 12 * 60 + 40) * 1000LL;
  CHECK(event.event_id() ==
        imported_event_id("bac-giang/cnty", "baotin@igp-vast.vn", "IGP-DD-20261205-0042", sent_ms));
  // The circle without a province geocode takes the rules' default area (Bắc Giang, 24).
  REQUIRE(event.areas_size() == 1);
  CHECK(event.areas(0).code() == "24");
  CHECK(event.areas(0).circle_radius_km() == 10);

  const v1::ExternalAlert& body = event.external();
  CHECK(body.sender() == "baotin@igp-vast.vn");
  CHECK(body.identifier() == "IGP-DD-20261205-0042");
  CHECK(body.sent().seconds() * 1000 == sent_ms);
  CHECK(body.event() == "Động đất");
  REQUIRE(body.categories_size() == 1);
  CHECK(body.categories(0) == "Geo");
  REQUIRE(body.event_codes_size() == 1);
  CHECK(body.event_codes(0).name() == "IGP:CapDoDongDat");
  CHECK(body.event_codes(0).value() == "3.8");
  CHECK(body.cap_document() == xml);  // Byte for byte.

  alertbus::protocol::ValidationOptions validation;
  validation.now_unix_ms = kNowMs;
  const alertbus::Status valid = alertbus::protocol::validate_event(event, validation);
  INFO(valid.message());
  CHECK(valid.ok());
}

TEST_CASE("an Update or Cancel of an imported external notice is a follow-up of it",
          "[cap][foreign][external]") {
  std::string update = earthquake();
  const auto swap = [&update](const std::string& from, const std::string& to) {
    const std::size_t at = update.find(from);
    REQUIRE(at != std::string::npos);
    update.replace(at, from.size(), to);
  };
  swap("IGP-DD-20261205-0042", "IGP-DD-20261205-0043");
  swap("<msgType>Alert</msgType>", "<msgType>Update</msgType>");
  swap("<scope>Public</scope>",
       "<scope>Public</scope>\n  <references>baotin@igp-vast.vn,IGP-DD-20261205-0042,"
       "2026-12-05T03:12:40+07:00</references>");
  const auto notice = from_foreign_cap(earthquake(), shipped_rules(), options());
  REQUIRE(notice.ok());
  const std::string notice_id = notice->event.event_id();
  ForeignCapOptions with_notice = options();
  with_notice.imported_kind = [&](const std::string& id) -> std::optional<v1::AlertKind> {
    return id == notice_id ? std::optional(v1::EXTERNAL) : std::nullopt;
  };
  const auto read = from_foreign_cap(update, shipped_rules(), with_notice);
  INFO(read.status().message());
  REQUIRE(read.ok());
  CHECK(read->event.type() == v1::ADDITIONAL_INFO);
  CHECK(read->event.kind() == v1::EXTERNAL);
  CHECK(read->event.follow_up().alert_event_id() == notice_id);
  alertbus::protocol::ValidationOptions validation;
  validation.now_unix_ms = kNowMs;
  CHECK(alertbus::protocol::validate_event(read->event, validation).ok());
}

TEST_CASE("an external notice's document over 128 KiB is refused, not cut",
          "[cap][foreign][external]") {
  std::string xml = earthquake();
  const std::string padding = "<!-- " + std::string(131'072, 'x') + " -->\n";
  xml.insert(xml.find("<alert"), padding);
  const auto read = from_foreign_cap(xml, shipped_rules(), options());
  REQUIRE_FALSE(read.ok());
  CHECK(read.status().code() == v1::TOO_LONG);
  CHECK(contains(read.status().message_vi(), "131072 byte"));
}

TEST_CASE(
    "alertctl import cap --rules keeps an unmatched alert as an external notice, and "
    "--no-external refuses it",
    "[cap][foreign][external]") {
  const TempDir dir;
  const std::string file = dir.file("earthquake.xml");
  std::ofstream(file, std::ios::binary) << earthquake();
  alertbus::alertctl::Environment environment;
  environment.sender = "bac-giang/cnty";
  environment.areas_file = kSourceDir + "/deploy/areas/provinces.csv";
  const std::string rules = kSourceDir + "/deploy/cap-rules.toml";
  const auto run = [&](bool no_external, std::string* out, std::string* err) {
    std::vector<const char*> argv = {"alertctl", "import",      "cap",
                                     "--rules",  rules.c_str(), "--dry-run"};
    if (no_external) {
      argv.push_back("--no-external");
    }
    argv.push_back(file.c_str());
    std::istringstream in;
    std::ostringstream output;
    std::ostringstream errors;
    const int code = alertbus::alertctl::run(static_cast<int>(argv.size()), argv.data(),
                                             environment, in, output, errors);
    *out = output.str();
    *err = errors.str();
    return code;
  };
  std::string out;
  std::string err;
  CHECK(run(false, &out, &err) == 0);
  INFO(out << err);
  CHECK(contains(err, "không có quy tắc nào khớp: lưu thành cảnh báo từ hệ thống khác"));
  CHECK(contains(out, "Cảnh báo từ hệ thống khác"));
  CHECK(run(true, &out, &err) == 2);
  CHECK(contains(err, "không quy tắc nào"));
}

}  // namespace
