// alertctl cases, search, case and report, run in-process through alertctl::run() against a
// fake broker that answers CaseQuery frames from the fixed cases of case_fixtures.hpp.
#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <google/protobuf/util/time_util.h>

#include "alertctl/app.hpp"
#include "clients/case_fixtures.hpp"
#include "clients/fake_broker.hpp"
#include "clients/report_events.hpp"

namespace {

using alertbus::testing::FakeBroker;
using alertbus::testing::ms;
using google::protobuf::util::TimeUtil;
namespace alertctl = alertbus::alertctl;
namespace v1 = alertbus::v1;

struct Result {
  int code;
  std::string out;
  std::string err;
};

// Answers one case by reference from the fixtures, and lists by pages of `page_size` (the
// token is the index of the next case); filters are not applied (the broker's job).
struct CaseBroker {
  std::vector<v1::AlertCase> cases = alertbus::testing::h1_cases();
  int page_size = 100;

  std::map<std::string, std::vector<v1::StoredEvent>> events = alertbus::testing::h1_events();

  std::vector<v1::Frame> handle(const FakeBroker::Received& received) {
    if (received.frame.has_query() && !received.frame.query().case_of().empty()) {
      // A case's events (report figures): those of report_events.hpp, else NOT_FOUND.
      const auto found = events.find(received.frame.query().case_of());
      if (found == events.end()) {
        return {alertbus::testing::error_reply(received.frame.request_id(), v1::NOT_FOUND)};
      }
      v1::Frame reply;
      reply.set_request_id(received.frame.request_id());
      for (const v1::StoredEvent& event : found->second) {
        *reply.mutable_query_result()->add_events() = event;
      }
      return {reply};
    }
    if (!received.frame.has_case_query()) {
      return {};
    }
    const v1::CaseQuery& query = received.frame.case_query();
    v1::Frame reply;
    reply.set_request_id(received.frame.request_id());
    v1::CaseList* list = reply.mutable_case_list();
    if (!query.reference().empty() || !query.event_id().empty()) {
      for (const v1::AlertCase& alert_case : cases) {
        if (alert_case.reference() == query.reference() ||
            alert_case.event_id() == query.event_id()) {
          *list->add_cases() = alert_case;
        }
      }
      if (list->cases_size() == 0) {
        return {alertbus::testing::error_reply(received.frame.request_id(), v1::NOT_FOUND)};
      }
      return {reply};
    }
    const int start = query.page_token().empty() ? 0 : std::stoi(query.page_token());
    const int size = static_cast<int>(cases.size());
    for (int i = start; i < start + page_size && i < size; ++i) {
      *list->add_cases() = cases[static_cast<std::size_t>(i)];
    }
    if (start + page_size < size) {
      list->set_next_page_token(std::to_string(start + page_size));
    }
    return {reply};
  }
};

struct Fixture {
  CaseBroker data;
  FakeBroker broker{[this](const FakeBroker::Received& r) { return data.handle(r); }};

  Result run(std::vector<std::string> args) {
    args.insert(args.begin(), {"--broker", broker.endpoint(), "--timeout", "2"});
    std::vector<const char*> argv{"alertctl"};
    for (const std::string& arg : args) {
      argv.push_back(arg.c_str());
    }
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    const int code = alertctl::run(static_cast<int>(argv.size()), argv.data(), {}, in, out, err);
    return {code, out.str(), err.str()};
  }

  std::vector<v1::CaseQuery> queries() const {
    std::vector<v1::CaseQuery> sent;
    for (const auto& received : broker.received(v1::Frame::kCaseQuery)) {
      sent.push_back(received.frame.case_query());
    }
    return sent;
  }
};

std::string line_with(const std::string& text, const std::string& needle) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    if (line.find(needle) != std::string::npos) {
      return line;
    }
  }
  return {};
}

// Where `needle` starts in `line`, in characters.
std::size_t column_of(const std::string& line, const std::string& needle) {
  const std::size_t at = line.find(needle);
  REQUIRE(at != std::string::npos);
  return static_cast<std::size_t>(std::count_if(line.begin(), line.begin() + static_cast<long>(at),
                                                [](char c) { return (c & 0xC0) != 0x80; }));
}

}  // namespace

