// CAP 1.2 export and import (alertbus/client/cap.hpp): every sample event against the OASIS
// schema with xmllint, round trips, escaping, hostile and malformed documents, the Atom feed.
#include "alertbus/client/cap.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <vector>

#include <catch2/catch.hpp>
#include <google/protobuf/util/message_differencer.h>
#include <google/protobuf/util/time_util.h>

#include "alertbus/protocol/event_id.hpp"
#include "alertbus/protocol/validation.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "broker/temp_dir.hpp"
#include "clients/cap_documents.hpp"
#include "support/sample_events.hpp"

namespace {

namespace v1 = alertbus::v1;
using alertbus::client::CapContext;
using alertbus::client::CapEntry;
using alertbus::client::from_cap;
using alertbus::client::to_atom_feed;
using alertbus::client::to_cap;
using alertbus::testing::TempDir;
using cap_documents::contains;
using cap_documents::replaced;
using google::protobuf::util::MessageDifferencer;

struct Named {
  std::string name;
  v1::Event event;
};

// Every sample alert: the four kinds, and the four forest-fire subtypes.
std::vector<Named> sample_alerts() {
  using alertbus::testing::sample_forest_fire;
  return {{"animal disease", alertbus::testing::sample_animal_disease()},
          {"crop pest", alertbus::testing::sample_crop_pest()},
          {"forest fire DANGER_LEVEL", sample_forest_fire(v1::ForestFireAlert::DANGER_LEVEL)},
          {"forest fire HOTSPOT", sample_forest_fire(v1::ForestFireAlert::HOTSPOT)},
          {"forest fire FIRE", sample_forest_fire(v1::ForestFireAlert::FIRE)},
          {"forest fire FIRE_OUT", sample_forest_fire(v1::ForestFireAlert::FIRE_OUT)},
          {"unsafe food", alertbus::testing::sample_unsafe_food()}};
}

// Follow-ups of several types to `alert`.
std::vector<Named> sample_follow_ups(const v1::Event& alert) {
  std::vector<Named> out;
  for (const v1::EventType type :
       {v1::ACKNOWLEDGE, v1::ADDITIONAL_INFO, v1::MEASURES_TAKEN, v1::REQUEST_INFO, v1::ANSWER_INFO,
        v1::RECLASSIFY, v1::NEW_OUTBREAK, v1::CLOSE, v1::CANCEL, v1::WITHDRAW}) {
    out.push_back({v1::EventType_Name(type), alertbus::testing::sample_follow_up(alert, type)});
  }
  return out;
}

CapContext context_for(const v1::Event& alert) {
  CapContext context;
  context.references.push_back({alert.event_id(), alert.sender_unit(), alert.sent_at()});
  return context;
}

v1::StoredEvent stored_with_reference(const std::string& reference) {
  v1::StoredEvent stored;
  stored.set_reference(reference);
  return stored;
}

struct Lint {
  int exit_code = -1;
  std::string output;
};

// Runs xmllint on `text` written to a file in `dir`; with `schema`, validates against it.
Lint xmllint(const TempDir& dir, const std::string& name, const std::string& text, bool schema) {
  const std::string path = dir.file(name);
  std::ofstream(path, std::ios::binary) << text;
  const std::string log = dir.file(name + ".log");
  const std::string command = std::string("xmllint --noout --nonet ") +
                              (schema ? "--schema " ALERTBUS_CAP_SCHEMA " " : "") + path + " > " +
                              log + " 2>&1";
  const int status = std::system(command.c_str());
  Lint lint;
  lint.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ostringstream output;
  output << std::ifstream(log).rdbuf();
  lint.output = output.str();
  return lint;
}

void require_same(const v1::Event& expected, const v1::Event& actual) {
  MessageDifferencer differencer;
  std::string differences;
  differencer.ReportDifferencesToString(&differences);
  INFO(differences);
  REQUIRE(differencer.Compare(expected, actual));
}

}  // namespace

