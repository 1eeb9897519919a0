#include "alertctl/case_render.hpp"

#include <algorithm>

#include "alertbus/protocol/utf8.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/names.hpp"
#include "alertctl/printable.hpp"
#include "alertctl/render.hpp"

namespace alertbus::alertctl {
namespace {

// clang-format off
constexpr Text kColReference{"Số hiệu", "Reference"};
constexpr Text kColKind{"Loại", "Kind"};
constexpr Text kColOrigin{"Tỉnh gửi", "Origin"};
constexpr Text kColState{"Tình trạng", "State"};
constexpr Text kColSeverity{"Mức độ", "Severity"};
constexpr Text kColSent{"Gửi lúc", "Sent"};
constexpr Text kColTitle{"Tiêu đề", "Title"};
constexpr Text kColReceivers{"Tỉnh nhận", "Receivers"};
constexpr Text kOverdueMarker{"QUÁ HẠN", "OVERDUE"};
constexpr Text kNoCases{"Không có vụ việc nào.", "No cases."};
constexpr Text kLabelReference{"Số hiệu", "Reference"};
constexpr Text kLabelEventId{"Mã sự kiện", "Event id"};
constexpr Text kLabelKind{"Loại", "Kind"};
constexpr Text kLabelTitle{"Tiêu đề", "Title"};
constexpr Text kLabelOrigin{"Tỉnh gửi", "Origin"};
constexpr Text kLabelSender{"Đơn vị gửi", "Sending unit"};
constexpr Text kLabelSeverity{"Mức độ", "Severity"};
constexpr Text kLabelStatus{"Loại tin", "Message status"};
constexpr Text kLabelDangerLevel{"Cấp dự báo cháy rừng", "Fire danger level"};
constexpr Text kLabelAreas{"Khu vực", "Areas"};
constexpr Text kLabelSent{"Gửi lúc", "Sent"};
constexpr Text kLabelExpires{"Hết hiệu lực lúc", "Expires"};
constexpr Text kLabelState{"Tình trạng", "State"};
constexpr Text kLabelSince{" từ ", " since "};
constexpr Text kLabelBy{" bởi ", " by "};
constexpr Text kLabelOverdue{"Quá hạn", "Overdue"};
constexpr Text kLabelFollowUpDue{"Hạn báo cáo tiếp theo", "Next follow-up due"};
constexpr Text kLabelLastEvent{"Cập nhật cuối", "Last event"};
constexpr Text kLabelFollowUps{"Thông tin tiếp theo", "Follow-ups"};
constexpr Text kLabelIgnored{"Không áp dụng được", "Not applicable"};
constexpr Text kLabelReceivers{"Tỉnh nhận", "Receiving provinces"};
constexpr Text kLabelDelivered{"Đã nhận lúc", "Delivered"};
constexpr Text kLabelAcknowledged{"Xác nhận lúc", "Acknowledged"};
constexpr Text kLabelActionTaken{"Xử lý lúc", "Action taken"};
constexpr Text kLabelClosed{"Đóng lúc", "Closed"};
constexpr Text kLabelAcknowledgeDue{"Hạn xác nhận", "Acknowledge by"};
constexpr Text kYes{"có", "yes"};
constexpr Text kNo{"không", "no"};
constexpr Text kAlertMissing{
    "Lưu ý: nút này chưa có cảnh báo gốc, chỉ có thông tin tiếp theo của nó.",
    "Note: this node does not hold the alert itself yet, only follow-ups to it."};
// clang-format on

constexpr std::size_t kTitleWidth = 40;

std::string labelled(const Text& label, const std::string& value, Language language,
                     std::size_t indent = 0) {
  std::string line = std::string(indent, ' ') + tr(label, language) + ":";
  std::size_t width = protocol::utf8_length(line);
  while (width++ < 24 + indent) {
    line += ' ';
  }
  return line + value + "\n";
}

std::string time_or_dash(bool has, const google::protobuf::Timestamp& timestamp) {
  return has ? protocol::format_vietnam_time(timestamp) : "—";
}

std::string receivers_compact(const v1::AlertCase& alert_case, Language language,
                              const Names& names) {
  std::string text;
  for (const v1::ReceiverCase& receiver : alert_case.receivers()) {
    text += (text.empty() ? "" : ", ") + names.node(receiver.node()) + ": " +
            receiver_state_label(receiver.state(), language) + (receiver.overdue() ? " (!)" : "");
  }
  return text.empty() ? "—" : text;
}

std::string state_text(const v1::AlertCase& alert_case, Language language) {
  return alert_state_label(alert_case.state(), language);
}

std::string title_text(const v1::AlertCase& alert_case, Language language) {
  std::string title = alert_case.title();
  if (alert_case.status() != v1::ACTUAL && alert_case.status() != v1::MESSAGE_STATUS_UNSPECIFIED) {
    // Exercises and tests must never be mistaken for real alerts.
    title = "[" + label(Vocabulary::kStatus, alert_case.status(), language) + "] " + title;
  }
  return title;
}

}  // namespace

std::string cut_text(const std::string& text, std::size_t max) {
  if (protocol::utf8_length(text) <= max) {
    return text;
  }
  std::size_t characters = 0;
  std::size_t end = 0;
  for (; end < text.size(); ++end) {
    const auto byte = static_cast<unsigned char>(text[end]);
    if ((byte & 0xC0) != 0x80 && characters++ == max - 1) {
      break;
    }
  }
  return text.substr(0, end) + "…";
}

std::string case_line(const v1::AlertCase& received, Language lang, const Names& names) {
  const v1::AlertCase alert_case = printable_copy(received);
  std::string line = alert_case.reference().empty() ? "-" : alert_case.reference();
  for (const std::string& part :
       {kind_label(alert_case.kind(), lang), names.node(alert_case.origin_node()),
        state_text(alert_case, lang),
        alert_case.severity() == v1::SEVERITY_UNSPECIFIED
            ? std::string("—")
            : std::string(severity_label(alert_case.severity(), lang)),
        cut_text(title_text(alert_case, lang), kTitleWidth),
        receivers_compact(alert_case, lang, names)}) {
    line += "  " + part;
  }
  if (alert_case.overdue()) {
    line += "  " + std::string(tr(kOverdueMarker, lang));
  }
  return line;
}

std::string cases_table(const std::vector<v1::AlertCase>& cases, Language lang,
                        const Names& names) {
  if (cases.empty()) {
    return std::string(tr(kNoCases, lang)) + "\n";
  }
  std::vector<std::vector<std::string>> rows;
  rows.push_back({tr(kColReference, lang), tr(kColKind, lang), tr(kColOrigin, lang),
                  tr(kColState, lang), tr(kColSeverity, lang), tr(kColSent, lang),
                  tr(kColTitle, lang), tr(kColReceivers, lang), ""});
  for (const v1::AlertCase& received : cases) {
    const v1::AlertCase alert_case = printable_copy(received);
    rows.push_back(
        {alert_case.reference().empty() ? "-" : alert_case.reference(),
         kind_label(alert_case.kind(), lang), names.node(alert_case.origin_node()),
         state_text(alert_case, lang),
         alert_case.severity() == v1::SEVERITY_UNSPECIFIED
             ? "—"
             : severity_label(alert_case.severity(), lang),
         alert_case.has_sent_at() ? protocol::format_vietnam_time(alert_case.sent_at()) : "—",
         cut_text(title_text(alert_case, lang), kTitleWidth),
         receivers_compact(alert_case, lang, names),
         alert_case.overdue() ? tr(kOverdueMarker, lang) : ""});
  }
  std::vector<std::size_t> widths(rows.front().size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      widths[i] = std::max(widths[i], protocol::utf8_length(row[i]));
    }
  }
  std::string text;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& row = rows[r];
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) {
      line += row[i];
      if (i + 1 < row.size()) {
        line += std::string(widths[i] - protocol::utf8_length(row[i]) + 2, ' ');
      }
    }
    while (!line.empty() && line.back() == ' ') {
      line.pop_back();
    }
    text += line + "\n";
    if (r > 0 && !cases[r - 1].snippet().empty()) {
      text += "    " + snippet_text(cases[r - 1]) + "\n";
    }
  }
  return text;
}

