// Tests of the parts of a report the officer writes (clients/alertctl/report_document.hpp,
// report_header.cpp): the administrative header and closing from a TOML file, every missing
// key's error, the assessment file, and how Markdown and HTML lay them out.
#include "alertctl/report_document.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "clients/report_fixtures.hpp"

namespace {

namespace alertctl = alertbus::alertctl;
namespace v1 = alertbus::v1;
using alertbus::testing::h1_report;
using alertbus::testing::ms;
using alertctl::Language;

const std::string kHeader = R"(governing_body = "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG TỈNH BẮC GIANG"
issuing_body = "CHI CỤC CHĂN NUÔI VÀ THÚ Y"
number = "15/BC-CCCNTY"
place = "Bắc Giang"
recipients = ["Sở Nông nghiệp và Môi trường (b/c);", "Lưu: VT, DT."]

[signer]
roles = ["KT. CHI CỤC TRƯỞNG", "PHÓ CHI CỤC TRƯỞNG"]
name = "Nguyễn Văn An"
)";

alertctl::AdminFrame frame(const std::string& text = kHeader) {
  auto parsed = alertctl::parse_admin_frame(text, "header.toml", ms("2026-12-05 09:00"));
  REQUIRE(parsed.ok());
  return *parsed;
}

// kHeader without the line that starts with `key` (or, for signer.*, its line in [signer]).
std::string without(const std::string& key) {
  const std::string line_start = key.rfind("signer.", 0) == 0 ? key.substr(7) + " =" : key + " =";
  std::string text;
  std::size_t start = 0;
  while (start < kHeader.size()) {
    const std::size_t end = kHeader.find('\n', start);
    const std::string line = kHeader.substr(start, end - start + 1);
    if (line.rfind(line_start, 0) != 0) {
      text += line;
    }
    start = end + 1;
  }
  return text;
}

}  // namespace

TEST_CASE("The administrative header is read from TOML, the date defaults to the report's day") {
  const auto f = frame();
  CHECK(f.governing_body == "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG TỈNH BẮC GIANG");
  CHECK(f.issuing_body == "CHI CỤC CHĂN NUÔI VÀ THÚ Y");
  CHECK(f.number == "15/BC-CCCNTY");
  CHECK(f.place == "Bắc Giang");
  CHECK(f.date_ms == ms("2026-12-05 09:00"));
  CHECK(f.title.empty());
  CHECK(f.recipients ==
        std::vector<std::string>{"Sở Nông nghiệp và Môi trường (b/c);", "Lưu: VT, DT."});
  CHECK(f.signer_roles == std::vector<std::string>{"KT. CHI CỤC TRƯỞNG", "PHÓ CHI CỤC TRƯỞNG"});
  CHECK(f.signer_name == "Nguyễn Văn An");
  // Nghị định 30: a day below 10 with its zero; December as it is.
  CHECK(alertctl::report_parts::place_and_date(f, Language::kVi) ==
        "Bắc Giang, ngày 05 tháng 12 năm 2026");
  CHECK(alertctl::report_parts::place_and_date(f, Language::kEn) == "Bắc Giang, 5 December 2026");
}

TEST_CASE("The header's date and title may be set, months 1 and 2 take a zero") {
  const auto f = frame("title = \"Kết quả 6 tháng đầu năm\"\ndate = 2026-02-03\n" + kHeader);
  CHECK(f.title == "Kết quả 6 tháng đầu năm");
  CHECK(alertctl::report_parts::place_and_date(f, Language::kVi) ==
        "Bắc Giang, ngày 03 tháng 02 năm 2026");
  const auto march = frame("date = \"2026-03-15\"\n" + kHeader);
  CHECK(alertctl::report_parts::place_and_date(march, Language::kVi) ==
        "Bắc Giang, ngày 15 tháng 3 năm 2026");
  auto bad = alertctl::parse_admin_frame("date = \"15/03/2026\"\n" + kHeader, "h.toml", 0);
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.status().message_vi(), Catch::Contains("h.toml: ngày không hợp lệ"));
  CHECK_THAT(bad.status().message(), Catch::Contains(": date"));
}

