// The report's renderers (report.hpp): Markdown, CSV and HTML from the same tables.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <utility>

#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/names.hpp"
#include "alertctl/report.hpp"

namespace alertbus::alertctl {
namespace {

// clang-format off
constexpr Text kReportTitle{"Báo cáo trao đổi cảnh báo liên tỉnh", "Inter-province alert exchange report"};
constexpr Text kPeriod{"Kỳ báo cáo", "Period"};
constexpr Text kScope{"Phạm vi", "Scope"};
constexpr Text kScopeAll{"toàn mạng (mọi đơn vị)", "the whole network (every unit)"};
constexpr Text kScopeUnit{"đơn vị ", "unit "};
constexpr Text kMadeAt{"Lập lúc", "Made at"};
constexpr Text kDue{"Hạn báo cáo", "Report due"};
constexpr Text kDueBefore{"trước ngày ", "before "};
constexpr Text kDuePlan{" (Kế hoạch liên kết vùng, mục III)", " (regional linkage plan, section III)"};
constexpr Text kNotOver{"Lưu ý: kỳ báo cáo chưa kết thúc tại thời điểm lập báo cáo; số liệu tính đến ",
                        "Note: the period is not over when the report is made; figures as of "};
constexpr Text kExcluded{"Không tính", "Left out"};
constexpr Text kExcludedNotActual{" cảnh báo diễn tập hoặc thử nghiệm", " exercise or test alerts"};
constexpr Text kExcludedMissing{" hồ sơ thiếu cảnh báo gốc", " cases without their alert"};
constexpr Text kExcludedOutside{" cảnh báo ngoài kỳ", " alerts outside the period"};

constexpr Text kSentByUnit{"Cảnh báo đã gửi theo đơn vị", "Alerts sent per unit"};
constexpr Text kSentByKind{"Cảnh báo đã gửi theo loại", "Alerts sent per kind"};
constexpr Text kSentByOrigin{"Cảnh báo đã gửi theo tỉnh gửi", "Alerts sent per origin province"};
constexpr Text kReceived{"Cảnh báo đã nhận theo tỉnh nhận và loại", "Alerts received per receiving province and kind"};
constexpr Text kReceivedUnit{"Cảnh báo đơn vị đã tiếp nhận, theo loại", "Alerts the unit received, per kind"};
constexpr Text kResponseTimes{"Thời gian phản hồi theo tỉnh nhận", "Response times per receiving province"};
constexpr Text kStates{"Tình trạng cảnh báo", "State of the alerts"};
constexpr Text kFollowUps{"Thông tin tiếp theo theo loại", "Follow-ups per type"};
constexpr Text kAlertList{"Danh sách cảnh báo đã gửi", "Alerts sent"};
constexpr Text kReceivedList{"Danh sách cảnh báo đơn vị đã tiếp nhận", "Alerts the unit received"};
constexpr Text kDefinitions{"Cách tính", "Definitions"};
constexpr Text kChartKind{"Số cảnh báo theo loại", "Alerts per kind"};
constexpr Text kChartOrigin{"Số cảnh báo theo tỉnh gửi", "Alerts per origin province"};
constexpr Text kChartReceived{"Số cảnh báo đã nhận theo tỉnh nhận", "Alerts received per receiving province"};

constexpr Text kColUnit{"Đơn vị", "Unit"};
constexpr Text kColKind{"Loại", "Kind"};
constexpr Text kColOrigin{"Tỉnh gửi", "Origin province"};
constexpr Text kColReceiver{"Tỉnh nhận", "Receiving province"};
constexpr Text kColAlerts{"Số cảnh báo", "Alerts"};
constexpr Text kColReceived{"Đã nhận", "Received"};
constexpr Text kColAcknowledged{"Đã xác nhận", "Acknowledged"};
constexpr Text kColActionTaken{"Đã xử lý", "Action taken"};
constexpr Text kColAckCount{"Số lần xác nhận", "Acknowledgements"};
constexpr Text kColAckMedian{"Trung vị đến xác nhận", "Median to acknowledge"};
constexpr Text kColAckP90{"P90 đến xác nhận", "P90 to acknowledge"};
constexpr Text kColCloseCount{"Số lần kết thúc", "Closures"};
constexpr Text kColCloseMedian{"Trung vị đến kết thúc", "Median to close"};
constexpr Text kColCloseP90{"P90 đến kết thúc", "P90 to close"};
constexpr Text kColMinutes{" (phút)", " (minutes)"};
constexpr Text kColState{"Tình trạng", "State"};
constexpr Text kColType{"Loại thông tin tiếp theo", "Follow-up type"};
constexpr Text kColCount{"Số lượng", "Count"};
constexpr Text kColReference{"Số hiệu", "Reference"};
constexpr Text kColSender{"Đơn vị gửi", "Sending unit"};
constexpr Text kColSent{"Gửi lúc", "Sent"};
constexpr Text kColTitle{"Tiêu đề", "Title"};
constexpr Text kColField{"Mục", "Field"};
constexpr Text kColValue{"Giá trị", "Value"};
constexpr Text kAllNodes{"Tất cả", "All"};
constexpr Text kTotal{"Tổng cộng", "Total"};
constexpr Text kOpen{"Đang mở (đang hiệu lực + ổn định)", "Open (active + stable)"};
constexpr Text kOverdue{"Quá hạn", "Overdue"};
constexpr Text kOverdueMark{" (quá hạn)", " (overdue)"};
constexpr Text kNone{"Không có", "None"};

constexpr Text kDefinitionText{
    "Chỉ tính cảnh báo thực tế gửi trong kỳ (giờ Việt Nam, UTC+7). Tình trạng và quá hạn tính "
    "tại thời điểm lập báo cáo. Tỉnh nhận \"đã nhận\" khi nút đó đã lưu cảnh báo; \"đã xác "
    "nhận\" khi một đơn vị của tỉnh xác nhận hoặc báo biện pháp. Thời gian đến xác nhận: từ lúc "
    "gửi đến lần xác nhận đầu tiên của tỉnh nhận; thời gian đến kết thúc: từ lúc gửi đến khi "
    "cảnh báo được kết thúc (chỉ cảnh báo đã kết thúc). Trung vị và P90 theo phương pháp hạng "
    "gần nhất: sắp xếp tăng dần, phân vị p của N giá trị là giá trị thứ ⌈p·N/100⌉. Với một đơn "
    "vị: \"đã gửi\" là cảnh báo đơn vị phát hành, \"đã tiếp nhận\" là cảnh báo của tỉnh khác mà "
    "đơn vị đã xác nhận hoặc báo biện pháp.",
    "Only actual alerts sent in the period (Vietnam time, UTC+7). States and overdue flags are "
    "those at the time the report is made. A receiving province \"received\" an alert when its "
    "node stored it; \"acknowledged\" when a unit of the province acknowledged it or reported "
    "measures. Time to acknowledge: from sending to the province's first acknowledgement; time "
    "to close: from sending to the alert's closing (resolved alerts only). Median and P90 by "
    "nearest rank: sorted ascending, the p-th percentile of N values is the value at rank "
    "ceil(p*N/100). For a unit: \"sent\" are the alerts the unit issued, \"received\" the other "
    "provinces' alerts the unit acknowledged or reported measures on."};

// clang-format on

struct Table {
  const char* id;  // The CSV section.
  std::string heading;
  std::vector<std::string> columns;
  std::vector<std::vector<std::string>> rows;
};

// The CSV wants numbers where people want words.
enum class Audience { kPeople, kMachines };

std::string date_text(std::int64_t unix_ms, Language language) {
  return protocol::format_vietnam_date(unix_ms, language == Language::kVi);
}

std::string period_text(const ReportPeriod& period, Language language) {
  return period.label + " (" + date_text(period.from_ms, language) + " – " +
         date_text(period.until_ms - 1, language) + ")";
}

std::string duration_cell(const DurationStats& stats, std::int64_t ms, Language language,
                          Audience audience) {
  if (stats.count == 0) {
    return audience == Audience::kMachines ? "" : "—";
  }
  if (audience == Audience::kMachines) {
    return std::to_string((ms + 30000) / 60000);
  }
  return format_duration(ms, language);
}

std::vector<std::string> alert_row(const ListedAlert& alert, Language language) {
  std::string state = alert_state_label(alert.state, language);
  if (alert.overdue) {
    state += tr(kOverdueMark, language);
  }
  return {alert.reference,
          kind_label(alert.kind, language),
          alert.origin_node,
          alert.sender_unit,
          protocol::format_vietnam_time(alert.sent_ms),
          state,
          alert.title};
}

std::vector<Table> report_tables(const Report& report, Language lang, Audience audience) {
  const auto t = [lang](const Text& text) { return std::string(tr(text, lang)); };
  const std::string total_alerts = std::to_string(report.states.total);
  std::vector<Table> tables;

  Table& by_unit =
      tables.emplace_back(Table{"sent_by_unit", t(kSentByUnit), {t(kColUnit), t(kColAlerts)}, {}});
  for (const auto& [unit, count] : report.sent_by_unit) {
    by_unit.rows.push_back({unit, std::to_string(count)});
  }
  by_unit.rows.push_back({t(kTotal), total_alerts});

  Table& by_kind =
      tables.emplace_back(Table{"sent_by_kind", t(kSentByKind), {t(kColKind), t(kColAlerts)}, {}});
  for (const auto& [kind, count] : report.sent_by_kind) {
    by_kind.rows.push_back({kind_label(kind, lang), std::to_string(count)});
  }
  by_kind.rows.push_back({t(kTotal), total_alerts});

  Table& by_origin = tables.emplace_back(
      Table{"sent_by_origin", t(kSentByOrigin), {t(kColOrigin), t(kColAlerts)}, {}});
  for (const auto& [origin, count] : report.sent_by_origin) {
    by_origin.rows.push_back({origin, std::to_string(count)});
  }
  by_origin.rows.push_back({t(kTotal), total_alerts});

  Table& received = tables.emplace_back(Table{
      "received",
      t(report.unit.empty() ? kReceived : kReceivedUnit),
      {t(kColReceiver), t(kColKind), t(kColReceived), t(kColAcknowledged), t(kColActionTaken)},
      {}});
  for (const auto& [node, kinds] : report.received) {
    for (const auto& [kind, counts] : kinds) {
      received.rows.push_back({node, kind_label(kind, lang), std::to_string(counts.received),
                               std::to_string(counts.acknowledged),
                               std::to_string(counts.action_taken)});
    }
  }

  const std::string minutes = audience == Audience::kMachines ? t(kColMinutes) : "";
  Table& times = tables.emplace_back(
      Table{"response_times",
            t(kResponseTimes),
            {t(kColReceiver), t(kColAckCount), t(kColAckMedian) + minutes, t(kColAckP90) + minutes,
             t(kColCloseCount), t(kColCloseMedian) + minutes, t(kColCloseP90) + minutes},
            {}});
  for (const ResponseTimes& row : report.response_times) {
    times.rows.push_back({row.node.empty() ? t(kAllNodes) : row.node,
                          std::to_string(row.acknowledge.count),
                          duration_cell(row.acknowledge, row.acknowledge.median_ms, lang, audience),
                          duration_cell(row.acknowledge, row.acknowledge.p90_ms, lang, audience),
                          std::to_string(row.close.count),
                          duration_cell(row.close, row.close.median_ms, lang, audience),
                          duration_cell(row.close, row.close.p90_ms, lang, audience)});
  }

  const StateCounts& s = report.states;
  tables.push_back({"states",
                    t(kStates),
                    {t(kColState), t(kColAlerts)},
                    {{t(kTotal), std::to_string(s.total)},
                     {t(kOpen), std::to_string(s.open())},
                     {alert_state_label(v1::ALERT_ACTIVE, lang), std::to_string(s.active)},
                     {alert_state_label(v1::ALERT_STABLE, lang), std::to_string(s.stable)},
                     {t(kOverdue), std::to_string(s.overdue)},
                     {alert_state_label(v1::ALERT_RESOLVED, lang), std::to_string(s.resolved)},
                     {alert_state_label(v1::ALERT_CANCELLED, lang), std::to_string(s.cancelled)},
                     {alert_state_label(v1::ALERT_WITHDRAWN, lang), std::to_string(s.withdrawn)},
                     {alert_state_label(v1::ALERT_EXPIRED, lang), std::to_string(s.expired)}}});

  Table& follow_ups =
      tables.emplace_back(Table{"follow_ups", t(kFollowUps), {t(kColType), t(kColCount)}, {}});
  for (const auto& [type, count] : report.follow_ups) {
    follow_ups.rows.push_back({type_label(type, lang), std::to_string(count)});
  }
  follow_ups.rows.push_back({t(kTotal), std::to_string(report.follow_up_total)});

  const std::vector<std::string> list_columns{t(kColReference), t(kColKind), t(kColOrigin),
                                              t(kColSender),    t(kColSent), t(kColState),
                                              t(kColTitle)};
  Table& alerts = tables.emplace_back(Table{"alerts", t(kAlertList), list_columns, {}});
  for (const ListedAlert& alert : report.alerts) {
    alerts.rows.push_back(alert_row(alert, lang));
  }
  if (!report.unit.empty()) {
    Table& received_list =
        tables.emplace_back(Table{"received_alerts", t(kReceivedList), list_columns, {}});
    for (const ListedAlert& alert : report.received_alerts) {
      received_list.rows.push_back(alert_row(alert, lang));
    }
  }
  return tables;
}

// The lines under the title: period, scope, when, due date, notes.
std::vector<std::pair<std::string, std::string>> preamble(const Report& report, Language lang) {
  std::vector<std::pair<std::string, std::string>> lines;
  lines.emplace_back(tr(kPeriod, lang), period_text(report.period, lang));
  lines.emplace_back(tr(kScope, lang), report.unit.empty()
                                           ? std::string(tr(kScopeAll, lang))
                                           : std::string(tr(kScopeUnit, lang)) + report.unit);
  lines.emplace_back(tr(kMadeAt, lang), protocol::format_vietnam_time(report.now_ms));
  if (report.period.due_ms) {
    lines.emplace_back(tr(kDue, lang), std::string(tr(kDueBefore, lang)) +
                                           date_text(*report.period.due_ms, lang) +
                                           tr(kDuePlan, lang));
  }
  std::string excluded;
  const auto add = [&](std::size_t count, const Text& what) {
    if (count > 0) {
      excluded += (excluded.empty() ? "" : "; ") + std::to_string(count) + tr(what, lang);
    }
  };
  add(report.not_actual, kExcludedNotActual);
  add(report.alert_missing, kExcludedMissing);
  add(report.outside_period, kExcludedOutside);
  if (!excluded.empty()) {
    lines.emplace_back(tr(kExcluded, lang), excluded);
  }
  return lines;
}

std::string not_over_note(const Report& report, Language lang) {
  if (report.period_over) {
    return {};
  }
  return std::string(tr(kNotOver, lang)) + protocol::format_vietnam_time(report.now_ms) + ".";
}

std::string markdown_cell(const std::string& value) {
  std::string cell;
  for (const char c : value) {
    if (c == '|') {
      cell += "\\|";
    } else if (c == '\n' || c == '\r') {
      cell += ' ';
    } else {
      cell += c;
    }
  }
  return cell;
}

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
td.number { text-align: right; font-variant-numeric: tabular-nums; }
figure { margin: 1em 0; }
figcaption { font-weight: bold; margin-bottom: .3em; }
svg .bar { fill: #2e75b6; }
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

bool is_number(const std::string& cell) {
  return !cell.empty() &&
         std::all_of(cell.begin(), cell.end(), [](char c) { return (c >= '0' && c <= '9'); });
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

std::string report_html(const Report& report, Language lang) {
  const std::string title = std::string(tr(kReportTitle, lang)) + " — " + report.period.label;
  std::string html = std::string("<!DOCTYPE html>\n<html lang=\"") +
                     (lang == Language::kVi ? "vi" : "en") +
                     "\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>" + html_escape(title) +
                     "</title>\n<style>" + kCss + "</style>\n</head>\n<body>\n";
  html += "<h1>" + html_escape(tr(kReportTitle, lang)) + "</h1>\n<dl class=\"preamble\">\n";
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
  std::vector<std::pair<std::string, std::size_t>> per_origin(report.sent_by_origin.begin(),
                                                              report.sent_by_origin.end());
  std::vector<std::pair<std::string, std::size_t>> per_receiver;
  for (const auto& [node, kinds] : report.received) {
    std::size_t received = 0;
    for (const auto& [kind, counts] : kinds) {
      received += counts.received;
    }
    per_receiver.emplace_back(node, received);
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
      for (const std::string& cell : row) {
        html += (is_number(cell) ? "<td class=\"number\">" : "<td>") + html_escape(cell) + "</td>";
      }
      html += "</tr>\n";
    }
    html += "</tbody>\n</table>\n</section>\n";
  }
  html += "<h2>" + html_escape(tr(kDefinitions, lang)) + "</h2>\n<p class=\"definitions\">" +
          html_escape(tr(kDefinitionText, lang)) + "</p>\n</body>\n</html>\n";
  return html;
}

}  // namespace alertbus::alertctl
