// Tests of alertctl's report renderers (clients/alertctl/report_render.cpp, report_html.cpp,
// report_tables.cpp): the Markdown, CSV and HTML of the report over the fixed cases.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "clients/report_fixtures.hpp"

namespace {

namespace alertctl = alertbus::alertctl;
using alertbus::testing::h1_cases;
using alertbus::testing::h1_report;
using alertbus::testing::kQuotedTitle;
using alertbus::testing::ms;
using alertbus::testing::period;
using alertctl::Language;

// RFC 4180: records of fields; quoted fields may hold commas, doubled quotes, CR and LF.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> record;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      REQUIRE(field.empty());  // A quote only opens a field.
      quoted = true;
    } else if (c == ',') {
      record.push_back(field);
      field.clear();
    } else if (c == '\r') {
      REQUIRE(i + 1 < text.size());
      REQUIRE(text[i + 1] == '\n');
    } else if (c == '\n') {
      REQUIRE(i > 0);
      REQUIRE(text[i - 1] == '\r');  // CRLF line ends.
      record.push_back(field);
      field.clear();
      records.push_back(record);
      record.clear();
    } else {
      field += c;
    }
  }
  REQUIRE_FALSE(quoted);
  REQUIRE(field.empty());
  REQUIRE(record.empty());  // The last record ends with CRLF too.
  return records;
}

std::vector<std::vector<std::string>> section(const std::vector<std::vector<std::string>>& csv,
                                              const std::string& name) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& record : csv) {
    if (!record.empty() && record[0] == name) {
      rows.emplace_back(record.begin() + 1, record.end());
    }
  }
  return rows;
}

// The lines of a Markdown section's table (header and rule included).
std::vector<std::string> markdown_table(const std::string& markdown, const std::string& heading) {
  std::istringstream in(markdown);
  std::vector<std::string> lines;
  std::string line;
  bool inside = false;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) {
      inside = line == "## " + heading;
    } else if (inside && line.rfind("|", 0) == 0) {
      lines.push_back(line);
    }
  }
  return lines;
}

}  // namespace

