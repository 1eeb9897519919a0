// A small reader of the Prometheus text exposition format (0.0.4) for tests: it parses a
// page and checks the rules the broker's writer must keep, independently of the writer
// (broker/metrics/exposition.cpp): HELP and TYPE once per family and before its samples,
// valid names, quoted and escaped label values, parseable values, and per histogram
// cumulative buckets in ascending `le` ending with +Inf whose count equals _count.
// Returns the problems found (empty: none) and the samples by "name{labels as written}".
#pragma once

#include <cmath>
#include <cstdlib>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace alertbus::testing {

struct ExpositionSample {
  std::string name;
  std::map<std::string, std::string> labels;  // Unescaped.
  double value = 0;
};

struct ExpositionCheck {
  std::vector<std::string> problems;
  std::vector<ExpositionSample> samples;
  std::map<std::string, std::string> types;  // Family -> type.

  // The value of the sample `name` whose labels include all of `labels`; NaN if none.
  double value(const std::string& name,
               const std::map<std::string, std::string>& labels = {}) const {
    for (const ExpositionSample& sample : samples) {
      if (sample.name != name) {
        continue;
      }
      bool all = true;
      for (const auto& [key, expected] : labels) {
        auto found = sample.labels.find(key);
        all = all && found != sample.labels.end() && found->second == expected;
      }
      if (all) {
        return sample.value;
      }
    }
    return std::nan("");
  }
};

inline double parse_exposition_value(const std::string& text, bool* ok) {
  *ok = true;
  if (text == "+Inf") {
    return INFINITY;
  }
  if (text == "-Inf") {
    return -INFINITY;
  }
  if (text == "NaN") {
    return std::nan("");
  }
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  *ok = !text.empty() && end == text.c_str() + text.size();
  return value;
}

// Parses `{a="x",b="y"}` at text[*at] (after the name); false on a malformed set.
inline bool parse_exposition_labels(const std::string& text, std::size_t* at,
                                    std::map<std::string, std::string>* labels) {
  static const std::regex kLabelName("[a-zA-Z_][a-zA-Z0-9_]*");
  std::size_t i = *at + 1;
  while (i < text.size() && text[i] != '}') {
    const std::size_t equals = text.find('=', i);
    if (equals == std::string::npos || i + 1 >= text.size()) {
      return false;
    }
    const std::string name = text.substr(i, equals - i);
    if (!std::regex_match(name, kLabelName) || equals + 1 >= text.size() ||
        text[equals + 1] != '"') {
      return false;
    }
    std::string value;
    std::size_t j = equals + 2;
    for (; j < text.size() && text[j] != '"'; ++j) {
      if (text[j] == '\n') {
        return false;
      }
      if (text[j] == '\\') {
        if (j + 1 >= text.size()) {
          return false;
        }
        const char next = text[++j];
        if (next == 'n') {
          value += '\n';
        } else if (next == '\\' || next == '"') {
          value += next;
        } else {
          return false;  // No other escapes exist in label values.
        }
      } else {
        value += text[j];
      }
    }
    if (j >= text.size() || labels->count(name) != 0) {
      return false;
    }
    (*labels)[name] = value;
    i = j + 1;
    if (i < text.size() && text[i] == ',') {
      ++i;
    }
  }
  if (i >= text.size()) {
    return false;
  }
  *at = i + 1;
  return true;
}

