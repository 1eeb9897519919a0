// AreaTable: parsing the provinces file and answering lookups across the two schemes.
#include "alertbus/protocol/areas.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <utility>

#include "alertbus/protocol/utf8.hpp"

namespace alertbus::protocol {
namespace {

constexpr std::string_view kHeader = "scheme,code,name_vi,name_en,successor";
constexpr std::string_view kScheme2004 = "VN-2004";
constexpr std::string_view kScheme2025 = "VN-2025";
constexpr std::size_t kColumns = 5;

Status area_error(std::string_view where, const std::string& en, const std::string& vi,
                  ErrorCode code = v1::INVALID_VALUE) {
  return Status::error(code, "areas table " + std::string(where) + ": " + en,
                       "bảng đơn vị hành chính " + std::string(where) + ": " + vi);
}

std::string at_line(std::string_view source, std::size_t line) {
  return std::string(source) + ":" + std::to_string(line);
}

std::string quote(std::string_view text) {
  return "'" + std::string(text) + "'";
}

bool is_code(std::string_view text) {
  return text.size() == 2 &&
         std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string_view> split_fields(std::string_view line) {
  std::vector<std::string_view> fields;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      fields.push_back(line.substr(start));
      return fields;
    }
    fields.push_back(line.substr(start, comma - start));
    start = comma + 1;
  }
}

}  // namespace

std::string area_key(std::string_view scheme, std::string_view code) {
  std::string key(scheme);
  key += ':';
  key += code;
  return key;
}

