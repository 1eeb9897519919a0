// Hostile CAP documents: what `alertctl import cap` must refuse, with the documented code and
// field, before any parsing work can grow with them (client::from_cap).
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "alertbus/client/cap.hpp"
#include "clients/cap_documents.hpp"
#include "support/sample_events.hpp"

namespace v1 = alertbus::v1;
using alertbus::client::from_cap;
using alertbus::client::to_cap;
using cap_documents::contains;
using cap_documents::replaced;

namespace {

struct BadCase {
  std::string name;
  std::string xml;
  v1::ErrorCode code;
  std::string field;
};

// `count` copies of `text`, each numbered and followed by `suffix` ("a1=\"1\" a2=\"1\"…" for
// attributes, which must differ); an empty suffix repeats `text` as it is.
std::string many(const std::string& text, int count, const std::string& suffix) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    out += suffix.empty() ? text : text + std::to_string(i) + suffix;
  }
  return out;
}

}  // namespace

TEST_CASE("Malformed and hostile CAP documents are refused with the documented code and field") {
  const v1::Event alert = alertbus::testing::sample_crop_pest();
  const std::string good = to_cap({}, alert);
  REQUIRE(from_cap(good).ok());
  const std::string sent = alertbus::client::cap_date_time(alert.sent_at());
  const std::size_t info_start = good.find("  <info>");
  const std::size_t info_end = good.find("</info>\n") + 8;
  const std::string info = good.substr(info_start, info_end - info_start);

  const std::vector<BadCase> cases = {
      {"empty input", "", v1::MALFORMED_EVENT, "alert"},
      {"not XML", "\x01\x02 garbage <<<", v1::MALFORMED_EVENT, "alert"},
      {"truncated", good.substr(0, good.size() / 2), v1::MALFORMED_EVENT, "alert"},
      {"billion laughs",
       "<?xml version=\"1.0\"?>\n<!DOCTYPE alert [<!ENTITY a \"aaaaaaaaaa\">"
       "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\"><!ENTITY c "
       "\"&b;&b;&b;&b;&b;&b;&b;&b;\">]>\n" +
           replaced(good.substr(good.find("<alert")), "<event>", "<event>&c;"),
       v1::MALFORMED_EVENT, "alert"},
      {"external entity",
       "<?xml version=\"1.0\"?>\n<!DOCTYPE alert [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n" +
           replaced(good.substr(good.find("<alert")), "<event>", "<event>&x;"),
       v1::MALFORMED_EVENT, "alert"},
      {"wrong namespace",
       replaced(good, "urn:oasis:names:tc:emergency:cap:1.2",
                "urn:oasis:names:tc:emergency:cap:1.1"),
       v1::MALFORMED_EVENT, "alert"},
      {"no namespace", replaced(good, " xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"", ""),
       v1::MALFORMED_EVENT, "alert"},
      {"root is not alert",
       "<?xml version=\"1.0\"?><feed xmlns=\"urn:oasis:names:tc:emergency:cap:1.2\"/>",
       v1::MALFORMED_EVENT, "alert"},
      {"missing info", replaced(good, info, ""), v1::MISSING_FIELD, "alert.info"},
      {"two infos", replaced(good, info, info + info), v1::INVALID_VALUE, "alert.info"},
      {"missing identifier",
       replaced(good, "<identifier>" + alert.event_id() + "</identifier>", ""), v1::MISSING_FIELD,
       "alert.identifier"},
      {"bad date", replaced(good, "<sent>" + sent, "<sent>2026-13-45T25:00:00+07:00"),
       v1::INVALID_VALUE, "alert.sent"},
      {"date in UTC with Z", replaced(good, "<sent>" + sent, "<sent>2026-11-28T07:05:09Z"),
       v1::INVALID_VALUE, "alert.sent"},
      {"unknown severity word",
       replaced(good, "<severity>Moderate</severity>", "<severity>Catastrophic</severity>"),
       v1::INVALID_VALUE, "alert.info.severity"},
      {"unknown status", replaced(good, "<status>Actual</status>", "<status>Draft</status>"),
       v1::INVALID_VALUE, "alert.status"},
      {"msgType contradicts alertbus:type",
       replaced(good, "<msgType>Alert</msgType>", "<msgType>Cancel</msgType>"), v1::INVALID_VALUE,
       "alert.msgType"},
      {"body that is not JSON of its kind",
       replaced(good, "<valueName>alertbus:body</valueName>\n      <value>{",
                "<valueName>alertbus:body</valueName>\n      <value>{\"no_such_field\":1,"),
       v1::INVALID_VALUE, "alert.info.parameter[alertbus:body]"},
      {"bad polygon", replaced(good, "</areaDesc>", "</areaDesc><polygon>21.3;106.5</polygon>"),
       v1::INVALID_VALUE, "alert.info.area[0].polygon"},
      {"attribute bomb (200,000 attributes on one element)",
       replaced(good, "<event>", "<event" + many(" a", 200000, "=\"1\"") + ">"),
       v1::MALFORMED_EVENT, "alert"},
      {"element flood (20,000 elements)",
       replaced(good, "</info>", many("<parameter/>", 20000, "") + "</info>"), v1::MALFORMED_EVENT,
       "alert"},
      {"nesting 100 deep",
       replaced(good, "</info>", many("<x>", 100, "") + many("</x>", 100, "") + "</info>"),
       v1::MALFORMED_EVENT, "alert"},
      {"area without a Vietnamese geocode",
       replaced(good, "<valueName>VN-2025</valueName>", "<valueName>FIPS6</valueName>"),
       v1::MISSING_FIELD, "alert.info.area[0].geocode"},
  };
  for (const BadCase& bad : cases) {
    DYNAMIC_SECTION(bad.name) {
      const auto result = from_cap(bad.xml);
      REQUIRE_FALSE(result.ok());
      INFO(result.status().to_string());
      CHECK(result.status().code() == bad.code);
      CHECK(result.status().field() == bad.field);
      CHECK_FALSE(result.status().message_vi().empty());
      CHECK(result.status().message_vi() != result.status().message());
      // The entity's text never reaches the messages.
      CHECK_FALSE(contains(result.status().message(), "root:"));
      CHECK_FALSE(contains(result.status().message(), "aaaaaaaaaa"));
    }
  }
}

TEST_CASE("Markup bounds count markup only: comments, CDATA and quoted values do not add up") {
  const v1::Event alert = alertbus::testing::sample_crop_pest();
  const std::string good = to_cap({}, alert);
  // 100 '=' and 100 '<x>' in a comment, and a '>' and '=' inside a quoted attribute value.
  const std::string commented =
      replaced(good, "<event>", "<!--" + many(" a", 100, "=1 <x>") + "--><event>");
  CHECK(from_cap(commented).ok());
  const std::string quoted =
      replaced(good, "<alert xmlns=", "<alert xmlns:q=\"urn:x?a=1>b\" xmlns=");
  CHECK(from_cap(quoted).ok());
}
