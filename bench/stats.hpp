// Percentiles of latency samples and the number formats the benchmark prints.
//
// Threading: pure functions.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

namespace alertbus::bench {

using Clock = std::chrono::steady_clock;

// Milliseconds between two instants, as a double (latencies are fractions of a ms).
inline double ms_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double, std::milli>(to - from).count();
}

inline double seconds_between(Clock::time_point from, Clock::time_point to) {
  return std::chrono::duration<double>(to - from).count();
}

struct LatencySummary {
  double p50_ms = 0;
  double p90_ms = 0;
  double p99_ms = 0;
  double max_ms = 0;
  std::size_t samples = 0;
};

// The nearest-rank percentile of sorted samples: p99 of 100 samples is the 99th smallest, a
// sample that really happened rather than an interpolation between two. 0 when empty.
inline double nearest_rank(const std::vector<double>& sorted, double fraction) {
  if (sorted.empty()) {
    return 0;
  }
  const double position = std::ceil(fraction * static_cast<double>(sorted.size()));
  const auto index = static_cast<std::size_t>(std::max(1.0, position)) - 1;
  return sorted[std::min(index, sorted.size() - 1)];
}

// Nearest-rank percentiles of the samples (milliseconds, or any other unit).
inline LatencySummary summarize(std::vector<double> samples_ms) {
  LatencySummary summary;
  summary.samples = samples_ms.size();
  if (samples_ms.empty()) {
    return summary;
  }
  std::sort(samples_ms.begin(), samples_ms.end());
  summary.p50_ms = nearest_rank(samples_ms, 0.50);
  summary.p90_ms = nearest_rank(samples_ms, 0.90);
  summary.p99_ms = nearest_rank(samples_ms, 0.99);
  summary.max_ms = samples_ms.back();
  return summary;
}

// The median of the samples (nearest rank, as above).
inline double median(std::vector<double> samples) {
  std::sort(samples.begin(), samples.end());
  return nearest_rank(samples, 0.50);
}

// 61234.4 -> "61,234": rates are read at a glance, their fractions are noise.
inline std::string with_commas(double value) {
  const auto rounded = static_cast<std::int64_t>(std::llround(value));
  std::string digits = std::to_string(rounded < 0 ? -rounded : rounded);
  std::string text;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) {
      text.push_back(',');
    }
    text.push_back(digits[i]);
  }
  return rounded < 0 ? "-" + text : text;
}

inline std::string fixed(double value, int decimals) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*f", decimals, value);
  return text;
}

// "0.72 x": how a figure compares with the limit it is bounded by.
inline std::string ratio_text(double value, double limit) {
  return limit > 0 ? fixed(value / limit, 2) + " x" : "n/a";
}

inline std::string mib_text(std::uint64_t bytes) {
  return fixed(static_cast<double>(bytes) / (1024.0 * 1024.0), 1) + " MiB";
}

}  // namespace alertbus::bench