TEST_CASE("The Markdown report has a header, the note, and the right table rows") {
  const std::string md = alertctl::report_markdown(h1_report(), Language::kVi);
  CHECK(md.rfind("# Báo cáo trao đổi cảnh báo liên tỉnh\n", 0) == 0);
  CHECK_THAT(md, Catch::Contains("- **Kỳ báo cáo:** 2026-H1 (01/01/2026 – 30/06/2026)"));
  CHECK_THAT(md, Catch::Contains("- **Phạm vi:** toàn mạng (mọi đơn vị)"));
  CHECK_THAT(md, Catch::Contains("- **Hạn báo cáo:** trước ngày 10/06/2026"));
  CHECK_THAT(md, Catch::Contains("- **Không tính:** 1 cảnh báo diễn tập hoặc thử nghiệm; 2 cảnh "
                                 "báo ngoài kỳ"));
  CHECK_THAT(md, Catch::Contains("> Lưu ý: kỳ báo cáo chưa kết thúc tại thời điểm lập báo cáo; số "
                                 "liệu tính đến 2026-06-05 09:00 (GMT+7)."));

  CHECK(markdown_table(md, "Cảnh báo đã gửi theo loại") ==
        std::vector<std::string>{"| Loại | Số cảnh báo |", "| --- | --- |",
                                 "| Dịch bệnh động vật | 3 |", "| Sinh vật gây hại cây trồng | 2 |",
                                 "| Cháy rừng | 2 |", "| Thực phẩm không bảo đảm an toàn | 2 |",
                                 "| Tổng cộng | 9 |"});
  CHECK(markdown_table(md, "Cảnh báo đã gửi theo tỉnh gửi") ==
        std::vector<std::string>{"| Tỉnh gửi | Số cảnh báo |", "| --- | --- |", "| bac-giang | 4 |",
                                 "| hai-duong | 3 |", "| quang-ninh | 2 |", "| Tổng cộng | 9 |"});
  CHECK(markdown_table(md, "Cảnh báo đã gửi theo đơn vị").size() == 2 + 8 + 1);
  const auto received = markdown_table(md, "Cảnh báo đã nhận theo tỉnh nhận và loại");
  REQUIRE(received.size() == 2 + 12);
  CHECK(received[0] == "| Tỉnh nhận | Loại | Đã nhận | Đã xác nhận | Đã xử lý |");
  CHECK(received[4] == "| bac-giang | Cháy rừng | 2 | 2 | 1 |");
  CHECK(received[13] == "| quang-ninh | Thực phẩm không bảo đảm an toàn | 2 | 1 | 0 |");
  CHECK(markdown_table(md, "Thời gian phản hồi theo tỉnh nhận") ==
        std::vector<std::string>{
            "| Tỉnh nhận | Số lần xác nhận | Trung vị đến xác nhận | P90 đến xác nhận | Số lần "
            "kết thúc | Trung vị đến kết thúc | P90 đến kết thúc |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            "| bac-giang | 3 | 30 phút | 1 giờ 0 phút | 1 | 6 giờ 0 phút | 6 giờ 0 phút |",
            "| hai-duong | 5 | 1 giờ 0 phút | 12 giờ 0 phút | 1 | 10 ngày 0 giờ | 10 ngày 0 giờ |",
            "| quang-ninh | 4 | 1 giờ 0 phút | 2 giờ 30 phút | 2 | 6 giờ 0 phút | 10 ngày 0 giờ |",
            "| Tất cả | 12 | 1 giờ 0 phút | 4 giờ 0 phút | 4 | 6 giờ 0 phút | 10 ngày 0 giờ |"});
  CHECK(markdown_table(md, "Tình trạng cảnh báo") ==
        std::vector<std::string>{"| Tình trạng | Số cảnh báo |", "| --- | --- |",
                                 "| Tổng cộng | 9 |", "| Đang mở (đang hiệu lực + ổn định) | 4 |",
                                 "| đang hiệu lực | 3 |", "| ổn định | 1 |", "| Quá hạn | 1 |",
                                 "| đã kết thúc | 2 |", "| đã hủy | 1 |", "| đã thu hồi | 1 |",
                                 "| hết hiệu lực | 1 |"});
  const auto follow_ups = markdown_table(md, "Thông tin tiếp theo theo loại");
  REQUIRE(follow_ups.size() == 2 + 8 + 1);
  CHECK(follow_ups[2] == "| Xác nhận đã nhận | 12 |");
  CHECK(follow_ups[10] == "| Tổng cộng | 24 |");
  const auto alerts = markdown_table(md, "Danh sách cảnh báo đã gửi");
  REQUIRE(alerts.size() == 2 + 9);
  CHECK(alerts[0] == "| Số hiệu | Loại | Tỉnh gửi | Đơn vị gửi | Gửi lúc | Tình trạng | Tiêu đề |");
  CHECK(alerts[8] ==
        "| QN-2026-00001 | Dịch bệnh động vật | quang-ninh | quang-ninh/cnty | "
        "2026-05-20 08:00 (GMT+7) | đang hiệu lực (quá hạn) | Cúm gia cầm A/H5N1 "
        "tại Đông Triều |");
  // The '|' in a title is escaped, not a new column.
  CHECK(alerts[9] ==
        "| BG-2026-00003 | Thực phẩm không bảo đảm an toàn | bac-giang | bac-giang/qlcl | "
        "2026-06-01 08:00 (GMT+7) | ổn định | Rau cải \"sạch\", lô 12 \\| Lục Nam |");
  CHECK(markdown_table(md, "Danh sách cảnh báo đơn vị đã tiếp nhận").empty());
}

TEST_CASE("The English report says the same in English, without the note once the period is over") {
  const auto report =
      alertctl::compute_report(h1_cases(), period("2026-H1"), ms("2026-07-02 08:00"), "");
  const std::string md = alertctl::report_markdown(report, Language::kEn);
  CHECK(md.rfind("# Inter-province alert exchange report\n", 0) == 0);
  CHECK_THAT(md, Catch::Contains("- **Period:** 2026-H1 (2026-01-01 – 2026-06-30)"));
  CHECK_THAT(md, Catch::Contains("- **Report due:** before 2026-06-10"));
  CHECK_FALSE(md.find("period is not over") != std::string::npos);
  CHECK(markdown_table(md, "Alerts sent per kind")[2] == "| Animal disease | 3 |");
  CHECK(markdown_table(md, "State of the alerts")[3] == "| Open (active + stable) | 4 |");
}

TEST_CASE("A unit's Markdown report lists what it received") {
  const std::string md = alertctl::report_markdown(h1_report("quang-ninh/cnty"), Language::kVi);
  CHECK_THAT(md, Catch::Contains("- **Phạm vi:** đơn vị quang-ninh/cnty"));
  CHECK(markdown_table(md, "Cảnh báo đơn vị đã tiếp nhận, theo loại") ==
        std::vector<std::string>{"| Tỉnh nhận | Loại | Đã nhận | Đã xác nhận | Đã xử lý |",
                                 "| --- | --- | --- | --- | --- |",
                                 "| quang-ninh | Dịch bệnh động vật | 2 | 2 | 1 |"});
  CHECK(markdown_table(md, "Danh sách cảnh báo đơn vị đã tiếp nhận").size() == 2 + 2);
}

