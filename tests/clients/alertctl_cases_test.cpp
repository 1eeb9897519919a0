// alertctl cases, search, case and report, run in-process through alertctl::run() against a
// fake broker that answers CaseQuery frames from the fixed cases of case_fixtures.hpp.
#include <algorithm>
#include <cstdio>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <google/protobuf/util/time_util.h>

#include "alertctl/app.hpp"
#include "clients/case_fixtures.hpp"
#include "clients/fake_broker.hpp"

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

  std::vector<v1::Frame> handle(const FakeBroker::Received& received) {
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
  REQUIRE(queries.size() == 3);  // 12 cases in pages of 5.
  CHECK(TimeUtil::TimestampToMilliseconds(queries[0].sent_from()) == ms("2026-01-01"));
  CHECK(TimeUtil::TimestampToMilliseconds(queries[0].sent_until()) == ms("2026-07-01"));
  CHECK(TimeUtil::TimestampToMilliseconds(queries[0].as_of()) == ms("2026-06-05 09:00"));
  CHECK(queries[0].page_size() == 1000);
  CHECK(queries[0].sender_unit().empty());
  CHECK_THAT(result.out, Catch::StartsWith("# Báo cáo trao đổi cảnh báo liên tỉnh"));
  CHECK_THAT(result.out, Catch::Contains("| Tổng cộng | 9 |"));
  CHECK_THAT(result.out, Catch::Contains("kỳ báo cáo chưa kết thúc"));
}

TEST_CASE("alertctl report writes CSV or HTML to a file") {
  Fixture f;
  const std::string path = "/tmp/alertbus_report_cmd_" + std::to_string(::getpid()) + ".csv";
  const auto csv = f.run({"report", "--period", "2026", "--format", "csv", "--out", path});
  REQUIRE(csv.code == 0);
  CHECK(csv.out.empty());
  CHECK_THAT(csv.err, Catch::Contains("Đã ghi báo cáo: " + path));
  std::ifstream file(path);
  const std::string text((std::istreambuf_iterator<char>(file)), {});
  CHECK_THAT(text, Catch::StartsWith("section,"));
  CHECK_THAT(text, Catch::Contains("report,period,2026\r\n"));
  std::remove(path.c_str());

  const auto html = f.run({"--lang", "en", "report", "--period", "2026-H1", "--format", "html",
                           "--unit", "quang-ninh/cnty"});
  REQUIRE(html.code == 0);
  CHECK_THAT(html.out, Catch::StartsWith("<!DOCTYPE html>\n<html lang=\"en\">"));
  CHECK_THAT(html.out, Catch::Contains("unit quang-ninh/cnty"));
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
  CHECK(f.run({"report"}).code == 2);
  CHECK(f.queries().empty());
}
