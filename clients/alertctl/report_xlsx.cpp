// The report as an Excel workbook (report.hpp), with libxlsxwriter: a first sheet with the
// title, the lines under it and the definitions, then one sheet per table. Counts and minutes
// are numbers (the tables for machines, report_tables.hpp); every other cell is a string,
// whatever it starts with: nothing from the data becomes a formula.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <unistd.h>
#include <xlsxwriter.h>

#include "alertctl/report.hpp"
#include "alertctl/report_document.hpp"
#include "alertctl/report_numbers.hpp"
#include "alertctl/report_tables.hpp"

namespace alertbus::alertctl {
namespace {

using namespace report_parts;

// clang-format off
constexpr Text kFirstSheet{"Báo cáo", "Report"};
constexpr Text kNote{"Lưu ý", "Note"};
constexpr Text kCannotMake{"không tạo được tệp Excel: ", "cannot make the Excel workbook: "};
// clang-format on

constexpr std::size_t kMaxSheetName = 31;    // UTF-16 units, as Excel counts them.
constexpr std::size_t kMaxCellText = 32767;  // Excel's longest cell text.
constexpr double kMinColumnWidth = 8;
constexpr double kMaxColumnWidth = 60;
constexpr std::uint8_t kPaperA4 = 9;
constexpr std::size_t kLandscapeColumns = 6;  // The lists of alerts.

// The code points of a UTF-8 text with their byte offsets (libxlsxwriter takes UTF-8).
std::vector<std::size_t> code_point_starts(const std::string& text) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) {
      starts.push_back(i);
    }
  }
  return starts;
}

// At most `limit` UTF-16 units of `text`, cut between code points, at a space if one is in
// the second half.
std::string cut(const std::string& text, std::size_t limit) {
  std::size_t units = 0;
  std::size_t end = text.size();
  for (const std::size_t start : code_point_starts(text)) {
    const bool astral = static_cast<unsigned char>(text[start]) >= 0xF0;
    if (units + (astral ? 2 : 1) > limit) {
      end = start;
      break;
    }
    units += astral ? 2 : 1;
  }
  if (end == text.size()) {
    return text;
  }
  const std::size_t space = text.rfind(' ', end);
  if (space != std::string::npos && space > end / 2) {
    end = space;
  }
  return text.substr(0, end);
}

// A sheet name Excel accepts: no []:*?/\ (each becomes '-'), no apostrophe at either end,
// at most 31 units, not empty, and different from every name in `taken` (Excel compares them
// without case; libxlsxwriter only ASCII's, so lower-case ASCII is the key here too).
std::string sheet_name(const std::string& heading, std::vector<std::string>& taken) {
  std::string name;
  for (const char c : heading) {
    const bool forbidden = std::string_view("[]:*?/\\").find(c) != std::string_view::npos;
    name += forbidden || static_cast<unsigned char>(c) < 0x20 ? '-' : c;
  }
  while (!name.empty() && name.front() == '\'') {
    name.erase(0, 1);
  }
  const auto key = [](std::string text) {
    for (char& c : text) {
      if (c >= 'A' && c <= 'Z') {
        c = static_cast<char>(c - 'A' + 'a');
      }
    }
    return text;
  };
  std::string candidate;
  for (int n = 1;; ++n) {
    const std::string suffix = n == 1 ? "" : " (" + std::to_string(n) + ")";
    candidate = cut(name, kMaxSheetName - suffix.size());
    // A parenthesis cut open ("Cảnh báo đã hủy (không tính vào") is left out whole.
    if (const std::size_t open = candidate.rfind(" (");
        open != std::string::npos && candidate.find(')', open) == std::string::npos &&
        candidate.size() < name.size()) {
      candidate.erase(open);
    }
    while (!candidate.empty() &&
           std::string_view("' ,;-").find(candidate.back()) != std::string_view::npos) {
      candidate.pop_back();
    }
    if (candidate.empty()) {
      candidate = "Sheet";
    }
    candidate += suffix;
    if (std::find(taken.begin(), taken.end(), key(candidate)) == taken.end()) {
      break;
    }
  }
  taken.push_back(key(candidate));
  return candidate;
}

void write_text(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t column, const std::string& text,
                lxw_format* format) {
  if (!text.empty()) {
    worksheet_write_string(sheet, row, column, cut(text, kMaxCellText).c_str(), format);
  }
}

double width_of(const std::string& text) {
  return static_cast<double>(code_point_starts(text).size()) + 2;
}

void write_table(lxw_workbook* workbook, const Table& table, const std::string& name,
                 lxw_format* header) {
  lxw_worksheet* sheet = workbook_add_worksheet(workbook, name.c_str());
  const std::vector<bool> numeric = numeric_columns(table);
  std::vector<double> widths(table.columns.size(), kMinColumnWidth);
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    write_text(sheet, 0, static_cast<lxw_col_t>(c), table.columns[c], header);
    widths[c] = std::max(widths[c], width_of(table.columns[c]));
  }
  lxw_row_t r = 1;
  for (const std::vector<std::string>& row : table.rows) {
    for (std::size_t c = 0; c < row.size() && c < table.columns.size(); ++c) {
      const auto column = static_cast<lxw_col_t>(c);
      if (numeric[c] && !row[c].empty()) {
        worksheet_write_number(sheet, r, column, std::strtod(row[c].c_str(), nullptr), nullptr);
      } else {
        write_text(sheet, r, column, row[c], nullptr);
      }
      widths[c] = std::max(widths[c], width_of(row[c]));
    }
    ++r;
  }
  for (std::size_t c = 0; c < widths.size(); ++c) {
    const auto column = static_cast<lxw_col_t>(c);
    worksheet_set_column(sheet, column, column, std::min(widths[c], kMaxColumnWidth), nullptr);
  }
  worksheet_freeze_panes(sheet, 1, 0);
  // Printed on A4 (paper 9), as wide as the page, the header row on every page.
  worksheet_set_paper(sheet, kPaperA4);
  worksheet_fit_to_pages(sheet, 1, 0);
  worksheet_repeat_rows(sheet, 0, 0);
  if (table.columns.size() >= kLandscapeColumns) {
    worksheet_set_landscape(sheet);
  }
  if (!table.columns.empty()) {
    worksheet_autofilter(sheet, 0, 0, r - 1, static_cast<lxw_col_t>(table.columns.size() - 1));
  }
}

