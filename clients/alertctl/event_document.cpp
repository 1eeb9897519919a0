#include "alertctl/event_document.hpp"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <toml++/toml.h>

#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/messages.hpp"

namespace alertbus::alertctl {
namespace {

Status document_error(std::string_view source, const std::string& vi, const std::string& en) {
  return Status::error(v1::INVALID_VALUE, std::string(source) + ": " + en,
                       std::string(source) + ": " + vi);
}

std::string two(unsigned value) {
  char text[8];
  std::snprintf(text, sizeof text, "%02u", value % 100U);
  return text;
}

std::string date_text(const toml::date& date) {
  char text[16];
  std::snprintf(text, sizeof text, "%04u-%02u-%02u", static_cast<unsigned>(date.year),
                static_cast<unsigned>(date.month), static_cast<unsigned>(date.day));
  return text;
}

std::string time_text(const toml::time& time) {
  return two(time.hour) + ":" + two(time.minute) + ":" + two(time.second);
}

std::string date_time_text(const toml::date_time& value) {
  std::string text = date_text(value.date) + "T" + time_text(value.time);
  if (value.offset) {
    const int minutes = value.offset->minutes;
    const unsigned magnitude = static_cast<unsigned>(minutes < 0 ? -minutes : minutes);
    text += (minutes < 0 ? "-" : "+") + two(magnitude / 60) + ":" + two(magnitude % 60);
  }
  return text;
}

nlohmann::json to_json(const toml::node& node) {
  if (const toml::table* table = node.as_table()) {
    nlohmann::json object = nlohmann::json::object();
    for (const auto& [key, value] : *table) {
      object[std::string(key.str())] = to_json(value);
    }
    return object;
  }
  if (const toml::array* array = node.as_array()) {
    nlohmann::json list = nlohmann::json::array();
    for (const toml::node& item : *array) {
      list.push_back(to_json(item));
    }
    return list;
  }
  if (const auto* text = node.as_string()) {
    return text->get();
  }
  if (const auto* integer = node.as_integer()) {
    return integer->get();
  }
  if (const auto* floating = node.as_floating_point()) {
    return floating->get();
  }
  if (const auto* boolean = node.as_boolean()) {
    return boolean->get();
  }
  if (const auto* date = node.as_date()) {
    return date_text(date->get());
  }
  if (const auto* time = node.as_time()) {
    return time_text(time->get());
  }
  if (const auto* date_time = node.as_date_time()) {
    return date_time_text(date_time->get());
  }
  return nullptr;
}

std::optional<unsigned> digits(std::string_view text, std::size_t& pos, std::size_t min,
                               std::size_t max) {
  unsigned value = 0;
  std::size_t count = 0;
  while (pos < text.size() && count < max && text[pos] >= '0' && text[pos] <= '9') {
    value = value * 10 + static_cast<unsigned>(text[pos] - '0');
    ++pos;
    ++count;
  }
  if (count < min) {
    return std::nullopt;
  }
  return value;
}

// "27/11/2026[ 15:00[:30]]" as a civil time; nullopt if it is not of that shape or not valid.
std::optional<protocol::CivilTime> day_first(std::string_view text) {
  std::size_t pos = 0;
  protocol::CivilTime civil;
  const auto day = digits(text, pos, 1, 2);
  if (!day || pos >= text.size() || text[pos++] != '/') {
    return std::nullopt;
  }
  const auto month = digits(text, pos, 1, 2);
  if (!month || pos >= text.size() || text[pos++] != '/') {
    return std::nullopt;
  }
  const auto year = digits(text, pos, 4, 4);
  if (!year) {
    return std::nullopt;
  }
  civil.day = *day;
  civil.month = *month;
  civil.year = static_cast<int>(*year);
  if (pos < text.size()) {
    while (pos < text.size() && text[pos] == ' ') {
      ++pos;
    }
    const auto hour = digits(text, pos, 1, 2);
    if (!hour || pos >= text.size() || (text[pos] != ':' && text[pos] != 'h')) {
      return std::nullopt;
    }
    ++pos;
    const auto minute = digits(text, pos, 2, 2);
    if (!minute) {
      return std::nullopt;
    }
    civil.hour = *hour;
    civil.minute = *minute;
    if (pos < text.size() && text[pos] == ':') {
      ++pos;
      const auto second = digits(text, pos, 2, 2);
      if (!second) {
        return std::nullopt;
      }
      civil.second = *second;
    }
  }
  if (pos != text.size() || !protocol::is_valid(civil)) {
    return std::nullopt;
  }
  return civil;
}

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return text;
}

}  // namespace

