// Tests of alertctl's report renderers (clients/alertctl/report_render.cpp, report_html.cpp,
// report_tables.cpp): the Markdown, CSV and HTML of the report over the fixed cases.
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "clients/report_events.hpp"
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
  CHECK_THAT(md, Catch::Contains("- **Không tính:** 1 cảnh báo đã hủy; 1 cảnh báo đã thu hồi; 1 "
                                 "cảnh báo diễn tập hoặc thử nghiệm; 2 cảnh báo ngoài kỳ"));
  CHECK_THAT(md, Catch::Contains("> Lưu ý: kỳ báo cáo chưa kết thúc tại thời điểm lập báo cáo; số "
                                 "liệu tính đến 2026-06-05 09:00 (GMT+7)."));

  CHECK(markdown_table(md, "Cảnh báo đã gửi theo loại") ==
        std::vector<std::string>{"| Loại | Số cảnh báo |", "| --- | --- |",
                                 "| Dịch bệnh động vật | 3 |", "| Sinh vật gây hại cây trồng | 1 |",
                                 "| Cháy rừng | 2 |", "| Thực phẩm không bảo đảm an toàn | 1 |",
                                 "| Tổng cộng | 7 |"});
  CHECK(markdown_table(md, "Cảnh báo đã gửi theo tỉnh gửi") ==
        std::vector<std::string>{"| Tỉnh gửi | Số cảnh báo |", "| --- | --- |", "| bac-giang | 4 |",
                                 "| hai-duong | 1 |", "| quang-ninh | 2 |", "| Tổng cộng | 7 |"});
  CHECK(markdown_table(md, "Cảnh báo đã gửi theo đơn vị").size() == 2 + 6 + 1);
  // bac-giang 2 kinds + hai-duong 4 + quang-ninh 4 (report_test.cpp).
  const auto received = markdown_table(md, "Cảnh báo đã nhận theo tỉnh nhận và loại");
  REQUIRE(received.size() == 2 + 10);
  CHECK(received[0] == "| Tỉnh nhận | Loại | Đã nhận | Đã xác nhận | Đã xử lý |");
  CHECK(received[3] == "| bac-giang | Cháy rừng | 2 | 2 | 1 |");
  CHECK(received[11] == "| quang-ninh | Thực phẩm không bảo đảm an toàn | 1 | 1 | 0 |");
  CHECK(markdown_table(md, "Thời gian phản hồi theo tỉnh nhận") ==
        std::vector<std::string>{
            "| Tỉnh nhận | Số lần xác nhận | Trung vị đến xác nhận | P90 đến xác nhận | Số lần "
            "kết thúc | Trung vị đến kết thúc | P90 đến kết thúc |",
            "| --- | --- | --- | --- | --- | --- | --- |",
            "| bac-giang | 2 | 20 phút | 30 phút | 1 | 6 giờ 0 phút | 6 giờ 0 phút |",
            "| hai-duong | 5 | 1 giờ 0 phút | 12 giờ 0 phút | 1 | 10 ngày 0 giờ | 10 ngày 0 giờ |",
            "| quang-ninh | 4 | 1 giờ 0 phút | 2 giờ 30 phút | 2 | 6 giờ 0 phút | 10 ngày 0 giờ |",
            "| Tất cả | 11 | 1 giờ 0 phút | 4 giờ 0 phút | 4 | 6 giờ 0 phút | 10 ngày 0 giờ |"});
  CHECK(markdown_table(md, "Tình trạng cảnh báo") ==
        std::vector<std::string>{"| Tình trạng | Số cảnh báo |", "| --- | --- |",
                                 "| Tổng cộng | 7 |", "| Đang mở (đang hiệu lực + ổn định) | 4 |",
                                 "| đang hiệu lực | 3 |", "| ổn định | 1 |", "| Quá hạn | 1 |",
                                 "| đã kết thúc | 2 |", "| hết hiệu lực | 1 |"});
  const auto follow_ups = markdown_table(md, "Thông tin tiếp theo theo loại");
  REQUIRE(follow_ups.size() == 2 + 6 + 1);
  CHECK(follow_ups[2] == "| Xác nhận đã nhận | 11 |");
  CHECK(follow_ups[8] == "| Tổng cộng | 21 |");
  const auto alerts = markdown_table(md, "Danh sách cảnh báo đã gửi");
  REQUIRE(alerts.size() == 2 + 7);
  CHECK(alerts[0] == "| Số hiệu | Loại | Tỉnh gửi | Đơn vị gửi | Gửi lúc | Tình trạng | Tiêu đề |");
  // References keep their hyphens as they are (copied into a search, they must match).
  CHECK(alerts[2] ==
        "| BG-2026-00001 | Dịch bệnh động vật | bac-giang | bac-giang/cnty | "
        "2026-01-10 08:00 (GMT+7) | đã kết thúc | Dịch tả lợn châu Phi tại Lục Ngạn |");
  CHECK(alerts[7] ==
        "| QN-2026-00001 | Dịch bệnh động vật | quang-ninh | quang-ninh/cnty | "
        "2026-05-20 08:00 (GMT+7) | đang hiệu lực (quá hạn) | Cúm gia cầm A/H5N1 "
        "tại Đông Triều |");
  // The '|' in a title is escaped, not a new column.
  CHECK(alerts[8] ==
        "| BG-2026-00003 | Thực phẩm không bảo đảm an toàn | bac-giang | bac-giang/qlcl | "
        "2026-06-01 08:00 (GMT+7) | ổn định | Rau cải \"sạch\", lô 12 \\| Lục Nam |");
  CHECK(markdown_table(md, "Danh sách cảnh báo đơn vị đã tiếp nhận").empty());
  // Listed apart, each in its own table.
  const auto cancelled = markdown_table(md, "Cảnh báo đã hủy (không tính vào số liệu)");
  REQUIRE(cancelled.size() == 2 + 1);
  CHECK_THAT(cancelled[2],
             Catch::StartsWith("| HD-2026-00002 | Thực phẩm không bảo đảm an toàn |"));
  const auto withdrawn = markdown_table(md, "Cảnh báo đã thu hồi (không tính vào số liệu)");
  REQUIRE(withdrawn.size() == 2 + 1);
  CHECK_THAT(withdrawn[2], Catch::StartsWith("| HD-2026-00003 |"));
  const auto exercises =
      markdown_table(md, "Cảnh báo diễn tập, thử nghiệm (không tính vào số liệu)");
  REQUIRE(exercises.size() == 2 + 1);
  CHECK_THAT(exercises[2], Catch::StartsWith("| BG-2026-00004 |"));
  CHECK_THAT(md, Catch::Contains("cảnh báo đã hủy, đã thu hồi và cảnh báo diễn tập, thử nghiệm "
                                 "được liệt kê riêng và không tính vào mọi tổng số"));
  CHECK_THAT(md, Catch::Contains("lượng thực phẩm thu hồi của một cảnh báo là số báo cáo biện "
                                 "pháp gần nhất (không cộng dồn các lần báo)"));
  CHECK_THAT(md, Catch::Contains("Kỳ trước: 6 tháng đầu năm so với 6 tháng cuối năm trước"));
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

