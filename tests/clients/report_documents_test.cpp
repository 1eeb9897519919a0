// Tests of the report as files (clients/alertctl/report_pdf.cpp, pdf_document.cpp,
// report_xlsx.cpp), read back by other programs: the PDF with poppler-utils (pdftotext,
// pdffonts, pdfinfo), the workbook with openpyxl (tests/clients/xlsx_dump.py under
// /usr/bin/python3). A missing tool fails the test: deploy/install-deps.sh installs them.
#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "alertctl/report_document.hpp"
#include "clients/report_fixtures.hpp"

namespace {

namespace alertctl = alertbus::alertctl;
namespace v1 = alertbus::v1;
using alertbus::testing::h1_cases;
using alertbus::testing::h1_report;
using alertbus::testing::make_case;
using alertbus::testing::ms;
using alertbus::testing::period;
using alertctl::Language;

const std::string kFormulaTitle = "=HYPERLINK(\"http://example.com\",\"Bấm vào đây\")";

// A file under /tmp with the given bytes, removed at the end of the test.
struct TempFile {
  std::string path;

  TempFile(const std::string& name, const std::string& bytes)
      : path("/tmp/alertbus_report_doc_" + std::to_string(::getpid()) + "_" + name) {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << bytes;
    file.close();
    REQUIRE(file);
  }

  ~TempFile() { std::remove(path.c_str()); }
};

struct Ran {
  int exit_code;
  std::string out;
};

// Runs a shell command; its standard output (standard error is left on the test's).
Ran run(const std::string& command) {
  FILE* pipe = ::popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0) {
    out.append(buffer, n);
  }
  const int status = ::pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

// The output of a command that must succeed (a missing tool exits 127 and fails here).
std::string output_of(const std::string& command) {
  const Ran ran = run(command);
  INFO(command);
  REQUIRE(ran.exit_code == 0);
  return ran.out;
}

// Runs of white space as one space: a wrapped cell reads as one line.
std::string squeezed(const std::string& text) {
  std::string result;
  for (const char c : text) {
    const bool space = c == ' ' || c == '\n' || c == '\t' || c == '\f' || c == '\r';
    if (!space) {
      result += c;
    } else if (!result.empty() && result.back() != ' ') {
      result += ' ';
    }
  }
  return result;
}

std::string pdf_of(const alertctl::Report& report, Language language) {
  auto pdf = alertctl::report_pdf(report, language);
  REQUIRE(pdf.ok());
  return *pdf;
}

// A field of pdfinfo's output ("Title:   text"), without the spaces that align it.
std::string info_field(const std::string& info, const std::string& name) {
  std::istringstream lines(info);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(name + ":", 0) == 0) {
      const std::size_t value = line.find_first_not_of(' ', name.size() + 1);
      return value == std::string::npos ? std::string() : line.substr(value);
    }
  }
  FAIL("pdfinfo gives no " << name);
  return {};
}

int page_count(const std::string& path) {
  return std::stoi(info_field(output_of("pdfinfo " + path), "Pages"));
}

// The words pdftotext -bbox finds outside the text area (margins 20 mm top and bottom, 30 mm
// left, 15 mm right), the page numbers in the top margin excepted.
std::vector<std::string> words_outside_margins(const std::string& path) {
  constexpr double kMm = 72 / 25.4;
  const double left = 30 * kMm - 0.5;
  const double right = 595.276 - 15 * kMm + 0.5;
  const double top = 20 * kMm - 0.5;
  const double bottom = 841.89 - 20 * kMm + 0.5;
  const std::string words = output_of("pdftotext -bbox " + path + " -");
  std::vector<std::string> outside;
  const auto number = [&](std::size_t at, const char* name) {
    const std::size_t field = words.find(name, at);
    REQUIRE(field != std::string::npos);
    return std::stod(words.substr(field + std::strlen(name)));
  };
  for (std::size_t at = words.find("<word "); at != std::string::npos;
       at = words.find("<word ", at + 1)) {
    const double x_min = number(at, "xMin=\"");
    const double x_max = number(at, "xMax=\"");
    const double y_min = number(at, "yMin=\"");
    const double y_max = number(at, "yMax=\"");
    const std::size_t text = words.find('>', at) + 1;
    const std::string word = words.substr(text, words.find('<', text) - text);
    const bool page_number = y_max < top && word.find_first_not_of("0123456789") == word.npos;
    if (x_min < left || x_max > right || y_max > bottom || (y_min < top && !page_number)) {
      outside.push_back(word);
    }
  }
  return outside;
}

