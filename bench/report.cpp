#include "report.hpp"

#include <cstdio>

namespace alertbus::bench {
namespace {

// A pipe inside a cell would split it into two columns.
std::string cell(const std::string& text) {
  std::string escaped;
  for (const char c : text) {
    if (c == '|') {
      escaped += "\\|";
    } else {
      escaped.push_back(c);
    }
  }
  return escaped;
}

}  // namespace

void Report::section(const std::string& title) {
  section_ = title;
  std::printf("\n== %s ==\n", title.c_str());
  std::fflush(stdout);
}

void Report::figure(const std::string& name, const std::string& value,
                    const std::string& comparison) {
  rows_.push_back(Row{section_, name, value, comparison});
  // "0.31 ms; limit ..." but "61,234 ev/s = 0.72 x ...".
  const bool joined = comparison.empty() || comparison[0] == ';' || comparison[0] == ',';
  std::printf("%s: %s%s%s\n", name.c_str(), value.c_str(), joined ? "" : " ", comparison.c_str());
  std::fflush(stdout);
}

void Report::note(const std::string& text) {
  std::printf("  (%s)\n", text.c_str());
  std::fflush(stdout);
}

void Report::aim(const std::string& name, const std::string& target, const std::string& measured,
                 bool met) {
  aims_.push_back(Aim{name, target, measured, met});
}

std::size_t Report::aims_missed() const {
  std::size_t missed = 0;
  for (const Aim& aim : aims_) {
    missed += aim.met ? 0 : 1;
  }
  return missed;
}

void Report::print_markdown() const {
  if (!aims_.empty()) {
    std::printf("\n== aims ==\n");
  }
  for (const Aim& aim : aims_) {
    std::printf("%-6s %s: %s (aim %s)\n", aim.met ? "MET" : "MISSED", aim.name.c_str(),
                aim.measured.c_str(), aim.target.c_str());
  }
  std::printf("\n== Markdown ==\n\n");
  std::printf("| group | figure | value | compared with the limits of this run |\n");
  std::printf("|---|---|---:|---|\n");
  for (const Row& row : rows_) {
    // "; limit ..." reads on from the value in a line, not in a cell of its own.
    const std::string comparison =
        row.comparison.rfind("; ", 0) == 0 ? row.comparison.substr(2) : row.comparison;
    std::printf("| %s | %s | %s | %s |\n", cell(row.section).c_str(), cell(row.name).c_str(),
                cell(row.value).c_str(), cell(comparison).c_str());
  }
  if (!aims_.empty()) {  // The soak has checks, not aims.
    std::printf("\n| aim | target | measured | result |\n");
    std::printf("|---|---|---|---|\n");
  }
  for (const Aim& aim : aims_) {
    std::printf("| %s | %s | %s | **%s** |\n", cell(aim.name).c_str(), cell(aim.target).c_str(),
                cell(aim.measured).c_str(), aim.met ? "MET" : "MISSED");
  }
  std::fflush(stdout);
}

}  // namespace alertbus::bench
