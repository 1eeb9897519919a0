// The report as a PDF file (report.hpp): the tables of report_tables.hpp laid out by
// pdf_document.hpp as an administrative document (A4, Liberation Serif, 13 points, page
// numbers at the top from the second page).
//
// With an administrative frame (report_document.hpp) the document opens as Nghị định
// 30/2020/NĐ-CP lays one out: the governing and issuing bodies and "Số: …" on the left, the
// nation and motto and the place and date on the right (two columns), then "BÁO CÁO" and the
// title; it ends with "Nơi nhận:" and its list on the left and the signer's roles, room to
// sign and the name on the right. The officer's assessment comes before the definitions, as
// in the Markdown and HTML renderings.
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/pdf_document.hpp"
#include "alertctl/report.hpp"
#include "alertctl/report_document.hpp"
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

// Administrative sizes: the bodies and the nation 12 to 13 points, the number and date 13.
constexpr double kFrameSize = 12;
constexpr double kSignatureRoom = 60;  // Points left blank for the signature and seal.

pdf::Paragraph line(std::string text, pdf::Align align, bool bold = false, bool italic = false,
                    double size = 0) {
  return pdf::Paragraph{std::move(text), {size, bold, italic, align}, 1};
}

void add_header(const Report& report, const AdminFrame& frame, Language lang,
                std::vector<pdf::Block>& blocks) {
  pdf::TwoColumns header;
  header.left_share = 0.45;
  header.left = {line(frame.governing_body, pdf::Align::kCentre, false, false, kFrameSize),
                 line(frame.issuing_body, pdf::Align::kCentre, true, false, kFrameSize),
                 line("———", pdf::Align::kCentre),
                 line(std::string(tr(kNumber, lang)) + frame.number, pdf::Align::kCentre)};
  header.right = {line(tr(kNation, lang), pdf::Align::kCentre, true, false, kFrameSize),
                  line(tr(kMotto, lang), pdf::Align::kCentre, true),
                  line("———", pdf::Align::kCentre),
                  line(place_and_date(frame, lang), pdf::Align::kCentre, false, true)};
  blocks.emplace_back(std::move(header));
  blocks.emplace_back(pdf::VerticalSpace{12});
  blocks.emplace_back(pdf::Heading{tr(kDocumentKind, lang), 0});
  const std::string subtitle = std::string(tr(kDocumentSubtitle, lang)) + report.period.label;
  blocks.emplace_back(
      pdf::Paragraph{document_title(frame, subtitle), {0, true, false, pdf::Align::kCentre}, 12});
}

void add_closing(const AdminFrame& frame, Language lang, std::vector<pdf::Block>& blocks) {
  pdf::TwoColumns closing;
  closing.left = {line(tr(kRecipients, lang), pdf::Align::kLeft, true, true, 12)};
  for (const std::string& recipient : frame.recipients) {
    closing.left.push_back(line("- " + recipient, pdf::Align::kLeft, false, false, 11));
  }
  for (const std::string& role : frame.signer_roles) {
    closing.right.push_back(line(role, pdf::Align::kCentre, true));
  }
  closing.right.push_back(pdf::Paragraph{"", {}, kSignatureRoom});
  closing.right.push_back(line(frame.signer_name, pdf::Align::kCentre, true));
  blocks.emplace_back(pdf::VerticalSpace{12});
  blocks.emplace_back(std::move(closing));
}

pdf::Document report_pdf_document(const Report& report, Language lang) {
  pdf::Document document;
  const std::string title = tr(kReportTitle, lang);
  document.title = title + " " + report.period.label;
  document.subject = title;
  document.creator = tr(kPdfCreator, lang);
  document.created = protocol::format_vietnam_rfc3339(report.now_ms / 1000);

  std::vector<pdf::Block>& blocks = document.blocks;
  if (report.frame) {
    document.author = report.frame->issuing_body;
    add_header(report, *report.frame, lang, blocks);
  } else {
    blocks.emplace_back(pdf::Heading{title, 0});
  }
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
    for (const bool numeric : numeric_columns(table, is_shown_number)) {
      block.column_align.push_back(numeric ? pdf::Align::kRight : pdf::Align::kLeft);
    }
    if (table.columns.size() >= kWideTableColumns) {
      block.size_pt = kWideTableSize;
    }
    block.columns = std::move(table.columns);
    block.rows = std::move(table.rows);
    blocks.emplace_back(std::move(block));
  }
  if (!report.assessment.empty()) {
    blocks.emplace_back(pdf::Heading{tr(kAssessment, lang), 1});
    for (const std::string& paragraph : report.assessment) {
      blocks.emplace_back(pdf::Paragraph{paragraph, {0, false, false, pdf::Align::kJustify}, 6});
    }
  }
  blocks.emplace_back(pdf::Heading{tr(kDefinitions, lang), 1});
  blocks.emplace_back(
      pdf::Paragraph{tr(kDefinitionText, lang), {0, false, false, pdf::Align::kJustify}, 4});
  if (report.frame) {
    add_closing(*report.frame, lang, blocks);
  }
  return document;
}

}  // namespace

StatusOr<std::string> report_pdf(const Report& report, Language lang) {
  return pdf::render_pdf(report_pdf_document(report, lang));
}

}  // namespace alertbus::alertctl
