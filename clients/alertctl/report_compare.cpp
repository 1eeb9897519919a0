// The previous period and the main counts a report is compared with (report.hpp).
#include <string>

#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/report.hpp"

namespace alertbus::alertctl {

ReportPeriod previous_period(const ReportPeriod& period) {
  ReportPeriod previous;
  const int year = protocol::vietnam_time_of(period.from_ms).year;
  const bool range = period.label.find("..") != std::string::npos;
  const std::int64_t january = protocol::vietnam_midnight_ms(year, 1, 1);
  const std::int64_t july = protocol::vietnam_midnight_ms(year, 7, 1);
  const std::int64_t next_january = protocol::vietnam_midnight_ms(year + 1, 1, 1);
  std::string preset;
  if (!range && period.from_ms == january && period.until_ms == july) {
    preset = std::to_string(year - 1) + "-H2";
  } else if (!range && period.from_ms == july && period.until_ms == next_january) {
    preset = std::to_string(year) + "-H1";
  } else if (!range && period.from_ms == january && period.until_ms == next_january) {
    preset = std::to_string(year - 1);
  }
  if (!preset.empty()) {
    if (StatusOr<ReportPeriod> parsed = parse_period(preset); parsed.ok()) {
      return *parsed;
    }
  }
  const std::int64_t length = period.until_ms - period.from_ms;
  previous.from_ms = period.from_ms - length;
  previous.until_ms = period.from_ms;
  // As parse_period() reads it back: whole days as dates (TO included), else times (TO
  // excluded).
  const auto midnight = [](std::int64_t ms) {
    const protocol::CivilTime civil = protocol::vietnam_time_of(ms);
    return civil.hour == 0 && civil.minute == 0 && civil.second == 0;
  };
  if (midnight(previous.from_ms) && midnight(previous.until_ms)) {
    previous.label = protocol::format_vietnam_date(previous.from_ms, false) + ".." +
                     protocol::format_vietnam_date(previous.until_ms - 1, false);
  } else {
    const auto time = [](std::int64_t ms) {
      std::string text = protocol::format_vietnam_rfc3339(ms / 1000);  // 2026-01-01T08:00:00+07:00
      return text.substr(0, 16);
    };
    previous.label = time(previous.from_ms) + ".." + time(previous.until_ms);
  }
  return previous;
}

MainCounts main_counts(const Report& report) {
  MainCounts counts;
  counts.sent_by_kind = report.sent_by_kind;
  counts.states = report.states;
  for (const auto& [node, kinds] : report.received) {
    for (const auto& [kind, received] : kinds) {
      counts.received += received.received;
      counts.acknowledged += received.acknowledged;
    }
  }
  counts.follow_ups = report.follow_up_total;
  counts.figures = report.figures;
  return counts;
}

void compare_with_previous(Report& report, const Report& previous) {
  report.previous_period = previous.period;
  report.previous = main_counts(previous);
}

}  // namespace alertbus::alertctl
