// The report's Markdown and CSV renderers (report.hpp), from the tables of report_tables.hpp.
// The HTML page is report_html.cpp.
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/printable.hpp"
#include "alertctl/report.hpp"
#include "alertctl/report_tables.hpp"

namespace alertbus::alertctl {
namespace {

using namespace report_parts;

// A value as Markdown text that stays text: HTML's three characters as entities (a title
// like "<script>" or "<img onerror=…>" is shown, never run, by whatever renders the file);
// the characters that would start emphasis, code, a link or a cell with a backslash; line
// breaks as spaces.
std::string markdown_cell(const std::string& value) {
  std::string cell;
  for (const char c : value) {
    switch (c) {
      case '<':
        cell += "&lt;";
        break;
      case '>':
        cell += "&gt;";
        break;
      case '&':
        cell += "&amp;";
        break;
      case '\\':
      case '`':
      case '*':
      case '_':
      case '[':
      case ']':
      case '|':
        cell += '\\';
        cell += c;
        break;
      case '\n':
      case '\r':
        cell += ' ';
        break;
      default:
        cell += c;
    }
  }
  return printable(cell);  // Other control characters as escapes.
}

}  // namespace

std::string report_markdown(const Report& report, Language lang) {
  std::string text = "# " + std::string(tr(kReportTitle, lang)) + "\n\n";
  for (const auto& [label, value] : preamble(report, lang)) {
    text += "- **" + label + ":** " + markdown_cell(value) + "\n";
  }
  if (const std::string note = not_over_note(report, lang); !note.empty()) {
    text += "\n> " + note + "\n";
  }
  for (const Table& table : report_tables(report, lang, Audience::kPeople)) {
    text += "\n## " + table.heading + "\n\n";
    if (table.rows.empty()) {
      text += std::string(tr(kNone, lang)) + ".\n";
      continue;
    }
    std::string header = "|";
    std::string rule = "|";
    for (const std::string& column : table.columns) {
      header += " " + markdown_cell(column) + " |";
      rule += " --- |";
    }
    text += header + "\n" + rule + "\n";
    for (const std::vector<std::string>& row : table.rows) {
      text += "|";
      for (const std::string& cell : row) {
        text += " " + markdown_cell(cell) + " |";
      }
      text += "\n";
    }
  }
  text += "\n## " + std::string(tr(kDefinitions, lang)) + "\n\n" + tr(kDefinitionText, lang) + "\n";
  return text;
}

std::string report_csv(const Report& report, Language lang) {
  std::string text;
  const auto line = [&text](const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      text += (i == 0 ? "" : ",") + csv_field(fields[i]);
    }
    text += "\r\n";
  };
  line({"section", tr(kColField, lang), tr(kColValue, lang)});
  line({"report", "title", tr(kReportTitle, lang)});
  line({"report", "period", report.period.label});
  line({"report", "first_day", date_text(report.period.from_ms, Language::kEn)});
  line({"report", "last_day", date_text(report.period.until_ms - 1, Language::kEn)});
  line({"report", "unit", report.unit});
  line({"report", "made_at", protocol::format_vietnam_time(report.now_ms)});
  line({"report", "period_over", report.period_over ? "true" : "false"});
  line({"report", "due_before",
        report.period.due_ms ? date_text(*report.period.due_ms, Language::kEn) : ""});
  line({"report", "left_out_not_actual", std::to_string(report.not_actual)});
  line({"report", "left_out_alert_missing", std::to_string(report.alert_missing)});
  line({"report", "left_out_outside_period", std::to_string(report.outside_period)});
  for (const Table& table : report_tables(report, lang, Audience::kMachines)) {
    std::vector<std::string> header{"section"};
    header.insert(header.end(), table.columns.begin(), table.columns.end());
    line(header);
    for (const std::vector<std::string>& row : table.rows) {
      std::vector<std::string> fields{table.id};
      fields.insert(fields.end(), row.begin(), row.end());
      line(fields);
    }
  }
  return text;
}

}  // namespace alertbus::alertctl