TEST_CASE("The shipped sample header is valid") {
  auto sample = alertctl::read_admin_frame(
      std::string(ALERTBUS_SOURCE_DIR) + "/deploy/report-header.toml", ms("2026-12-05"));
  REQUIRE(sample.ok());
  CHECK(sample->number == "15/BC-CCCNTY");
  CHECK(sample->signer_roles.size() == 2);
}

TEST_CASE("Each missing header key is an error naming it, in both languages") {
  for (const char* key : {"governing_body", "issuing_body", "number", "place", "recipients",
                          "signer.roles", "signer.name"}) {
    INFO(key);
    const std::string text = without(key);
    REQUIRE(text.size() < kHeader.size());
    auto parsed = alertctl::parse_admin_frame(text, "header.toml", 0);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == v1::INVALID_VALUE);
    CHECK_THAT(parsed.status().message(), Catch::EndsWith(std::string(": ") + key));
    CHECK_THAT(parsed.status().message(), Catch::StartsWith("header.toml: missing key"));
    CHECK_THAT(parsed.status().message_vi(), Catch::StartsWith("header.toml: thiếu khóa"));
    CHECK_THAT(parsed.status().message_vi(), Catch::EndsWith(std::string(": ") + key));
  }
  // Of the wrong type, or empty: the same.
  auto number = alertctl::parse_admin_frame("number = 15\n" + without("number"), "h.toml", 0);
  REQUIRE_FALSE(number.ok());
  CHECK_THAT(number.status().message(), Catch::EndsWith(": number"));
  auto empty = alertctl::parse_admin_frame("recipients = []\n" + without("recipients"), "h", 0);
  REQUIRE_FALSE(empty.ok());
  CHECK_THAT(empty.status().message(), Catch::EndsWith(": recipients"));
  auto broken = alertctl::parse_admin_frame("number = \"15", "h.toml", 0);
  REQUIRE_FALSE(broken.ok());
  CHECK_THAT(broken.status().message_vi(), Catch::Contains("tệp đầu báo cáo không đọc được"));
}

TEST_CASE("The assessment is paragraphs separated by blank lines, too large or not UTF-8 refused") {
  auto paragraphs = alertctl::parse_assessment(
      "\xEF\xBB\xBF  Công tác phối hợp tốt.\r\nCòn chậm xác nhận.\r\n\r\n \n1. Kiến nghị: "
      "<b>tăng</b> cường.\n\n",
      "a.txt");
  REQUIRE(paragraphs.ok());
  CHECK(*paragraphs == std::vector<std::string>{"Công tác phối hợp tốt. Còn chậm xác nhận.",
                                                "1. Kiến nghị: <b>tăng</b> cường."});
  const std::string large(alertctl::kMaxAssessmentBytes + 1, 'a');
  auto too_large = alertctl::parse_assessment(large, "a.txt");
  REQUIRE_FALSE(too_large.ok());
  CHECK_THAT(too_large.status().message_vi(),
             Catch::Contains("tệp đánh giá quá lớn (tối đa 64 KiB)"));
  CHECK_THAT(too_large.status().message(), Catch::Contains("assessment file too large"));
  CHECK(alertctl::parse_assessment(std::string(alertctl::kMaxAssessmentBytes, 'a'), "a").ok());
  auto latin1 = alertctl::parse_assessment(
      "Ph\xF2ng d\xE1"
      "ch",
      "a.txt");
  REQUIRE_FALSE(latin1.ok());
  CHECK_THAT(latin1.status().message_vi(), Catch::Contains("không phải văn bản UTF-8"));
  CHECK_THAT(latin1.status().message(), Catch::Contains("not UTF-8"));
}