// A report over 2026-H1 with 150 more alerts than the fixed cases: several pages of list.
alertctl::Report long_report() {
  std::vector<v1::AlertCase> cases = h1_cases();
  for (int i = 0; i < 150; ++i) {
    char reference[32];
    std::snprintf(reference, sizeof reference, "BG-2026-%05d", 100 + i);
    char sent[32];
    std::snprintf(sent, sizeof sent, "2026-03-%02d %02d:00", 1 + i % 28, 8 + i % 10);
    cases.push_back(make_case(
        reference, v1::ANIMAL_DISEASE, "bac-giang", "bac-giang/cnty", v1::SEVERE, sent,
        v1::ALERT_ACTIVE,
        "Dịch tả lợn châu Phi tại xã Tân Mộc, huyện Lục Ngạn, ổ dịch số " + std::to_string(i + 1)));
  }
  return alertctl::compute_report(cases, period("2026-H1"), ms("2026-07-05 09:00"), {});
}

alertctl::Report report_with_titles(const std::vector<std::string>& titles) {
  std::vector<v1::AlertCase> cases = h1_cases();
  for (std::size_t i = 0; i < titles.size(); ++i) {
    cases[i].set_title(titles[i]);
  }
  return alertctl::compute_report(cases, period("2026-H1"), ms("2026-06-05 09:00"), {});
}

nlohmann::json workbook_of(const alertctl::Report& report, Language language) {
  auto xlsx = alertctl::report_xlsx(report, language);
  REQUIRE(xlsx.ok());
  CHECK(xlsx->substr(0, 2) == "PK");  // A ZIP container.
  const TempFile file("workbook.xlsx", *xlsx);
  const std::string json =
      output_of("/usr/bin/python3 " ALERTBUS_SOURCE_DIR "/tests/clients/xlsx_dump.py " + file.path);
  return nlohmann::json::parse(json);
}

const nlohmann::json& sheet(const nlohmann::json& workbook, const std::string& name) {
  for (const nlohmann::json& s : workbook["sheets"]) {
    if (s["name"] == name) {
      return s;
    }
  }
  FAIL("no sheet " << name);
  throw std::logic_error("unreachable");
}