TEST_CASE("alertctl cases turns every filter into the CaseQuery") {
  Fixture f;
  const auto result = f.run({
      "cases",           "--kind",
      "animal-disease",  "--kind",
      "unsafe-food",     "--state",
      "active",          "--state",
      "expired",         "--origin",
      "quang-ninh",      "--area",
      "VN-2004:22",      "--min-severity",
      "severe",          "--from",
      "2026-01-01",      "--until",
      "2026-07-01",      "--unit",
      "quang-ninh/cnty", "--overdue",
      "--as-of",         "2026-06-05 09:00",
      "--page-size",     "50",
  });
  REQUIRE(result.code == 0);
  const auto queries = f.queries();
  REQUIRE(queries.size() == 1);
  const v1::CaseQuery& q = queries[0];
  REQUIRE(q.kinds_size() == 2);
  CHECK(q.kinds(0) == v1::ANIMAL_DISEASE);
  CHECK(q.kinds(1) == v1::UNSAFE_FOOD);
  REQUIRE(q.states_size() == 2);
  CHECK(q.states(0) == v1::ALERT_ACTIVE);
  CHECK(q.states(1) == v1::ALERT_EXPIRED);
  CHECK(q.origin_nodes(0) == "quang-ninh");
  CHECK(q.area_codes(0) == "VN-2004:22");
  CHECK(q.min_severity() == v1::SEVERE);
  CHECK(TimeUtil::TimestampToMilliseconds(q.sent_from()) == ms("2026-01-01"));
  CHECK(TimeUtil::TimestampToMilliseconds(q.sent_until()) == ms("2026-07-01"));
  CHECK(TimeUtil::TimestampToMilliseconds(q.as_of()) == ms("2026-06-05 09:00"));
  CHECK(q.sender_unit() == "quang-ninh/cnty");
  CHECK(q.overdue_only());
  CHECK(q.page_size() == 50);
  CHECK(q.text().empty());
}

TEST_CASE("alertctl cases without time options leaves the times unset") {
  Fixture f;
  REQUIRE(f.run({"cases"}).code == 0);
  const auto q = f.queries().at(0);
  CHECK_FALSE(q.has_sent_from());
  CHECK_FALSE(q.has_sent_until());
  CHECK_FALSE(q.has_as_of());
}

TEST_CASE("alertctl cases prints a table in Vietnamese") {
  Fixture f;
  const auto result = f.run({"cases"});
  REQUIRE(result.code == 0);
  const std::string header = line_with(result.out, "Số hiệu");
  CHECK_THAT(header, Catch::StartsWith("Số hiệu"));
  CHECK_THAT(header, Catch::Contains("Tình trạng"));
  CHECK_THAT(header, Catch::Contains("Tỉnh nhận"));
  const std::string a5 = line_with(result.out, "QN-2026-00001");
  CHECK_THAT(a5, Catch::Contains("Dịch bệnh động vật"));
  CHECK_THAT(a5, Catch::Contains("quang-ninh"));
  CHECK_THAT(a5, Catch::Contains("đang hiệu lực"));
  CHECK_THAT(a5, Catch::Contains("Đặc biệt nghiêm trọng"));
  CHECK_THAT(a5, Catch::Contains("2026-05-20 08:00 (GMT+7)"));
  CHECK_THAT(a5, Catch::Contains("bac-giang: chưa nhận (!), hai-duong: đã xác nhận"));
  CHECK_THAT(a5, Catch::EndsWith("QUÁ HẠN"));
  CHECK_THAT(line_with(result.out, "HD-2026-00002"), Catch::Contains("đã hủy"));
  CHECK_THAT(line_with(result.out, "QN-2026-00002"), Catch::Contains("hết hiệu lực"));
  CHECK_THAT(line_with(result.out, "HD-2026-00003"), Catch::Contains("đã thu hồi"));
  CHECK_THAT(line_with(result.out, "BG-2026-00003"), Catch::Contains("ổn định"));
  CHECK_THAT(line_with(result.out, "BG-2026-00001"),
             Catch::Contains("hai-duong: đã đóng, quang-ninh: đã đóng"));
  CHECK_THAT(line_with(result.out, "BG-2026-00002"),
             Catch::Contains("hai-duong: đã xác nhận, quang-ninh: đã nhận"));
  CHECK_THAT(line_with(result.out, "BG-2026-00004"), Catch::Contains("[Diễn tập]"));
  // Columns line up, counted in characters.
  CHECK(column_of(line_with(result.out, "BG-2026-00002"), "bac-giang") ==
        column_of(line_with(result.out, "QN-2026-00001"), "quang-ninh"));
  CHECK(column_of(line_with(result.out, "BG-2026-00002"), "2026-02-01") ==
        column_of(line_with(result.out, "QN-2026-00001"), "2026-05-20"));
  CHECK(result.out.size() > 0);
  CHECK(result.err.empty());
}

