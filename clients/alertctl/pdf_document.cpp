// The PDF layout (pdf_document.hpp): blocks are first laid out into pages of positioned
// pieces (pdf_pages.hpp), then every page is painted on cairo's PDF surface, its number and
// bookmarks with it.
#include "alertctl/pdf_document.hpp"

#include <cairo-pdf.h>
#include <cairo.h>

#include "alertctl/pdf_pages.hpp"

namespace alertbus::alertctl::pdf {
namespace {

constexpr double kBorderWidth = 0.5;
constexpr double kHeaderGrey = 0.9;

void paint_text(cairo_t* cr, const TextPiece& piece) {
  const std::vector<LineBox> lines = line_boxes(piece.layout.get());
  const double first_top = lines[static_cast<std::size_t>(piece.first)].top;
  for (int i = piece.first; i < piece.end; ++i) {
    const LineBox& box = lines[static_cast<std::size_t>(i)];
    cairo_move_to(cr, piece.x + box.x, piece.y + box.baseline - first_top);
    pango_cairo_show_layout_line(cr, pango_layout_get_line_readonly(piece.layout.get(), i));
  }
}

cairo_status_t append_to_string(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

void set_metadata(cairo_surface_t* surface, const Document& document) {
  const auto set = [surface](cairo_pdf_metadata_t key, const std::string& value) {
    if (!value.empty()) {
      cairo_pdf_surface_set_metadata(surface, key, clean(value).c_str());
    }
  };
  set(CAIRO_PDF_METADATA_TITLE, document.title);
  set(CAIRO_PDF_METADATA_SUBJECT, document.subject);
  set(CAIRO_PDF_METADATA_AUTHOR, document.author);
  set(CAIRO_PDF_METADATA_CREATOR, document.creator);
  set(CAIRO_PDF_METADATA_CREATE_DATE, document.created);
  set(CAIRO_PDF_METADATA_MOD_DATE, document.created);
}

void paint_page(cairo_t* cr, cairo_surface_t* surface, const Page& page, int number,
                const Document& document, PangoContext* context, std::vector<int>& outline) {
  cairo_set_line_width(cr, kBorderWidth);
  for (const Box& box : page.boxes) {
    cairo_rectangle(cr, box.x, box.y, box.width, box.height);
    if (box.filled) {
      cairo_set_source_rgb(cr, kHeaderGrey, kHeaderGrey, kHeaderGrey);
      cairo_fill_preserve(cr);
    }
    cairo_set_source_rgb(cr, 0, 0, 0);
    cairo_stroke(cr);
  }
  for (const TextPiece& piece : page.texts) {
    paint_text(cr, piece);
  }
  const bool numbered =
      document.page_numbers == PageNumbers::kBottomCentre ||
      (document.page_numbers == PageNumbers::kTopCentreFromSecondPage && number > 1);
  if (numbered) {
    const LayoutPtr layout = text_layout(context, document, std::to_string(number), {}, kPageWidth);
    const double line = line_boxes(layout.get()).front().height;
    const double y = document.page_numbers == PageNumbers::kBottomCentre
                         ? kPageHeight - document.margins.bottom_mm * kPointsPerMm / 2 - line / 2
                         : document.margins.top_mm * kPointsPerMm / 2 - line / 2;
    pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
    paint_text(cr, {layout, 0, 1, 0, y});
  }
  // Bookmarks: level 0 and 1 at the root, level 2 under the last level 1.
  for (const Bookmark& bookmark : page.bookmarks) {
    const int parent =
        bookmark.level >= 2 && !outline.empty() ? outline.back() : CAIRO_PDF_OUTLINE_ROOT;
    const std::string link = "page=" + std::to_string(number) + " pos=[0 " +
                             std::to_string(static_cast<int>(bookmark.y)) + "]";
    const int id = cairo_pdf_surface_add_outline(surface, parent, clean(bookmark.text).c_str(),
                                                 link.c_str(), CAIRO_PDF_OUTLINE_FLAG_OPEN);
    if (bookmark.level < 2) {
      outline.push_back(id);
    }
  }
  cairo_show_page(cr);
}

}  // namespace

StatusOr<std::string> render_pdf(const Document& document) {
  std::string bytes;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(append_to_string, &bytes, kPageWidth, kPageHeight);
  set_metadata(surface, document);
  cairo_t* cr = cairo_create(surface);

  PangoFontMap* font_map = pango_cairo_font_map_new();
  PangoContext* context = pango_font_map_create_context(font_map);
  cairo_font_options_t* options = cairo_font_options_create();
  // Unhinted metrics: the positions in the PDF are those of the font, not of a screen grid.
  cairo_font_options_set_hint_metrics(options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style(options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options(context, options);
  cairo_font_options_destroy(options);
  pango_context_set_round_glyph_positions(context, FALSE);
  pango_context_set_language(context, pango_language_from_string("vi"));
  pango_cairo_update_context(cr, context);

  {
    const std::vector<Page> pages = compose(document, context);
    std::vector<int> outline;
    for (std::size_t i = 0; i < pages.size(); ++i) {
      paint_page(cr, surface, pages[i], static_cast<int>(i) + 1, document, context, outline);
    }
  }
  const cairo_status_t drawing = cairo_status(cr);
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t finishing = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  g_object_unref(context);
  g_object_unref(font_map);
  if (drawing != CAIRO_STATUS_SUCCESS || finishing != CAIRO_STATUS_SUCCESS) {
    const std::string reason =
        cairo_status_to_string(drawing != CAIRO_STATUS_SUCCESS ? drawing : finishing);
    return Status::error(v1::INTERNAL, "cannot make the PDF: " + reason,
                         "không tạo được tệp PDF: " + reason);
  }
  return bytes;
}

}  // namespace alertbus::alertctl::pdf
