// The report's tables and preamble (report_tables.hpp), for every renderer.
#include "alertctl/report_tables.hpp"

#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/names.hpp"

namespace alertbus::alertctl::report_parts {
namespace {

// clang-format off
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
constexpr Text kExcludedCancelled{" cảnh báo đã hủy", " cancelled alerts"};
constexpr Text kExcludedWithdrawn{" cảnh báo đã thu hồi", " withdrawn alerts"};
constexpr Text kExcludedMissing{" vụ việc thiếu cảnh báo gốc", " cases without their alert"};
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
constexpr Text kCancelledList{"Cảnh báo đã hủy (không tính vào số liệu)", "Cancelled alerts (left out of the figures)"};
constexpr Text kWithdrawnList{"Cảnh báo đã thu hồi (không tính vào số liệu)", "Withdrawn alerts (left out of the figures)"};
constexpr Text kExerciseList{"Cảnh báo diễn tập, thử nghiệm (không tính vào số liệu)", "Exercise and test alerts (left out of the figures)"};
constexpr Text kReceivedList{"Danh sách cảnh báo đơn vị đã tiếp nhận", "Alerts the unit received"};
constexpr Text kColUnitId{"Mã đơn vị", "Unit id"};
constexpr Text kColOriginId{"Mã tỉnh gửi", "Origin id"};
constexpr Text kColReceiverId{"Mã tỉnh nhận", "Receiving province id"};
constexpr Text kColSenderId{"Mã đơn vị gửi", "Sending unit id"};
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
constexpr Text kAllNodes{"Tất cả", "All"};
constexpr Text kTotal{"Tổng cộng", "Total"};
constexpr Text kOverdueMark{" (quá hạn)", " (overdue)"};

// clang-format on

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

// Names for people; for machines the ids follow in extra columns at the end.
std::vector<std::string> alert_row(const ListedAlert& alert, const Names& names, Language language,
                                   Audience audience) {
  std::string state = alert_state_label(alert.state, language);
  if (alert.overdue) {
    state += tr(kOverdueMark, language);
  }
  std::vector<std::string> row{alert.reference,
                               kind_label(alert.kind, language),
                               names.node(alert.origin_node),
                               names.unit(alert.sender_unit),
                               protocol::format_vietnam_time(alert.sent_ms),
                               state,
                               alert.title};
  if (audience == Audience::kMachines) {
    row.insert(row.end(), {alert.origin_node, alert.sender_unit});
  }
  return row;
}

}  // namespace

std::string date_text(std::int64_t unix_ms, Language language) {
  return protocol::format_vietnam_date(unix_ms, language == Language::kVi);
}

std::vector<Table> report_tables(const Report& report, Language lang, Audience audience) {
  const auto t = [lang](const Text& text) { return std::string(tr(text, lang)); };
  const std::string total_alerts = std::to_string(report.states.total);
  const Names& names = report.names;
  const bool ids = audience == Audience::kMachines;
  // The id column at the end of a table's columns and rows, for machines only.
  const auto id_column = [ids, &t](std::vector<std::string> columns, const Text& id) {
    if (ids) {
      columns.push_back(t(id));
    }
    return columns;
  };
  const auto with_id = [ids](std::vector<std::string> row, const std::string& id) {
    if (ids) {
      row.push_back(id);
    }
    return row;
  };
  std::vector<Table> tables;
  if (report.previous && report.previous_period) {
    tables.push_back(comparison_table(report, lang, audience));
  }

  Table& by_unit = tables.emplace_back(Table{
      "sent_by_unit", t(kSentByUnit), id_column({t(kColUnit), t(kColAlerts)}, kColUnitId), {}});
  for (const auto& [unit, count] : report.sent_by_unit) {
    by_unit.rows.push_back(with_id({names.unit(unit), std::to_string(count)}, unit));
  }
  by_unit.rows.push_back(with_id({t(kTotal), total_alerts}, ""));

  Table& by_kind =
      tables.emplace_back(Table{"sent_by_kind", t(kSentByKind), {t(kColKind), t(kColAlerts)}, {}});
  for (const auto& [kind, count] : report.sent_by_kind) {
    by_kind.rows.push_back({kind_label(kind, lang), std::to_string(count)});
  }
  by_kind.rows.push_back({t(kTotal), total_alerts});

  Table& by_origin =
      tables.emplace_back(Table{"sent_by_origin",
                                t(kSentByOrigin),
                                id_column({t(kColOrigin), t(kColAlerts)}, kColOriginId),
                                {}});
  for (const auto& [origin, count] : report.sent_by_origin) {
    by_origin.rows.push_back(with_id({names.node(origin), std::to_string(count)}, origin));
  }
  by_origin.rows.push_back(with_id({t(kTotal), total_alerts}, ""));

  Table& received =
      tables.emplace_back(Table{"received",
                                t(report.unit.empty() ? kReceived : kReceivedUnit),
                                id_column({t(kColReceiver), t(kColKind), t(kColReceived),
                                           t(kColAcknowledged), t(kColActionTaken)},
                                          kColReceiverId),
                                {}});
  for (const auto& [node, kinds] : report.received) {
    for (const auto& [kind, counts] : kinds) {
      received.rows.push_back(
          with_id({names.node(node), kind_label(kind, lang), std::to_string(counts.received),
                   std::to_string(counts.acknowledged), std::to_string(counts.action_taken)},
                  node));
    }
  }

  const std::string minutes = audience == Audience::kMachines ? t(kColMinutes) : "";
  Table& times = tables.emplace_back(Table{
      "response_times",
      t(kResponseTimes),
      id_column(
          {t(kColReceiver), t(kColAckCount), t(kColAckMedian) + minutes, t(kColAckP90) + minutes,
           t(kColCloseCount), t(kColCloseMedian) + minutes, t(kColCloseP90) + minutes},
          kColReceiverId),
      {}});
  for (const ResponseTimes& row : report.response_times) {
    times.rows.push_back(
        with_id({row.node.empty() ? t(kAllNodes) : names.node(row.node),
                 std::to_string(row.acknowledge.count),
                 duration_cell(row.acknowledge, row.acknowledge.median_ms, lang, audience),
                 duration_cell(row.acknowledge, row.acknowledge.p90_ms, lang, audience),
                 std::to_string(row.close.count),
                 duration_cell(row.close, row.close.median_ms, lang, audience),
                 duration_cell(row.close, row.close.p90_ms, lang, audience)},
                row.node));
  }

  if (report.figures.known) {
    add_figure_tables(report, lang, audience, tables);
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
                     {alert_state_label(v1::ALERT_EXPIRED, lang), std::to_string(s.expired)}}});

  Table& follow_ups =
      tables.emplace_back(Table{"follow_ups", t(kFollowUps), {t(kColType), t(kColCount)}, {}});
  for (const auto& [type, count] : report.follow_ups) {
    follow_ups.rows.push_back({type_label(type, lang), std::to_string(count)});
  }
  follow_ups.rows.push_back({t(kTotal), std::to_string(report.follow_up_total)});

  std::vector<std::string> list_columns{t(kColReference), t(kColKind), t(kColOrigin),
                                        t(kColSender),    t(kColSent), t(kColState),
                                        t(kColTitle)};
  if (ids) {
    list_columns.insert(list_columns.end(), {t(kColOriginId), t(kColSenderId)});
  }
  Table& alerts = tables.emplace_back(Table{"alerts", t(kAlertList), list_columns, {}, true});
  for (const ListedAlert& alert : report.alerts) {
    alerts.rows.push_back(alert_row(alert, names, lang, audience));
  }
  if (!report.unit.empty()) {
    Table& received_list =
        tables.emplace_back(Table{"received_alerts", t(kReceivedList), list_columns, {}, true});
    for (const ListedAlert& alert : report.received_alerts) {
      received_list.rows.push_back(alert_row(alert, names, lang, audience));
    }
  }
  const auto apart = [&](const char* id, const Text& heading,
                         const std::vector<ListedAlert>& listed) {
    Table& table = tables.emplace_back(Table{id, t(heading), list_columns, {}, true});
    for (const ListedAlert& alert : listed) {
      table.rows.push_back(alert_row(alert, names, lang, audience));
    }
  };
  apart("cancelled", kCancelledList, report.cancelled);
  apart("withdrawn", kWithdrawnList, report.withdrawn);
  apart("exercises", kExerciseList, report.exercises);
  return tables;
}

std::vector<std::pair<std::string, std::string>> preamble(const Report& report, Language lang) {
  std::vector<std::pair<std::string, std::string>> lines;
  lines.emplace_back(tr(kPeriod, lang), period_text(report.period, lang));
  // A unit by its name, with its id when the registry names it.
  const std::string unit_name = report.names.unit(report.unit);
  const std::string unit_text =
      unit_name == report.unit ? report.unit : unit_name + " (" + report.unit + ")";
  lines.emplace_back(tr(kScope, lang), report.unit.empty()
                                           ? std::string(tr(kScopeAll, lang))
                                           : std::string(tr(kScopeUnit, lang)) + unit_text);
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
  add(report.cancelled.size(), kExcludedCancelled);
  add(report.withdrawn.size(), kExcludedWithdrawn);
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

}  // namespace alertbus::alertctl::report_parts