TEST_CASE("alertctl cases --lang en prints English names") {
  Fixture f;
  const auto result = f.run({"--lang", "en", "cases"});
  REQUIRE(result.code == 0);
  const std::string a5 = line_with(result.out, "QN-2026-00001");
  CHECK_THAT(a5, Catch::Contains("active"));
  CHECK_THAT(a5, Catch::Contains("bac-giang: pending (!), hai-duong: acknowledged"));
  CHECK_THAT(a5, Catch::EndsWith("OVERDUE"));
  CHECK_THAT(line_with(result.out, "Reference"), Catch::Contains("Receivers"));
}

TEST_CASE("alertctl cases shows one page and the next page's token, --all every page") {
  Fixture f;
  f.data.page_size = 5;
  const auto page = f.run({"cases"});
  REQUIRE(page.code == 0);
  CHECK_THAT(page.err, Catch::Contains("--page-token 5"));
  CHECK(line_with(page.out, "BG-2026-00005").empty());  // The twelfth case.

  const auto all = f.run({"cases", "--all"});
  REQUIRE(all.code == 0);
  CHECK_FALSE(line_with(all.out, "BG-2026-00005").empty());
  CHECK(all.err.empty());
  CHECK(f.queries().size() == 1 + 3);
  CHECK(f.queries()[3].page_token() == "10");
}

TEST_CASE("alertctl cases --json prints the cases as protobuf JSON") {
  Fixture f;
  const auto result = f.run({"cases", "--json"});
  REQUIRE(result.code == 0);
  const auto json = nlohmann::json::parse(result.out);
  REQUIRE(json["cases"].size() == 12);
  CHECK(json["cases"][0]["reference"] == "BG-2026-00001");
  CHECK(json["cases"][0]["state"] == "ALERT_RESOLVED");
  CHECK(json["next_page_token"] == "");
}

TEST_CASE("alertctl cases refuses bad states and times") {
  Fixture f;
  const auto state = f.run({"cases", "--state", "open"});
  CHECK(state.code == 2);
  CHECK_THAT(state.err, Catch::Contains("active|stable|resolved|cancelled|withdrawn|expired"));
  const auto time = f.run({"cases", "--from", "hôm qua"});
  CHECK(time.code == 2);
  CHECK_THAT(time.err, Catch::Contains("thời gian không hợp lệ"));
  CHECK(f.queries().empty());
}

TEST_CASE("alertctl search sends the text with the filters") {
  Fixture f;
  const auto result = f.run({"search", "lo mom long mong", "--kind", "animal-disease"});
  REQUIRE(result.code == 0);
  const auto q = f.queries().at(0);
  CHECK(q.text() == "lo mom long mong");
  CHECK(q.kinds(0) == v1::ANIMAL_DISEASE);
  CHECK(f.run({"search"}).code == 2);
}

TEST_CASE("alertctl search shows provinces by name and each case's snippet, matches marked") {
  Fixture f;
  v1::Directory directory;
  for (const auto& [id, name] : {std::pair<const char*, const char*>{"hai-duong", "Hải Dương"},
                                 {"quang-ninh", "Quảng Ninh"}}) {
    v1::Directory::Node* node = directory.add_nodes();
    node->set_id(id);
    node->set_name(name);
  }
  f.broker.set_directory(directory);
  // QN-2026-00001 alone, with its snippet as a search answers it.
  const auto wanted = std::find_if(f.data.cases.begin(), f.data.cases.end(),
                                   [](const auto& c) { return c.reference() == "QN-2026-00001"; });
  REQUIRE(wanted != f.data.cases.end());
  f.data.cases = {*wanted};
  for (const auto& [text, match] : {std::pair<const char*, bool>{"… đàn ", false},
                                    {"lợn", true},
                                    {" nái chết\x1b[2J …", false}}) {
    v1::TextSpan* span = f.data.cases[0].add_snippet();
    span->set_text(text);
    span->set_match(match);
  }
  const auto result = f.run({"search", "lợn"});
  REQUIRE(result.code == 0);
  const std::string row = line_with(result.out, "QN-2026-00001");
  CHECK_THAT(row, Catch::Contains("Quảng Ninh"));
  CHECK_THAT(row, Catch::Contains("bac-giang: chưa nhận (!), Hải Dương: đã xác nhận"));
  // The snippet under its case, indented; the escape sequence shown, not obeyed.
  const std::size_t next_start = result.out.find(row) + row.size() + 1;
  const std::string next =
      result.out.substr(next_start, result.out.find('\n', next_start) - next_start);
  CHECK(next == "    … đàn «lợn» nái chết\\x1b[2J …");
}