namespace {

constexpr const char* kBom = "\xEF\xBB\xBF";

// One CSV table of the report: starts with the BOM, parses back, every row of its width.
std::vector<std::vector<std::string>> csv_table(const alertctl::Report& report, const char* name,
                                                Language lang = Language::kVi) {
  auto text = alertctl::report_csv(report, lang, name);
  REQUIRE(text.ok());
  REQUIRE(text->rfind(kBom, 0) == 0);
  const auto csv = parse_csv(text->substr(3));
  REQUIRE(!csv.empty());
  for (const auto& record : csv) {
    CHECK(record.size() == csv[0].size());
  }
  return csv;
}

}  // namespace

TEST_CASE("The CSV is one table per file, with a BOM for Excel, quotes and commas kept") {
  const auto report = h1_report();
  // The default table: the alert list, header then the 7 alerts.
  auto default_text = alertctl::report_csv(report, Language::kVi);
  REQUIRE(default_text.ok());
  CHECK(default_text->rfind(kBom, 0) == 0);
  const auto alerts = csv_table(report, "alerts");
  CHECK(*default_text == alertctl::report_csv(report, Language::kVi, "alerts").value());
  REQUIRE(alerts.size() == 1 + 7);
  // The ids follow the names (here the same: no directory names).
  CHECK(alerts[0] == std::vector<std::string>{"Số hiệu", "Loại", "Tỉnh gửi", "Đơn vị gửi",
                                              "Gửi lúc", "Tình trạng", "Tiêu đề", "Mã tỉnh gửi",
                                              "Mã đơn vị gửi"});
  CHECK(alerts[7][7] == "bac-giang");
  CHECK(alerts[7][8] == "bac-giang/qlcl");
  CHECK(alerts[7][0] == "BG-2026-00003");
  CHECK(alerts[7][6] == kQuotedTitle);
  CHECK_THAT(*default_text, Catch::Contains("\"Rau cải \"\"sạch\"\", lô 12 | Lục Nam\""));

  const auto head = csv_table(report, "report");
  CHECK(head[0] == std::vector<std::string>{"Mục", "Giá trị"});
  const auto has = [&head](const char* field, const char* value) {
    return std::find(head.begin(), head.end(), std::vector<std::string>{field, value}) !=
           head.end();
  };
  CHECK(has("period", "2026-H1"));
  CHECK(has("period_over", "false"));
  CHECK(has("due_before", "2026-06-10"));
  CHECK(has("left_out_not_actual", "1"));
  CHECK(has("left_out_cancelled", "1"));
  CHECK(has("left_out_withdrawn", "1"));

  CHECK(csv_table(report, "sent_by_kind") ==
        std::vector<std::vector<std::string>>{{"Loại", "Số cảnh báo"},
                                              {"Dịch bệnh động vật", "3"},
                                              {"Sinh vật gây hại cây trồng", "1"},
                                              {"Cháy rừng", "2"},
                                              {"Thực phẩm không bảo đảm an toàn", "1"},
                                              {"Tổng cộng", "7"}});
  CHECK(csv_table(report, "sent_by_origin").size() == 1 + 4);
  CHECK(csv_table(report, "received").size() == 1 + 10);
  // Durations in minutes; an empty cell where there is nothing to measure.
  const auto times = csv_table(report, "response_times");
  REQUIRE(times.size() == 1 + 4);
  CHECK(times[2] == std::vector<std::string>{"hai-duong", "5", "60", "720", "1", "14400", "14400",
                                             "hai-duong"});
  CHECK(times[4] == std::vector<std::string>{"Tất cả", "11", "60", "240", "4", "360", "14400", ""});
  CHECK(csv_table(report, "states")[5] == std::vector<std::string>{"Quá hạn", "1"});
  CHECK(csv_table(report, "follow_ups").back() == std::vector<std::string>{"Tổng cộng", "21"});
  CHECK(csv_table(report, "cancelled")[1][0] == "HD-2026-00002");
  CHECK(csv_table(report, "withdrawn")[1][0] == "HD-2026-00003");
  CHECK(csv_table(report, "exercises")[1][0] == "BG-2026-00004");
}