TEST_CASE("Every sample alert and follow-up exports to a document the CAP 1.2 schema accepts") {
  TempDir dir;
  const v1::Event alert = alertbus::testing::sample_animal_disease();
  std::vector<Named> events = sample_alerts();
  for (Named& follow_up : sample_follow_ups(alert)) {
    events.push_back(std::move(follow_up));
  }
  events.push_back(
      {"forest LEVEL_CHANGE", alertbus::testing::sample_follow_up(
                                  alertbus::testing::sample_forest_fire(), v1::LEVEL_CHANGE)});
  int index = 0;
  for (const Named& named : events) {
    DYNAMIC_SECTION(named.name) {
      const std::string xml =
          to_cap(stored_with_reference("BG-2026-00042"), named.event, context_for(alert));
      INFO(xml);
      const Lint lint = xmllint(dir, "event-" + std::to_string(index) + ".xml", xml, true);
      INFO(lint.output);
      REQUIRE(lint.exit_code == 0);
    }
    ++index;
  }
}

TEST_CASE("CAP carries the mapping the operations guide documents") {
  const v1::Event alert = alertbus::testing::sample_animal_disease();
  const std::string xml = to_cap(stored_with_reference("BG-2026-00042"), alert);
  CHECK(contains(xml, "<identifier>" + alert.event_id() + "</identifier>"));
  CHECK(contains(xml, "<sender>bac-giang/cnty</sender>"));
  CHECK(contains(xml, "<sent>" + alertbus::client::cap_date_time(alert.sent_at()) + "</sent>"));
  CHECK(contains(xml, "<msgType>Alert</msgType>"));
  CHECK(contains(xml, "<scope>Restricted</scope>"));
  CHECK(contains(xml, "<code>alertbus:1</code>"));
  CHECK(contains(xml, "<category>Health</category>"));
  CHECK(contains(xml, "<event>" + alert.animal_disease().disease() + "</event>"));
  CHECK(contains(xml, "<value>BG-2026-00042</value>"));
  CHECK(contains(xml, "<valueName>VN-2025</valueName>"));

  // 2026-11-28 07:05:09 UTC is 14:05:09 in Vietnam.
  google::protobuf::Timestamp time;
  REQUIRE(google::protobuf::util::TimeUtil::FromString("2026-11-28T07:05:09.750Z", &time));
  CHECK(alertbus::client::cap_date_time(time) == "2026-11-28T14:05:09+07:00");

  CHECK(contains(to_cap({}, alertbus::testing::sample_crop_pest()), "<category>Env</category>"));
  CHECK(contains(to_cap({}, alertbus::testing::sample_forest_fire()), "<category>Fire</category>"));

  const v1::Event cancel = alertbus::testing::sample_follow_up(alert, v1::CANCEL);
  const std::string cancel_xml = to_cap({}, cancel, context_for(alert));
  CHECK(contains(cancel_xml, "<msgType>Cancel</msgType>"));
  CHECK(contains(cancel_xml, "<note>" + cancel.follow_up().text() + "</note>"));
  CHECK(contains(cancel_xml, "<references>bac-giang/cnty," + alert.event_id() + "," +
                                 alertbus::client::cap_date_time(alert.sent_at()) +
                                 "</references>"));
  CHECK(contains(to_cap({}, alertbus::testing::sample_follow_up(alert, v1::ACKNOWLEDGE)),
                 "<msgType>Ack</msgType>"));
  CHECK(contains(to_cap({}, alertbus::testing::sample_follow_up(alert, v1::WITHDRAW)),
                 "<msgType>Cancel</msgType>"));
  CHECK(contains(to_cap({}, alertbus::testing::sample_follow_up(alert, v1::MEASURES_TAKEN)),
                 "<msgType>Update</msgType>"));
}

TEST_CASE("An alert read back from its CAP document equals the original, sub-seconds included") {
  for (const Named& named : sample_alerts()) {
    DYNAMIC_SECTION(named.name) {
      // A fraction of a second always, whatever millisecond the sample was made in (at a
      // whole second the test would prove less).
      v1::Event event = named.event;
      event.mutable_sent_at()->set_nanos(123000000);
      const std::string xml = to_cap(stored_with_reference("BG-2026-00001"), event);
      auto back = from_cap(xml);
      INFO(back.status().to_string());
      REQUIRE(back.ok());
      require_same(event, *back);
      const alertbus::Status valid =
          alertbus::protocol::validate_event(*back, alertbus::testing::validation_options_now());
      INFO(valid.to_string());
      REQUIRE(valid.ok());
    }
  }
}