TEST_CASE("The CSV parses back: one table per section, quotes and commas kept") {
  const std::string text = alertctl::report_csv(h1_report(), Language::kVi);
  const auto csv = parse_csv(text);
  REQUIRE(!csv.empty());
  CHECK(csv[0] == std::vector<std::string>{"section", "Mục", "Giá trị"});
  const auto report = section(csv, "report");
  CHECK(std::find(report.begin(), report.end(), std::vector<std::string>{"period", "2026-H1"}) !=
        report.end());
  CHECK(std::find(report.begin(), report.end(), std::vector<std::string>{"period_over", "false"}) !=
        report.end());
  CHECK(std::find(report.begin(), report.end(),
                  std::vector<std::string>{"due_before", "2026-06-10"}) != report.end());
  CHECK(section(csv, "sent_by_kind") ==
        std::vector<std::vector<std::string>>{{"Dịch bệnh động vật", "3"},
                                              {"Sinh vật gây hại cây trồng", "2"},
                                              {"Cháy rừng", "2"},
                                              {"Thực phẩm không bảo đảm an toàn", "2"},
                                              {"Tổng cộng", "9"}});
  CHECK(section(csv, "sent_by_origin").size() == 4);
  CHECK(section(csv, "received").size() == 12);
  // Durations in minutes; an empty cell where there is nothing to measure.
  const auto times = section(csv, "response_times");
  REQUIRE(times.size() == 4);
  CHECK(times[1] == std::vector<std::string>{"hai-duong", "5", "60", "720", "1", "14400", "14400"});
  CHECK(times[3] == std::vector<std::string>{"Tất cả", "12", "60", "240", "4", "360", "14400"});
  CHECK(section(csv, "states")[4] == std::vector<std::string>{"Quá hạn", "1"});
  CHECK(section(csv, "follow_ups").back() == std::vector<std::string>{"Tổng cộng", "24"});
  const auto alerts = section(csv, "alerts");
  REQUIRE(alerts.size() == 9);
  CHECK(alerts[7][0] == "BG-2026-00003");
  CHECK(alerts[7][6] == kQuotedTitle);
  // Every section's header row starts with "section" and every row of a table has its width.
  std::size_t headers = 0;
  std::size_t width = 0;
  for (const auto& record : csv) {
    if (record[0] == "section") {
      ++headers;
      width = record.size();
    } else {
      CHECK(record.size() == width);
    }
  }
  CHECK(headers == 1 + 8);
  CHECK_THAT(text, Catch::Contains("\"Rau cải \"\"sạch\"\", lô 12 | Lục Nam\""));
}

TEST_CASE("csv_field quotes only what needs it") {
  CHECK(alertctl::csv_field("Lục Ngạn") == "Lục Ngạn");
  CHECK(alertctl::csv_field("a,b") == "\"a,b\"");
  CHECK(alertctl::csv_field("say \"hi\"") == "\"say \"\"hi\"\"\"");
  CHECK(alertctl::csv_field("two\nlines") == "\"two\nlines\"");
}

TEST_CASE("The HTML page is self-contained, prints well and is well-formed") {
  const std::string html = alertctl::report_html(h1_report(), Language::kVi);
  CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"vi\">", 0) == 0);
  CHECK_THAT(html, Catch::Contains("<meta charset=\"utf-8\"/>"));
  CHECK_THAT(html, Catch::Contains("@media print"));
  CHECK_THAT(html, Catch::Contains("<svg"));
  CHECK_THAT(html, Catch::Contains("Số cảnh báo theo loại"));
  CHECK_THAT(html, Catch::Contains("Số cảnh báo theo tỉnh gửi"));
  // Nothing fetched from the network.
  CHECK(html.find("http://") == html.find("http://www.w3.org/2000/svg"));
  CHECK(html.find("https://") == std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("<link") == std::string::npos);
  // The title is escaped.
  CHECK_THAT(html, Catch::Contains("Rau cải &quot;sạch&quot;, lô 12 | Lục Nam"));
  CHECK(html.find("\"sạch\"") == std::string::npos);
  // One bar per kind in the first chart (four kinds).
  const auto first_svg = html.find("<svg");
  const auto first_end = html.find("</svg>", first_svg);
  std::size_t bars = 0;
  for (auto at = html.find("<rect", first_svg); at < first_end; at = html.find("<rect", at + 1)) {
    ++bars;
  }
  CHECK(bars == 4);

  // Well-formed: the page is also well-formed XML, and libxml2's HTML parser takes it.
  if (std::system("command -v xmllint > /dev/null 2>&1") == 0) {
    const std::string path = "/tmp/alertbus_report_test_" + std::to_string(::getpid()) + ".html";
    std::ofstream(path) << html;
    CHECK(std::system(("xmllint --noout " + path).c_str()) == 0);
    CHECK(std::system(("xmllint --html --noout " + path + " 2>/dev/null").c_str()) == 0);
    std::remove(path.c_str());
  } else {
    WARN("xmllint not found: only the structure is checked");
  }
  CHECK(html.find("</html>") == html.size() - std::string("</html>\n").size());
}
