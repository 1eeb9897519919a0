// The PDF layout's pages (pdf_pages.hpp): where every block of a document goes.
#include "alertctl/pdf_pages.hpp"

#include <algorithm>

namespace alertbus::alertctl::pdf {
namespace {

constexpr double kCellPadding = 3;
constexpr int kKeepWithHeadingLines = 3;

LayoutPtr own(PangoLayout* layout) {
  return {layout, [](PangoLayout* p) { g_object_unref(p); }};
}

double points(int pango_units) {
  return pango_units_to_double(pango_units);
}

int units(double value) {
  return pango_units_from_double(value);
}

// The widest line, in points.
double widest_line(PangoLayout* layout) {
  double widest = 0;
  for (GSList* l = pango_layout_get_lines_readonly(layout); l != nullptr; l = l->next) {
    PangoRectangle logical;
    pango_layout_line_get_extents(static_cast<PangoLayoutLine*>(l->data), nullptr, &logical);
    widest = std::max(widest, points(logical.width));
  }
  return widest;
}

// Column widths that fill `width`. Columns narrower than a fair share of what is left get
// their natural width, again until none does; the others share the rest as their natural
// widths go, each at least its longest word (`least`). Short cells (references, times,
// counts) so stay on one line and the long ones (titles) wrap.
std::vector<double> share_width(const std::vector<double>& natural,
                                const std::vector<double>& least, double width) {
  const std::size_t count = natural.size();
  std::vector<double> widths(count, 0);
  std::vector<bool> fixed(count, false);
  double left = width;
  for (bool changed = true; changed;) {
    changed = false;
    const auto open = static_cast<double>(std::count(fixed.begin(), fixed.end(), false));
    for (std::size_t c = 0; c < count && open > 0; ++c) {
      if (!fixed[c] && natural[c] <= left / open) {
        widths[c] = natural[c];
        left -= natural[c];
        fixed[c] = true;
        changed = true;
      }
    }
  }
  // The others share what is left as their natural widths go, each at least its longest
  // word (given first, again until every share holds its word).
  double open_natural = 0;
  for (bool changed = true; changed;) {
    changed = false;
    open_natural = 0;
    for (std::size_t c = 0; c < count; ++c) {
      open_natural += fixed[c] ? 0 : natural[c];
    }
    for (std::size_t c = 0; c < count && open_natural > 0; ++c) {
      if (!fixed[c] && left * natural[c] / open_natural < least[c]) {
        widths[c] = least[c];
        left -= least[c];
        fixed[c] = true;
        changed = true;
        break;
      }
    }
  }
  double total = 0;
  for (std::size_t c = 0; c < count; ++c) {
    if (!fixed[c]) {
      widths[c] = std::max(left, 0.0) * natural[c] / open_natural;
    }
    total += widths[c];
  }
  if (total > width || (total < width && open_natural == 0)) {  // Fit the text width.
    for (double& column : widths) {
      column *= width / total;
    }
  }
  return widths;
}

// Lays blocks out into pages.
class Composer {
 public:
  Composer(const Document& document, PangoContext* context)
      : document_(document),
        context_(context),
        top_(document.margins.top_mm * kPointsPerMm),
        bottom_(kPageHeight - document.margins.bottom_mm * kPointsPerMm),
        left_(document.margins.left_mm * kPointsPerMm),
        width_(kPageWidth - (document.margins.left_mm + document.margins.right_mm) * kPointsPerMm) {
    new_page();
  }

  std::vector<Page> pages() && { return std::move(pages_); }

  void add(const Block& block) {
    std::visit([this](const auto& b) { place(b); }, block);
  }

  LayoutPtr text_layout(const std::string& text, const TextStyle& style, double width) const {
    return pdf::text_layout(context_, document_, text, style, width);
  }

 private:
  Page& page() { return pages_.back(); }

  void new_page() {
    pages_.emplace_back();
    y_ = top_;
  }

  bool at_page_top() const { return y_ <= top_; }

  double body_line_height() const {
    const LayoutPtr probe = text_layout("Ág", {}, 0);
    return line_boxes(probe.get()).front().height;
  }

