// The report as one self-contained HTML page (report.hpp): the tables of report_tables.hpp,
// with bar charts as inline SVG and the style inline, so that the file opens anywhere.
#include <algorithm>

#include "alertctl/names.hpp"
#include "alertctl/report.hpp"
#include "alertctl/report_tables.hpp"

namespace alertbus::alertctl {
namespace {

using namespace report_parts;

std::string html_escape(const std::string& value) {
  std::string text;
  for (const char c : value) {
    switch (c) {
      case '&':
        text += "&amp;";
        break;
      case '<':
        text += "&lt;";
        break;
      case '>':
        text += "&gt;";
        break;
      case '"':
        text += "&quot;";
        break;
      case '\'':
        text += "&#39;";
        break;
      default:
        text += c;
    }
  }
  return text;
}

// A horizontal bar chart as inline SVG: one bar per (label, count).
std::string svg_bars(const std::string& title,
                     const std::vector<std::pair<std::string, std::size_t>>& bars) {
  constexpr int kLabelWidth = 230;
  constexpr int kBarWidth = 330;
  constexpr int kRowHeight = 26;
  std::size_t max = 1;
  for (const auto& bar : bars) {
    max = std::max(max, bar.second);
  }
  const int height = kRowHeight * static_cast<int>(std::max<std::size_t>(bars.size(), 1)) + 8;
  std::string svg = "<figure><figcaption>" + html_escape(title) +
                    "</figcaption><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"640\" "
                    "height=\"" +
                    std::to_string(height) + "\" viewBox=\"0 0 640 " + std::to_string(height) +
                    "\" role=\"img\" aria-label=\"" + html_escape(title) + "\">";
  int y = 4;
  for (const auto& [label, count] : bars) {
    const int width = static_cast<int>(count * kBarWidth / max);
    const std::string text_y = std::to_string(y + 17);
    svg += "<text x=\"0\" y=\"" + text_y + "\" class=\"label\">" + html_escape(label) + "</text>";
    svg += "<rect x=\"" + std::to_string(kLabelWidth) + "\" y=\"" + std::to_string(y + 3) +
           "\" width=\"" + std::to_string(width) + "\" height=\"" + std::to_string(kRowHeight - 8) +
           "\" class=\"bar\"/>";
    svg += "<text x=\"" + std::to_string(kLabelWidth + width + 6) + "\" y=\"" + text_y +
           "\" class=\"value\">" + std::to_string(count) + "</text>";
    y += kRowHeight;
  }
  return svg + "</svg></figure>\n";
}

constexpr const char* kCss = R"(
body { font-family: "Noto Sans", "DejaVu Sans", Arial, sans-serif; font-size: 11pt;
       color: #1a1a1a; margin: 2em auto; max-width: 60em; padding: 0 1em; }
h1 { font-size: 1.5em; border-bottom: 2px solid #1f4e79; padding-bottom: .3em; }
h2 { font-size: 1.15em; color: #1f4e79; margin-top: 1.6em; }
dl.preamble { display: grid; grid-template-columns: max-content auto; gap: .2em 1em; }
dl.preamble dt { font-weight: bold; }
dl.preamble dd { margin: 0; }
p.note { background: #fff4ce; border-left: 4px solid #d29b00; padding: .5em .8em; }
table { border-collapse: collapse; width: 100%; margin: .5em 0; }
th, td { border: 1px solid #b7c3d0; padding: .25em .5em; text-align: left; vertical-align: top; }
th { background: #e8eef5; }
td.reference { white-space: nowrap; }
td.number { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0; }
figcaption { font-weight: bold; margin-bottom: .3em; }
svg .bar { fill: #2e75b6; }
table.admin, table.admin td { border: none; }
table.admin td { width: 50%; text-align: center; vertical-align: top; padding: 0; }
table.admin .strong { font-weight: bold; }
table.admin .rule { width: 30%; margin: .15em auto .4em; border-top: 1px solid #1a1a1a; }
table.admin .place { font-style: italic; }
h1.document { text-align: center; border: none; margin-top: 1.2em; }
h1.document .subtitle { font-size: .75em; }
table.closing { margin-top: 2em; }
table.closing td.recipients { text-align: left; font-size: .9em; }
table.closing ul { margin: 0; padding-left: 1.2em; }
table.closing .sign-space { height: 5em; }
section.assessment p { text-align: justify; }
svg text { font-size: 13px; fill: #1a1a1a; }
p.definitions { font-size: .9em; color: #444; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  h2 { break-after: avoid; page-break-after: avoid; }
  table, figure { break-inside: avoid; page-break-inside: avoid; }
  tr { break-inside: avoid; page-break-inside: avoid; }
  th { background: #e8eef5 !important; -webkit-print-color-adjust: exact;
       print-color-adjust: exact; }
  svg .bar { fill: #2e75b6 !important; -webkit-print-color-adjust: exact;
             print-color-adjust: exact; }
  p.note { border: 1px solid #d29b00; }
}
)";

// The administrative header (report_document.hpp): the bodies and the number on the left,
// the nation, the motto, place and date on the right, each block centred; then "BÁO CÁO"
// and the title.
std::string html_header(const Report& report, const AdminFrame& frame, Language lang) {
  std::string html = "<table class=\"admin\">\n<tr><td class=\"left\">";
  html += "<div>" + html_escape(frame.governing_body) + "</div>";
  html += "<div class=\"strong\">" + html_escape(frame.issuing_body) + "</div>";
  html += "<div class=\"rule\"></div>";
  html += "<div>" + html_escape(std::string(tr(kNumber, lang)) + frame.number) + "</div>";
  html += "</td><td class=\"right\">";
  html += "<div class=\"strong\">" + html_escape(tr(kNation, lang)) + "</div>";
  html += "<div class=\"strong\">" + html_escape(tr(kMotto, lang)) + "</div>";
  html += "<div class=\"rule\"></div>";
  html += "<div class=\"place\">" + html_escape(place_and_date(frame, lang)) + "</div>";
  html += "</td></tr>\n</table>\n";
  const std::string subtitle = std::string(tr(kDocumentSubtitle, lang)) + report.period.label;
  html += "<h1 class=\"document\">" + html_escape(tr(kDocumentKind, lang)) +
          "<br/><span class=\"subtitle\">" + html_escape(document_title(frame, subtitle)) +
          "</span></h1>\n";
  return html;
}

// The closing: "Nơi nhận:" and its list on the left, the signature block on the right.
std::string html_closing(const AdminFrame& frame, Language lang) {
  std::string html = "<table class=\"admin closing\">\n<tr><td class=\"recipients\">";
  html += "<div class=\"strong\"><em>" + html_escape(tr(kRecipients, lang)) + "</em></div><ul>";
  for (const std::string& recipient : frame.recipients) {
    html += "<li>" + html_escape(recipient) + "</li>";
  }
  html += "</ul></td><td class=\"signature\">";
  for (const std::string& role : frame.signer_roles) {
    html += "<div class=\"strong\">" + html_escape(role) + "</div>";
  }
  html += "<div class=\"sign-space\"></div><div class=\"strong\">" +
          html_escape(frame.signer_name) + "</div></td></tr>\n</table>\n";
  return html;
}

bool is_number(const std::string& cell) {
  return !cell.empty() &&
         std::all_of(cell.begin(), cell.end(), [](char c) { return (c >= '0' && c <= '9'); });
}

}  // namespace

std::string report_html(const Report& report, Language lang) {
  const std::string title = std::string(tr(kReportTitle, lang)) + " — " + report.period.label;
  std::string html = std::string("<!DOCTYPE html>\n<html lang=\"") +
                     (lang == Language::kVi ? "vi" : "en") +
                     "\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>" + html_escape(title) +
                     "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n";
  html += report.frame ? html_header(report, *report.frame, lang)
                       : "<h1>" + html_escape(tr(kReportTitle, lang)) + "</h1>\n";
  html += "<dl class=\"preamble\">\n";
  for (const auto& [label, value] : preamble(report, lang)) {
    html += "<dt>" + html_escape(label) + "</dt><dd>" + html_escape(value) + "</dd>\n";
  }
  html += "</dl>\n";
  if (const std::string note = not_over_note(report, lang); !note.empty()) {
    html += "<p class=\"note\">" + html_escape(note) + "</p>\n";
  }

  std::vector<std::pair<std::string, std::size_t>> per_kind;
  for (const auto& [kind, count] : report.sent_by_kind) {
    per_kind.emplace_back(kind_label(kind, lang), count);
  }
  std::vector<std::pair<std::string, std::size_t>> per_origin;
  for (const auto& [origin, count] : report.sent_by_origin) {
    per_origin.emplace_back(report.names.node(origin), count);
  }
  std::vector<std::pair<std::string, std::size_t>> per_receiver;
  for (const auto& [node, kinds] : report.received) {
    std::size_t received = 0;
    for (const auto& [kind, counts] : kinds) {
      received += counts.received;
    }
    per_receiver.emplace_back(report.names.node(node), received);
  }

  for (const Table& table : report_tables(report, lang, Audience::kPeople)) {
    html += "<section id=\"" + std::string(table.id) + "\">\n<h2>" + html_escape(table.heading) +
            "</h2>\n";
    if (std::string_view(table.id) == "sent_by_kind" && !per_kind.empty()) {
      html += svg_bars(tr(kChartKind, lang), per_kind);
    } else if (std::string_view(table.id) == "sent_by_origin" && !per_origin.empty()) {
      html += svg_bars(tr(kChartOrigin, lang), per_origin);
    } else if (std::string_view(table.id) == "received" && !per_receiver.empty()) {
      html += svg_bars(tr(kChartReceived, lang), per_receiver);
    }
    if (table.rows.empty()) {
      html += "<p>" + html_escape(tr(kNone, lang)) + ".</p>\n</section>\n";
      continue;
    }
    html += "<table>\n<thead><tr>";
    for (const std::string& column : table.columns) {
      html += "<th>" + html_escape(column) + "</th>";
    }
    html += "</tr></thead>\n<tbody>\n";
    for (const std::vector<std::string>& row : table.rows) {
      html += "<tr>";
      for (std::size_t i = 0; i < row.size(); ++i) {
        const std::string& cell = row[i];
        const char* open = i == 0 && table.reference_column ? "<td class=\"reference\">"
                           : is_number(cell)                ? "<td class=\"number\">"
                                                            : "<td>";
        html += open + html_escape(cell) + "</td>";
      }
      html += "</tr>\n";
    }
    html += "</tbody>\n</table>\n</section>\n";
  }
  if (!report.assessment.empty()) {
    html += "<section id=\"assessment\" class=\"assessment\">\n<h2>" +
            html_escape(tr(kAssessment, lang)) + "</h2>\n";
    for (const std::string& paragraph : report.assessment) {
      html += "<p>" + html_escape(paragraph) + "</p>\n";
    }
    html += "</section>\n";
  }
  html += "<h2>" + html_escape(tr(kDefinitions, lang)) + "</h2>\n<p class=\"definitions\">" +
          html_escape(tr(kDefinitionText, lang)) + "</p>\n";
  if (report.frame) {
    html += html_closing(*report.frame, lang);
  }
  html += "</body>\n</html>\n";
  return html;
}

}  // namespace alertbus::alertctl