TEST_CASE("A follow-up read back from its CAP document equals the original") {
  const v1::Event alert = alertbus::testing::sample_unsafe_food();
  for (const Named& named : sample_follow_ups(alert)) {
    DYNAMIC_SECTION(named.name) {
      auto back = from_cap(to_cap({}, named.event, context_for(alert)));
      INFO(back.status().to_string());
      REQUIRE(back.ok());
      require_same(named.event, *back);
    }
  }
}

TEST_CASE("Markup characters and Vietnamese text are escaped and survive the round trip") {
  TempDir dir;
  v1::Event event = alertbus::testing::sample_forest_fire();
  event.set_title("Cháy <rừng> & \"khói\" ở Lục Nam — 'cấp IV' </headline>]]>");
  event.set_description("Dòng 1\r\nDòng 2\tđã báo <b>Chí Linh</b> & Đông Triều");
  event.set_contact("Đội PCCC <0204 385 4321> & \"trực ban\"");
  event.mutable_areas(0)->set_name("Lục Nam <Bắc Giang> & Chí Linh");
  const std::string xml = to_cap(stored_with_reference("BG-2026-<&>"), event);
  CHECK(contains(xml, "Cháy &lt;rừng&gt; &amp; &quot;khói&quot;"));
  CHECK_FALSE(contains(xml, "<b>"));
  const Lint lint = xmllint(dir, "escaped.xml", xml, true);
  INFO(lint.output);
  REQUIRE(lint.exit_code == 0);
  auto back = from_cap(xml);
  INFO(back.status().to_string());
  REQUIRE(back.ok());
  require_same(event, *back);
}

TEST_CASE("A CAP alert from another system without our kind and body gets a clear error") {
  const std::string foreign = R"(<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="urn:oasis:names:tc:emergency:cap:1.2">
  <identifier>KSTN-2026-0001</identifier>
  <sender>kttv@nchmf.gov.vn</sender>
  <sent>2026-11-28T14:05:00+07:00</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <category>Fire</category>
    <event>Nguy cơ cháy rừng</event>
    <urgency>Expected</urgency>
    <severity>Severe</severity>
    <certainty>Likely</certainty>
    <headline>Cảnh báo cấp IV</headline>
  </info>
</alert>
)";
  auto result = from_cap(foreign);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == v1::MISSING_FIELD);
  CHECK(result.status().field() == "alert.info.eventCode[alertbus:kind]");
  CHECK(contains(result.status().message(), "FOREST_FIRE"));
  CHECK(contains(result.status().message_vi(), "nội dung có cấu trúc"));

  const std::string with_kind = replaced(
      foreign, "<urgency>",
      "<eventCode><valueName>alertbus:kind</valueName><value>FOREST_FIRE</value></eventCode>"
      "<urgency>");
  // eventCode comes after certainty in the schema, but the reader does not insist on order.
  result = from_cap(with_kind);
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().code() == v1::MISSING_FIELD);
  CHECK(result.status().field() == "alert.info.parameter[alertbus:body]");
  CHECK(contains(result.status().message(), "FOREST_FIRE"));
}

// Found by fuzz_cap: a CAP document without <language> read as an event without a language,
// which validates; written again, its <language> said vi-VN (the writer's default for CAP
// readers) and it came back with language "vi-VN", another event than the one exported.
TEST_CASE("An event without a language comes back from CAP without one") {
  TempDir dir;
  v1::Event event = alertbus::testing::sample_animal_disease();
  event.clear_language();
  const std::string xml = to_cap({}, event);
  CHECK(contains(xml, "<language>vi-VN</language>"));  // What other CAP readers see.
  const Lint lint = xmllint(dir, "no-language.xml", xml, true);
  INFO(lint.output);
  CHECK(lint.exit_code == 0);
  auto back = from_cap(xml);
  INFO(back.status().to_string());
  REQUIRE(back.ok());
  require_same(event, *back);
  // A document without <language> at all reads the same, and so round-trips.
  const std::string bare = replaced(xml, "    <language>vi-VN</language>\n", "");
  auto from_bare = from_cap(bare);
  REQUIRE(from_bare.ok());
  CHECK(from_bare->language().empty());
  auto again = from_cap(to_cap({}, *from_bare));
  REQUIRE(again.ok());
  require_same(*from_bare, *again);
  // An event that says vi-VN itself keeps it, and an edited <language> wins.
  event.set_language("vi-VN");
  auto explicit_language = from_cap(to_cap({}, event));
  REQUIRE(explicit_language.ok());
  CHECK(explicit_language->language() == "vi-VN");
  auto edited = from_cap(replaced(xml, "<language>vi-VN</language>", "<language>en</language>"));
  REQUIRE(edited.ok());
  CHECK(edited->language() == "en");
}

