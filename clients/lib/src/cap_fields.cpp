// Reading CAP 1.2's elements (cap_fields.hpp): the libxml2 tree, the simple fields, areas.
#include "cap_fields.hpp"

#include <algorithm>
#include <charconv>

#include <google/protobuf/util/time_util.h>

#include "alertbus/client/cap.hpp"
#include "alertbus/protocol/vietnam_time.hpp"

namespace alertbus::client::cap {

using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

Status malformed(std::string en, std::string vi, std::string field) {
  return Status::error(v1::MALFORMED_EVENT, std::move(en), std::move(vi), std::move(field));
}

Status missing(const std::string& field, std::string en_detail, std::string vi_detail) {
  return Status::error(v1::MISSING_FIELD, "CAP element " + field + " is missing" + en_detail,
                       "thiếu phần tử CAP " + field + vi_detail, field);
}

Status invalid(const std::string& field, const std::string& value, const std::string& en_expected,
               const std::string& vi_expected) {
  return Status::error(v1::INVALID_VALUE, field + " \"" + value + "\" is not valid: " + en_expected,
                       field + " \"" + value + "\" không hợp lệ: " + vi_expected, field);
}

bool is_cap(const xmlNode* node) {
  return node->type == XML_ELEMENT_NODE && node->ns != nullptr &&
         xmlStrcmp(node->ns->href, reinterpret_cast<const xmlChar*>(kCapNamespace)) == 0;
}

bool named(const xmlNode* node, const char* name) {
  return is_cap(node) && xmlStrcmp(node->name, reinterpret_cast<const xmlChar*>(name)) == 0;
}

std::vector<const xmlNode*> children(const xmlNode* parent, const char* name) {
  std::vector<const xmlNode*> found;
  for (const xmlNode* child = parent->children; child != nullptr; child = child->next) {
    if (named(child, name)) {
      found.push_back(child);
    }
  }
  return found;
}

std::string content(const xmlNode* node) {
  xmlChar* text = xmlNodeGetContent(node);
  std::string out = text != nullptr ? reinterpret_cast<const char*>(text) : "";
  xmlFree(text);
  return out;
}

// xs:token-like whitespace trimming for words, dates and codes.
std::string trimmed(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return {};
  }
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// The text of the one child `name`, or nothing.
std::optional<std::string> child_text(const xmlNode* parent, const char* name) {
  const std::vector<const xmlNode*> found = children(parent, name);
  if (found.empty()) {
    return std::nullopt;
  }
  return content(found.front());
}

// valueName → value of the <eventCode> or <parameter> children.
std::vector<std::pair<std::string, std::string>> name_values(const xmlNode* info,
                                                             const char* name) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const xmlNode* node : children(info, name)) {
    out.emplace_back(trimmed(child_text(node, "valueName").value_or("")),
                     child_text(node, "value").value_or(""));
  }
  return out;
}

std::optional<std::string> lookup(const std::vector<std::pair<std::string, std::string>>& pairs,
                                  std::string_view name) {
  for (const auto& [key, value] : pairs) {
    if (key == name) {
      return value;
    }
  }
  return std::nullopt;
}

std::vector<std::string> split_whitespace(const std::string& text) {
  std::vector<std::string> parts;
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t start = text.find_first_not_of(" \t\r\n", i);
    if (start == std::string::npos) {
      break;
    }
    const std::size_t end = std::min(text.find_first_of(" \t\r\n", start), text.size());
    parts.push_back(text.substr(start, end - start));
    i = end;
  }
  return parts;
}

namespace {

bool two_digits(std::string_view text, std::size_t at, int* value) {
  return std::from_chars(text.data() + at, text.data() + at + 2, *value).ptr ==
         text.data() + at + 2;
}

}  // namespace

// CAP dateTime "YYYY-MM-DDThh:mm:ss+hh:mm" (the schema's pattern: no "Z", no fraction).
std::optional<Timestamp> parse_date_time(std::string_view text) {
  if (text.size() != 25 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
      text[16] != ':' || (text[19] != '+' && text[19] != '-') || text[22] != ':') {
    return std::nullopt;
  }
  int year = 0;
  if (std::from_chars(text.data(), text.data() + 4, year).ptr != text.data() + 4) {
    return std::nullopt;
  }
  int month = 0, day = 0, hour = 0, minute = 0, second = 0, offset_hours = 0, offset_minutes = 0;
  if (!two_digits(text, 5, &month) || !two_digits(text, 8, &day) || !two_digits(text, 11, &hour) ||
      !two_digits(text, 14, &minute) || !two_digits(text, 17, &second) ||
      !two_digits(text, 20, &offset_hours) || !two_digits(text, 23, &offset_minutes)) {
    return std::nullopt;
  }
  const protocol::CivilTime civil{year,
                                  static_cast<unsigned>(month),
                                  static_cast<unsigned>(day),
                                  static_cast<unsigned>(hour),
                                  static_cast<unsigned>(minute),
                                  static_cast<unsigned>(second)};
  if (year < 1970 || !protocol::is_valid(civil) || second > 59 || offset_hours > 14 ||
      offset_minutes > 59) {
    return std::nullopt;
  }
  const std::int64_t offset_ms =
      (offset_hours * 3600 + offset_minutes * 60) * std::int64_t{1000} * (text[19] == '-' ? -1 : 1);
  Timestamp time;
  time.set_seconds(protocol::unix_ms_of(civil, offset_ms) / 1000);
  return time;
}