void write_workbook(lxw_workbook* workbook, const Report& report, Language lang) {
  const std::string title = tr(kReportTitle, lang);
  std::string subject = title + " " + report.period.label;  // libxlsxwriter wants char*.
  lxw_doc_properties properties{};
  properties.title = subject.data();
  properties.created = static_cast<time_t>(report.now_ms / 1000);  // The same bytes each time.
  workbook_set_properties(workbook, &properties);

  lxw_format* bold = workbook_add_format(workbook);
  format_set_bold(bold);
  lxw_format* heading = workbook_add_format(workbook);
  format_set_bold(heading);
  format_set_font_size(heading, 14);
  lxw_format* wrapped = workbook_add_format(workbook);
  format_set_text_wrap(wrapped);
  format_set_align(wrapped, LXW_ALIGN_VERTICAL_TOP);

  std::vector<std::string> taken;
  lxw_worksheet* first =
      workbook_add_worksheet(workbook, sheet_name(tr(kFirstSheet, lang), taken).c_str());
  lxw_row_t row = 0;
  if (report.frame) {
    // The administrative header's lines (report_document.hpp), one per row.
    const AdminFrame& frame = *report.frame;
    const std::string subtitle = std::string(tr(kDocumentSubtitle, lang)) + report.period.label;
    for (const auto& [text, format] : std::vector<std::pair<std::string, lxw_format*>>{
             {frame.governing_body, nullptr},
             {frame.issuing_body, bold},
             {std::string(tr(kNumber, lang)) + frame.number, nullptr},
             {tr(kNation, lang), bold},
             {tr(kMotto, lang), bold},
             {place_and_date(frame, lang), nullptr},
             {tr(kDocumentKind, lang), heading},
             {document_title(frame, subtitle), bold}}) {
      write_text(first, row++, 0, text, format);
    }
    ++row;
  }
  write_text(first, row, 0, title, heading);
  row += 2;
  for (const auto& [label, value] : preamble(report, lang)) {
    write_text(first, row, 0, label, bold);
    write_text(first, row++, 1, value, nullptr);
  }
  if (const std::string note = not_over_note(report, lang); !note.empty()) {
    write_text(first, row, 0, tr(kNote, lang), bold);
    write_text(first, row++, 1, note, wrapped);
  }
  for (std::size_t i = 0; i < report.assessment.size(); ++i) {
    if (i == 0) {
      ++row;
      write_text(first, row, 0, tr(kAssessment, lang), bold);
    }
    write_text(first, row++, 1, report.assessment[i], wrapped);
  }
  ++row;
  write_text(first, row, 0, tr(kDefinitions, lang), bold);
  write_text(first, row, 1, tr(kDefinitionText, lang), wrapped);
  if (report.frame) {
    row += 2;
    write_text(first, row, 0, tr(kRecipients, lang), bold);
    for (const std::string& recipient : report.frame->recipients) {
      write_text(first, row++, 1, recipient, nullptr);
    }
    ++row;
    for (const std::string& role : report.frame->signer_roles) {
      write_text(first, row++, 1, role, bold);
    }
    write_text(first, row, 1, report.frame->signer_name, bold);
  }
  worksheet_set_column(first, 0, 0, 24, nullptr);
  worksheet_set_column(first, 1, 1, 90, nullptr);
  worksheet_set_paper(first, kPaperA4);
  worksheet_fit_to_pages(first, 1, 0);

  for (const Table& table : report_tables(report, lang, Audience::kMachines)) {
    write_table(workbook, table, sheet_name(table.heading, taken), bold);
  }
}

}  // namespace

StatusOr<std::string> report_xlsx(const Report& report, Language lang) {
  // libxlsxwriter 1.1.4 writes to a file only: a private temporary one, read back, removed.
  std::error_code no_directory;
  std::filesystem::path directory = std::filesystem::temp_directory_path(no_directory);
  std::string path = (no_directory ? "/tmp" : directory.string()) + "/alertctl-report-XXXXXX";
  const int fd = ::mkstemp(path.data());
  if (fd < 0) {
    return Status::error(v1::INTERNAL, std::string(kCannotMake.en) + "no temporary file",
                         std::string(kCannotMake.vi) + "không tạo được tệp tạm");
  }
  ::close(fd);
  lxw_workbook* workbook = workbook_new(path.c_str());
  lxw_error error = LXW_ERROR_MEMORY_MALLOC_FAILED;
  if (workbook != nullptr) {
    write_workbook(workbook, report, lang);
    error = workbook_close(workbook);  // Frees the workbook.
  }
  std::ifstream file(path, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  const bool read = !file.bad();
  file.close();
  std::remove(path.c_str());
  if (error != LXW_NO_ERROR || !read || bytes.empty()) {
    const std::string reason = lxw_strerror(error);
    return Status::error(v1::INTERNAL, std::string(kCannotMake.en) + reason,
                         std::string(kCannotMake.vi) + reason);
  }
  return bytes;
}

}  // namespace alertbus::alertctl