FileFormat format_of(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  // A UTF-8 byte order mark (Notepad writes one) before the brace.
  if (first != std::string_view::npos && text.substr(first, 3) == "\xEF\xBB\xBF") {
    return format_of(text.substr(first + 3));
  }
  return first != std::string_view::npos && text[first] == '{' ? FileFormat::kJson
                                                               : FileFormat::kToml;
}

StatusOr<nlohmann::json> parse_document(std::string_view text, std::string_view source) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") {
    text.remove_prefix(3);
  }
  if (format_of(text) == FileFormat::kJson) {
    try {
      return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& error) {
      // nlohmann says "[json.exception.parse_error.101] parse error at line 3, column 5: …";
      // the line and column are counted here, its words kept as the detail.
      const std::size_t end = std::min<std::size_t>(error.byte, text.size());
      const std::size_t newline = end == 0 ? std::string_view::npos : text.rfind('\n', end - 1);
      const auto lines =
          std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(end), '\n');
      const std::string line = std::to_string(lines + 1);
      const std::string column =
          std::to_string(newline == std::string_view::npos ? end : end - newline - 1);
      std::string detail = error.what();
      if (const std::size_t colon = detail.find(": "); colon != std::string::npos) {
        detail = detail.substr(colon + 2);
      }
      return document_error(source, fill(msg::kInvalidJsonAt.vi, {line, column, detail}),
                            fill(msg::kInvalidJsonAt.en, {line, column, detail}));
    }
  }
  try {
    toml::table table = toml::parse(text, source);
    return to_json(table);
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    const std::string line = std::to_string(begin.line);
    const std::string column = std::to_string(begin.column);
    const std::string detail(error.description());
    return document_error(source, fill(msg::kInvalidTomlAt.vi, {line, column, detail}),
                          fill(msg::kInvalidTomlAt.en, {line, column, detail}));
  }
}

std::optional<std::int64_t> parse_officer_time(std::string_view text) {
  text = trimmed(text);
  if (const auto civil = day_first(text)) {
    return protocol::unix_ms_of(*civil);
  }
  return protocol::parse_vietnam_time(text);
}

std::optional<std::string> parse_officer_date(std::string_view text) {
  text = trimmed(text);
  protocol::CivilTime civil;
  if (const auto day = day_first(text); day && text.find(' ') == std::string_view::npos) {
    civil = *day;
  } else if (text.size() == 10 && text[4] == '-' && text[7] == '-') {
    std::size_t pos = 0;
    const auto year = digits(text, pos, 4, 4);
    ++pos;
    const auto month = digits(text, pos, 2, 2);
    ++pos;
    const auto day_of_month = digits(text, pos, 2, 2);
    if (!year || !month || !day_of_month || pos != text.size()) {
      return std::nullopt;
    }
    civil.year = static_cast<int>(*year);
    civil.month = *month;
    civil.day = *day_of_month;
    if (!protocol::is_valid(civil)) {
      return std::nullopt;
    }
  } else {
    return std::nullopt;
  }
  char out[16];
  std::snprintf(out, sizeof out, "%04d-%02u-%02u", civil.year, civil.month, civil.day);
  return std::string(out);
}

}  // namespace alertbus::alertctl