TEST_CASE("The CSV tables are named, an unknown name is refused naming them") {
  const auto report = h1_report();
  const std::vector<std::string> names{
      "report", "sent_by_unit", "sent_by_kind", "sent_by_origin", "received",  "response_times",
      "states", "follow_ups",   "alerts",       "cancelled",      "withdrawn", "exercises"};
  CHECK(alertctl::report_csv_tables(report) == names);
  const auto files = alertctl::report_csv_files(report, Language::kVi);
  REQUIRE(files.size() == names.size());
  for (std::size_t i = 0; i < files.size(); ++i) {
    CHECK(files[i].first == names[i] + ".csv");
    CHECK(files[i].second.rfind(kBom, 0) == 0);
    // One shape per file: one header row, no other BOM.
    CHECK(files[i].second.find(kBom, 3) == std::string::npos);
  }
  const auto unit_names = alertctl::report_csv_tables(h1_report("quang-ninh/cnty"));
  CHECK(std::find(unit_names.begin(), unit_names.end(), "received_alerts") != unit_names.end());

  auto bad = alertctl::report_csv(report, Language::kVi, "everything");
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.status().code() == alertbus::v1::INVALID_VALUE);
  CHECK_THAT(bad.status().message_vi(),
             Catch::Contains("không có bảng báo cáo \"everything\"; các bảng: report, "
                             "sent_by_unit"));
  CHECK_THAT(bad.status().message(), Catch::Contains("no report table \"everything\""));
  CHECK_THAT(bad.status().message(), Catch::Contains("alerts, cancelled, withdrawn, exercises"));
}