bool is_area_key(std::string_view key) {
  const std::size_t colon = key.find(':');
  if (colon == std::string_view::npos) {
    return false;
  }
  const std::string_view scheme = key.substr(0, colon);
  const std::string_view code = key.substr(colon + 1);
  return (scheme == kScheme2004 || scheme == kScheme2025) && code.size() >= 2 &&
         code.size() <= 10 &&
         std::all_of(code.begin(), code.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::vector<std::string> AreaTable::keys_covering(std::string_view key) const {
  constexpr std::string_view kPrefix2025 = "VN-2025:";
  if (key.substr(0, kPrefix2025.size()) == kPrefix2025) {
    const std::string_view code = key.substr(kPrefix2025.size());
    if (const auto found = covering_.find(code); found != covering_.end()) {
      std::vector<std::string> keys;
      for (const std::string& covered : found->second) {
        // The list holds the VN-2025 code itself too: a VN-2004 province only if it became
        // part of this one.
        if (const Province* before = find(kScheme2004, covered);
            before != nullptr && before->successor == code) {
          keys.push_back(area_key(kScheme2004, covered));
        }
      }
      keys.push_back(std::string(key));
      std::sort(keys.begin(), keys.end());
      return keys;
    }
  }
  return {std::string(key)};
}

std::string AreaTable::key(std::string_view scheme, std::string_view code) {
  std::string key(scheme);
  key += '/';
  key += code;
  return key;
}

StatusOr<AreaTable> AreaTable::parse(std::string_view text, std::string_view source_name) {
  // Editors on Windows may save with a byte order mark; it is not part of the header.
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    text.remove_prefix(kByteOrderMark.size());
  }
  AreaTable table;
  std::vector<std::size_t> lines;  // The line number of each province, for the second pass.
  bool header_seen = false;
  std::size_t line_number = 0;
  while (!text.empty()) {
    const std::size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++line_number;
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    const std::string where = at_line(source_name, line_number);
    if (!is_valid_utf8(line)) {
      return area_error(where, "the line is not valid UTF-8", "dòng không phải UTF-8 hợp lệ",
                        v1::INVALID_UTF8);
    }
    if (line.empty() || line.front() == '#') {
      continue;
    }
    if (!header_seen) {
      if (line != kHeader) {
        return area_error(where,
                          "the first line that is not a comment must be the header '" +
                              std::string(kHeader) + "'",
                          "dòng đầu tiên không phải chú thích phải là dòng tiêu đề '" +
                              std::string(kHeader) + "'");
      }
      header_seen = true;
      continue;
    }
    const std::vector<std::string_view> fields = split_fields(line);
    if (fields.size() != kColumns) {
      return area_error(
          where,
          "expected 5 columns (" + std::string(kHeader) + "), found " +
              std::to_string(fields.size()),
          "cần 5 cột (" + std::string(kHeader) + "), có " + std::to_string(fields.size()));
    }
    Province province{std::string(fields[0]), std::string(fields[1]), std::string(fields[2]),
                      std::string(fields[3]), std::string(fields[4])};
    if (province.scheme != kScheme2004 && province.scheme != kScheme2025) {
      return area_error(
          where,
          "unknown scheme " + quote(province.scheme) +
              " (expected VN-2004 or "
              "VN-2025)",
          "hệ mã không hợp lệ " + quote(province.scheme) + " (phải là VN-2004 hoặc VN-2025)");
    }
    if (!is_code(province.code)) {
      return area_error(where, "code " + quote(province.code) + " must be two ASCII digits",
                        "mã " + quote(province.code) + " phải gồm đúng hai chữ số");
    }
    if (province.name_vi.empty()) {
      return area_error(where, "name_vi is empty", "thiếu tên tiếng Việt (name_vi)");
    }
    if (province.scheme == kScheme2004 && province.successor.empty()) {
      return area_error(where, "VN-2004 province " + quote(province.code) + " has no successor",
                        "tỉnh VN-2004 " + quote(province.code) + " thiếu mã kế thừa (successor)");
    }
    if (province.scheme == kScheme2025 && !province.successor.empty()) {
      return area_error(where,
                        "VN-2025 province " + quote(province.code) +
                            " must not have a successor, found " + quote(province.successor),
                        "tỉnh VN-2025 " + quote(province.code) +
                            " không được có mã kế thừa, nhưng có " + quote(province.successor));
    }
    const auto [found, inserted] =
        table.by_key_.try_emplace(key(province.scheme, province.code), table.provinces_.size());
    if (!inserted) {
      const std::string first = std::to_string(lines[found->second]);
      return area_error(where,
                        "duplicate " + province.scheme + " code " + quote(province.code) +
                            " (first on line " + first + ")",
                        "mã " + province.scheme + " " + quote(province.code) +
                            " bị trùng (đã có ở dòng " + first + ")");
    }
    table.provinces_.push_back(std::move(province));
    lines.push_back(line_number);
  }
  if (!header_seen) {
    return area_error(at_line(source_name, std::max<std::size_t>(line_number, 1)),
                      "no header line '" + std::string(kHeader) + "'",
                      "thiếu dòng tiêu đề '" + std::string(kHeader) + "'");
  }

  // Successors may refer to VN-2025 rows further down, so they are checked once all is read.
  for (const Province& province : table.provinces_) {
    if (province.scheme == kScheme2025) {
      table.covering_[province.code].push_back(province.code);
    }
  }
  for (std::size_t i = 0; i < table.provinces_.size(); ++i) {
    const Province& province = table.provinces_[i];
    if (province.scheme != kScheme2004) {
      continue;
    }
    const auto covering = table.covering_.find(province.successor);
    if (covering == table.covering_.end()) {
      return area_error(at_line(source_name, lines[i]),
                        "successor " + quote(province.successor) + " of VN-2004 province " +
                            quote(province.code) + " is not a VN-2025 province of this table",
                        "mã kế thừa " + quote(province.successor) + " của tỉnh VN-2004 " +
                            quote(province.code) + " không phải tỉnh VN-2025 nào trong bảng");
    }
    covering->second.push_back(province.code);
  }
  for (auto& [code, codes] : table.covering_) {
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  }
  return table;
}

StatusOr<AreaTable> AreaTable::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return area_error(path, "cannot be read", "không đọc được tệp");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

const Province* AreaTable::find(std::string_view scheme, std::string_view code) const {
  const auto found = by_key_.find(key(scheme, code));
  return found == by_key_.end() ? nullptr : &provinces_[found->second];
}

const Province* AreaTable::current(std::string_view scheme, std::string_view code) const {
  const Province* province = find(scheme, code);
  if (province == nullptr || province->scheme == kScheme2025) {
    return province;
  }
  return find(kScheme2025, province->successor);
}

std::size_t AreaTable::count(std::string_view scheme) const {
  return static_cast<std::size_t>(
      std::count_if(provinces_.begin(), provinces_.end(),
                    [scheme](const Province& province) { return province.scheme == scheme; }));
}

std::vector<const Province*> AreaTable::provinces(std::string_view scheme) const {
  std::vector<const Province*> found;
  for (const Province& province : provinces_) {
    if (province.scheme == scheme) {
      found.push_back(&province);
    }
  }
  return found;
}

}  // namespace alertbus::protocol