inline ExpositionCheck check_exposition(const std::string& page) {
  static const std::regex kName("[a-zA-Z_:][a-zA-Z0-9_:]*");
  ExpositionCheck check;
  std::set<std::string> helped;
  std::set<std::string> finished;  // Families whose samples are over.
  std::string current;             // The family being read.
  std::istringstream lines(page);
  std::string line;
  int number = 0;
  auto problem = [&](const std::string& what) {
    check.problems.push_back("line " + std::to_string(number) + ": " + what + ": " + line);
  };
  if (!page.empty() && page.back() != '\n') {
    check.problems.push_back("the page does not end with a newline");
  }
  while (std::getline(lines, line)) {
    ++number;
    if (line.empty()) {
      continue;
    }
    if (line.rfind("# HELP ", 0) == 0 || line.rfind("# TYPE ", 0) == 0) {
      const bool help = line[2] == 'H';
      const std::string rest = line.substr(7);
      const std::size_t space = rest.find(' ');
      const std::string name = rest.substr(0, space);
      if (!std::regex_match(name, kName) || space == std::string::npos) {
        problem("bad HELP or TYPE");
        continue;
      }
      if (name != current) {
        if (!current.empty()) {
          finished.insert(current);
        }
        if (finished.count(name) != 0) {
          problem("family " + name + " written in two places");
        }
        current = name;
      }
      if (help) {
        if (!helped.insert(name).second) {
          problem("second HELP");
        }
      } else {
        const std::string type = rest.substr(space + 1);
        if (type != "counter" && type != "gauge" && type != "histogram" && type != "summary" &&
            type != "untyped") {
          problem("unknown type");
        }
        if (check.types.count(name) != 0) {
          problem("second TYPE");
        }
        check.types[name] = type;
      }
      continue;
    }
    if (line[0] == '#') {
      continue;  // A comment.
    }
    ExpositionSample sample;
    std::size_t at = 0;
    while (at < line.size() && line[at] != '{' && line[at] != ' ') {
      ++at;
    }
    sample.name = line.substr(0, at);
    if (!std::regex_match(sample.name, kName)) {
      problem("bad metric name");
      continue;
    }
    if (at < line.size() && line[at] == '{' &&
        !parse_exposition_labels(line, &at, &sample.labels)) {
      problem("bad labels");
      continue;
    }
    if (at >= line.size() || line[at] != ' ') {
      problem("no value");
      continue;
    }
    std::string value = line.substr(at + 1);
    if (const std::size_t space = value.find(' '); space != std::string::npos) {
      value.resize(space);  // A timestamp follows.
    }
    bool ok = false;
    sample.value = parse_exposition_value(value, &ok);
    if (!ok) {
      problem("bad value");
      continue;
    }
    std::string family = sample.name;
    const auto type = check.types.find(current);
    if (type != check.types.end() && type->second == "histogram") {
      for (const char* suffix : {"_bucket", "_sum", "_count"}) {
        const std::string tail = suffix;
        if (family.size() > tail.size() &&
            family.compare(family.size() - tail.size(), tail.size(), tail) == 0 &&
            family.substr(0, family.size() - tail.size()) == current) {
          family = current;
        }
      }
    }
    if (family != current || check.types.count(current) == 0) {
      problem("sample outside its family or before its TYPE");
    }
    check.samples.push_back(std::move(sample));
  }
  // Histograms: per label set (less le), buckets ascending and cumulative, +Inf last and
  // equal to _count.
  for (const auto& [name, type] : check.types) {
    if (type != "histogram") {
      continue;
    }
    std::map<std::map<std::string, std::string>, std::vector<std::pair<double, double>>> series;
    std::map<std::map<std::string, std::string>, double> counts;
    for (const ExpositionSample& sample : check.samples) {
      std::map<std::string, std::string> labels = sample.labels;
      if (sample.name == name + "_bucket") {
        bool ok = labels.count("le") != 0;
        const double le = ok ? parse_exposition_value(labels["le"], &ok) : 0;
        if (!ok) {
          check.problems.push_back(name + ": a bucket without a valid le");
          continue;
        }
        labels.erase("le");
        series[labels].emplace_back(le, sample.value);
      } else if (sample.name == name + "_count") {
        counts[labels] = sample.value;
      }
    }
    for (const auto& [labels, buckets] : series) {
      for (std::size_t i = 1; i < buckets.size(); ++i) {
        if (!(buckets[i].first > buckets[i - 1].first) ||
            buckets[i].second < buckets[i - 1].second) {
          check.problems.push_back(name + ": buckets not ascending and cumulative");
        }
      }
      if (buckets.empty() || !std::isinf(buckets.back().first)) {
        check.problems.push_back(name + ": no +Inf bucket last");
      } else if (counts.count(labels) == 0 || counts[labels] != buckets.back().second) {
        check.problems.push_back(name + ": +Inf bucket differs from _count");
      }
    }
  }
  return check;
}

}  // namespace alertbus::testing
