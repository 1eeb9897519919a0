// The report's administrative frame and assessment (report_document.hpp): read from the
// officer's files, checked, and the few texts the renderers lay out.
#include <fstream>
#include <iterator>
#include <optional>
#include <toml++/toml.h>

#include "alertbus/protocol/utf8.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/report_document.hpp"

namespace alertbus::alertctl {
namespace {

// clang-format off
constexpr Text kBadToml{"tệp đầu báo cáo không đọc được", "cannot read the report header file"};
constexpr Text kMissingKey{"thiếu khóa hoặc khóa không phải chuỗi ký tự", "missing key, or not a text"};
constexpr Text kMissingList{"thiếu khóa hoặc khóa không phải danh sách chuỗi ký tự (ít nhất một dòng)",
                            "missing key, or not a list of texts (at least one line)"};
constexpr Text kBadDate{"ngày không hợp lệ (cần YYYY-MM-DD)", "invalid date (expected YYYY-MM-DD)"};
constexpr Text kCannotRead{"không đọc được tệp", "cannot read file"};
constexpr Text kTooLarge{"tệp đánh giá quá lớn (tối đa 64 KiB)", "assessment file too large (at most 64 KiB)"};
constexpr Text kNotUtf8{"tệp đánh giá không phải văn bản UTF-8", "assessment file is not UTF-8 text"};

// clang-format on

// "SOURCE: WHAT: KEY" in both languages.
Status error(const std::string& source, const Text& what, const std::string& key = {}) {
  const std::string tail = key.empty() ? "" : ": " + key;
  return Status::error(v1::INVALID_VALUE, source + ": " + std::string(what.en) + tail,
                       source + ": " + std::string(what.vi) + tail);
}

std::optional<std::string> text_at(const toml::node_view<const toml::node> node) {
  std::optional<std::string> value = node.value_exact<std::string>();
  if (!value || value->find_first_not_of(" \t") == std::string::npos) {
    return std::nullopt;
  }
  return value;
}

std::optional<std::vector<std::string>> lines_at(const toml::node_view<const toml::node> node) {
  const toml::array* array = node.as_array();
  if (array == nullptr || array->empty()) {
    return std::nullopt;
  }
  std::vector<std::string> lines;
  for (const toml::node& item : *array) {
    std::optional<std::string> line = item.value_exact<std::string>();
    if (!line) {
      return std::nullopt;
    }
    lines.push_back(*line);
  }
  return lines;
}

std::string two_digits(unsigned value) {
  return (value < 10 ? "0" : "") + std::to_string(value);
}

constexpr const char* kMonths[] = {"January",   "February", "March",    "April",
                                   "May",       "June",     "July",     "August",
                                   "September", "October",  "November", "December"};

StatusOr<std::string> read_capped(const std::string& path, std::size_t max_bytes, bool* too_large) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return error(path, kCannotRead);
  }
  std::string contents(max_bytes + 1, '\0');
  file.read(contents.data(), static_cast<std::streamsize>(contents.size()));
  contents.resize(static_cast<std::size_t>(file.gcount()));
  *too_large = contents.size() > max_bytes;
  return contents;
}

}  // namespace

