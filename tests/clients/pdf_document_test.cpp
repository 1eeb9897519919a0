// Tests of the PDF layout itself (clients/alertctl/pdf_document.hpp, pdf_pages.cpp), with the
// blocks the report does not use yet (an administrative header and a signature area in two
// columns, centred and right-aligned lines, page numbers at the bottom): where pdftotext
// (poppler-utils) finds each word. A missing pdftotext fails the test.
#include "alertctl/pdf_document.hpp"

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

namespace {

namespace pdf = alertbus::alertctl::pdf;

constexpr double kMm = 72 / 25.4;
constexpr double kLeft = 30 * kMm;
constexpr double kRight = 595.276 - 15 * kMm;
constexpr double kBottom = 841.89 - 20 * kMm;

struct Word {
  std::string text;
  int page = 0;
  double x_min = 0;
  double y_min = 0;
  double x_max = 0;
  double y_max = 0;
};

// Every word of the document as pdftotext -bbox places it.
std::vector<Word> words_of(const pdf::Document& document) {
  auto bytes = pdf::render_pdf(document);
  REQUIRE(bytes.ok());
  const std::string path = "/tmp/alertbus_pdf_layout_" + std::to_string(::getpid()) + ".pdf";
  {
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    file << *bytes;
  }
  FILE* pipe = ::popen(("pdftotext -bbox " + path + " -").c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::string out;
  char buffer[4096];
  for (std::size_t n = 0; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) {
    out.append(buffer, n);
  }
  const int status = ::pclose(pipe);
  std::remove(path.c_str());
  REQUIRE(WIFEXITED(status));
  REQUIRE(WEXITSTATUS(status) == 0);

  std::vector<Word> words;
  int page = 0;
  const auto number = [&](std::size_t at, const char* name) {
    return std::stod(out.substr(out.find(name, at) + std::strlen(name)));
  };
  for (std::size_t at = out.find('<'); at != std::string::npos; at = out.find('<', at + 1)) {
    if (out.compare(at, 6, "<page ") == 0) {
      ++page;
    } else if (out.compare(at, 6, "<word ") == 0) {
      const std::size_t text = out.find('>', at) + 1;
      words.push_back({out.substr(text, out.find('<', text) - text), page, number(at, "xMin=\""),
                       number(at, "yMin=\""), number(at, "xMax=\""), number(at, "yMax=\"")});
    }
  }
  return words;
}

const Word& word(const std::vector<Word>& words, const std::string& text, int page = 1) {
  for (const Word& w : words) {
    if (w.text == text && w.page == page) {
      return w;
    }
  }
  FAIL("no word " << text << " on page " << page);
  throw std::logic_error("unreachable");
}

pdf::Paragraph line(const std::string& text, pdf::Align align, bool bold = false) {
  return {text, {0, bold, false, align}, 0};
}

}  // namespace

TEST_CASE("An administrative header and a signature area sit in two columns") {
  pdf::Document document;
  document.blocks.push_back(
      pdf::TwoColumns{{line("UBND TỈNH BẮC GIANG", pdf::Align::kCentre),
                       line("SỞ NÔNG NGHIỆP", pdf::Align::kCentre, true)},
                      {line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", pdf::Align::kCentre, true),
                       line("Độc lập - Tự do - Hạnh phúc", pdf::Align::kCentre, true)},
                      0.4});
  document.blocks.push_back(
      pdf::Paragraph{"Bắc Giang, ngày 05 tháng 6 năm 2026", {0, false, true, pdf::Align::kRight}});
  document.blocks.push_back(pdf::Heading{"BÁO CÁO", 0});
  document.blocks.push_back(pdf::Paragraph{"Nội dung báo cáo.", {}});
  document.blocks.push_back(pdf::TwoColumns{
      {line("Nơi nhận:", pdf::Align::kLeft, true), line("- Lưu: VT.", pdf::Align::kLeft)},
      {line("GIÁM ĐỐC", pdf::Align::kCentre, true), pdf::Paragraph{"", {}, 50},
       line("Nguyễn Văn An", pdf::Align::kCentre, true)},
      0.5});
  const std::vector<Word> words = words_of(document);

  const double split = kLeft + (kRight - kLeft) * 0.4;
  const Word& ubnd = word(words, "UBND");
  const Word& cong = word(words, "CỘNG");
  CHECK(ubnd.x_max < split);
  CHECK(cong.x_min > split);
  CHECK(std::abs(ubnd.y_min - cong.y_min) < 2);  // Side by side, on the same line.
  CHECK(word(words, "Độc").y_min > cong.y_max - 1);

  // The date ends at the right margin; the title is centred.
  CHECK(std::abs(word(words, "2026").x_max - kRight) < 2);
  const Word& title = word(words, "BÁO");
  const double centre = (title.x_min + word(words, "CÁO").x_max) / 2;
  CHECK(std::abs(centre - (kLeft + kRight) / 2) < 2);

  // The signature beside "Nơi nhận", the name under the space left for it.
  const Word& receivers = word(words, "Nơi");
  const Word& director = word(words, "GIÁM");
  CHECK(director.x_min > (kLeft + kRight) / 2);
  CHECK(std::abs(receivers.y_min - director.y_min) < 2);
  CHECK(word(words, "Nguyễn").y_min - director.y_max > 50);
}

TEST_CASE("A two-column block that does not fit moves whole to the next page") {
  pdf::Document document;
  document.page_numbers = pdf::PageNumbers::kBottomCentre;
  document.blocks.push_back(pdf::VerticalSpace{kBottom - 20 * kMm - 40});
  document.blocks.push_back(
      pdf::TwoColumns{{line("Trái1", pdf::Align::kLeft), line("Trái2", pdf::Align::kLeft),
                       line("Trái3", pdf::Align::kLeft)},
                      {line("Phải1", pdf::Align::kLeft)},
                      0.5});
  const std::vector<Word> words = words_of(document);
  CHECK(word(words, "Trái1", 2).page == 2);
  CHECK(word(words, "Trái3", 2).page == 2);
  CHECK(word(words, "Phải1", 2).page == 2);
  // Numbered at the bottom, the first page too.
  CHECK(word(words, "1", 1).y_min > kBottom);
  CHECK(word(words, "2", 2).y_min > kBottom);
}