// The dateTime child `name` of `parent` into `out` (with the exact time from the parameter
// `exact_name`, when that names the same second). `present` says whether there was one.
Status read_time(const xmlNode* parent, const char* name, const std::string& path,
                 const std::optional<std::string>& exact, Timestamp* out, bool* present) {
  const std::optional<std::string> text = child_text(parent, name);
  *present = text.has_value();
  if (!text) {
    return {};
  }
  const std::string value = trimmed(*text);
  const std::optional<Timestamp> time = parse_date_time(value);
  if (!time) {
    return invalid(path, value, "expected a CAP dateTime such as 2026-11-28T14:05:00+07:00",
                   "cần thời điểm dạng CAP, ví dụ 2026-11-28T14:05:00+07:00");
  }
  *out = *time;
  Timestamp precise;
  if (exact && TimeUtil::FromString(trimmed(*exact), &precise) &&
      precise.seconds() == time->seconds()) {
    *out = precise;
  }
  return {};
}

// An enumerated CAP word into `out`.
Status read_word(const xmlNode* parent, const char* name, const std::string& path,
                 std::span<const Word> table, int* out) {
  const std::optional<std::string> text = child_text(parent, name);
  if (!text) {
    return missing(path);
  }
  const std::string word = trimmed(*text);
  const std::optional<int> value = cap::value_for(table, word);
  if (!value) {
    std::string words;
    for (const cap::Word& entry : table) {
      words += (words.empty() ? "" : ", ") + std::string(entry.word);
    }
    return invalid(path, word, "expected one of " + words, "cần một trong " + words);
  }
  *out = *value;
  return {};
}

Status read_info_words(const xmlNode* info, v1::Event* event) {
  int urgency = 0;
  int severity = 0;
  int certainty = 0;
  for (const Status& read :
       {read_word(info, "urgency", "alert.info.urgency", cap::kUrgencyWords, &urgency),
        read_word(info, "severity", "alert.info.severity", cap::kSeverityWords, &severity),
        read_word(info, "certainty", "alert.info.certainty", cap::kCertaintyWords, &certainty)}) {
    if (!read.ok()) {
      return read;
    }
  }
  event->set_urgency(static_cast<v1::Urgency>(urgency));
  event->set_severity(static_cast<v1::Severity>(severity));
  event->set_certainty(static_cast<v1::Certainty>(certainty));
  return {};
}

namespace {

bool parse_double(std::string_view text, double* out) {
  return !text.empty() && std::from_chars(text.data(), text.data() + text.size(), *out).ptr ==
                              text.data() + text.size();
}

// "lat,lon" into `point`.
bool parse_point(std::string_view text, v1::GeoPoint* point) {
  const std::size_t comma = text.find(',');
  double latitude = 0;
  double longitude = 0;
  if (comma == std::string_view::npos || !parse_double(text.substr(0, comma), &latitude) ||
      !parse_double(text.substr(comma + 1), &longitude)) {
    return false;
  }
  point->set_latitude(latitude);
  point->set_longitude(longitude);
  return true;
}

}  // namespace

Status read_area(const xmlNode* node, const std::string& path, v1::Area* area) {
  const std::optional<std::string> description = child_text(node, "areaDesc");
  if (!description) {
    return missing(path + ".areaDesc");
  }
  area->set_name(*description);
  const std::vector<const xmlNode*> polygons = children(node, "polygon");
  const std::vector<const xmlNode*> circles = children(node, "circle");
  if (polygons.size() > 1 || circles.size() > 1) {
    return Status::error(
        v1::INVALID_VALUE, path + " has more than one polygon or circle; alertbus keeps one each",
        path + " có nhiều hơn một polygon hoặc circle; alertbus chỉ nhận một", path);
  }
  if (!polygons.empty()) {
    const std::string text = content(polygons[0]);
    for (const std::string& point_text : split_whitespace(text)) {
      if (!parse_point(point_text, area->add_polygon())) {
        return invalid(path + ".polygon", point_text, "expected \"lat,lon\" pairs",
                       "cần các cặp \"vĩ độ,kinh độ\"");
      }
    }
  }
  if (!circles.empty()) {
    const std::vector<std::string> parts = split_whitespace(content(circles[0]));
    double radius = 0;
    if (parts.size() != 2 || !parse_point(parts[0], area->mutable_circle_center()) ||
        !parse_double(parts[1], &radius)) {
      return invalid(path + ".circle", trimmed(content(circles[0])),
                     "expected \"lat,lon radius_km\"", "cần \"vĩ độ,kinh độ bán_kính_km\"");
    }
    area->set_circle_radius_km(radius);
  }
  for (const auto& [scheme, code] : name_values(node, "geocode")) {
    if (scheme == "VN-2004" || scheme == "VN-2025") {
      area->set_scheme(scheme);
      area->set_code(trimmed(code));
      return {};
    }
  }
  return missing(path + ".geocode", " (an administrative code with valueName VN-2004 or VN-2025)",
                 " (mã đơn vị hành chính với valueName VN-2004 hoặc VN-2025)");
}

}  // namespace alertbus::client::cap
