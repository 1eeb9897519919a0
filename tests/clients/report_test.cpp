// Tests of alertctl's reports (clients/alertctl/report.hpp): period presets and parsing, every
// figure of a report over a fixed set of cases (case_fixtures.hpp), and the three renderers.
#include "alertctl/report.hpp"

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "clients/case_fixtures.hpp"

namespace {

namespace alertctl = alertbus::alertctl;
namespace v1 = alertbus::v1;
using alertbus::testing::h1_cases;
using alertbus::testing::kQuotedTitle;
using alertbus::testing::ms;
using alertctl::Language;

constexpr std::int64_t kMinute = 60000;

alertctl::ReportPeriod period(const char* text) {
  auto parsed = alertctl::parse_period(text);
  REQUIRE(parsed.ok());
  return *parsed;
}

// The report over 2026-H1 made on 5 June 2026 at 09:00, before the period ends.
alertctl::Report h1_report(const std::string& unit = {}) {
  return alertctl::compute_report(h1_cases(), period("2026-H1"), ms("2026-06-05 09:00"), unit);
}

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

// --- Periods ------------------------------------------------------------------------------

TEST_CASE("2026-H1 is 1 January to 30 June in Vietnam time, due before 10 June") {
  const auto h1 = period("2026-H1");
  CHECK(h1.from_ms == ms("2026-01-01T00:00+07:00"));
  CHECK(h1.from_ms == ms("2025-12-31T17:00Z"));
  CHECK(h1.until_ms == ms("2026-07-01"));
  REQUIRE(h1.due_ms);
  CHECK(*h1.due_ms == ms("2026-06-10"));
  CHECK(h1.label == "2026-H1");
}

TEST_CASE("2026-H2 is 1 July to 31 December and the plan sets no date for it") {
  const auto h2 = period("2026-H2");
  CHECK(h2.from_ms == ms("2026-07-01"));
  CHECK(h2.until_ms == ms("2027-01-01"));
  CHECK_FALSE(h2.due_ms);
}

TEST_CASE("2026 is the whole year, due before 10 December") {
  const auto year = period("2026");
  CHECK(year.from_ms == ms("2026-01-01"));
  CHECK(year.until_ms == ms("2027-01-01"));
  REQUIRE(year.due_ms);
  CHECK(*year.due_ms == ms("2026-12-10"));
}

TEST_CASE("FROM..TO includes the whole TO day when TO is a date") {
  const auto quarter = period("2026-01-01..2026-03-31");
  CHECK(quarter.from_ms == ms("2026-01-01"));
  CHECK(quarter.until_ms == ms("2026-04-01"));
  CHECK_FALSE(quarter.due_ms);
  const auto hours = period("2026-01-01T08:00..2026-01-01T20:00");
  CHECK(hours.from_ms == ms("2026-01-01 08:00"));
  CHECK(hours.until_ms == ms("2026-01-01 20:00"));
}

TEST_CASE("Bad periods are refused with a message in both languages") {
  for (const char* bad :
       {"2026-H3", "26-H1", "H1-2026", "2026-", "1999", "abc", "", "2026-13-01..2026-12-31",
        "2026-01-01..", "..2026-01-01", "2026-01-01...2026-02-01", "2026-02-30..2026-03-01"}) {
    INFO(bad);
    auto parsed = alertctl::parse_period(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == v1::INVALID_VALUE);
    CHECK_THAT(parsed.status().message_vi(), Catch::Contains("kỳ báo cáo không hợp lệ"));
    CHECK_THAT(parsed.status().message_vi(), Catch::Contains("YYYY-H1"));
    CHECK_THAT(parsed.status().message(), Catch::Contains("invalid report period"));
  }
  auto reversed = alertctl::parse_period("2026-03-31..2026-01-01");
  REQUIRE_FALSE(reversed.ok());
  CHECK_THAT(reversed.status().message_vi(), Catch::Contains("ngày kết thúc trước ngày bắt đầu"));
  CHECK_THAT(reversed.status().message(), Catch::Contains("ends before it starts"));
}

// --- Percentiles --------------------------------------------------------------------------

TEST_CASE("Median and 90th percentile are nearest-rank") {
  // ceil(0.5 * 4) = 2nd, ceil(0.9 * 4) = 4th.
  CHECK(alertctl::nearest_rank({40, 10, 30, 20}, 50) == 20);
  CHECK(alertctl::nearest_rank({40, 10, 30, 20}, 90) == 40);
  // ceil(0.9 * 10) = 9th of 1..10.
  CHECK(alertctl::nearest_rank({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90) == 9);
  CHECK(alertctl::nearest_rank({7}, 50) == 7);
  CHECK(alertctl::nearest_rank({7}, 90) == 7);
  const auto stats = alertctl::duration_stats({});
  CHECK(stats.count == 0);
}

// --- Figures ------------------------------------------------------------------------------

TEST_CASE("The report keeps the actual alerts sent in the period and says what it left out") {
  const auto report = h1_report();
  // A8 (1 July 00:00) and A11 (31 December 23:59:59) are outside; A9 is an exercise.
  CHECK(report.outside_period == 2);
  CHECK(report.not_actual == 1);
  CHECK(report.alert_missing == 0);
  CHECK(report.states.total == 9);
  CHECK_FALSE(report.period_over);
  CHECK(alertctl::compute_report(h1_cases(), period("2026-H1"), ms("2026-07-01"), "").period_over);
}

TEST_CASE("Alerts sent are counted per unit, kind and origin province") {
  const auto report = h1_report();
  const std::map<std::string, std::size_t> by_unit{
      {"bac-giang/bvtv", 1}, {"bac-giang/cnty", 2},  // A1, A12
      {"bac-giang/qlcl", 1}, {"hai-duong/bvtv", 1},  {"hai-duong/kiem-lam", 1},
      {"hai-duong/qlcl", 1}, {"quang-ninh/cnty", 1}, {"quang-ninh/kiem-lam", 1}};
  CHECK(report.sent_by_unit == by_unit);
  // Disease A1 A5 A12; pest A2 A10; fire A3 A6; food A4 A7.
  const std::map<v1::AlertKind, std::size_t> by_kind{
      {v1::ANIMAL_DISEASE, 3}, {v1::CROP_PEST, 2}, {v1::FOREST_FIRE, 2}, {v1::UNSAFE_FOOD, 2}};
  CHECK(report.sent_by_kind == by_kind);
  // bac-giang A1 A2 A7 A12; hai-duong A3 A4 A10; quang-ninh A5 A6.
  const std::map<std::string, std::size_t> by_origin{
      {"bac-giang", 4}, {"hai-duong", 3}, {"quang-ninh", 2}};
  CHECK(report.sent_by_origin == by_origin);
}

TEST_CASE("Alerts received are counted per receiving province and kind") {
  const auto report = h1_report();
  using Counts = std::tuple<std::size_t, std::size_t, std::size_t>;  // received, ack, acted
  const auto counts = [&](const std::string& node, v1::AlertKind kind) {
    const auto& c = report.received.at(node).at(kind);
    return Counts{c.received, c.acknowledged, c.action_taken};
  };
  // bac-giang: A5 pending (not received); A10 closed with no times (not received);
  // fire A3 (acted) and A6 (acknowledged); food A4 (acknowledged).
  CHECK(counts("bac-giang", v1::ANIMAL_DISEASE) == Counts{0, 0, 0});
  CHECK(counts("bac-giang", v1::CROP_PEST) == Counts{0, 0, 0});
  CHECK(counts("bac-giang", v1::FOREST_FIRE) == Counts{2, 2, 1});
  CHECK(counts("bac-giang", v1::UNSAFE_FOOD) == Counts{1, 1, 0});
  CHECK(report.received.at("bac-giang").size() == 4);
  // hai-duong: disease A1 A5 A12 acknowledged; pest A2; fire A6 delivered only; food A7 acted.
  CHECK(counts("hai-duong", v1::ANIMAL_DISEASE) == Counts{3, 3, 0});
  CHECK(counts("hai-duong", v1::CROP_PEST) == Counts{1, 1, 0});
  CHECK(counts("hai-duong", v1::FOREST_FIRE) == Counts{1, 0, 0});
  CHECK(counts("hai-duong", v1::UNSAFE_FOOD) == Counts{1, 1, 1});
  CHECK(report.received.at("hai-duong").size() == 4);
  // quang-ninh: disease A1 (acted) A12; pest A2 delivered, A10 not; fire A3; food A4
  // delivered, A7 acknowledged.
  CHECK(counts("quang-ninh", v1::ANIMAL_DISEASE) == Counts{2, 2, 1});
  CHECK(counts("quang-ninh", v1::CROP_PEST) == Counts{1, 0, 0});
  CHECK(counts("quang-ninh", v1::FOREST_FIRE) == Counts{1, 1, 0});
  CHECK(counts("quang-ninh", v1::UNSAFE_FOOD) == Counts{2, 1, 0});
  CHECK(report.received.size() == 3);
}

TEST_CASE("Times to acknowledge and to close: nearest-rank median and P90 per province") {
  const auto report = h1_report();
  REQUIRE(report.response_times.size() == 4);
  const auto& bg = report.response_times[0];
  const auto& hd = report.response_times[1];
  const auto& qn = report.response_times[2];
  const auto& all = report.response_times[3];
  CHECK(bg.node == "bac-giang");
  CHECK(hd.node == "hai-duong");
  CHECK(qn.node == "quang-ninh");
  CHECK(all.node.empty());

  // bac-giang acknowledged A3 after 30 min (measures 15:00 came later), A4 60, A6 20:
  // [20, 30, 60] -> median rank 2 = 30, P90 rank ceil(2.7) = 3 = 60.
  CHECK(bg.acknowledge.count == 3);
  CHECK(bg.acknowledge.median_ms == 30 * kMinute);
  CHECK(bg.acknowledge.p90_ms == 60 * kMinute);
  // hai-duong: A1 60, A2 240, A5 720, A7 45, A12 10: [10, 45, 60, 240, 720] -> rank 3 = 60,
  // rank ceil(4.5) = 5 = 720.
  CHECK(hd.acknowledge.count == 5);
  CHECK(hd.acknowledge.median_ms == 60 * kMinute);
  CHECK(hd.acknowledge.p90_ms == 720 * kMinute);
  // quang-ninh: A1 150, A3 60, A7 60, A12 60: [60, 60, 60, 150] -> rank 2 = 60, rank 4 = 150.
  CHECK(qn.acknowledge.count == 4);
  CHECK(qn.acknowledge.median_ms == 60 * kMinute);
  CHECK(qn.acknowledge.p90_ms == 150 * kMinute);
  // All 12: [10, 20, 30, 45, 60, 60, 60, 60, 60, 150, 240, 720] -> rank 6 = 60,
  // rank ceil(10.8) = 11 = 240.
  CHECK(all.acknowledge.count == 12);
  CHECK(all.acknowledge.median_ms == 60 * kMinute);
  CHECK(all.acknowledge.p90_ms == 240 * kMinute);

  // Close: resolved alerts only (A1, A3; not the cancelled A4 nor the withdrawn A10).
  // A1 closed 10 days after sending (14,400 min; qn from state_changed_at), A3 after 360.
  CHECK(bg.close.count == 1);
  CHECK(bg.close.median_ms == 360 * kMinute);
  CHECK(bg.close.p90_ms == 360 * kMinute);
  CHECK(hd.close.count == 1);
  CHECK(hd.close.median_ms == 14400 * kMinute);
  // quang-ninh [360, 14400] -> rank 1 = 360, rank ceil(1.8) = 2 = 14400.
  CHECK(qn.close.count == 2);
  CHECK(qn.close.median_ms == 360 * kMinute);
  CHECK(qn.close.p90_ms == 14400 * kMinute);
  // All [360, 360, 14400, 14400] -> rank 2 = 360, rank 4 = 14400.
  CHECK(all.close.count == 4);
  CHECK(all.close.median_ms == 360 * kMinute);
  CHECK(all.close.p90_ms == 14400 * kMinute);
}

TEST_CASE("States are counted: open, overdue, resolved, cancelled, withdrawn, expired") {
  const auto s = h1_report().states;
  CHECK(s.total == 9);
  CHECK(s.active == 3);  // A2, A5, A12
  CHECK(s.stable == 1);  // A7
  CHECK(s.open() == 4);
  CHECK(s.overdue == 1);    // A5
  CHECK(s.resolved == 2);   // A1, A3
  CHECK(s.cancelled == 1);  // A4
  CHECK(s.withdrawn == 1);  // A10
  CHECK(s.expired == 1);    // A6
}

TEST_CASE("Follow-ups are summed by type over the alerts in the report") {
  const auto report = h1_report();
  // ACKNOWLEDGE: A1 2 + A2 1 + A3 2 + A4 1 + A5 1 + A6 1 + A7 2 + A12 2 = 12 (the 5 + 5 of
  // A8 and A9 are left out); ADDITIONAL_INFO A2 2 + A7 1; MEASURES_TAKEN A1 A3 A7.
  const std::map<v1::EventType, std::size_t> expected{
      {v1::ACKNOWLEDGE, 12}, {v1::ADDITIONAL_INFO, 3}, {v1::MEASURES_TAKEN, 3},
      {v1::LEVEL_CHANGE, 1}, {v1::NEW_OUTBREAK, 1},    {v1::CLOSE, 2},
      {v1::CANCEL, 1},       {v1::WITHDRAW, 1}};
  CHECK(report.follow_ups == expected);
  CHECK(report.follow_up_total == 24);
}

TEST_CASE("The list of alerts is in sending order") {
  const auto report = h1_report();
  std::vector<std::string> references;
  for (const auto& alert : report.alerts) {
    references.push_back(alert.reference);
  }
  CHECK(references == std::vector<std::string>{"BG-2026-00001", "BG-2026-00002", "BG-2026-00005",
                                               "HD-2026-00001", "HD-2026-00002", "QN-2026-00002",
                                               "QN-2026-00001", "BG-2026-00003", "HD-2026-00003"});
  const auto& a5 = report.alerts[6];
  CHECK(a5.kind == v1::ANIMAL_DISEASE);
  CHECK(a5.origin_node == "quang-ninh");
  CHECK(a5.sender_unit == "quang-ninh/cnty");
  CHECK(a5.sent_ms == ms("2026-05-20 08:00"));
  CHECK(a5.state == v1::ALERT_ACTIVE);
  CHECK(a5.overdue);
  CHECK(a5.title == "Cúm gia cầm A/H5N1 tại Đông Triều");
  CHECK(report.received_alerts.empty());
}

TEST_CASE("A unit's report: what it sent, and what it acknowledged or acted on") {
  const auto report = h1_report("quang-ninh/cnty");
  // Sent: A5 only.
  CHECK(report.sent_by_unit == std::map<std::string, std::size_t>{{"quang-ninh/cnty", 1}});
  CHECK(report.sent_by_kind == std::map<v1::AlertKind, std::size_t>{{v1::ANIMAL_DISEASE, 1}});
  CHECK(report.sent_by_origin == std::map<std::string, std::size_t>{{"quang-ninh", 1}});
  CHECK(report.states.total == 1);
  CHECK(report.states.active == 1);
  CHECK(report.states.overdue == 1);
  CHECK(report.follow_ups == std::map<v1::EventType, std::size_t>{{v1::ACKNOWLEDGE, 1}});
  // Received: A1 (acknowledged and acted) and A12 (acknowledged) by quang-ninh/cnty; A3 and
  // A7 were acknowledged by other units of Quảng Ninh.
  REQUIRE(report.received.size() == 1);
  const auto& received = report.received.at("quang-ninh");
  REQUIRE(received.size() == 1);
  CHECK(received.at(v1::ANIMAL_DISEASE).received == 2);
  CHECK(received.at(v1::ANIMAL_DISEASE).acknowledged == 2);
  CHECK(received.at(v1::ANIMAL_DISEASE).action_taken == 1);
  REQUIRE(report.received_alerts.size() == 2);
  CHECK(report.received_alerts[0].reference == "BG-2026-00001");
  CHECK(report.received_alerts[1].reference == "BG-2026-00005");
  // Response times are those of the receivers of A5: bac-giang none, hai-duong 720 min.
  REQUIRE(report.response_times.size() == 3);
  CHECK(report.response_times[0].node == "bac-giang");
  CHECK(report.response_times[0].acknowledge.count == 0);
  CHECK(report.response_times[1].acknowledge.median_ms == 720 * kMinute);
  CHECK(report.response_times[2].acknowledge.count == 1);
  REQUIRE(report.alerts.size() == 1);
  CHECK(report.alerts[0].reference == "QN-2026-00001");
}

TEST_CASE("Cases without their alert are left out and counted") {
  auto cases = h1_cases();
  cases[0].set_alert_missing(true);
  const auto report =
      alertctl::compute_report(cases, period("2026-H1"), ms("2026-06-05 09:00"), "");
  CHECK(report.alert_missing == 1);
  CHECK(report.states.total == 8);
}

// --- Renderers ----------------------------------------------------------------------------

TEST_CASE("Durations read as minutes, hours and days") {
  CHECK(alertctl::format_duration(30 * kMinute, Language::kVi) == "30 phút");
  CHECK(alertctl::format_duration(150 * kMinute, Language::kVi) == "2 giờ 30 phút");
  CHECK(alertctl::format_duration(14400 * kMinute, Language::kVi) == "10 ngày 0 giờ");
  CHECK(alertctl::format_duration(150 * kMinute, Language::kEn) == "2 h 30 min");
  CHECK(alertctl::format_duration(29999, Language::kEn) == "0 min");
  CHECK(alertctl::format_duration(30000, Language::kEn) == "1 min");
}

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