TEST_CASE("This period, the previous one and the change, in Markdown and CSV") {
  auto report = h1_report();
  alertctl::compare_with_previous(
      report, alertctl::compute_report(h1_cases(), alertctl::previous_period(report.period),
                                       ms("2026-06-05 09:00"), ""));
  const std::string md = alertctl::report_markdown(report, Language::kVi);
  // 2026-H1 (report_test.cpp) against 2025-H2 (A11 alone: disease, resolved).
  CHECK(markdown_table(md, "So sánh với kỳ trước") ==
        std::vector<std::string>{
            "| Chỉ tiêu | Kỳ này (2026-H1) | Kỳ trước (2025-H2) | Chênh lệch |",
            "| --- | --- | --- | --- |", "| Cảnh báo đã gửi | 7 | 1 | +6 |",
            "| Đã gửi: Dịch bệnh động vật | 3 | 1 | +2 |",
            "| Đã gửi: Sinh vật gây hại cây trồng | 1 | 0 | +1 |",
            "| Đã gửi: Cháy rừng | 2 | 0 | +2 |",
            "| Đã gửi: Thực phẩm không bảo đảm an toàn | 1 | 0 | +1 |",
            "| Đang mở (đang hiệu lực + ổn định) | 4 | 0 | +4 |", "| Quá hạn | 1 | 0 | +1 |",
            "| Tình trạng: đã kết thúc | 2 | 1 | +1 |", "| Tình trạng: hết hiệu lực | 1 | 0 | +1 |",
            "| Lượt tỉnh nhận đã nhận | 13 | 0 | +13 |",
            "| Lượt tỉnh nhận đã xác nhận | 11 | 0 | +11 |",
            "| Thông tin tiếp theo | 21 | 0 | +21 |"});
  // 2026-H2 of the same cases holds A8 alone (1 July 00:00: disease, active, 5
  // acknowledgements): fewer than H1.
  auto h2 = alertctl::compute_report(h1_cases(), period("2026-H2"), ms("2027-01-05"), "");
  alertctl::compare_with_previous(
      h2, alertctl::compute_report(h1_cases(), period("2026-H1"), ms("2027-01-05"), ""));
  const auto csv = parse_csv(alertctl::report_csv(h2, Language::kEn, "comparison")->substr(3));
  REQUIRE(csv.size() == 1 + 12);  // Sent, 4 kinds, 4 states, received, acknowledged, follow-ups.
  CHECK(csv[0] == std::vector<std::string>{"Item", "This period (2026-H2)",
                                           "Previous period (2026-H1)", "Change"});
  CHECK(csv[1] == std::vector<std::string>{"Alerts sent", "1", "7", "-6"});
  CHECK(csv[2] == std::vector<std::string>{"Sent: Animal disease", "1", "3", "-2"});
  CHECK(csv[6] == std::vector<std::string>{"Open (active + stable)", "1", "4", "-3"});
  CHECK(csv[12] == std::vector<std::string>{"Follow-ups", "5", "21", "-16"});
  // The table is named only when there is a comparison.
  const auto names = alertctl::report_csv_tables(h2);
  CHECK(names[1] == "comparison");
}

TEST_CASE(
    "The figures per kind in Markdown (thousands grouped, decimal comma), English and CSV "
    "(plain)") {
  auto report = h1_report();
  report.figures = alertctl::compute_figures(report.alerts, alertbus::testing::all_h1_events());
  // The hand-worked figures of report_test.cpp.
  CHECK(markdown_table(alertctl::report_markdown(report, Language::kVi),
                       "Số liệu theo loại cảnh báo") ==
        std::vector<std::string>{
            "| Chỉ tiêu | Đơn vị tính | Giá trị |", "| --- | --- | --- |",
            "| Động vật mắc bệnh | con | 1.250 |", "| Động vật chết | con | 816 |",
            "| Động vật tiêu hủy | con | 3.050 |",
            "| Diện tích cây trồng bị sinh vật gây hại | ha | 17,5 |",
            "| Diện tích rừng bị cháy | ha | 3,2 |", "| Thực phẩm thu hồi | kg | 350 |",
            "| Cơ sở thực phẩm được nêu | cơ sở | 1 |"});
  const std::string en = alertctl::report_markdown(report, Language::kEn);
  CHECK_THAT(en, Catch::Contains("| Crop area affected by pests | ha | 17.5 |"));
  CHECK_THAT(en, Catch::Contains("| Animals sick | animals | 1,250 |"));
  const auto csv = parse_csv(alertctl::report_csv(report, Language::kVi, "figures")->substr(3));
  REQUIRE(csv.size() == 1 + 7);
  CHECK(csv[4] ==
        std::vector<std::string>{"Diện tích cây trồng bị sinh vật gây hại", "ha", "17.5"});
  const auto facilities =
      parse_csv(alertctl::report_csv(report, Language::kVi, "food_facilities")->substr(3));
  CHECK(facilities == std::vector<std::vector<std::string>>{{"Cơ sở"}, {"Cơ sở rau Lục Nam"}});
  const std::string html = alertctl::report_html(report, Language::kVi);
  CHECK_THAT(html, Catch::Contains("<section id=\"figures\">"));
  CHECK_THAT(html, Catch::Contains("<td>Cơ sở rau Lục Nam</td>"));
  // Without the events read, no figures tables.
  CHECK(alertctl::report_html(h1_report(), Language::kVi).find("id=\"figures\"") ==
        std::string::npos);
}

