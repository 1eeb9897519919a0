#include "xml_shape.hpp"

namespace alertbus::client {
namespace {

// Position just after `end` from `from`, or npos.
std::size_t after(std::string_view text, std::size_t from, std::string_view end) {
  const std::size_t found = text.find(end, from);
  return found == std::string_view::npos ? found : found + end.size();
}

}  // namespace

XmlShape xml_shape(std::string_view text, std::size_t max_elements, std::size_t max_depth,
                   std::size_t max_attributes) {
  XmlShape shape;
  std::size_t depth = 0;
  std::size_t i = 0;
  while ((i = text.find('<', i)) != std::string_view::npos) {
    const std::string_view rest = text.substr(i);
    std::size_t next = std::string_view::npos;
    if (rest.starts_with("<!--")) {
      next = after(text, i + 4, "-->");
    } else if (rest.starts_with("<![CDATA[")) {
      next = after(text, i + 9, "]]>");
    } else if (rest.starts_with("<?")) {
      next = after(text, i + 2, "?>");
    } else if (rest.starts_with("<!") || rest.starts_with("</")) {
      next = after(text, i + 2, ">");
      if (rest.starts_with("</") && depth > 0) {
        --depth;
      }
    } else {
      // A start tag: count the '=' outside quoted values; find its '>'.
      std::size_t attributes = 0;
      char quote = 0;
      std::size_t k = i + 1;
      for (; k < text.size(); ++k) {
        const char c = text[k];
        if (quote != 0) {
          quote = c == quote ? 0 : quote;
        } else if (c == '"' || c == '\'') {
          quote = c;
        } else if (c == '=') {
          if (++attributes > max_attributes) {
            break;
          }
        } else if (c == '>') {
          break;
        }
      }
      shape.max_attributes = std::max(shape.max_attributes, attributes);
      ++shape.elements;
      if (k < text.size() && text[k] == '>') {
        next = k + 1;
        if (text[k - 1] != '/') {
          shape.max_depth = std::max(shape.max_depth, ++depth);
        }
      }
      if (shape.max_attributes > max_attributes) {
        return shape;
      }
    }
    if (shape.elements > max_elements || shape.max_depth > max_depth) {
      return shape;
    }
    if (next == std::string_view::npos) {
      shape.unterminated = true;
      return shape;
    }
    i = next;
  }
  return shape;
}

}  // namespace alertbus::client