TEST_CASE("Markdown lays out the header, the assessment and the closing") {
  auto report = h1_report();
  report.frame = frame();
  report.assessment = {"Phối hợp *tốt*.", "1. Kiến nghị <b>tăng</b> cường."};
  const std::string md = alertctl::report_markdown(report, Language::kVi);
  CHECK(md.rfind("| SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG TỈNH BẮC GIANG | **CỘNG HÒA XÃ HỘI CHỦ NGHĨA "
                 "VIỆT NAM** |\n| :---: | :---: |\n| **CHI CỤC CHĂN NUÔI VÀ THÚ Y** | **Độc lập - "
                 "Tự do - Hạnh phúc** |\n| Số: 15/BC-CCCNTY | *Bắc Giang, ngày 05 tháng 12 năm "
                 "2026* |\n\n# BÁO CÁO\n\n**Kết quả trao đổi cảnh báo liên tỉnh, kỳ 2026-H1**\n",
                 0) == 0);
  CHECK_THAT(md, Catch::Contains("\n## Đánh giá và kiến nghị\n\nPhối hợp \\*tốt\\*.\n\n1\\. Kiến "
                                 "nghị &lt;b&gt;tăng&lt;/b&gt; cường.\n\n## Cách tính\n"));
  CHECK_THAT(md,
             Catch::EndsWith("| ***Nơi nhận:*** | **KT. CHI CỤC TRƯỞNG** |\n"
                             "| :--- | :---: |\n"
                             "| - Sở Nông nghiệp và Môi trường (b/c); | **PHÓ CHI CỤC TRƯỞNG** |\n"
                             "| - Lưu: VT, DT. |  |\n"
                             "|  |  |\n"
                             "|  | **Nguyễn Văn An** |\n"));
  // Without them: no header, no section, no closing.
  const std::string plain = alertctl::report_markdown(h1_report(), Language::kVi);
  CHECK(plain.find("CỘNG HÒA") == std::string::npos);
  CHECK(plain.find("Đánh giá và kiến nghị") == std::string::npos);
  CHECK(plain.find("Nơi nhận") == std::string::npos);
}

TEST_CASE("HTML lays out the header, the assessment (escaped) and the closing") {
  auto report = h1_report();
  report.frame = frame("title = \"Kết quả <6 tháng>\"\n" + kHeader);
  report.assessment = {"Phối hợp tốt.", "Kiến nghị <script>x</script> & thêm."};
  const std::string html = alertctl::report_html(report, Language::kEn);
  CHECK_THAT(html, Catch::Contains("<div>SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG TỈNH BẮC GIANG</div>"
                                   "<div class=\"strong\">CHI CỤC CHĂN NUÔI VÀ THÚ Y</div>"));
  CHECK_THAT(html, Catch::Contains("<div>No.: 15/BC-CCCNTY</div>"));
  CHECK_THAT(html, Catch::Contains("<div class=\"strong\">SOCIALIST REPUBLIC OF VIET NAM</div>"));
  CHECK_THAT(html, Catch::Contains("<div class=\"place\">Bắc Giang, 5 December 2026</div>"));
  CHECK_THAT(html, Catch::Contains("<h1 class=\"document\">REPORT<br/><span class=\"subtitle\">"
                                   "Kết quả &lt;6 tháng&gt;</span></h1>"));
  CHECK_THAT(html, Catch::Contains("<h2>Assessment and recommendations</h2>\n<p>Phối hợp tốt.</p>\n"
                                   "<p>Kiến nghị &lt;script&gt;x&lt;/script&gt; &amp; thêm.</p>"));
  CHECK(html.find("<script") == std::string::npos);
  CHECK_THAT(html, Catch::Contains("<em>Recipients:</em></div><ul><li>Sở Nông nghiệp và Môi "
                                   "trường (b/c);</li><li>Lưu: VT, DT.</li></ul>"));
  CHECK_THAT(html, Catch::Contains("<div class=\"strong\">KT. CHI CỤC TRƯỞNG</div><div "
                                   "class=\"strong\">PHÓ CHI CỤC TRƯỞNG</div><div "
                                   "class=\"sign-space\"></div><div class=\"strong\">Nguyễn Văn "
                                   "An</div>"));
  // The closing comes after the definitions.
  CHECK(html.find("Recipients:") > html.find("<h2>Definitions</h2>"));
  // Still well-formed (as report_render_test.cpp checks the page without them).
  if (std::system("command -v xmllint > /dev/null 2>&1") == 0) {
    const std::string path =
        "/tmp/alertbus_report_doc_test_" + std::to_string(::getpid()) + ".html";
    std::ofstream(path) << html;
    CHECK(std::system(("xmllint --noout " + path).c_str()) == 0);
    CHECK(std::system(("xmllint --html --noout " + path + " 2>/dev/null").c_str()) == 0);
    std::remove(path.c_str());
  } else {
    WARN("xmllint not found: only the structure is checked");
  }
}