TEST_CASE("alertctl case shows one case with every receiver") {
  Fixture f;
  const auto result = f.run({"case", "BG-2026-00001"});
  REQUIRE(result.code == 0);
  CHECK(f.queries().at(0).reference() == "BG-2026-00001");
  const std::string& out = result.out;
  CHECK_THAT(out,
             Catch::Contains("Tình trạng:             đã kết thúc từ 2026-01-20 08:00 (GMT+7)"));
  CHECK_THAT(out, Catch::Contains("Thông tin tiếp theo:    4 (Xác nhận đã nhận: 2, Biện pháp đã "
                                  "thực hiện: 1, Kết thúc: 1)"));
  CHECK_THAT(out, Catch::Contains("  hai-duong — đã đóng\n"));
  CHECK_THAT(out, Catch::Contains("    Xác nhận lúc:           2026-01-10 09:00 (GMT+7) bởi "
                                  "hai-duong/cnty\n"));
  CHECK_THAT(out, Catch::Contains("    Xử lý lúc:              2026-01-11 08:00 (GMT+7) bởi "
                                  "quang-ninh/cnty\n"));
  CHECK_THAT(out, Catch::Contains("    Đóng lúc:               2026-01-20 08:00 (GMT+7)\n"));
}

TEST_CASE("alertctl case shows deadlines and overdue receivers") {
  Fixture f;
  const auto result = f.run({"--lang", "en", "case", "QN-2026-00001"});
  REQUIRE(result.code == 0);
  CHECK_THAT(result.out, Catch::Contains("Overdue:                yes"));
  CHECK_THAT(result.out, Catch::Contains("  bac-giang — pending — OVERDUE\n"));
  CHECK_THAT(result.out, Catch::Contains("    Acknowledge by:         2026-05-21 08:00 (GMT+7)\n"));
}

TEST_CASE("alertctl case of an unknown reference exits 5") {
  Fixture f;
  const auto result = f.run({"case", "BG-2026-99999"});
  CHECK(result.code == 5);
}

TEST_CASE("alertctl report asks for the period's cases at once and prints Markdown") {
  Fixture f;
  f.data.page_size = 5;
  const auto result = f.run({"report", "--period", "2026-H1", "--as-of", "2026-06-05 09:00"});
  REQUIRE(result.code == 0);
  const auto queries = f.queries();
  // 12 cases in pages of 5, then the previous period's (this fake broker does not filter).
  REQUIRE(queries.size() == 3 + 3);
  CHECK(TimeUtil::TimestampToMilliseconds(queries[0].sent_from()) == ms("2026-01-01"));
  CHECK(TimeUtil::TimestampToMilliseconds(queries[0].sent_until()) == ms("2026-07-01"));
  CHECK(TimeUtil::TimestampToMilliseconds(queries[3].sent_from()) == ms("2025-07-01"));
  CHECK(TimeUtil::TimestampToMilliseconds(queries[3].sent_until()) == ms("2026-01-01"));
  CHECK(TimeUtil::TimestampToMilliseconds(queries[3].as_of()) == ms("2026-06-05 09:00"));
  CHECK_THAT(result.out, Catch::Contains("| Cảnh báo đã gửi | 7 | 1 | +6 |"));
  // Figures from each alert's events (report_test.cpp), beside 2025-H2's A11, whose events
  // this broker does not hold.
  CHECK_THAT(result.out, Catch::Contains("| Động vật mắc bệnh | 1.250 | 0 | +1.250 |"));
  CHECK_THAT(result.out, Catch::Contains("| Diện tích cây trồng bị sinh vật gây hại (ha) | 17,5 | "
                                         "0 | +17,5 |"));
  CHECK_THAT(result.out, Catch::Contains("| Thực phẩm thu hồi | kg | 350 |"));
  CHECK_THAT(result.out, Catch::Contains("| Diện tích rừng bị cháy | ha | 3,2 |"));
  CHECK_THAT(result.out, Catch::Contains("## Cơ sở thực phẩm được nêu trong cảnh báo\n\n| Cơ sở |\n"
                                         "| --- |\n| Cơ sở rau Lục Nam |\n"));
  CHECK(TimeUtil::TimestampToMilliseconds(queries[0].as_of()) == ms("2026-06-05 09:00"));
  CHECK(queries[0].page_size() == 1000);
  CHECK(queries[0].sender_unit().empty());
  CHECK_THAT(result.out, Catch::StartsWith("# Báo cáo trao đổi cảnh báo liên tỉnh"));
  CHECK_THAT(result.out, Catch::Contains("| Tổng cộng | 7 |"));  // 9 actual, A4 and A10 apart.
  CHECK_THAT(result.out, Catch::Contains("kỳ báo cáo chưa kết thúc"));
}