StatusOr<AdminFrame> parse_admin_frame(std::string_view toml_text, const std::string& source,
                                       std::int64_t report_day_ms) {
  toml::table table;
  try {
    table = toml::parse(toml_text, source);
  } catch (const toml::parse_error& parse_error) {
    const std::string where = " (" + std::to_string(parse_error.source().begin.line) + ":" +
                              std::to_string(parse_error.source().begin.column) + ") " +
                              std::string(parse_error.description());
    return Status::error(v1::INVALID_VALUE, source + ": " + std::string(kBadToml.en) + where,
                         source + ": " + std::string(kBadToml.vi) + where);
  }
  const toml::table& doc = table;
  AdminFrame frame;
  const std::pair<const char*, std::string*> texts[] = {{"governing_body", &frame.governing_body},
                                                        {"issuing_body", &frame.issuing_body},
                                                        {"number", &frame.number},
                                                        {"place", &frame.place}};
  for (const auto& [key, field] : texts) {
    std::optional<std::string> value = text_at(doc[key]);
    if (!value) {
      return error(source, kMissingKey, key);
    }
    *field = *value;
  }
  std::optional<std::vector<std::string>> recipients = lines_at(doc["recipients"]);
  if (!recipients) {
    return error(source, kMissingList, "recipients");
  }
  frame.recipients = *recipients;
  std::optional<std::vector<std::string>> roles = lines_at(doc["signer"]["roles"]);
  if (!roles) {
    return error(source, kMissingList, "signer.roles");
  }
  frame.signer_roles = *roles;
  std::optional<std::string> name = text_at(doc["signer"]["name"]);
  if (!name) {
    return error(source, kMissingKey, "signer.name");
  }
  frame.signer_name = *name;
  if (doc.contains("title")) {
    std::optional<std::string> title = text_at(doc["title"]);
    if (!title) {
      return error(source, kMissingKey, "title");
    }
    frame.title = *title;
  }
  frame.date_ms = report_day_ms;
  if (doc.contains("date")) {
    std::optional<std::int64_t> day;
    if (const std::optional<toml::date> date = doc["date"].value_exact<toml::date>()) {
      const protocol::CivilTime civil{date->year, date->month, date->day};
      if (protocol::is_valid(civil)) {
        day = protocol::unix_ms_of(civil);
      }
    } else if (const std::optional<std::string> text = doc["date"].value_exact<std::string>();
               text && text->size() == 10) {
      day = protocol::parse_vietnam_time(*text);
    }
    if (!day) {
      return error(source, kBadDate, "date");
    }
    frame.date_ms = *day;
  }
  return frame;
}

StatusOr<AdminFrame> read_admin_frame(const std::string& path, std::int64_t report_day_ms) {
  bool too_large = false;
  StatusOr<std::string> text = read_capped(path, kMaxAssessmentBytes, &too_large);
  if (!text.ok()) {
    return text.status();
  }
  if (too_large) {
    return error(path, kBadToml, "> 64 KiB");
  }
  return parse_admin_frame(*text, path, report_day_ms);
}

StatusOr<std::vector<std::string>> parse_assessment(std::string_view text,
                                                    const std::string& source) {
  if (text.size() > kMaxAssessmentBytes) {
    return error(source, kTooLarge);
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {  // A BOM from Notepad.
    text.remove_prefix(3);
  }
  if (!protocol::is_valid_utf8(text)) {
    return error(source, kNotUtf8);
  }
  std::vector<std::string> paragraphs;
  std::string paragraph;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    std::string_view line = text.substr(start, end - start);
    const std::size_t first = line.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) {
      if (!paragraph.empty()) {
        paragraphs.push_back(std::move(paragraph));
        paragraph.clear();
      }
    } else {
      line = line.substr(first, line.find_last_not_of(" \t\r") + 1 - first);
      paragraph += (paragraph.empty() ? "" : " ") + std::string(line);
    }
    start = end + 1;
  }
  if (!paragraph.empty()) {
    paragraphs.push_back(std::move(paragraph));
  }
  return paragraphs;
}

StatusOr<std::vector<std::string>> read_assessment(const std::string& path) {
  bool too_large = false;
  StatusOr<std::string> text = read_capped(path, kMaxAssessmentBytes, &too_large);
  if (!text.ok()) {
    return text.status();
  }
  if (too_large) {
    return error(path, kTooLarge);
  }
  return parse_assessment(*text, path);
}

namespace report_parts {

std::string place_and_date(const AdminFrame& frame, Language lang) {
  const protocol::CivilTime day = protocol::vietnam_time_of(frame.date_ms);
  if (lang == Language::kVi) {
    const std::string month = day.month <= 2 ? two_digits(day.month) : std::to_string(day.month);
    return frame.place + ", ngày " + two_digits(day.day) + " tháng " + month + " năm " +
           std::to_string(day.year);
  }
  return frame.place + ", " + std::to_string(day.day) + " " + kMonths[day.month - 1] + " " +
         std::to_string(day.year);
}

std::string document_title(const AdminFrame& frame, const std::string& default_title) {
  return frame.title.empty() ? default_title : frame.title;
}

}  // namespace report_parts
}  // namespace alertbus::alertctl