// Found by fuzz_cap: U+FFFF is valid UTF-8, so validation accepts it (here from a "\uffff"
// in the body's JSON), but XML 1.0 cannot carry it, not even as a character reference: the
// writer put it into the document as it was, and the document was not well-formed XML.
TEST_CASE("U+FFFE and U+FFFF give a well-formed document, and survive in the body exactly") {
  TempDir dir;
  v1::Event event = alertbus::testing::sample_animal_disease();
  const std::string noncharacters = "\xEF\xBF\xBE and \xEF\xBF\xBF";  // U+FFFE, U+FFFF
  event.mutable_animal_disease()->set_source("source " + noncharacters);
  event.set_title("title " + noncharacters);
  REQUIRE(
      alertbus::protocol::validate_event(event, alertbus::testing::validation_options_now()).ok());
  const std::string xml = to_cap({}, event);
  const Lint lint = xmllint(dir, "noncharacters.xml", xml, true);
  INFO(lint.output);
  CHECK(lint.exit_code == 0);
  auto back = from_cap(xml);
  INFO(back.status().to_string());
  REQUIRE(back.ok());
  // The body's JSON escapes them; the headline can only replace them.
  CHECK(back->animal_disease().source() == event.animal_disease().source());
  CHECK(back->title() == "title \xEF\xBF\xBD and \xEF\xBF\xBD");
  // What import gave back exports and imports unchanged.
  auto again = from_cap(to_cap({}, *back));
  REQUIRE(again.ok());
  require_same(*back, *again);
}

TEST_CASE("An identifier that is not a UUID gets a new UUIDv7, a UUID is kept") {
  v1::Event alert = alertbus::testing::sample_unsafe_food();
  const std::string xml = to_cap({}, alert);
  auto kept = from_cap(xml);
  REQUIRE(kept.ok());
  CHECK(kept->event_id() == alert.event_id());
  auto fresh =
      from_cap(replaced(xml, "<identifier>" + alert.event_id(), "<identifier>QN-QLCL-2026-17"));
  REQUIRE(fresh.ok());
  CHECK(fresh->event_id() != alert.event_id());
  CHECK(alertbus::protocol::is_valid_event_id(fresh->event_id()));
  CHECK(fresh->event_id()[14] == '7');
}

TEST_CASE("Every truncation of a CAP document is refused without a crash") {
  const std::string xml =
      to_cap(stored_with_reference("QN-2026-00007"), alertbus::testing::sample_unsafe_food());
  const std::size_t end = xml.rfind("</alert>");
  for (std::size_t size = 0; size < end; size += 7) {
    const auto result = from_cap(std::string_view(xml).substr(0, size));
    INFO(size);
    REQUIRE_FALSE(result.ok());
    REQUIRE(result.status().code() == v1::MALFORMED_EVENT);
  }
}

