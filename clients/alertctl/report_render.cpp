// The report's Markdown and CSV renderers (report.hpp), from the tables of report_tables.hpp.
// The HTML page is report_html.cpp.
#include <algorithm>

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

// A paragraph of the officer's text as Markdown text: a cell's escapes, and a line start
// that would make a heading, a quote, a list or a rule escaped too ("1. Kiến nghị" stays
// text; "# x" is no heading).
std::string markdown_paragraph(const std::string& value) {
  std::string text = markdown_cell(value);
  const std::size_t digits = text.find_first_not_of("0123456789");
  if (!text.empty() && std::string_view("#>-+=~").find(text[0]) != std::string_view::npos) {
    text.insert(0, "\\");
  } else if (digits != std::string::npos && digits > 0 &&
             (text[digits] == '.' || text[digits] == ')')) {
    text.insert(digits, "\\");
  }
  return text;
}

std::string bold(const std::string& value) {
  return value.empty() ? std::string() : "**" + markdown_cell(value) + "**";
}

// The administrative header (report_document.hpp) as a two-column table: the bodies and the
// number on the left, the nation, motto, place and date on the right; then "BÁO CÁO" and
// the title.
std::string markdown_header(const Report& report, const AdminFrame& frame, Language lang) {
  std::string text = "| " + markdown_cell(frame.governing_body) + " | " + bold(tr(kNation, lang)) +
                     " |\n| :---: | :---: |\n";
  text += "| " + bold(frame.issuing_body) + " | " + bold(tr(kMotto, lang)) + " |\n";
  text += "| " + markdown_cell(std::string(tr(kNumber, lang)) + frame.number) + " | *" +
          markdown_cell(place_and_date(frame, lang)) + "* |\n\n";
  const std::string subtitle = std::string(tr(kDocumentSubtitle, lang)) + report.period.label;
  text += "# " + std::string(tr(kDocumentKind, lang)) + "\n\n" +
          bold(document_title(frame, subtitle)) + "\n\n";
  return text;
}

// The closing: "Nơi nhận:" and its list on the left, the signature block on the right (the
// roles, room to sign, the name).
std::string markdown_closing(const AdminFrame& frame, Language lang) {
  std::vector<std::string> left{"***" + markdown_cell(tr(kRecipients, lang)) + "***"};
  for (const std::string& recipient : frame.recipients) {
    left.push_back("- " + markdown_cell(recipient));
  }
  std::vector<std::string> right;
  for (const std::string& role : frame.signer_roles) {
    right.push_back(bold(role));
  }
  right.insert(right.end(), {"", "", bold(frame.signer_name)});
  const std::size_t rows = std::max(left.size(), right.size());
  left.resize(rows);
  right.resize(rows);
  std::string text = "\n| " + left[0] + " | " + right[0] + " |\n| :--- | :---: |\n";
  for (std::size_t i = 1; i < rows; ++i) {
    text += "| " + left[i] + " | " + right[i] + " |\n";
  }
  return text;
}

}  // namespace

std::string report_markdown(const Report& report, Language lang) {
  std::string text = report.frame ? markdown_header(report, *report.frame, lang)
                                  : "# " + std::string(tr(kReportTitle, lang)) + "\n\n";
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
  if (!report.assessment.empty()) {
    text += "\n## " + std::string(tr(kAssessment, lang)) + "\n";
    for (const std::string& paragraph : report.assessment) {
      text += "\n" + markdown_paragraph(paragraph) + "\n";
    }
  }
  text += "\n## " + std::string(tr(kDefinitions, lang)) + "\n\n" + tr(kDefinitionText, lang) + "\n";
  if (report.frame) {
    text += markdown_closing(*report.frame, lang);
  }
  return text;
}

namespace {

constexpr const char* kBom = "\xEF\xBB\xBF";

// The CSV tables: "report" (the lines above the tables, as fields), then report_tables().
std::vector<Table> csv_tables(const Report& report, Language lang) {
  Table head{"report", tr(kReportTitle, lang), {tr(kColField, lang), tr(kColValue, lang)}, {}};
  head.rows = {
      {"title", tr(kReportTitle, lang)},
      {"period", report.period.label},
      {"first_day", date_text(report.period.from_ms, Language::kEn)},
      {"last_day", date_text(report.period.until_ms - 1, Language::kEn)},
      {"unit", report.unit},
      {"made_at", protocol::format_vietnam_time(report.now_ms)},
      {"period_over", report.period_over ? "true" : "false"},
      {"due_before", report.period.due_ms ? date_text(*report.period.due_ms, Language::kEn) : ""},
      {"left_out_not_actual", std::to_string(report.not_actual)},
      {"left_out_alert_missing", std::to_string(report.alert_missing)},
      {"left_out_outside_period", std::to_string(report.outside_period)},
      {"left_out_cancelled", std::to_string(report.cancelled.size())},
      {"left_out_withdrawn", std::to_string(report.withdrawn.size())}};
  std::vector<Table> tables{head};
  for (Table& table : report_tables(report, lang, Audience::kMachines)) {
    tables.push_back(std::move(table));
  }
  return tables;
}

std::string csv_text(const Table& table) {
  std::string text = kBom;
  const auto line = [&text](const std::vector<std::string>& fields) {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      text += (i == 0 ? "" : ",") + csv_field(fields[i]);
    }
    text += "\r\n";
  };
  line(table.columns);
  for (const std::vector<std::string>& row : table.rows) {
    line(row);
  }
  return text;
}

}  // namespace

std::vector<std::string> report_csv_tables(const Report& report) {
  std::vector<std::string> names;
  for (const Table& table : csv_tables(report, Language::kEn)) {
    names.emplace_back(table.id);
  }
  return names;
}

StatusOr<std::string> report_csv(const Report& report, Language lang, std::string_view name) {
  std::string names;
  for (const Table& table : csv_tables(report, lang)) {
    if (name == table.id) {
      return csv_text(table);
    }
    names += (names.empty() ? "" : ", ") + std::string(table.id);
  }
  const std::string given(name);
  return Status::error(v1::INVALID_VALUE,
                       "no report table \"" + given + "\"; the tables are: " + names,
                       "không có bảng báo cáo \"" + given + "\"; các bảng: " + names);
}

std::vector<std::pair<std::string, std::string>> report_csv_files(const Report& report,
                                                                  Language lang) {
  std::vector<std::pair<std::string, std::string>> files;
  for (const Table& table : csv_tables(report, lang)) {
    files.emplace_back(std::string(table.id) + ".csv", csv_text(table));
  }
  return files;
}

}  // namespace alertbus::alertctl
