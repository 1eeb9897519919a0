// What the CAP tests share: a document with one part replaced, and "contains".
#pragma once

#include <string>

#include <catch2/catch.hpp>

namespace cap_documents {

// Replaces the first `from` in `text` with `to` (which must be there).
inline std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const std::size_t at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace cap_documents