TEST_CASE("alertctl report writes CSV or HTML to a file") {
  Fixture f;
  const std::string path = "/tmp/alertbus_report_cmd_" + std::to_string(::getpid()) + ".csv";
  const auto csv =
      f.run({"report", "--period", "2026", "--format", "csv", "--table", "report", "--out", path});
  REQUIRE(csv.code == 0);
  CHECK(csv.out.empty());
  CHECK_THAT(csv.err, Catch::Contains("Đã ghi báo cáo: " + path));
  std::ifstream file(path);
  const std::string text((std::istreambuf_iterator<char>(file)), {});
  CHECK_THAT(text, Catch::StartsWith("\xEF\xBB\xBFMục,Giá trị\r\n"));
  CHECK_THAT(text, Catch::Contains("\r\nperiod,2026\r\n"));
  std::remove(path.c_str());

  // Without --table: the alert list.
  const auto list = f.run({"report", "--period", "2026-H1", "--format", "csv"});
  REQUIRE(list.code == 0);
  CHECK_THAT(list.out, Catch::StartsWith("\xEF\xBB\xBFSố hiệu,Loại,"));

  const auto html = f.run({"--lang", "en", "report", "--period", "2026-H1", "--format", "html",
                           "--unit", "quang-ninh/cnty"});
  REQUIRE(html.code == 0);
  CHECK_THAT(html.out, Catch::StartsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
  CHECK_THAT(html.out, Catch::Contains("unit quang-ninh/cnty"));
}

TEST_CASE("alertctl report --format csv --out DIR writes one file per table, each with a BOM") {
  Fixture f;
  const std::string dir = "/tmp/alertbus_report_dir_" + std::to_string(::getpid());
  std::filesystem::create_directory(dir);
  const auto result =
      f.run({"report", "--period", "2026-H1", "--format", "csv", "--out", dir + "/"});
  REQUIRE(result.code == 0);
  for (const char* name : {"report", "comparison", "sent_by_unit", "sent_by_kind", "sent_by_origin",
                           "received", "response_times", "figures", "food_facilities", "states",
                           "follow_ups", "alerts", "cancelled", "withdrawn", "exercises"}) {
    INFO(name);
    std::ifstream file(dir + "/" + name + ".csv");
    REQUIRE(file);
    const std::string text((std::istreambuf_iterator<char>(file)), {});
    CHECK(text.rfind("\xEF\xBB\xBF", 0) == 0);
  }
  std::ifstream kinds(dir + "/sent_by_kind.csv");
  const std::string text((std::istreambuf_iterator<char>(kinds)), {});
  CHECK(text ==
        "\xEF\xBB\xBFLoại,Số cảnh báo\r\nDịch bệnh động vật,3\r\nSinh vật gây hại cây trồng,1\r\n"
        "Cháy rừng,2\r\nThực phẩm không bảo đảm an toàn,1\r\nTổng cộng,7\r\n");
  std::filesystem::remove_all(dir);

  const auto bad =
      f.run({"--lang", "en", "report", "--period", "2026-H1", "--format", "csv", "--table", "all"});
  CHECK(bad.code == 2);
  CHECK_THAT(bad.err, Catch::Contains("no report table \"all\"; the tables are: report,"));
}

TEST_CASE("alertctl report --header and --assessment frame the report, bad files are refused") {
  Fixture f;
  const std::string base = "/tmp/alertbus_report_doc_" + std::to_string(::getpid());
  const std::string assessment = base + ".txt";
  std::ofstream(assessment) << "Phối hợp tốt.\n\nKiến nghị tăng cường.\n";
  const auto result =
      f.run({"report", "--period", "2026-H1", "--as-of", "2026-06-05 09:00", "--header",
             std::string(ALERTBUS_SOURCE_DIR) + "/deploy/report-header.toml", "--assessment",
             assessment});
  REQUIRE(result.code == 0);
  CHECK_THAT(result.out, Catch::Contains("| Số: 15/BC-CCCNTY | *Bắc Giang, ngày 05 tháng 6 năm "
                                         "2026* |"));
  CHECK_THAT(result.out, Catch::Contains("## Đánh giá và kiến nghị\n\nPhối hợp tốt.\n\nKiến nghị "
                                         "tăng cường.\n"));
  CHECK_THAT(result.out, Catch::Contains("|  | **Nguyễn Văn An** |"));

  const std::string header = base + ".toml";
  std::ofstream(header) << "governing_body = \"UBND\"\nissuing_body = \"CC\"\nplace = \"BG\"\n";
  const std::size_t asked = f.queries().size();
  const auto missing = f.run({"--lang", "en", "report", "--period", "2026-H1", "--header", header});
  CHECK(missing.code == 2);
  CHECK_THAT(missing.err, Catch::Contains(header + ": missing key, or not a text: number"));
  CHECK(f.queries().size() == asked);  // Refused before asking the broker.
  std::ofstream(assessment) << std::string(64 * 1024 + 1, 'x');
  const auto large = f.run({"report", "--period", "2026-H1", "--assessment", assessment});
  CHECK(large.code == 2);
  CHECK_THAT(large.err, Catch::Contains("tệp đánh giá quá lớn (tối đa 64 KiB)"));
  std::remove(header.c_str());
  std::remove(assessment.c_str());
}

TEST_CASE("alertctl report writes PDF and Excel to a file only") {
  Fixture f;
  const auto vi = f.run({"report", "--period", "2026-H1", "--format", "pdf"});
  CHECK(vi.code == 2);
  CHECK(vi.out.empty());
  CHECK_THAT(vi.err, Catch::Contains("tệp nhị phân, không in ra màn hình: cần --out TỆP"));
  const auto en = f.run({"--lang", "en", "report", "--period", "2026-H1", "--format", "xlsx"});
  CHECK(en.code == 2);
  CHECK_THAT(en.err, Catch::Contains("binary files, not printed on the terminal: give --out FILE"));
  CHECK(f.queries().empty());

  for (const std::string format : {"pdf", "xlsx"}) {
    const std::string path =
        "/tmp/alertbus_report_cmd_" + std::to_string(::getpid()) + "." + format;
    const auto written =
        f.run({"report", "--period", "2026-H1", "--format", format, "--out", path});
    REQUIRE(written.code == 0);
    CHECK(written.out.empty());
    CHECK_THAT(written.err, Catch::Contains("Đã ghi báo cáo: " + path));
    std::ifstream file(path, std::ios::binary);
    const std::string bytes((std::istreambuf_iterator<char>(file)), {});
    CHECK(bytes.substr(0, format == "pdf" ? 5 : 2) == (format == "pdf" ? "%PDF-" : "PK"));
    std::remove(path.c_str());
  }
}

TEST_CASE("alertctl report refuses a bad period before asking the broker") {
  Fixture f;
  const auto vi = f.run({"report", "--period", "2026-H3"});
  CHECK(vi.code == 2);
  CHECK_THAT(vi.err, Catch::Contains("kỳ báo cáo không hợp lệ \"2026-H3\""));
  const auto en = f.run({"--lang", "en", "report", "--period", "2026-03-31..2026-01-01"});
  CHECK(en.code == 2);
  CHECK_THAT(en.err, Catch::Contains("ends before it starts"));
  CHECK(f.run({"report", "--period", "2026", "--format", "docx"}).code == 2);
  const auto table = f.run({"report", "--period", "2026", "--table", "alerts"});
  CHECK(table.code == 2);
  CHECK_THAT(table.err, Catch::Contains("--table chỉ dùng với --format csv"));
  CHECK(f.run({"report"}).code == 2);
  CHECK(f.queries().empty());
}
