// Exposition: the Prometheus text exposition format, version 0.0.4, written by hand.
// Debian 12 packages no prometheus-cpp, and what the broker exposes (counters, gauges and
// histograms it already keeps as atomics) needs only this writer; tests/broker/
// metrics_exposition_test.cpp checks its output against the format's rules, and the
// integration test against `promtool check metrics` where it is installed.
//
// Each family is written whole: family() writes its # HELP and # TYPE lines, then its
// samples follow. Label values are escaped (\\, \", \n); HELP text escapes \\ and \n.
//
// Threading: one writer per scrape; no shared state.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace alertbus::broker {

using Labels = std::vector<std::pair<std::string, std::string>>;

enum class MetricType { kCounter, kGauge, kHistogram };

class Exposition {
 public:
  void family(std::string_view name, std::string_view help, MetricType type);
  // One sample line: name{labels} value.
  void sample(std::string_view name, const Labels& labels, double value);
  // A histogram's _bucket lines (cumulative, `le` ascending, ending with +Inf), _sum and
  // _count. `counts` holds one count per bound (not cumulative) and one for beyond the last;
  // bounds and sum are in units, `units` of them to the base unit (1e6 for microseconds).
  void histogram(std::string_view name, const Labels& labels, std::span<const std::uint64_t> bounds,
                 std::span<const std::uint64_t> counts, std::uint64_t sum, double units);

  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

// A label value as the format writes it between quotes.
std::string escape_label_value(std::string_view value);
// HELP text as the format writes it.
std::string escape_help(std::string_view help);
// A sample value: integers without exponent or point, others in the shortest text that
// reads back the same, and +Inf, -Inf, NaN.
std::string format_value(double value);

// The content type of the format.
inline constexpr const char* kExpositionContentType = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace alertbus::broker
