#include "alertbus/logging/log_format.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_color_sinks.h>

namespace alertbus::logging {
namespace {

constexpr std::array<const char*, 3> kFieldNames{"principal", "peer", "event"};

thread_local std::array<std::string, kFieldNames.size()> t_subject;

// The length of the UTF-8 sequence at `text[i]`, or 0 when it is not one.
std::size_t utf8_sequence(std::string_view text, std::size_t i) {
  const auto byte = static_cast<unsigned char>(text[i]);
  std::size_t length = 0;
  std::uint32_t code = 0;
  if (byte >= 0xC2 && byte <= 0xDF) {
    length = 2;
    code = byte & 0x1FU;
  } else if (byte >= 0xE0 && byte <= 0xEF) {
    length = 3;
    code = byte & 0x0FU;
  } else if (byte >= 0xF0 && byte <= 0xF4) {
    length = 4;
    code = byte & 0x07U;
  } else {
    return 0;
  }
  if (i + length > text.size()) {
    return 0;
  }
  for (std::size_t k = 1; k < length; ++k) {
    const auto next = static_cast<unsigned char>(text[i + k]);
    if ((next & 0xC0U) != 0x80U) {
      return 0;
    }
    code = (code << 6U) | (next & 0x3FU);
  }
  const bool overlong = (length == 3 && code < 0x800) || (length == 4 && code < 0x10000);
  const bool surrogate = code >= 0xD800 && code <= 0xDFFF;
  return overlong || surrogate || code > 0x10FFFF ? 0 : length;
}

void append_escaped(std::string& out, std::string_view text) {
  out.push_back('"');
  for (std::size_t i = 0; i < text.size();) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte >= 0x80) {
      const std::size_t length = utf8_sequence(text, i);
      if (length == 0) {
        out += "\xEF\xBF\xBD";  // U+FFFD
        ++i;
      } else {
        out.append(text.substr(i, length));
        i += length;
      }
      continue;
    }
    switch (byte) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (byte < 0x20 || byte == 0x7F) {
          char escape[8];
          std::snprintf(escape, sizeof escape, "\\u%04x", byte);
          out += escape;
        } else {
          out.push_back(static_cast<char>(byte));
        }
    }
    ++i;
  }
  out.push_back('"');
}

const char* level_name(spdlog::level::level_enum level) {
  switch (level) {
    case spdlog::level::trace:
      return "trace";
    case spdlog::level::debug:
      return "debug";
    case spdlog::level::info:
      return "info";
    case spdlog::level::warn:
      return "warn";
    case spdlog::level::err:
      return "error";
    case spdlog::level::critical:
      return "critical";
    default:
      return "off";
  }
}

// One JSON object per line.
class JsonFormatter final : public spdlog::formatter {
 public:
  JsonFormatter(std::string component, std::string node)
      : component_(std::move(component)), node_(std::move(node)) {}

  void format(const spdlog::details::log_msg& message, spdlog::memory_buf_t& dest) override {
    const auto since_epoch = message.time.time_since_epoch();
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(since_epoch).count() % 1000;
    const std::time_t seconds = std::chrono::system_clock::to_time_t(message.time);
    std::tm utc{};
    gmtime_r(&seconds, &utc);
    char ts[40];
    const std::size_t n = std::strftime(ts, sizeof ts, "%Y-%m-%dT%H:%M:%S", &utc);
    std::snprintf(ts + n, sizeof ts - n, ".%03dZ", static_cast<int>(ms));
    std::string line = "{\"ts\":\"";
    line += ts;
    line += "\",\"level\":\"";
    line += level_name(message.level);
    line += '"';
    if (!node_.empty()) {
      line += ",\"node\":";
      append_escaped(line, node_);
    }
    line += ",\"component\":";
    append_escaped(line, component_);
    line += ",\"msg\":";
    append_escaped(line, std::string_view(message.payload.data(), message.payload.size()));
    for (std::size_t i = 0; i < kFieldNames.size(); ++i) {
      if (!t_subject[i].empty()) {
        line += ",\"";
        line += kFieldNames[i];
        line += "\":";
        append_escaped(line, t_subject[i]);
      }
    }
    line += "}\n";
    dest.append(line.data(), line.data() + line.size());
  }

  std::unique_ptr<spdlog::formatter> clone() const override {
    return std::make_unique<JsonFormatter>(component_, node_);
  }

 private:
  std::string component_;
  std::string node_;
};

}  // namespace

std::optional<LogFormat> parse_log_format(std::string_view text) {
  if (text == "text") {
    return LogFormat::kText;
  }
  if (text == "json") {
    return LogFormat::kJson;
  }
  return std::nullopt;
}

LogSubject::LogSubject(Field field, std::string_view value)
    : field_(field), previous_(t_subject[static_cast<std::size_t>(field)]) {
  if (!value.empty()) {
    t_subject[static_cast<std::size_t>(field)] = std::string(value);
  }
}

LogSubject::~LogSubject() {
  t_subject[static_cast<std::size_t>(field_)] = std::move(previous_);
}

std::shared_ptr<spdlog::logger> make_stderr_logger(const std::string& component,
                                                   const std::string& node, LogFormat format) {
  auto logger = spdlog::stderr_color_mt(component);
  if (format == LogFormat::kJson) {
    logger->set_formatter(std::make_unique<JsonFormatter>(component, node));
  } else {
    logger->set_pattern("%Y-%m-%dT%H:%M:%S.%e%z %^%l%$ " +
                        (node.empty() ? std::string() : "[" + node + "] ") + "%v");
  }
  return logger;
}

std::string json_string(std::string_view text) {
  std::string out;
  append_escaped(out, text);
  return out;
}

}  // namespace alertbus::logging
