// The report as a PDF file (report.hpp): the tables of report_tables.hpp laid out by
// pdf_document.hpp as an administrative document (A4, Liberation Serif, 13 points, page
// numbers at the top from the second page).
//
// Blocks for an administrative document's parts, when the report has them: the header (the
// agency on the left, the national motto on the right, then the place and date right-aligned)
// is a pdf::TwoColumns and a right-aligned pdf::Paragraph before the title; the signature
// area ("Nơi nhận:" and its list on the left, the signer's title, a space and the name on the
// right) is a pdf::TwoColumns after the definitions. pdf_document_test.cpp lays out both.
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/pdf_document.hpp"
#include "alertctl/report.hpp"
#include "alertctl/report_numbers.hpp"
#include "alertctl/report_tables.hpp"

namespace alertbus::alertctl {
namespace {

using namespace report_parts;

// clang-format off
constexpr Text kPdfCreator{"alertctl (hệ thống trao đổi cảnh báo liên tỉnh)",
                           "alertctl (inter-province alert exchange)"};
// clang-format on

// Wide tables (the lists of alerts) in a smaller size, so that titles keep a usable width.
constexpr std::size_t kWideTableColumns = 6;
constexpr double kWideTableSize = 10;

pdf::Document report_pdf_document(const Report& report, Language lang) {
  pdf::Document document;
  const std::string title = tr(kReportTitle, lang);
  document.title = title + " " + report.period.label;
  document.subject = title;
  document.creator = tr(kPdfCreator, lang);
  document.created = protocol::format_vietnam_rfc3339(report.now_ms / 1000);

  std::vector<pdf::Block>& blocks = document.blocks;
  blocks.emplace_back(pdf::Heading{title, 0});
  blocks.emplace_back(pdf::KeyValueLines{preamble(report, lang)});
  if (const std::string note = not_over_note(report, lang); !note.empty()) {
    blocks.emplace_back(pdf::Paragraph{note, {0, false, true, pdf::Align::kJustify}, 6});
  }
  for (Table& table : report_tables(report, lang, Audience::kPeople)) {
    blocks.emplace_back(pdf::Heading{table.heading, 1});
    if (table.rows.empty()) {
      blocks.emplace_back(pdf::Paragraph{std::string(tr(kNone, lang)) + ".", {}, 4});
      continue;
    }
    pdf::Table block;
    for (const bool numeric : numeric_columns(table)) {
      block.column_align.push_back(numeric ? pdf::Align::kRight : pdf::Align::kLeft);
    }
    if (table.columns.size() >= kWideTableColumns) {
      block.size_pt = kWideTableSize;
    }
    block.columns = std::move(table.columns);
    block.rows = std::move(table.rows);
    blocks.emplace_back(std::move(block));
  }
  blocks.emplace_back(pdf::Heading{tr(kDefinitions, lang), 1});
  blocks.emplace_back(
      pdf::Paragraph{tr(kDefinitionText, lang), {0, false, false, pdf::Align::kJustify}, 4});
  return document;
}

}  // namespace

StatusOr<std::string> report_pdf(const Report& report, Language lang) {
  return pdf::render_pdf(report_pdf_document(report, lang));
}

}  // namespace alertbus::alertctl
