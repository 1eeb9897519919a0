#include "metrics/exposition.hpp"

#include <cmath>
#include <fmt/format.h>

namespace alertbus::broker {
namespace {

const char* type_name(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

void append_labels(std::string& out, const Labels& labels, std::string_view extra_name = {},
                   std::string_view extra_value = {}) {
  if (labels.empty() && extra_name.empty()) {
    return;
  }
  out += '{';
  bool first = true;
  for (const auto& [name, value] : labels) {
    if (!first) {
      out += ',';
    }
    first = false;
    out += name;
    out += "=\"";
    out += escape_label_value(value);
    out += '"';
  }
  if (!extra_name.empty()) {
    if (!first) {
      out += ',';
    }
    out += extra_name;
    out += "=\"";
    out += extra_value;
    out += '"';
  }
  out += '}';
}

}  // namespace

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string escape_help(std::string_view help) {
  std::string out;
  out.reserve(help.size());
  for (const char c : help) {
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else {
      out += c;
    }
  }
  return out;
}

std::string format_value(double value) {
  if (std::isnan(value)) {
    return "NaN";
  }
  if (std::isinf(value)) {
    return value > 0 ? "+Inf" : "-Inf";
  }
  constexpr double kExactInteger = 9007199254740992.0;  // 2^53.
  if (value == std::floor(value) && std::fabs(value) < kExactInteger) {
    return fmt::format("{}", static_cast<std::int64_t>(value));
  }
  return fmt::format("{}", value);  // The shortest text that reads back the same.
}

void Exposition::family(std::string_view name, std::string_view help, MetricType type) {
  text_ +=
      fmt::format("# HELP {} {}\n# TYPE {} {}\n", name, escape_help(help), name, type_name(type));
}

void Exposition::sample(std::string_view name, const Labels& labels, double value) {
  text_ += name;
  append_labels(text_, labels);
  text_ += ' ';
  text_ += format_value(value);
  text_ += '\n';
}

void Exposition::histogram(std::string_view name, const Labels& labels,
                           std::span<const std::uint64_t> bounds,
                           std::span<const std::uint64_t> counts, std::uint64_t sum, double units) {
  const std::string bucket = std::string(name) + "_bucket";
  std::uint64_t cumulative = 0;
  for (std::size_t i = 0; i <= bounds.size(); ++i) {
    cumulative += i < counts.size() ? counts[i] : 0;
    const std::string le =
        i < bounds.size() ? format_value(static_cast<double>(bounds[i]) / units) : "+Inf";
    text_ += bucket;
    append_labels(text_, labels, "le", le);
    text_ += ' ';
    text_ += format_value(static_cast<double>(cumulative));
    text_ += '\n';
  }
  sample(std::string(name) + "_sum", labels, static_cast<double>(sum) / units);
  sample(std::string(name) + "_count", labels, static_cast<double>(cumulative));
}

}  // namespace alertbus::broker
