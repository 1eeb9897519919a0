// A small document layout for PDF files, independent of what the document says: a list of
// blocks (headings, paragraphs, key-value lines, tables, a two-column area, spaces, page
// breaks) laid out on A4 pages with an administrative document's margins, then painted with
// cairo's PDF surface and Pango. Pango shapes and wraps the text (Vietnamese stacked
// diacritics included); cairo embeds a subset of every font it uses.
//
// Layout rules:
// - Pages are A4 portrait. Text is never markup: every string is shown as it is.
// - A heading is kept with the start of what follows it (it moves to the next page when
//   fewer than three lines would fit under it). Headings become PDF bookmarks.
// - A paragraph breaks between lines at a page end.
// - A table's header row is repeated at the top of every page the table continues on. Cells
//   wrap inside their column; a cell too long for a page is cut with an ellipsis ("…").
//   Column widths follow the cells' contents unless the table gives weights.
// - A two-column block (an administrative header, "Nơi nhận" beside a signature) is kept
//   on one page.
// - Page numbers: as Nghị định 30/2020/NĐ-CP wants for administrative documents, centred in
//   the top margin from the second page on, unless the document says otherwise.
//
// Threading: render_pdf() is reentrant (each call has its own font map and surface).
#pragma once

#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "alertbus/protocol/status.hpp"

namespace alertbus::alertctl::pdf {

enum class Align { kLeft, kCentre, kRight, kJustify };

struct TextStyle {
  double size_pt = 0;  // 0: the document's body size.
  bool bold = false;
  bool italic = false;
  Align align = Align::kLeft;
};

// Level 0: the document's title (centred, larger); 1: a section; 2: a subsection.
struct Heading {
  std::string text;
  int level = 1;
};

struct Paragraph {
  std::string text;
  TextStyle style;
  double space_after_pt = 4;
};

// "Label: value" lines, the label in bold; a long line wraps.
struct KeyValueLines {
  std::vector<std::pair<std::string, std::string>> lines;
};

struct Table {
  std::vector<std::string> columns;            // The header row.
  std::vector<std::vector<std::string>> rows;  // Each as many cells as columns.
  // Relative widths, one per column; empty: from the cells' contents.
  std::vector<double> column_weights;
  // One per column; empty or missing: left.
  std::vector<Align> column_align;
  double size_pt = 0;  // 0: the body size less 2 points.
};

// Two columns side by side (e.g. "Nơi nhận:" and the signature; the agency and the national
// motto of an administrative header), kept on one page.
struct TwoColumns {
  std::vector<Paragraph> left;
  std::vector<Paragraph> right;
  double left_share = 0.5;  // Of the text width.
};

struct VerticalSpace {
  double points = 0;
};

struct PageBreak {};

using Block =
    std::variant<Heading, Paragraph, KeyValueLines, Table, TwoColumns, VerticalSpace, PageBreak>;

struct Margins {
  double top_mm = 20;
  double bottom_mm = 20;
  double left_mm = 30;
  double right_mm = 15;
};

enum class PageNumbers { kNone, kTopCentreFromSecondPage, kBottomCentre };

struct Document {
  // PDF metadata.
  std::string title;
  std::string subject;
  std::string author;
  std::string creator;
  // ISO 8601 ("2026-06-05T09:00:00+07:00") as the creation and modification dates; empty:
  // now. Set it for output that is the same bytes for the same document.
  std::string created;

  // A fontconfig family with Vietnamese coverage; a comma-separated list is tried in order.
  std::string font_family = "Liberation Serif";
  double body_size_pt = 13;
  Margins margins;
  PageNumbers page_numbers = PageNumbers::kTopCentreFromSecondPage;
  std::vector<Block> blocks;
};

// The document as the bytes of a PDF file. Fails with INTERNAL when cairo fails (out of
// memory, no usable font).
StatusOr<std::string> render_pdf(const Document& document);

}  // namespace alertbus::alertctl::pdf