// The row of a sheet whose first cell is `first`.
const nlohmann::json& row_of(const nlohmann::json& s, const std::string& first) {
  for (const nlohmann::json& row : s["rows"]) {
    if (!row.empty() && row[0]["value"] == first) {
      return row;
    }
  }
  FAIL("no row " << first << " in " << s["name"]);
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("The PDF report reads back with its Vietnamese text and every font embedded") {
  const std::string pdf = pdf_of(h1_report(), Language::kVi);
  CHECK(pdf.substr(0, 5) == "%PDF-");
  CHECK(pdf.find("/Outlines") != std::string::npos);  // A bookmark per section.
  const TempFile file("report.pdf", pdf);
  const std::string text = squeezed(output_of("pdftotext -enc UTF-8 " + file.path + " -"));
  CHECK_THAT(text, Catch::Contains("Báo cáo trao đổi cảnh báo liên tỉnh"));
  CHECK_THAT(text, Catch::Contains("Kỳ báo cáo: 2026-H1"));
  CHECK_THAT(text, Catch::Contains("BG-2026-00001"));
  CHECK_THAT(text, Catch::Contains("Cảnh báo đã gửi theo tỉnh gửi"));
  CHECK_THAT(text, Catch::Contains("tại Chí Linh"));
  // "Cúm gia cầm A/H5N1 tại Đông Triều" wraps in its cell, between the other columns' lines.
  CHECK_THAT(text, Catch::Contains("Đông") && Catch::Contains("Triều"));
  CHECK_THAT(text, Catch::Contains("Tổng cộng"));
  CHECK_THAT(text, Catch::Contains("kỳ báo cáo chưa kết thúc"));
  CHECK_THAT(text, Catch::Contains("Rau cải \"sạch\", lô 12 | Lục Nam"));

  // pdffonts: a header, a rule of dashes giving the columns, then one line per font.
  std::istringstream fonts(output_of("pdffonts " + file.path));
  std::string header;
  std::string rule;
  std::getline(fonts, header);
  std::getline(fonts, rule);
  // The "emb" column is the fourth group of dashes.
  std::size_t emb_at = 0;
  for (int group = 0; group < 3; ++group) {
    emb_at = rule.find(' ', emb_at) + 1;
  }
  int liberation_lines = 0;
  for (std::string line; std::getline(fonts, line);) {
    INFO(line);
    CHECK(line.substr(emb_at, 3) == "yes");
    // Liberation Serif, and fontconfig's fallback for the few signs it lacks (⌈ ⌉).
    liberation_lines += line.find("LiberationSerif") != std::string::npos ? 1 : 0;
  }
  CHECK(liberation_lines >= 2);  // Regular and bold at least.
  CHECK(words_outside_margins(file.path).empty());

  const std::string info = output_of("pdfinfo " + file.path);
  CHECK(info_field(info, "Title") == "Báo cáo trao đổi cảnh báo liên tỉnh 2026-H1");
  CHECK(info_field(info, "Page size") == "595.276 x 841.89 pts (A4)");
}

TEST_CASE("With a header and an assessment the PDF and the workbook are the document sent") {
  alertctl::Report report = h1_report();
  auto frame =
      alertctl::read_admin_frame(ALERTBUS_SOURCE_DIR "/deploy/report-header.toml", report.now_ms);
  REQUIRE(frame.ok());
  report.frame = std::move(frame).value();
  report.assessment = {"Các tỉnh phối hợp kịp thời trong các vụ dịch tả lợn châu Phi.",
                       "Kiến nghị: bổ sung kinh phí diễn tập."};
  const TempFile file("framed.pdf", pdf_of(report, Language::kVi));
  const std::string text = squeezed(output_of("pdftotext -enc UTF-8 " + file.path + " -"));
  INFO(text.substr(0, 600));
  // In the order of the document: header, "BÁO CÁO" and its title, the tables, the
  // assessment, the definitions, then "Nơi nhận" and the signature.
  std::size_t at = 0;
  for (const char* part :
       {"SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG TỈNH BẮC GIANG", "CHI CỤC CHĂN NUÔI VÀ THÚ Y",
        "Số: 15/BC-CCCNTY", "BÁO CÁO", "Kết quả trao đổi cảnh báo liên tỉnh, kỳ 2026-H1",
        "Danh sách cảnh báo đã gửi", "Đánh giá và kiến nghị",
        "Các tỉnh phối hợp kịp thời trong các vụ dịch tả lợn châu Phi.",
        "Kiến nghị: bổ sung kinh phí diễn tập.", "Cách tính", "Nơi nhận:", "Lưu: VT, DT.",
        "Nguyễn Văn An"}) {
    INFO(part);
    const std::size_t found = text.find(part, at);
    REQUIRE(found != std::string::npos);
    at = found;
  }
  for (const char* right :
       {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
        "Bắc Giang, ngày 05 tháng 6 năm 2026", "KT. CHI CỤC TRƯỞNG", "PHÓ CHI CỤC TRƯỞNG"}) {
    CHECK_THAT(text, Catch::Contains(right));
  }
  CHECK(words_outside_margins(file.path).empty());
  CHECK(info_field(output_of("pdfinfo " + file.path), "Author") == "CHI CỤC CHĂN NUÔI VÀ THÚ Y");

  const nlohmann::json workbook = workbook_of(report, Language::kVi);
  const nlohmann::json& first = sheet(workbook, "Báo cáo");
  CHECK(first["rows"][0][0]["value"] == "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG TỈNH BẮC GIANG");
  CHECK(row_of(first, "Đánh giá và kiến nghị")[1]["value"] ==
        "Các tỉnh phối hợp kịp thời trong các vụ dịch tả lợn châu Phi.");
  CHECK(row_of(first, "Nơi nhận:")[1]["value"] == "Sở Nông nghiệp và Môi trường (b/c);");
  bool signed_by = false;
  for (const nlohmann::json& row : first["rows"]) {
    signed_by = signed_by || (row.size() > 1 && row[1]["value"] == "Nguyễn Văn An");
  }
  CHECK(signed_by);
}

TEST_CASE("The PDF report is the same bytes each time, dated when the report was made") {
  const std::string pdf = pdf_of(h1_report(), Language::kVi);
  CHECK(pdf == pdf_of(h1_report(), Language::kVi));
  const TempFile file("dated.pdf", pdf);
  const std::string info = output_of("pdfinfo -isodates " + file.path);
  CHECK(info_field(info, "CreationDate") == "2026-06-05T09:00:00+07");
}

TEST_CASE("The English PDF report is in English") {
  const TempFile file("report_en.pdf", pdf_of(h1_report("quang-ninh/cnty"), Language::kEn));
  const std::string text = squeezed(output_of("pdftotext -enc UTF-8 " + file.path + " -"));
  CHECK_THAT(text, Catch::Contains("Inter-province alert exchange report"));
  CHECK_THAT(text, Catch::Contains("Alerts the unit received"));
  CHECK_THAT(text, Catch::Contains("Definitions"));
}

TEST_CASE("A long PDF report runs over pages, numbered, the table header on each of them") {
  const TempFile file("long.pdf", pdf_of(long_report(), Language::kVi));
  const int pages = page_count(file.path);
  REQUIRE(pages >= 4);
  int list_pages = 0;
  for (int p = 1; p <= pages; ++p) {
    const std::string page = output_of("pdftotext -enc UTF-8 -layout -f " + std::to_string(p) +
                                       " -l " + std::to_string(p) + " " + file.path + " -");
    INFO("page " << p);
    if (p > 1) {  // The page number, centred at the top from the second page on.
      std::istringstream words(page);
      std::string first_word;
      words >> first_word;
      CHECK(first_word == std::to_string(p));
    }
    if (page.find("BG-2026-0") != std::string::npos) {
      ++list_pages;
      CHECK_THAT(page, Catch::Contains("Số hiệu"));  // The list's header row.
      CHECK_THAT(page, Catch::Contains("Tiêu đề"));
    }
  }
  CHECK(list_pages >= 3);
  CHECK(words_outside_margins(file.path).empty());
}

TEST_CASE("The workbook has a sheet per table, numbers as numbers and bold frozen headers") {
  const nlohmann::json workbook = workbook_of(h1_report(), Language::kVi);
  CHECK(workbook["title"] == "Báo cáo trao đổi cảnh báo liên tỉnh 2026-H1");
  CHECK_THAT(workbook["created"].get<std::string>(), Catch::StartsWith("2026-06-05 02:00:00"));
  std::vector<std::string> names;
  for (const nlohmann::json& s : workbook["sheets"]) {
    names.push_back(s["name"]);
  }
  INFO(nlohmann::json(names).dump());
  // The first sheet, eight tables and the cancelled, withdrawn and exercise alerts apart.
  REQUIRE(names.size() == 12);
  CHECK(names[0] == "Báo cáo");
  CHECK(names[1] == "Cảnh báo đã gửi theo đơn vị");
  CHECK(names[4] == "Cảnh báo đã nhận theo tỉnh nhận");  // Cut at a word to 31 characters.
  CHECK(names[8] == "Danh sách cảnh báo đã gửi");
  CHECK(names[9] == "Cảnh báo đã hủy");  // The parenthesis it could not hold left out whole.
  CHECK(names[10] == "Cảnh báo đã thu hồi");
  for (const std::string& name : names) {
    CHECK(name.size() <= 31 * 3);
  }

  const nlohmann::json& first = sheet(workbook, "Báo cáo");
  CHECK(first["rows"][0][0]["value"] == "Báo cáo trao đổi cảnh báo liên tỉnh");
  CHECK(first["rows"][0][0]["bold"] == true);
  CHECK(row_of(first, "Kỳ báo cáo")[1]["value"] == "2026-H1 (01/01/2026 – 30/06/2026)");

  const nlohmann::json& by_unit = sheet(workbook, "Cảnh báo đã gửi theo đơn vị");
  CHECK(by_unit["freeze"] == "A2");
  CHECK(by_unit["rows"][0][0]["value"] == "Đơn vị");
  CHECK(by_unit["rows"][0][0]["bold"] == true);
  const nlohmann::json& total = row_of(by_unit, "Tổng cộng");
  CHECK(total[1]["type"] == "n");
  CHECK(total[1]["value"] == 7);  // Nine sent, less the cancelled and the withdrawn one.

  // Minutes as numbers: Hải Dương acknowledged A1 in 60 minutes, A2 in 240, … (report_test).
  const nlohmann::json& times = sheet(workbook, "Thời gian phản hồi theo tỉnh");
  CHECK(times["rows"][0][2]["value"] == "Trung vị đến xác nhận (phút)");
  CHECK(row_of(times, "hai-duong")[2]["type"] == "n");

  CHECK(by_unit["print_rows"] == "$1:$1");  // The header row on every printed page.
  CHECK(by_unit["landscape"] == false);

  const nlohmann::json& list = sheet(workbook, "Danh sách cảnh báo đã gửi");
  CHECK(list["landscape"] == true);
  CHECK(list["paper"] == 9);  // A4.
  const nlohmann::json& a1 = row_of(list, "BG-2026-00001");
  CHECK(a1[4]["value"] == "2026-01-10 08:00 (GMT+7)");  // Times as text, as shown.
  CHECK(a1[4]["type"] == "s");
  CHECK(a1[6]["value"] == "Dịch tả lợn châu Phi tại Lục Ngạn");
}

TEST_CASE("A title that looks like a formula is a string in the workbook, never a formula") {
  const nlohmann::json workbook = workbook_of(
      report_with_titles({kFormulaTitle, "+84 912 345 678", "-2+3", "@SUM(A1:A9)"}), Language::kEn);
  const nlohmann::json& list = sheet(workbook, "Alerts sent");
  for (const auto& [reference, title] :
       std::vector<std::pair<std::string, std::string>>{{"BG-2026-00001", kFormulaTitle},
                                                        {"BG-2026-00002", "+84 912 345 678"},
                                                        {"HD-2026-00001", "-2+3"}}) {
    const nlohmann::json& row = row_of(list, reference);
    INFO(reference);
    CHECK(row[6]["value"] == title);
    CHECK(row[6]["type"] == "s");
  }
  // HD-2026-00002 was cancelled: it is listed apart, its title a string there too.
  bool found = false;
  for (const nlohmann::json& cell : row_of(sheet(workbook, "Cancelled alerts"), "HD-2026-00002")) {
    found = found || (cell["value"] == "@SUM(A1:A9)" && cell["type"] == "s");
  }
  CHECK(found);
  for (const nlohmann::json& s : workbook["sheets"]) {
    for (const nlohmann::json& row : s["rows"]) {
      for (const nlohmann::json& cell : row) {
        CHECK(cell["type"] != "f");
      }
    }
  }
}

TEST_CASE("A unit's workbook names every sheet uniquely within Excel's 31 characters") {
  const nlohmann::json workbook = workbook_of(h1_report("quang-ninh/cnty"), Language::kVi);
  std::vector<std::string> names;
  for (const nlohmann::json& s : workbook["sheets"]) {
    names.push_back(s["name"]);
  }
  INFO(nlohmann::json(names).dump());
  REQUIRE(names.size() == 13);
  CHECK(names[4] == "Cảnh báo đơn vị đã tiếp nhận");
  CHECK(names[9] == "Danh sách cảnh báo đơn vị đã");
  std::sort(names.begin(), names.end());
  CHECK(std::adjacent_find(names.begin(), names.end()) == names.end());
}

TEST_CASE("Markup, control characters and a huge title stay text in the PDF and the workbook") {
  const std::string markup = "<b>đậm</b> & <span foreground=\"red\">đỏ</span>";
  const std::string control = "Mưa\x01 lớn\x1b[31m tại Sơn Động";
  std::string huge;
  while (huge.size() < 20000) {
    huge += "Lở mồm long móng tại Sơn Động ";
  }
  const alertctl::Report report = report_with_titles({markup, control, huge});

  const TempFile file("hostile.pdf", pdf_of(report, Language::kVi));
  const std::string text = squeezed(output_of("pdftotext -enc UTF-8 " + file.path + " -"));
  CHECK_THAT(text, Catch::Contains("<b>đậm</b> &"));
  CHECK_THAT(text, Catch::Contains("foreground=\"red\">đỏ</span>"));
  // The huge title is cut in its cell with "…" (which pdftotext reads as the text it stands
  // for): no word lies below the bottom margin, 20 mm from the page's end.
  const std::string words = output_of("pdftotext -bbox " + file.path + " -");
  double lowest = 0;
  for (std::size_t at = words.find("yMax=\""); at != std::string::npos;
       at = words.find("yMax=\"", at + 1)) {
    lowest = std::max(lowest, std::stod(words.substr(at + 6)));
  }
  CHECK(lowest > 700);
  CHECK(lowest <= 841.89 - 20 * 72 / 25.4);
  CHECK(page_count(file.path) < 10);

  const nlohmann::json workbook = workbook_of(report, Language::kVi);
  const nlohmann::json& list = sheet(workbook, "Danh sách cảnh báo đã gửi");
  CHECK(row_of(list, "BG-2026-00001")[6]["value"] == markup);
  CHECK(row_of(list, "BG-2026-00002")[6]["type"] == "s");
  CHECK(row_of(list, "HD-2026-00001")[6]["value"] == huge);
}
