// Report: prints each figure as soon as it is measured (a long run shows progress and a
// crash still leaves the figures so far), then the whole run again as Markdown tables for
// bench/RESULTS.md.
//
// Threading: one thread.
#pragma once

#include <string>
#include <vector>

namespace alertbus::bench {

class Report {
 public:
  // Starts a group of figures ("physical limits", "alertbusd").
  void section(const std::string& title);
  // A measured figure. `comparison` relates it to a limit measured in the same run, e.g.
  // "= 0.72 x SQLite group-commit limit (256/batch)"; empty when there is none.
  void figure(const std::string& name, const std::string& value,
              const std::string& comparison = "");
  // A line of context that is not a figure (counts, errors, a trace).
  void note(const std::string& text);
  // One of the aims: what was measured, what it had to be, and whether it was.
  void aim(const std::string& name, const std::string& target, const std::string& measured,
           bool met);

  std::size_t aims_missed() const;
  // The figures and the aims as Markdown tables.
  void print_markdown() const;

 private:
  struct Row {
    std::string section;
    std::string name;
    std::string value;
    std::string comparison;
  };

  struct Aim {
    std::string name;
    std::string target;
    std::string measured;
    bool met = false;
  };

  std::string section_;
  std::vector<Row> rows_;
  std::vector<Aim> aims_;
};

}  // namespace alertbus::bench
