// Internal to pdf_document.cpp: the PDF layout's pages (pdf_document.hpp), laid out before
// anything is painted: positioned pieces (lines of Pango layouts, cell borders, bookmarks).
// Units are PDF points (1/72 inch), from the page's top-left corner.
//
// Threading: plain values; a Pango context is used by one thread at a time.
#pragma once

#include <memory>
#include <pango/pangocairo.h>
#include <string>
#include <vector>

#include "alertctl/pdf_document.hpp"

namespace alertbus::alertctl::pdf {

inline constexpr double kPointsPerMm = 72.0 / 25.4;
inline constexpr double kPageWidth = 210 * kPointsPerMm;  // A4 portrait.
inline constexpr double kPageHeight = 297 * kPointsPerMm;

using LayoutPtr = std::shared_ptr<PangoLayout>;

// Pango wants valid UTF-8 without NUL: anything else is replaced, never trusted.
std::string clean(const std::string& text);

// A line of a layout, relative to the layout's top-left corner.
struct LineBox {
  double x = 0;
  double top = 0;
  double height = 0;
  double baseline = 0;
};

// The lines of a layout.
std::vector<LineBox> line_boxes(PangoLayout* layout);

// `text` (never markup) in the document's font and `style`, wrapped at `width` points (0: one
// line per paragraph).
LayoutPtr text_layout(PangoContext* context, const Document& document, const std::string& text,
                      const TextStyle& style, double width);

// Lines [first, end) of a layout whose line `first` has its top at (x, y) on the page.
struct TextPiece {
  LayoutPtr layout;
  int first = 0;
  int end = 0;
  double x = 0;
  double y = 0;
};

struct Box {
  double x = 0;
  double y = 0;
  double width = 0;
  double height = 0;
  bool filled = false;
};

struct Bookmark {
  std::string text;
  int level = 1;
  double y = 0;
};

struct Page {
  std::vector<TextPiece> texts;
  std::vector<Box> boxes;
  std::vector<Bookmark> bookmarks;
};

// The document's blocks laid out into pages (at least one).
std::vector<Page> compose(const Document& document, PangoContext* context);

}  // namespace alertbus::alertctl::pdf