TEST_CASE("Nodes and units are shown by their registry names, CSV keeps the ids beside them") {
  auto report = h1_report("quang-ninh/cnty");
  alertbus::v1::Directory directory;
  auto* node = directory.add_nodes();
  node->set_id("quang-ninh");
  node->set_name("Quảng Ninh");
  node = directory.add_nodes();
  node->set_id("bac-giang");
  node->set_name("Bắc Giang");
  auto* unit = directory.add_units();
  unit->set_id("quang-ninh/cnty");
  unit->set_name("Chi cục Chăn nuôi và Thú y Quảng Ninh");
  unit = directory.add_units();
  unit->set_id("bac-giang/cnty");
  unit->set_name("Chi cục Chăn nuôi và Thú y Bắc Giang");
  report.names = alertctl::Names(directory);
  const std::string md = alertctl::report_markdown(report, Language::kVi);
  CHECK_THAT(md, Catch::Contains("- **Phạm vi:** đơn vị Chi cục Chăn nuôi và Thú y Quảng Ninh "
                                 "(quang-ninh/cnty)"));
  CHECK(markdown_table(md, "Cảnh báo đã gửi theo đơn vị")[2] ==
        "| Chi cục Chăn nuôi và Thú y Quảng Ninh | 1 |");
  CHECK(markdown_table(md, "Cảnh báo đã gửi theo tỉnh gửi")[2] == "| Quảng Ninh | 1 |");
  // Received by quang-ninh/cnty: A1 from Bắc Giang's CNTY; hai-duong has no name: its id.
  const auto received = markdown_table(md, "Danh sách cảnh báo đơn vị đã tiếp nhận");
  CHECK_THAT(received[2], Catch::StartsWith("| BG-2026-00001 | Dịch bệnh động vật | Bắc Giang | "
                                            "Chi cục Chăn nuôi và Thú y Bắc Giang |"));
  CHECK(markdown_table(md, "Thời gian phản hồi theo tỉnh nhận")[2].rfind("| Bắc Giang |", 0) == 0);
  CHECK(markdown_table(md, "Thời gian phản hồi theo tỉnh nhận")[3].rfind("| hai-duong |", 0) == 0);
  const auto by_unit =
      parse_csv(alertctl::report_csv(report, Language::kVi, "sent_by_unit")->substr(3));
  CHECK(by_unit == std::vector<std::vector<std::string>>{
                       {"Đơn vị", "Số cảnh báo", "Mã đơn vị"},
                       {"Chi cục Chăn nuôi và Thú y Quảng Ninh", "1", "quang-ninh/cnty"},
                       {"Tổng cộng", "1", ""}});
  CHECK_THAT(alertctl::report_html(report, Language::kVi),
             Catch::Contains("<text x=\"0\" y=\"21\" class=\"label\">Quảng Ninh</text>"));
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

TEST_CASE("HTML references do not break at their hyphens") {
  const std::string html = alertctl::report_html(h1_report(), Language::kVi);
  CHECK_THAT(html, Catch::Contains("td.reference { white-space: nowrap; }"));
  CHECK_THAT(html, Catch::Contains("<tr><td class=\"reference\">BG-2026-00001</td>"));
  CHECK_THAT(html, Catch::Contains("<td class=\"reference\">HD-2026-00002</td>"));  // Cancelled.
  // Only the reference column: a table of counts has none.
  const auto kinds = html.find("<section id=\"sent_by_kind\">");
  const auto kinds_end = html.find("</section>", kinds);
  CHECK(html.substr(kinds, kinds_end - kinds).find("reference") == std::string::npos);
}
