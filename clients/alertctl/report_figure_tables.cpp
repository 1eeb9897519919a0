// The report's tables beside its counts (report_tables.hpp): the comparison with the
// previous period, and the figures per kind with the food facilities named.
#include <cmath>
#include <cstdlib>
#include <map>
#include <utility>

#include "alertctl/names.hpp"
#include "alertctl/report_tables.hpp"

namespace alertbus::alertctl::report_parts {
namespace {

// clang-format off
constexpr Text kComparison{"So sánh với kỳ trước", "Compared with the previous period"};
constexpr Text kColItem{"Chỉ tiêu", "Item"};
constexpr Text kColThis{"Kỳ này", "This period"};
constexpr Text kColPrevious{"Kỳ trước", "Previous period"};
constexpr Text kColChange{"Chênh lệch", "Change"};
constexpr Text kRowSent{"Cảnh báo đã gửi", "Alerts sent"};
constexpr Text kRowSentKind{"Đã gửi: ", "Sent: "};
constexpr Text kRowState{"Tình trạng: ", "State: "};
constexpr Text kRowReceived{"Lượt tỉnh nhận đã nhận", "Receipts by receiving provinces"};
constexpr Text kRowAcknowledged{"Lượt tỉnh nhận đã xác nhận", "Acknowledgements by receiving provinces"};
constexpr Text kRowFollowUps{"Thông tin tiếp theo", "Follow-ups"};
constexpr Text kFigures{"Số liệu theo loại cảnh báo", "Figures per alert kind"};
constexpr Text kFacilities{"Cơ sở thực phẩm được nêu trong cảnh báo", "Food facilities named in the alerts"};
constexpr Text kColMeasure{"Đơn vị tính", "Unit"};
constexpr Text kColFacility{"Cơ sở", "Facility"};
constexpr Text kRowSick{"Động vật mắc bệnh", "Animals sick"};
constexpr Text kRowDead{"Động vật chết", "Animals dead"};
constexpr Text kRowDestroyed{"Động vật tiêu hủy", "Animals destroyed (culled)"};
constexpr Text kRowPest{"Diện tích cây trồng bị sinh vật gây hại", "Crop area affected by pests"};
constexpr Text kRowBurned{"Diện tích rừng bị cháy", "Forest area burned"};
constexpr Text kRowRecalled{"Thực phẩm thu hồi", "Food recalled"};
constexpr Text kRowFacilities{"Cơ sở thực phẩm được nêu", "Food facilities named"};
constexpr Text kRowNotHeld{"Cảnh báo nút này không lưu nội dung (không tính số liệu)", "Alerts whose content this node does not hold (no figures)"};
constexpr Text kAnimals{"con", "animals"};
constexpr Text kHectares{"ha", "ha"};
constexpr Text kKilograms{"kg", "kg"};
constexpr Text kFacilityUnit{"cơ sở", "facilities"};
constexpr Text kAlertUnit{"cảnh báo", "alerts"};

// clang-format on

// A quantity to two decimals, trailing zeros dropped. For people, thousands grouped and a
// decimal comma in Vietnamese ("12.500,5"), grouped by commas in English ("12,500.5"); for
// machines, plain ("12500.5").
std::string amount_text(double value, Language lang, Audience audience) {
  const long long hundredths = std::llround(value * 100.0);
  const bool people = audience == Audience::kPeople;
  const bool vietnamese = lang == Language::kVi && people;
  std::string text = std::to_string(std::llabs(hundredths) / 100);
  if (people) {
    for (std::size_t at = text.size(); at > 3; at -= 3) {
      text.insert(at - 3, 1, vietnamese ? '.' : ',');
    }
  }
  const long long rest = std::llabs(hundredths) % 100;
  if (rest != 0) {
    const char separator = vietnamese ? ',' : '.';
    std::string decimals = (rest < 10 ? "0" : "") + std::to_string(rest);
    if (decimals.back() == '0') {
      decimals.pop_back();
    }
    text += separator + decimals;
  }
  return (hundredths < 0 ? "-" : "") + text;
}

std::string amount_change(double now, double before, Language lang, Audience audience) {
  const double change = now - before;
  if (std::llround(change * 100.0) == 0) {
    return "0";
  }
  return (change > 0 ? "+" : "") + amount_text(change, lang, audience);
}

std::string change_text(std::size_t now, std::size_t before) {
  if (now == before) {
    return "0";
  }
  return now > before ? "+" + std::to_string(now - before) : "-" + std::to_string(before - now);
}

}  // namespace

Table comparison_table(const Report& report, Language lang, Audience audience) {
  const auto t = [lang](const Text& text) { return std::string(tr(text, lang)); };
  const MainCounts now = main_counts(report);
  const MainCounts& before = *report.previous;
  Table table{"comparison",
              t(kComparison),
              {t(kColItem), t(kColThis) + " (" + report.period.label + ")",
               t(kColPrevious) + " (" + report.previous_period->label + ")", t(kColChange)},
              {}};
  const auto row = [&table](std::string label, std::size_t a, std::size_t b) {
    table.rows.push_back(
        {std::move(label), std::to_string(a), std::to_string(b), change_text(a, b)});
  };
  row(t(kRowSent), now.states.total, before.states.total);
  std::map<v1::AlertKind, std::pair<std::size_t, std::size_t>> kinds;
  for (const auto& [kind, count] : now.sent_by_kind) {
    kinds[kind].first = count;
  }
  for (const auto& [kind, count] : before.sent_by_kind) {
    kinds[kind].second = count;
  }
  for (const auto& [kind, counts] : kinds) {
    row(t(kRowSentKind) + kind_label(kind, lang), counts.first, counts.second);
  }
  row(t(kOpen), now.states.open(), before.states.open());
  row(t(kOverdue), now.states.overdue, before.states.overdue);
  row(t(kRowState) + alert_state_label(v1::ALERT_RESOLVED, lang), now.states.resolved,
      before.states.resolved);
  row(t(kRowState) + alert_state_label(v1::ALERT_EXPIRED, lang), now.states.expired,
      before.states.expired);
  row(t(kRowReceived), now.received, before.received);
  row(t(kRowAcknowledged), now.acknowledged, before.acknowledged);
  row(t(kRowFollowUps), now.follow_ups, before.follow_ups);
  if (now.figures.known && before.figures.known) {
    const KindFigures& a = now.figures;
    const KindFigures& b = before.figures;
    const auto animals = [&](const Text& label, double x, double y) {  // Thousands grouped.
      table.rows.push_back({t(label), amount_text(x, lang, audience),
                            amount_text(y, lang, audience), amount_change(x, y, lang, audience)});
    };
    animals(kRowSick, static_cast<double>(a.animals_sick), static_cast<double>(b.animals_sick));
    animals(kRowDead, static_cast<double>(a.animals_dead), static_cast<double>(b.animals_dead));
    animals(kRowDestroyed, static_cast<double>(a.animals_destroyed),
            static_cast<double>(b.animals_destroyed));
    const auto amount = [&](const Text& label, const Text& unit, double x, double y) {
      table.rows.push_back({t(label) + " (" + t(unit) + ")", amount_text(x, lang, audience),
                            amount_text(y, lang, audience), amount_change(x, y, lang, audience)});
    };
    amount(kRowPest, kHectares, a.pest_ha, b.pest_ha);
    amount(kRowBurned, kHectares, a.burned_ha, b.burned_ha);
    amount(kRowRecalled, kKilograms, a.food_recalled_kg, b.food_recalled_kg);
    row(t(kRowFacilities), a.food_facilities.size(), b.food_facilities.size());
  }
  return table;
}

void add_figure_tables(const Report& report, Language lang, Audience audience,
                       std::vector<Table>& tables) {
  const auto t = [lang](const Text& text) { return std::string(tr(text, lang)); };
  const KindFigures& f = report.figures;
  Table& figures = tables.emplace_back(
      Table{"figures", t(kFigures), {t(kColItem), t(kColMeasure), t(kColValue)}, {}});
  const auto row = [&](const Text& label, const Text& unit, std::string value) {
    figures.rows.push_back({t(label), t(unit), std::move(value)});
  };
  const auto animals = [&](std::uint64_t count) {
    return amount_text(static_cast<double>(count), lang, audience);  // Thousands grouped.
  };
  row(kRowSick, kAnimals, animals(f.animals_sick));
  row(kRowDead, kAnimals, animals(f.animals_dead));
  row(kRowDestroyed, kAnimals, animals(f.animals_destroyed));
  row(kRowPest, kHectares, amount_text(f.pest_ha, lang, audience));
  row(kRowBurned, kHectares, amount_text(f.burned_ha, lang, audience));
  row(kRowRecalled, kKilograms, amount_text(f.food_recalled_kg, lang, audience));
  row(kRowFacilities, kFacilityUnit, std::to_string(f.food_facilities.size()));
  if (f.alerts_not_held > 0) {
    row(kRowNotHeld, kAlertUnit, std::to_string(f.alerts_not_held));
  }
  Table& facilities =
      tables.emplace_back(Table{"food_facilities", t(kFacilities), {t(kColFacility)}, {}});
  for (const std::string& name : f.food_facilities) {
    facilities.rows.push_back({name});
  }
}

}  // namespace alertbus::alertctl::report_parts
