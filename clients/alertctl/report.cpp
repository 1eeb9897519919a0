// Report periods and the report's figures (report.hpp). The renderers are in
// report_render.cpp.
#include "alertctl/report.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <tuple>

#include <google/protobuf/util/time_util.h>

#include "alertbus/protocol/vietnam_time.hpp"

namespace alertbus::alertctl {
namespace {

using google::protobuf::util::TimeUtil;

constexpr std::int64_t kDayMs = 86400000;

Status bad_period(std::string_view text) {
  const std::string given(text);
  return Status::error(
      v1::INVALID_VALUE,
      "invalid report period \"" + given +
          "\": expected YYYY-H1 (1 January to 30 June), YYYY-H2 (1 July to 31 December), YYYY "
          "(the year) or FROM..TO (dates such as 2026-01-01..2026-03-31, TO included)",
      "kỳ báo cáo không hợp lệ \"" + given +
          "\": cần YYYY-H1 (từ 1/1 đến 30/6), YYYY-H2 (từ 1/7 đến 31/12), YYYY (cả năm) hoặc "
          "TỪ..ĐẾN (ngày như 2026-01-01..2026-03-31, tính cả ngày ĐẾN)");
}

std::optional<int> parse_year(std::string_view text) {
  int year = 0;
  if (text.size() != 4) {
    return std::nullopt;
  }
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (error != std::errc() || end != text.data() + text.size() || year < 2000) {
    return std::nullopt;
  }
  return year;
}

std::int64_t millis(const google::protobuf::Timestamp& timestamp) {
  return TimeUtil::TimestampToMilliseconds(timestamp);
}

bool received_by_node(const v1::ReceiverCase& receiver) {
  return receiver.has_delivered_at() || receiver.has_acknowledged_at() ||
         receiver.has_action_taken_at() || receiver.state() == v1::RECEIVER_DELIVERED ||
         receiver.state() == v1::RECEIVER_ACKNOWLEDGED ||
         receiver.state() == v1::RECEIVER_ACTION_TAKEN;
}

// When the receiver first acknowledged (measures imply acknowledgement), if it did.
std::optional<std::int64_t> first_acknowledgement(const v1::ReceiverCase& receiver) {
  std::optional<std::int64_t> first;
  if (receiver.has_acknowledged_at()) {
    first = millis(receiver.acknowledged_at());
  }
  if (receiver.has_action_taken_at()) {
    const std::int64_t acted = millis(receiver.action_taken_at());
    first = first ? std::min(*first, acted) : acted;
  }
  return first;
}

ListedAlert listed(const v1::AlertCase& alert_case) {
  ListedAlert alert;
  alert.event_id = alert_case.event_id();
  alert.reference = alert_case.reference();
  alert.kind = alert_case.kind();
  alert.origin_node = alert_case.origin_node();
  alert.sender_unit = alert_case.sender_unit();
  alert.sent_ms = millis(alert_case.sent_at());
  alert.state = alert_case.state();
  alert.overdue = alert_case.overdue();
  alert.title = alert_case.title();
  return alert;
}

void sort_by_sent_time(std::vector<ListedAlert>& alerts) {
  std::sort(alerts.begin(), alerts.end(), [](const ListedAlert& a, const ListedAlert& b) {
    return std::tie(a.sent_ms, a.reference) < std::tie(b.sent_ms, b.reference);
  });
}

void count_state(const v1::AlertCase& alert_case, StateCounts& states) {
  ++states.total;
  switch (alert_case.state()) {
    case v1::ALERT_ACTIVE:
      ++states.active;
      break;
    case v1::ALERT_STABLE:
      ++states.stable;
      break;
    case v1::ALERT_RESOLVED:
      ++states.resolved;
      break;
    case v1::ALERT_EXPIRED:
      ++states.expired;
      break;
    default:
      break;
  }
  if (alert_case.overdue()) {
    ++states.overdue;
  }
}

}  // namespace

StatusOr<ReportPeriod> parse_period(std::string_view text) {
  ReportPeriod period;
  period.label = std::string(text);
  if (const std::size_t dots = text.find(".."); dots != std::string_view::npos) {
    const std::string_view from = text.substr(0, dots);
    const std::string_view until = text.substr(dots + 2);
    const std::optional<std::int64_t> from_ms = protocol::parse_vietnam_time(from);
    std::optional<std::int64_t> until_ms = protocol::parse_vietnam_time(until);
    if (!from_ms || !until_ms) {
      return bad_period(text);
    }
    if (until.size() == 10) {  // A bare date: the whole day is in.
      *until_ms += kDayMs;
    }
    if (*until_ms <= *from_ms) {
      const std::string given(text);
      return Status::error(v1::INVALID_VALUE,
                           "invalid report period \"" + given + "\": it ends before it starts",
                           "kỳ báo cáo không hợp lệ \"" + given +
                               "\": ngày kết thúc trước "
                               "ngày bắt đầu");
    }
    period.from_ms = *from_ms;
    period.until_ms = *until_ms;
    return period;
  }
  const std::optional<int> year = parse_year(text.substr(0, 4));
  if (!year) {
    return bad_period(text);
  }
  const std::string_view rest = text.substr(4);
  if (rest.empty()) {
    period.from_ms = protocol::vietnam_midnight_ms(*year, 1, 1);
    period.until_ms = protocol::vietnam_midnight_ms(*year + 1, 1, 1);
    period.due_ms = protocol::vietnam_midnight_ms(*year, 12, 10);
  } else if (rest == "-H1" || rest == "-h1") {
    period.from_ms = protocol::vietnam_midnight_ms(*year, 1, 1);
    period.until_ms = protocol::vietnam_midnight_ms(*year, 7, 1);
    period.due_ms = protocol::vietnam_midnight_ms(*year, 6, 10);
  } else if (rest == "-H2" || rest == "-h2") {
    period.from_ms = protocol::vietnam_midnight_ms(*year, 7, 1);
    period.until_ms = protocol::vietnam_midnight_ms(*year + 1, 1, 1);
  } else {
    return bad_period(text);
  }
  return period;
}

std::int64_t nearest_rank(std::vector<std::int64_t> values, int percent) {
  std::sort(values.begin(), values.end());
  const std::size_t count = values.size();
  // ceil(percent * count / 100), at least 1.
  std::size_t rank = (static_cast<std::size_t>(percent) * count + 99) / 100;
  rank = std::clamp<std::size_t>(rank, 1, count);
  return values[rank - 1];
}

DurationStats duration_stats(const std::vector<std::int64_t>& values_ms) {
  DurationStats stats;
  stats.count = values_ms.size();
  if (!values_ms.empty()) {
    stats.median_ms = nearest_rank(values_ms, 50);
    stats.p90_ms = nearest_rank(values_ms, 90);
  }
  return stats;
}

Report compute_report(const std::vector<v1::AlertCase>& cases, const ReportPeriod& period,
                      std::int64_t now_ms, const std::string& unit) {
  Report report;
  report.period = period;
  report.now_ms = now_ms;
  report.unit = unit;
  report.period_over = now_ms >= period.until_ms;

  std::map<std::string, std::vector<std::int64_t>> acknowledge_ms;
  std::map<std::string, std::vector<std::int64_t>> close_ms;
  for (const v1::AlertCase& alert_case : cases) {
    if (alert_case.alert_missing()) {
      ++report.alert_missing;
      continue;
    }
    const std::int64_t sent_ms = millis(alert_case.sent_at());
    if (!alert_case.has_sent_at() || sent_ms < period.from_ms || sent_ms >= period.until_ms) {
      ++report.outside_period;
      continue;
    }
    const bool in_scope = unit.empty() || alert_case.sender_unit() == unit;
    if (alert_case.status() != v1::ACTUAL &&
        alert_case.status() != v1::MESSAGE_STATUS_UNSPECIFIED) {
      ++report.not_actual;
      if (in_scope) {
        report.exercises.push_back(listed(alert_case));
      }
      continue;
    }
    if (alert_case.state() == v1::ALERT_CANCELLED || alert_case.state() == v1::ALERT_WITHDRAWN) {
      if (in_scope) {
        (alert_case.state() == v1::ALERT_CANCELLED ? report.cancelled : report.withdrawn)
            .push_back(listed(alert_case));
      }
      continue;
    }
    const v1::AlertKind kind = alert_case.kind();

    if (!unit.empty()) {
      // The unit's side as a receiver: alerts of other units it acknowledged or acted on.
      // A unit belongs to one node, so at most one receiver names it.
      for (const v1::ReceiverCase& receiver : alert_case.receivers()) {
        const bool acted = receiver.action_taken_by() == unit;
        if ((receiver.acknowledged_by() == unit || acted) && alert_case.sender_unit() != unit) {
          ReceivedCounts& counts = report.received[receiver.node()][kind];
          ++counts.received;
          ++counts.acknowledged;  // Measures imply acknowledgement.
          counts.action_taken += acted ? 1U : 0U;
          report.received_alerts.push_back(listed(alert_case));
          break;
        }
      }
      if (alert_case.sender_unit() != unit) {
        continue;
      }
    }

    ++report.sent_by_unit[alert_case.sender_unit()];
    ++report.sent_by_kind[kind];
    ++report.sent_by_origin[alert_case.origin_node()];
    count_state(alert_case, report.states);
    for (const v1::FollowUpCount& follow_up : alert_case.follow_ups()) {
      report.follow_ups[follow_up.type()] += follow_up.count();
      report.follow_up_total += follow_up.count();
    }
    report.alerts.push_back(listed(alert_case));

    for (const v1::ReceiverCase& receiver : alert_case.receivers()) {
      if (unit.empty()) {
        ReceivedCounts& counts = report.received[receiver.node()][kind];
        counts.received += received_by_node(receiver) ? 1U : 0U;
        counts.acknowledged += first_acknowledgement(receiver) ? 1U : 0U;
        counts.action_taken += receiver.has_action_taken_at() ? 1U : 0U;
      }
      std::vector<std::int64_t>& acknowledged = acknowledge_ms[receiver.node()];
      std::vector<std::int64_t>& closed = close_ms[receiver.node()];
      if (const std::optional<std::int64_t> at = first_acknowledgement(receiver)) {
        acknowledged.push_back(std::max<std::int64_t>(0, *at - sent_ms));
      }
      if (alert_case.state() == v1::ALERT_RESOLVED) {
        const std::int64_t at = receiver.has_closed_at() ? millis(receiver.closed_at())
                                                         : millis(alert_case.state_changed_at());
        closed.push_back(std::max<std::int64_t>(0, at - sent_ms));
      }
    }
  }

  std::vector<std::int64_t> all_acknowledge;
  std::vector<std::int64_t> all_close;
  for (const auto& [node, values] : acknowledge_ms) {
    const std::vector<std::int64_t>& closes = close_ms[node];
    report.response_times.push_back({node, duration_stats(values), duration_stats(closes)});
    all_acknowledge.insert(all_acknowledge.end(), values.begin(), values.end());
    all_close.insert(all_close.end(), closes.begin(), closes.end());
  }
  report.response_times.push_back({"", duration_stats(all_acknowledge), duration_stats(all_close)});
  sort_by_sent_time(report.alerts);
  sort_by_sent_time(report.received_alerts);
  sort_by_sent_time(report.cancelled);
  sort_by_sent_time(report.withdrawn);
  sort_by_sent_time(report.exercises);
  return report;
}

std::string format_duration(std::int64_t ms, Language language) {
  const std::int64_t minutes = (std::max<std::int64_t>(ms, 0) + 30000) / 60000;
  const bool vi = language == Language::kVi;
  const std::string days = std::to_string(minutes / 1440);
  const std::string hours = std::to_string(minutes / 60 % 24);
  const std::string mins = std::to_string(minutes % 60);
  if (minutes >= 1440) {
    return vi ? days + " ngày " + hours + " giờ" : days + " d " + hours + " h";
  }
  if (minutes >= 60) {
    return vi ? std::to_string(minutes / 60) + " giờ " + mins + " phút"
              : std::to_string(minutes / 60) + " h " + mins + " min";
  }
  return vi ? mins + " phút" : mins + " min";
}

namespace {

// "-12", "+3.5", "-0,25": what a spreadsheet reads as a number, never as a formula.
bool plain_number(std::string_view text) {
  std::size_t i = text.empty() || (text[0] != '-' && text[0] != '+') ? 0 : 1;
  bool digits = false;
  bool separator = false;
  for (; i < text.size(); ++i) {
    if (text[i] >= '0' && text[i] <= '9') {
      digits = true;
    } else if ((text[i] == '.' || text[i] == ',') && !separator) {
      separator = true;
    } else {
      return false;
    }
  }
  return digits;
}

// OWASP's list of the characters that start a spreadsheet formula.
bool formula_like(std::string_view text) {
  return !text.empty() && std::string_view("=+-@\t\r").find(text[0]) != std::string_view::npos &&
         !plain_number(text);
}

}  // namespace

std::string csv_field(const std::string& field) {
  const std::string value = formula_like(field) ? "'" + field : field;
  if (value.find_first_of(",\"\r\n") == std::string::npos) {
    return value;
  }
  std::string quoted = "\"";
  for (const char c : value) {
    quoted += c;
    if (c == '"') {
      quoted += '"';
    }
  }
  return quoted + "\"";
}

}  // namespace alertbus::alertctl