  // Places a layout's lines from the cursor on, breaking pages between lines.
  void place_lines(const LayoutPtr& layout, double x) {
    const std::vector<LineBox> lines = line_boxes(layout.get());
    int first = 0;
    double first_top = lines.front().top;
    for (int i = 0; i < static_cast<int>(lines.size()); ++i) {
      const LineBox& line = lines[static_cast<std::size_t>(i)];
      if (y_ + line.top - first_top + line.height > bottom_ && !(at_page_top() && i == first)) {
        if (i > first) {
          page().texts.push_back({layout, first, i, x, y_});
        }
        new_page();
        first = i;
        first_top = line.top;
      }
    }
    page().texts.push_back({layout, first, static_cast<int>(lines.size()), x, y_});
    const LineBox& last = lines.back();
    y_ += last.top - first_top + last.height;
  }

  void place(const Heading& heading) {
    const double size = document_.body_size_pt + (heading.level == 0 ? 2 : 0);
    const TextStyle style{size, true, heading.level >= 2,
                          heading.level == 0 ? Align::kCentre : Align::kLeft};
    const LayoutPtr layout = text_layout(heading.text, style, width_);
    if (!at_page_top()) {
      y_ += heading.level == 0 ? 0 : 8;
    }
    double height = 0;
    for (const LineBox& line : line_boxes(layout.get())) {
      height += line.height;
    }
    if (!at_page_top() && y_ + height + kKeepWithHeadingLines * body_line_height() > bottom_) {
      new_page();
    }
    page().bookmarks.push_back({heading.text, heading.level, y_});
    place_lines(layout, left_);
    y_ += heading.level == 0 ? 8 : 4;
  }

  void place(const Paragraph& paragraph) {
    place_lines(text_layout(paragraph.text, paragraph.style, width_), left_);
    y_ += paragraph.space_after_pt;
  }

  void place(const KeyValueLines& block) {
    for (const auto& [key, value] : block.lines) {
      const std::string label = clean(key) + ": ";
      const LayoutPtr layout = text_layout(label + value, {}, width_);
      PangoAttrList* attributes = pango_attr_list_new();
      PangoAttribute* bold = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
      bold->start_index = 0;
      bold->end_index = static_cast<guint>(label.size());
      pango_attr_list_insert(attributes, bold);
      pango_layout_set_attributes(layout.get(), attributes);
      pango_attr_list_unref(attributes);
      pango_layout_set_indent(layout.get(), units(-18));  // Hanging indent for wrapped lines.
      place_lines(layout, left_);
      y_ += 2;
    }
    y_ += 4;
  }

  std::vector<double> column_widths(const Table& table, const TextStyle& style,
                                    const TextStyle& header_style) const {
    const std::size_t count = table.columns.size();
    std::vector<double> widths(count, 0);
    if (table.column_weights.size() == count) {
      double total = 0;
      for (const double weight : table.column_weights) {
        total += std::max(weight, 0.0);
      }
      for (std::size_t c = 0; c < count && total > 0; ++c) {
        widths[c] = width_ * std::max(table.column_weights[c], 0.0) / total;
      }
      if (total > 0) {
        return widths;
      }
    }
    // Natural width: the cell on one line; least width: its longest word.
    std::vector<double> natural(count, 0);
    std::vector<double> least(count, 0);
    const auto measure = [&](std::size_t c, const std::string& text, const TextStyle& s) {
      const double whole = std::min(widest_line(text_layout(text, s, 0).get()), width_);
      natural[c] = std::max(natural[c], whole);
      // Words are what spaces separate: "BG-2026-00001" and "bac-giang/cnty" stay whole.
      double word = whole;
      if (text.find(' ') != std::string::npos) {
        word = 0;
        for (std::size_t at = 0; at < text.size();) {
          const std::size_t end = std::min(text.find(' ', at), text.size());
          if (end > at) {
            word = std::max(word, widest_line(text_layout(text.substr(at, end - at), s, 0).get()));
          }
          at = end + 1;
        }
      }
      least[c] = std::max(least[c], std::min(word, width_ / 3));
    };
    for (std::size_t c = 0; c < count; ++c) {
      measure(c, table.columns[c], header_style);
    }
    for (const auto& row : table.rows) {
      for (std::size_t c = 0; c < count && c < row.size(); ++c) {
        measure(c, row[c], style);
      }
    }
    for (std::size_t c = 0; c < count; ++c) {
      natural[c] += 2 * kCellPadding + 1;
      least[c] += 2 * kCellPadding + 1;
    }
    return share_width(natural, least, width_);
  }

