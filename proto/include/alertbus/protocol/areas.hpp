// AreaTable: Vietnam's provinces in both coding schemes (VN-2004, QĐ 124/2004/QĐ-TTg; VN-2025,
// QĐ 19/2025/QĐ-TTg) and how the old ones map onto the new, read from a data file
// (deploy/areas/provinces.csv, installed as share/alertbus/areas/provinces.csv). Areas are
// data, never enums in code: a new arrangement is a new file, not a new build.
//
//   # comment lines and blank lines are ignored
//   scheme,code,name_vi,name_en,successor     the header, first line that is not a comment
//   VN-2004,30,Hải Dương,Hai Duong,31         a VN-2004 row names the VN-2025 code it became
//   VN-2025,31,Hải Phòng,Hai Phong,           a VN-2025 row has no successor
//
// Fields are split on ',' with no quoting (names hold no commas); a trailing '\r' is dropped.
//
// Threading: an AreaTable is immutable once parsed; const methods may be called from any thread.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "alertbus/protocol/status.hpp"

namespace alertbus::protocol {

// An area's identity: "<scheme>:<code>", e.g. "VN-2025:24". The two schemes' codes overlap
// (VN-2004 24 is Bắc Giang; VN-2025 24 is Bắc Ninh, which took Bắc Giang in; VN-2004 31 is
// Hải Phòng before it took Hải Dương in), so a code is never matched without its scheme:
// filters name areas by key and the broker keeps the keys of an event's areas.
std::string area_key(std::string_view scheme, std::string_view code);

// Whether `key` is an area key: "VN-2004:" or "VN-2025:" then 2 to 10 ASCII digits.
bool is_area_key(std::string_view key);

// One province (or centrally governed city) of one scheme.
struct Province {
  std::string scheme;     // "VN-2004" or "VN-2025".
  std::string code;       // Two ASCII digits, e.g. "24".
  std::string name_vi;    // With full diacritics, e.g. "Bắc Giang".
  std::string name_en;    // e.g. "Bac Giang"; may be empty.
  std::string successor;  // VN-2004: the VN-2025 code it became (part of). VN-2025: empty.
};

class AreaTable {
 public:
  // Parses the text of a provinces file. `source_name` (a path or a label) prefixes every
  // error message as "<source_name>:<line>". Errors: INVALID_UTF8 for a line that is not
  // well-formed UTF-8; INVALID_VALUE for a missing or wrong header, a wrong column count, an
  // unknown scheme, a code that is not two ASCII digits, an empty name_vi, a duplicate
  // (scheme, code), a VN-2004 row without a successor or whose successor is not a VN-2025 row
  // of the text, and a VN-2025 row with a successor.
  static StatusOr<AreaTable> parse(std::string_view text, std::string_view source_name);

  // Reads the file at `path`, then parse(text, path). INVALID_VALUE if it cannot be read.
  static StatusOr<AreaTable> load(const std::string& path);

  // The province `code` of `scheme`, or nullptr if the table has none. The pointer stays valid
  // as long as this table (moving the table keeps it valid too).
  const Province* find(std::string_view scheme, std::string_view code) const;

  // The area keys a filter on `key` must match: the key itself and, when it is a VN-2025
  // province of the table, the VN-2004 provinces merged into it ("VN-2025:24" ->
  // {"VN-2004:24", "VN-2004:27", "VN-2025:24"}). A VN-2004 key covers itself only: a
  // province before the merger is a part of today's, and an alert coded with today's
  // province may lie outside it. Sorted, no duplicates. Any other key: {key}.
  std::vector<std::string> keys_covering(std::string_view key) const;

  // The VN-2025 province an area is in now (a VN-2004 code -> its successor; a VN-2025 code ->
  // itself); nullptr if unknown.
  const Province* current(std::string_view scheme, std::string_view code) const;

  // Number of provinces of `scheme` (0 for a scheme the table does not hold).
  std::size_t count(std::string_view scheme) const;

  // The provinces of `scheme`, in file order (alertctl finds an area given by name).
  std::vector<const Province*> provinces(std::string_view scheme) const;

 private:
  AreaTable() = default;

  static std::string key(std::string_view scheme, std::string_view code);

  // Provinces in file order. Moving a vector keeps its elements in place, so the pointers
  // find() returns survive a move of the table.
  std::vector<Province> provinces_;
  // "<scheme>/<code>" -> index into provinces_.
  std::map<std::string, std::size_t, std::less<>> by_key_;
  // VN-2025 code -> the sorted codes covering it (itself and its VN-2004 predecessors).
  std::map<std::string, std::vector<std::string>, std::less<>> covering_;
};

}  // namespace alertbus::protocol
