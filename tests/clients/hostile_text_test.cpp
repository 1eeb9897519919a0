// Text that a sender controls, rendered where it could act instead of being read: a formula
// in a spreadsheet cell, HTML in a Markdown report, a control character on a terminal
// (issue "Hardening", item 9).
#include <catch2/catch.hpp>

#include "alertctl/case_render.hpp"
#include "alertctl/printable.hpp"
#include "alertctl/render.hpp"
#include "alertctl/report.hpp"
#include "clients/fake_broker.hpp"
#include "clients/report_fixtures.hpp"

namespace {

namespace alertctl = alertbus::alertctl;
namespace v1 = alertbus::v1;
using alertctl::Language;

// The fixed half-year cases with one title replaced.
alertctl::Report report_with_title(const std::string& title) {
  std::vector<v1::AlertCase> cases = alertbus::testing::h1_cases();
  cases.front().set_title(title);
  return alertctl::compute_report(cases, alertbus::testing::period("2026-H1"),
                                  alertbus::testing::ms("2026-06-05 09:00"), {});
}

}  // namespace

TEST_CASE("A CSV cell a spreadsheet would run as a formula is kept as text") {
  CHECK(alertctl::csv_field("=cmd|' /C calc'!A0") == "'=cmd|' /C calc'!A0");
  CHECK(alertctl::csv_field("=HYPERLINK(\"http://x\",\"y\")") ==
        "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
  CHECK(alertctl::csv_field("@SUM(A1:A9)") == "'@SUM(A1:A9)");
  CHECK(alertctl::csv_field("+84 912 345 678") == "'+84 912 345 678");
  CHECK(alertctl::csv_field("-2+3") == "'-2+3");
  CHECK(alertctl::csv_field("\tx") == "'\tx");
  CHECK(alertctl::csv_field("\r=1") == "\"'\r=1\"");
  // Numbers stay numbers; text that merely contains the characters stays as it is.
  CHECK(alertctl::csv_field("-12") == "-12");
  CHECK(alertctl::csv_field("+3.5") == "+3.5");
  CHECK(alertctl::csv_field("-0,25") == "\"-0,25\"");
  CHECK(alertctl::csv_field("Lô 12 = 40 kg") == "Lô 12 = 40 kg");
  // In the whole report: the title's cell starts with the apostrophe.
  const std::string csv = alertctl::report_csv(report_with_title("=1+1"), Language::kVi).value();
  CHECK_THAT(csv, Catch::Contains(",'=1+1,") || Catch::Contains(",'=1+1\r\n"));
  CHECK_THAT(csv, !Catch::Contains(",=1+1"));
}

TEST_CASE("The Markdown report shows HTML and Markdown in a title as text") {
  const std::string title = "<img src=x onerror=alert(1)> *đậm* [nhấn](javascript:x) `a` & b";
  const std::string markdown = alertctl::report_markdown(report_with_title(title), Language::kVi);
  CHECK_THAT(markdown, !Catch::Contains("<img"));
  CHECK_THAT(markdown, Catch::Contains("&lt;img src=x onerror=alert(1)&gt; \\*đậm\\* "
                                       "\\[nhấn\\](javascript:x) \\`a\\` &amp; b"));
}

TEST_CASE("Control characters and text-reordering marks are shown as escapes on a terminal") {
  CHECK(alertctl::printable("Cháy rừng\rOK") == "Cháy rừng\\rOK");
  CHECK(alertctl::printable("a\nb\tc") == "a\\nb\\tc");
  CHECK(alertctl::printable("a\nb\rc", true) == "a\nb\\rc");
  CHECK(alertctl::printable("\x1b[2J\x1b[31mđỏ") == "\\x1b[2J\\x1b[31mđỏ");
  CHECK(alertctl::printable("x\x7fy") == "x\\x7fy");
  CHECK(alertctl::printable("C1\xc2\x9b"
                            "31m") == "C1\\u009b31m");
  CHECK(alertctl::printable("abc\u202Efed") == "abc\\u202efed");
  CHECK(alertctl::printable("Lợn, gà — Hải Dương ✓") == "Lợn, gà — Hải Dương ✓");
  CHECK(alertctl::printable("bad \xff byte") == "bad \xff byte");  // Not a control: kept.

  // What `list` and `watch` print for an event whose title holds a CR and an ESC.
  v1::Event event = alertbus::testing::sample_alert();
  event.set_title("Lở mồm long móng\r\x1b[32mĐÃ XỬ LÝ XONG");
  const v1::StoredEvent stored = alertbus::testing::stored_event(7, event);
  const std::string line = alertctl::event_line(stored, Language::kVi);
  CHECK(line.find('\r') == std::string::npos);
  CHECK(line.find('\x1b') == std::string::npos);
  CHECK_THAT(line, Catch::Contains("Lở mồm long móng\\r\\x1b[32mĐÃ XỬ LÝ XONG"));
  CHECK(alertctl::event_detail(stored, Language::kVi).find('\r') == std::string::npos);
  // And the case list.
  v1::AlertCase alert_case = alertbus::testing::h1_cases().front();
  alert_case.set_title("A\rB");
  CHECK(alertctl::case_line(alert_case, Language::kVi).find('\r') == std::string::npos);
  CHECK(alertctl::cases_table({alert_case}, Language::kVi).find('\r') == std::string::npos);
  CHECK(alertctl::case_detail(alert_case, Language::kVi).find('\r') == std::string::npos);
}