std::string snippet_text(const v1::AlertCase& alert_case) {
  std::string text;
  for (const v1::TextSpan& span : alert_case.snippet()) {
    const std::string shown = printable(span.text());
    text += span.match() ? "«" + shown + "»" : shown;
  }
  return text;
}

std::string case_detail(const v1::AlertCase& received, Language lang, const Names& names) {
  const v1::AlertCase c = printable_copy(received);
  std::string text;
  if (c.alert_missing()) {
    text += std::string(tr(kAlertMissing, lang)) + "\n";
  }
  text += labelled(kLabelReference, c.reference().empty() ? "—" : c.reference(), lang);
  text += labelled(kLabelEventId, c.event_id(), lang);
  text += labelled(kLabelKind, kind_label(c.kind(), lang), lang);
  text += labelled(kLabelTitle, title_text(c, lang), lang);
  text += labelled(kLabelOrigin, names.node(c.origin_node()), lang);
  text += labelled(kLabelSender, names.unit(c.sender_unit()), lang);
  if (c.severity() != v1::SEVERITY_UNSPECIFIED) {
    text += labelled(kLabelSeverity, severity_label(c.severity(), lang), lang);
  }
  if (c.status() != v1::ACTUAL && c.status() != v1::MESSAGE_STATUS_UNSPECIFIED) {
    text += labelled(kLabelStatus, label(Vocabulary::kStatus, c.status(), lang), lang);
  }
  if (c.danger_level() > 0) {
    text += labelled(kLabelDangerLevel, std::to_string(c.danger_level()), lang);
  }
  if (c.areas_size() > 0) {
    std::string areas;
    for (const v1::Area& area : c.areas()) {
      areas += (areas.empty() ? "" : "; ") + (area.name().empty() ? area.code() : area.name()) +
               " (" + area.code() + (area.scheme().empty() ? "" : ", " + area.scheme()) + ")";
    }
    text += labelled(kLabelAreas, areas, lang);
  }
  text += labelled(kLabelSent, time_or_dash(c.has_sent_at(), c.sent_at()), lang);
  if (c.has_expires()) {
    text += labelled(kLabelExpires, protocol::format_vietnam_time(c.expires()), lang);
  }
  std::string state = state_text(c, lang);
  if (c.has_state_changed_at()) {
    state += tr(kLabelSince, lang) + protocol::format_vietnam_time(c.state_changed_at());
  }
  if (!c.state_changed_by().empty()) {
    state += tr(kLabelBy, lang) + names.unit(c.state_changed_by());
  }
  text += labelled(kLabelState, state, lang);
  text += labelled(kLabelOverdue, tr(c.overdue() ? kYes : kNo, lang), lang);
  if (c.has_follow_up_due()) {
    text += labelled(kLabelFollowUpDue, protocol::format_vietnam_time(c.follow_up_due()), lang);
  }
  if (c.has_last_event_at()) {
    text += labelled(kLabelLastEvent, protocol::format_vietnam_time(c.last_event_at()), lang);
  }
  std::string follow_ups = std::to_string(c.follow_up_count());
  std::string by_type;
  for (const v1::FollowUpCount& count : c.follow_ups()) {
    by_type += (by_type.empty() ? "" : ", ") + type_label(count.type(), lang) + ": " +
               std::to_string(count.count());
  }
  if (!by_type.empty()) {
    follow_ups += " (" + by_type + ")";
  }
  text += labelled(kLabelFollowUps, follow_ups, lang);
  if (c.ignored_follow_ups() > 0) {
    text += labelled(kLabelIgnored, std::to_string(c.ignored_follow_ups()), lang);
  }
  text += std::string(tr(kLabelReceivers, lang)) + ":\n";
  for (const v1::ReceiverCase& r : c.receivers()) {
    text += "  " + names.node(r.node()) + " — " + receiver_state_label(r.state(), lang) +
            (r.overdue() ? std::string(" — ") + tr(kOverdueMarker, lang) : "") + "\n";
    text +=
        labelled(kLabelDelivered, time_or_dash(r.has_delivered_at(), r.delivered_at()), lang, 4);
    std::string acknowledged = time_or_dash(r.has_acknowledged_at(), r.acknowledged_at());
    if (!r.acknowledged_by().empty()) {
      acknowledged += tr(kLabelBy, lang) + names.unit(r.acknowledged_by());
    }
    text += labelled(kLabelAcknowledged, acknowledged, lang, 4);
    std::string acted = time_or_dash(r.has_action_taken_at(), r.action_taken_at());
    if (!r.action_taken_by().empty()) {
      acted += tr(kLabelBy, lang) + names.unit(r.action_taken_by());
    }
    text += labelled(kLabelActionTaken, acted, lang, 4);
    if (r.has_closed_at()) {
      text += labelled(kLabelClosed, protocol::format_vietnam_time(r.closed_at()), lang, 4);
    }
    text += labelled(kLabelAcknowledgeDue,
                     time_or_dash(r.has_acknowledge_due(), r.acknowledge_due()), lang, 4);
  }
  return text;
}

nlohmann::ordered_json cases_json(const std::vector<v1::AlertCase>& cases,
                                  const std::string& next_page_token) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const v1::AlertCase& alert_case : cases) {
    list.push_back(message_json(alert_case));
  }
  return {{"cases", list}, {"next_page_token", next_page_token}};
}

}  // namespace alertbus::alertctl