  // The layouts of one row and its height.
  std::pair<std::vector<LayoutPtr>, double> table_row(const std::vector<std::string>& cells,
                                                      const Table& table,
                                                      const std::vector<double>& widths,
                                                      const TextStyle& style, int max_lines) const {
    std::vector<LayoutPtr> layouts;
    double height = 0;
    for (std::size_t c = 0; c < widths.size(); ++c) {
      TextStyle cell_style = style;
      if (c < table.column_align.size() && !style.bold) {
        cell_style.align = table.column_align[c];
      }
      LayoutPtr layout = text_layout(c < cells.size() ? cells[c] : std::string(), cell_style,
                                     std::max(widths[c] - 2 * kCellPadding, 1.0));
      pango_layout_set_ellipsize(layout.get(), PANGO_ELLIPSIZE_END);
      pango_layout_set_height(layout.get(), -max_lines);
      PangoRectangle logical;
      pango_layout_get_extents(layout.get(), nullptr, &logical);
      height = std::max(height, points(logical.height) + 2 * kCellPadding);
      layouts.push_back(std::move(layout));
    }
    return {std::move(layouts), height};
  }

  void place_row(const std::vector<LayoutPtr>& layouts, const std::vector<double>& widths,
                 double height, bool header) {
    double x = left_;
    for (std::size_t c = 0; c < layouts.size(); ++c) {
      page().boxes.push_back({x, y_, widths[c], height, header});
      const int lines = pango_layout_get_line_count(layouts[c].get());
      page().texts.push_back({layouts[c], 0, lines, x + kCellPadding, y_ + kCellPadding});
      x += widths[c];
    }
    y_ += height;
  }

  void place(const Table& table) {
    if (table.columns.empty()) {
      return;
    }
    const double size = table.size_pt > 0 ? table.size_pt : document_.body_size_pt - 2;
    const TextStyle style{size, false, false, Align::kLeft};
    const TextStyle header_style{size, true, false, Align::kCentre};
    const std::vector<double> widths = column_widths(table, style, header_style);
    const LayoutPtr probe = text_layout("Ág", style, 0);
    const double line = line_boxes(probe.get()).front().height;
    const int page_lines = static_cast<int>((bottom_ - top_ - 2 * kCellPadding) / line);
    const auto [header, header_height] =
        table_row(table.columns, table, widths, header_style, std::max(page_lines / 4, 1));
    const int max_lines = std::max(
        static_cast<int>((bottom_ - top_ - header_height - 2 * kCellPadding) / line) - 1, 1);
    bool header_placed = false;
    for (const auto& cells : table.rows) {
      const auto [row, height] = table_row(cells, table, widths, style, max_lines);
      const double needed = height + (header_placed ? 0 : header_height);
      if (y_ + needed > bottom_ && !at_page_top()) {
        new_page();
        header_placed = false;
      }
      if (!header_placed) {
        place_row(header, widths, header_height, true);
        header_placed = true;
      }
      place_row(row, widths, height, false);
    }
    if (!header_placed) {
      if (y_ + header_height > bottom_ && !at_page_top()) {
        new_page();
      }
      place_row(header, widths, header_height, true);
    }
    y_ += 8;
  }

