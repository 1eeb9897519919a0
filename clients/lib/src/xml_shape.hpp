// XmlShape: a linear look at an XML document's markup before a parser works on it: how many
// elements, how deep, and how many attributes the largest start tag has. libxml2 checks a
// start tag's attributes for duplicates in time that grows with the square of their number
// (a 3 MB tag of 200,000 attributes took minutes of CPU), so a document over the bounds
// must be refused before it is parsed, and this scan costs one pass over the bytes whatever
// they hold.
//
// It reads markup only as far as the bounds need: start and end tags, empty-element tags,
// quoted attribute values (a '>' inside one does not end the tag), comments, CDATA sections,
// processing instructions and declarations (skipped). It does not check well-formedness; the
// parser does that afterwards.
//
// Threading: pure function.
#pragma once

#include <cstddef>
#include <string_view>

namespace alertbus::client {

struct XmlShape {
  std::size_t elements = 0;
  std::size_t max_depth = 0;
  std::size_t max_attributes = 0;  // In one start tag (namespace declarations included).
  bool unterminated = false;       // The text ends inside a tag, comment or section.
};

// Stops early, with what it counted so far, once any count exceeds its bound.
XmlShape xml_shape(std::string_view text, std::size_t max_elements, std::size_t max_depth,
                   std::size_t max_attributes);

}  // namespace alertbus::client