TEST_CASE("The Atom feed is well-formed and lists only actual alerts, newest first") {
  TempDir dir;
  std::vector<CapEntry> entries;
  auto add = [&](v1::Event event, std::int64_t seconds_back) {
    event.mutable_sent_at()->set_seconds(event.sent_at().seconds() - seconds_back);
    entries.push_back(
        {stored_with_reference("BG-2026-0000" + std::to_string(entries.size())), std::move(event)});
    return entries.back().event.event_id();
  };
  const std::string oldest = add(alertbus::testing::sample_animal_disease(), 300);
  const std::string newest = add(alertbus::testing::sample_crop_pest(), 10);
  v1::Event exercise = alertbus::testing::sample_forest_fire();
  exercise.set_status(v1::EXERCISE);
  const std::string exercise_id = add(exercise, 0);
  v1::Event test = alertbus::testing::sample_unsafe_food();
  test.set_status(v1::TEST);
  const std::string test_id = add(test, 0);
  const std::string middle = add(alertbus::testing::sample_unsafe_food(), 100);
  const std::string follow_up_id =
      add(alertbus::testing::sample_follow_up(entries[0].event, v1::ACKNOWLEDGE), 0);

  const std::string feed = to_atom_feed(entries);
  INFO(feed);
  const Lint lint = xmllint(dir, "feed.xml", feed, false);
  INFO(lint.output);
  REQUIRE(lint.exit_code == 0);

  std::size_t count = 0;
  for (std::size_t at = feed.find("<entry>"); at != std::string::npos;
       at = feed.find("<entry>", at + 1)) {
    ++count;
  }
  CHECK(count == 3);
  const std::size_t newest_at = feed.find("urn:uuid:" + newest);
  const std::size_t middle_at = feed.find("urn:uuid:" + middle);
  const std::size_t oldest_at = feed.find("urn:uuid:" + oldest);
  REQUIRE(newest_at != std::string::npos);
  REQUIRE(middle_at != std::string::npos);
  REQUIRE(oldest_at != std::string::npos);
  CHECK(newest_at < middle_at);
  CHECK(middle_at < oldest_at);
  CHECK_FALSE(contains(feed, exercise_id));
  CHECK_FALSE(contains(feed, test_id));
  CHECK_FALSE(contains(feed, follow_up_id));
  CHECK(contains(feed, "<content type=\"application/cap+xml\">"));
  CHECK(contains(feed, "<category term=\"CROP_PEST\""));
  CHECK(contains(feed, "<name>bac-giang/cnty</name>"));
  CHECK_FALSE(contains(feed, "rel=\"self\""));
  CHECK_FALSE(contains(feed, "urn:alertbus:state"));
}

TEST_CASE("The Atom feed marks alerts no longer in force and links to itself") {
  TempDir dir;
  std::vector<CapEntry> entries;
  v1::Event standing = alertbus::testing::sample_animal_disease();
  v1::Event cancelled = alertbus::testing::sample_crop_pest();
  entries.push_back({stored_with_reference("BG-2026-00001"), standing});
  entries.push_back({stored_with_reference("BG-2026-00002"), cancelled});
  v1::AlertCase active;
  active.set_state(v1::ALERT_ACTIVE);
  entries[0].alert_case = active;
  v1::AlertCase called_off;
  called_off.set_state(v1::ALERT_CANCELLED);
  // Cancelled a day after it was sent: the entry was updated then.
  *called_off.mutable_state_changed_at() = cancelled.sent_at();
  called_off.mutable_state_changed_at()->set_seconds(cancelled.sent_at().seconds() + 86400);
  entries[1].alert_case = called_off;
  alertbus::client::AtomFeedOptions options;
  options.self_url = "https://cnty.bacgiang.gov.vn/canh-bao.atom?a=1&b=2";
  const std::string feed = to_atom_feed(entries, options);
  INFO(feed);
  const Lint lint = xmllint(dir, "feed.xml", feed, false);
  INFO(lint.output);
  REQUIRE(lint.exit_code == 0);
  CHECK(contains(feed,
                 "<link rel=\"self\" type=\"application/atom+xml\" "
                 "href=\"https://cnty.bacgiang.gov.vn/canh-bao.atom?a=1&amp;b=2\"/>"));
  CHECK(contains(feed, "<title>[ĐÃ HỦY / CANCELLED] " + cancelled.title() + "</title>"));
  CHECK(contains(feed, "<title>" + standing.title() + "</title>"));
  CHECK(contains(feed, "term=\"ALERT_CANCELLED\""));
  CHECK(contains(feed, "term=\"ALERT_ACTIVE\""));
  const std::size_t cancelled_at = feed.find("urn:uuid:" + cancelled.event_id());
  REQUIRE(cancelled_at != std::string::npos);
  const std::size_t updated_at = feed.find("<updated>", cancelled_at);
  REQUIRE(updated_at != std::string::npos);
  CHECK(feed.compare(updated_at, 9 + 10,
                     "<updated>" + alertbus::protocol::format_vietnam_rfc3339(
                                       called_off.state_changed_at().seconds())
                                       .substr(0, 10)) == 0);
}