  void place(const TwoColumns& block) {
    const double left_width = width_ * std::clamp(block.left_share, 0.1, 0.9);
    const double right_width = width_ - left_width;

    struct Placed {
      LayoutPtr layout;
      double x;
      double y;
    };

    std::vector<Placed> placed;
    double height = 0;
    const auto column = [&](const std::vector<Paragraph>& paragraphs, double x, double width) {
      double y = 0;
      for (const Paragraph& paragraph : paragraphs) {
        LayoutPtr layout = text_layout(paragraph.text, paragraph.style, width - 6);
        PangoRectangle logical;
        pango_layout_get_extents(layout.get(), nullptr, &logical);
        placed.push_back({std::move(layout), x, y});
        y += points(logical.height) + paragraph.space_after_pt;
      }
      height = std::max(height, y);
    };
    column(block.left, left_, left_width);
    column(block.right, left_ + left_width + 6, right_width);
    if (y_ + height > bottom_ && !at_page_top()) {
      new_page();
    }
    for (const Placed& p : placed) {
      const int lines = pango_layout_get_line_count(p.layout.get());
      page().texts.push_back({p.layout, 0, lines, p.x, y_ + p.y});
    }
    y_ += height + 4;
  }

  void place(const VerticalSpace& space) {
    y_ += space.points;
    if (y_ > bottom_) {
      new_page();
    }
  }

  void place(const PageBreak& /*page_break*/) {
    if (!at_page_top()) {
      new_page();
    }
  }

  const Document& document_;
  PangoContext* context_;
  const double top_;
  const double bottom_;
  const double left_;
  const double width_;
  double y_ = 0;
  std::vector<Page> pages_;
};

}  // namespace

std::string clean(const std::string& text) {
  std::string without_nul;
  without_nul.reserve(text.size());
  for (const char c : text) {
    if (c != '\0') {
      without_nul += c;
    }
  }
  gchar* valid = g_utf8_make_valid(without_nul.c_str(), static_cast<gssize>(without_nul.size()));
  std::string result(valid);
  g_free(valid);
  return result;
}

std::vector<LineBox> line_boxes(PangoLayout* layout) {
  std::vector<LineBox> boxes;
  PangoLayoutIter* iter = pango_layout_get_iter(layout);
  do {
    PangoRectangle logical;
    pango_layout_iter_get_line_extents(iter, nullptr, &logical);
    boxes.push_back({points(logical.x), points(logical.y), points(logical.height),
                     points(pango_layout_iter_get_baseline(iter))});
  } while (pango_layout_iter_next_line(iter) != FALSE);
  pango_layout_iter_free(iter);
  return boxes;
}

LayoutPtr text_layout(PangoContext* context, const Document& document, const std::string& text,
                      const TextStyle& style, double width) {
  LayoutPtr layout = own(pango_layout_new(context));
  PangoFontDescription* font = pango_font_description_new();
  pango_font_description_set_family(font, document.font_family.c_str());
  pango_font_description_set_absolute_size(
      font, (style.size_pt > 0 ? style.size_pt : document.body_size_pt) * PANGO_SCALE);
  pango_font_description_set_weight(font, style.bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_font_description_set_style(font, style.italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
  pango_layout_set_font_description(layout.get(), font);
  pango_font_description_free(font);
  if (width > 0) {
    pango_layout_set_width(layout.get(), units(width));
    pango_layout_set_wrap(layout.get(), PANGO_WRAP_WORD_CHAR);
  }
  switch (style.align) {
    case Align::kLeft:
      break;
    case Align::kCentre:
      pango_layout_set_alignment(layout.get(), PANGO_ALIGN_CENTER);
      break;
    case Align::kRight:
      pango_layout_set_alignment(layout.get(), PANGO_ALIGN_RIGHT);
      break;
    case Align::kJustify:
      pango_layout_set_justify(layout.get(), TRUE);
      break;
  }
  const std::string valid = clean(text);
  pango_layout_set_text(layout.get(), valid.c_str(), static_cast<int>(valid.size()));
  return layout;
}

std::vector<Page> compose(const Document& document, PangoContext* context) {
  Composer composer(document, context);
  for (const Block& block : document.blocks) {
    composer.add(block);
  }
  return std::move(composer).pages();
}

}  // namespace alertbus::alertctl::pdf
