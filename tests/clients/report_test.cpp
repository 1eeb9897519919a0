// Tests of alertctl's reports (clients/alertctl/report.hpp): period presets and parsing, and
// every figure of a report over a fixed set of cases (case_fixtures.hpp). The renderers are
// tested in report_render_test.cpp.
#include "alertctl/report.hpp"

#include <catch2/catch.hpp>

#include "clients/report_events.hpp"
#include "clients/report_fixtures.hpp"

namespace {

namespace alertctl = alertbus::alertctl;
namespace v1 = alertbus::v1;
using alertbus::testing::h1_cases;
using alertbus::testing::h1_report;
using alertbus::testing::ms;
using alertbus::testing::period;
using alertctl::Language;

constexpr std::int64_t kMinute = 60000;

}  // namespace

// --- Periods ------------------------------------------------------------------------------

TEST_CASE("2026-H1 is 1 January to 30 June in Vietnam time, due before 10 June") {
  const auto h1 = period("2026-H1");
  CHECK(h1.from_ms == ms("2026-01-01T00:00+07:00"));
  CHECK(h1.from_ms == ms("2025-12-31T17:00Z"));
  CHECK(h1.until_ms == ms("2026-07-01"));
  REQUIRE(h1.due_ms);
  CHECK(*h1.due_ms == ms("2026-06-10"));
  CHECK(h1.label == "2026-H1");
}

TEST_CASE("2026-H2 is 1 July to 31 December and the plan sets no date for it") {
  const auto h2 = period("2026-H2");
  CHECK(h2.from_ms == ms("2026-07-01"));
  CHECK(h2.until_ms == ms("2027-01-01"));
  CHECK_FALSE(h2.due_ms);
}

TEST_CASE("2026 is the whole year, due before 10 December") {
  const auto year = period("2026");
  CHECK(year.from_ms == ms("2026-01-01"));
  CHECK(year.until_ms == ms("2027-01-01"));
  REQUIRE(year.due_ms);
  CHECK(*year.due_ms == ms("2026-12-10"));
}

TEST_CASE("FROM..TO includes the whole TO day when TO is a date") {
  const auto quarter = period("2026-01-01..2026-03-31");
  CHECK(quarter.from_ms == ms("2026-01-01"));
  CHECK(quarter.until_ms == ms("2026-04-01"));
  CHECK_FALSE(quarter.due_ms);
  const auto hours = period("2026-01-01T08:00..2026-01-01T20:00");
  CHECK(hours.from_ms == ms("2026-01-01 08:00"));
  CHECK(hours.until_ms == ms("2026-01-01 20:00"));
}

TEST_CASE("Bad periods are refused with a message in both languages") {
  for (const char* bad :
       {"2026-H3", "26-H1", "H1-2026", "2026-", "1999", "abc", "", "2026-13-01..2026-12-31",
        "2026-01-01..", "..2026-01-01", "2026-01-01...2026-02-01", "2026-02-30..2026-03-01"}) {
    INFO(bad);
    auto parsed = alertctl::parse_period(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().code() == v1::INVALID_VALUE);
    CHECK_THAT(parsed.status().message_vi(), Catch::Contains("kỳ báo cáo không hợp lệ"));
    CHECK_THAT(parsed.status().message_vi(), Catch::Contains("YYYY-H1"));
    CHECK_THAT(parsed.status().message(), Catch::Contains("invalid report period"));
  }
  auto reversed = alertctl::parse_period("2026-03-31..2026-01-01");
  REQUIRE_FALSE(reversed.ok());
  CHECK_THAT(reversed.status().message_vi(), Catch::Contains("ngày kết thúc trước ngày bắt đầu"));
  CHECK_THAT(reversed.status().message(), Catch::Contains("ends before it starts"));
}

// --- Percentiles --------------------------------------------------------------------------

TEST_CASE("Median and 90th percentile are nearest-rank") {
  // ceil(0.5 * 4) = 2nd, ceil(0.9 * 4) = 4th.
  CHECK(alertctl::nearest_rank({40, 10, 30, 20}, 50) == 20);
  CHECK(alertctl::nearest_rank({40, 10, 30, 20}, 90) == 40);
  // ceil(0.9 * 10) = 9th of 1..10.
  CHECK(alertctl::nearest_rank({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 90) == 9);
  CHECK(alertctl::nearest_rank({7}, 50) == 7);
  CHECK(alertctl::nearest_rank({7}, 90) == 7);
  const auto stats = alertctl::duration_stats({});
  CHECK(stats.count == 0);
}

// --- Figures ------------------------------------------------------------------------------

TEST_CASE("The report keeps the actual alerts sent in the period and says what it left out") {
  const auto report = h1_report();
  // A8 (1 July 00:00) and A11 (31 December 23:59:59) are outside; A9 is an exercise.
  CHECK(report.outside_period == 2);
  CHECK(report.not_actual == 1);
  CHECK(report.alert_missing == 0);
  // 12 cases - 2 outside - 1 exercise - A4 cancelled - A10 withdrawn = 7.
  CHECK(report.states.total == 7);
  CHECK_FALSE(report.period_over);
  CHECK(alertctl::compute_report(h1_cases(), period("2026-H1"), ms("2026-07-01"), "").period_over);
}

TEST_CASE("Alerts sent are counted per unit, kind and origin province") {
  const auto report = h1_report();
  // Neither the cancelled A4 (hai-duong/qlcl) nor the withdrawn A10 (hai-duong/bvtv).
  const std::map<std::string, std::size_t> by_unit{
      {"bac-giang/bvtv", 1},  {"bac-giang/cnty", 2},  // A1, A12
      {"bac-giang/qlcl", 1},  {"hai-duong/kiem-lam", 1},
      {"quang-ninh/cnty", 1}, {"quang-ninh/kiem-lam", 1}};
  CHECK(report.sent_by_unit == by_unit);
  // Disease A1 A5 A12; pest A2; fire A3 A6; food A7.
  const std::map<v1::AlertKind, std::size_t> by_kind{
      {v1::ANIMAL_DISEASE, 3}, {v1::CROP_PEST, 1}, {v1::FOREST_FIRE, 2}, {v1::UNSAFE_FOOD, 1}};
  CHECK(report.sent_by_kind == by_kind);
  // bac-giang A1 A2 A7 A12; hai-duong A3; quang-ninh A5 A6.
  const std::map<std::string, std::size_t> by_origin{
      {"bac-giang", 4}, {"hai-duong", 1}, {"quang-ninh", 2}};
  CHECK(report.sent_by_origin == by_origin);
}

TEST_CASE("Alerts received are counted per receiving province and kind") {
  const auto report = h1_report();
  using Counts = std::tuple<std::size_t, std::size_t, std::size_t>;  // received, ack, acted
  const auto counts = [&](const std::string& node, v1::AlertKind kind) {
    const auto& c = report.received.at(node).at(kind);
    return Counts{c.received, c.acknowledged, c.action_taken};
  };
  // bac-giang: A5 pending (not received); fire A3 (acted) and A6 (acknowledged). The
  // withdrawn A10 (pest) and the cancelled A4 (food) are left out, so no pest or food row.
  CHECK(counts("bac-giang", v1::ANIMAL_DISEASE) == Counts{0, 0, 0});
  CHECK(counts("bac-giang", v1::FOREST_FIRE) == Counts{2, 2, 1});
  CHECK(report.received.at("bac-giang").size() == 2);
  // hai-duong: disease A1 A5 A12 acknowledged; pest A2; fire A6 delivered only; food A7 acted.
  CHECK(counts("hai-duong", v1::ANIMAL_DISEASE) == Counts{3, 3, 0});
  CHECK(counts("hai-duong", v1::CROP_PEST) == Counts{1, 1, 0});
  CHECK(counts("hai-duong", v1::FOREST_FIRE) == Counts{1, 0, 0});
  CHECK(counts("hai-duong", v1::UNSAFE_FOOD) == Counts{1, 1, 1});
  CHECK(report.received.at("hai-duong").size() == 4);
  // quang-ninh: disease A1 (acted) A12; pest A2 delivered; fire A3; food A7 acknowledged
  // (A4 and A10 left out).
  CHECK(counts("quang-ninh", v1::ANIMAL_DISEASE) == Counts{2, 2, 1});
  CHECK(counts("quang-ninh", v1::CROP_PEST) == Counts{1, 0, 0});
  CHECK(counts("quang-ninh", v1::FOREST_FIRE) == Counts{1, 1, 0});
  CHECK(counts("quang-ninh", v1::UNSAFE_FOOD) == Counts{1, 1, 0});
  CHECK(report.received.size() == 3);
}

TEST_CASE("Times to acknowledge and to close: nearest-rank median and P90 per province") {
  const auto report = h1_report();
  REQUIRE(report.response_times.size() == 4);
  const auto& bg = report.response_times[0];
  const auto& hd = report.response_times[1];
  const auto& qn = report.response_times[2];
  const auto& all = report.response_times[3];
  CHECK(bg.node == "bac-giang");
  CHECK(hd.node == "hai-duong");
  CHECK(qn.node == "quang-ninh");
  CHECK(all.node.empty());

  // bac-giang acknowledged A3 after 30 min (measures 15:00 came later), A6 20 (the 60 of
  // the cancelled A4 is left out): [20, 30] -> median rank 1 = 20, P90 rank ceil(1.8) = 2 = 30.
  CHECK(bg.acknowledge.count == 2);
  CHECK(bg.acknowledge.median_ms == 20 * kMinute);
  CHECK(bg.acknowledge.p90_ms == 30 * kMinute);
  // hai-duong: A1 60, A2 240, A5 720, A7 45, A12 10: [10, 45, 60, 240, 720] -> rank 3 = 60,
  // rank ceil(4.5) = 5 = 720.
  CHECK(hd.acknowledge.count == 5);
  CHECK(hd.acknowledge.median_ms == 60 * kMinute);
  CHECK(hd.acknowledge.p90_ms == 720 * kMinute);
  // quang-ninh: A1 150, A3 60, A7 60, A12 60: [60, 60, 60, 150] -> rank 2 = 60, rank 4 = 150.
  CHECK(qn.acknowledge.count == 4);
  CHECK(qn.acknowledge.median_ms == 60 * kMinute);
  CHECK(qn.acknowledge.p90_ms == 150 * kMinute);
  // All 11: [10, 20, 30, 45, 60, 60, 60, 60, 150, 240, 720] -> rank ceil(5.5) = 6 = 60,
  // rank ceil(9.9) = 10 = 240.
  CHECK(all.acknowledge.count == 11);
  CHECK(all.acknowledge.median_ms == 60 * kMinute);
  CHECK(all.acknowledge.p90_ms == 240 * kMinute);

  // Close: resolved alerts only (A1, A3; not the cancelled A4 nor the withdrawn A10).
  // A1 closed 10 days after sending (14,400 min; qn from state_changed_at), A3 after 360.
  CHECK(bg.close.count == 1);
  CHECK(bg.close.median_ms == 360 * kMinute);
  CHECK(bg.close.p90_ms == 360 * kMinute);
  CHECK(hd.close.count == 1);
  CHECK(hd.close.median_ms == 14400 * kMinute);
  // quang-ninh [360, 14400] -> rank 1 = 360, rank ceil(1.8) = 2 = 14400.
  CHECK(qn.close.count == 2);
  CHECK(qn.close.median_ms == 360 * kMinute);
  CHECK(qn.close.p90_ms == 14400 * kMinute);
  // All [360, 360, 14400, 14400] -> rank 2 = 360, rank 4 = 14400.
  CHECK(all.close.count == 4);
  CHECK(all.close.median_ms == 360 * kMinute);
  CHECK(all.close.p90_ms == 14400 * kMinute);
}

TEST_CASE("States are counted: open, overdue, resolved, expired") {
  const auto s = h1_report().states;
  CHECK(s.total == 7);   // 3 + 1 + 2 + 1
  CHECK(s.active == 3);  // A2, A5, A12
  CHECK(s.stable == 1);  // A7
  CHECK(s.open() == 4);
  CHECK(s.overdue == 1);   // A5
  CHECK(s.resolved == 2);  // A1, A3
  CHECK(s.expired == 1);   // A6
}

TEST_CASE("Cancelled, withdrawn and exercise alerts are listed apart, out of every figure") {
  const auto report = h1_report();
  const auto references = [](const std::vector<alertctl::ListedAlert>& alerts) {
    std::vector<std::string> list;
    for (const auto& alert : alerts) {
      list.push_back(alert.reference);
    }
    return list;
  };
  CHECK(references(report.cancelled) == std::vector<std::string>{"HD-2026-00002"});  // A4
  CHECK(references(report.withdrawn) == std::vector<std::string>{"HD-2026-00003"});  // A10
  CHECK(references(report.exercises) == std::vector<std::string>{"BG-2026-00004"});  // A9
  for (const auto& alert : report.alerts) {
    CHECK(alert.state != v1::ALERT_CANCELLED);
    CHECK(alert.state != v1::ALERT_WITHDRAWN);
  }
  // A unit's report lists only its own: hai-duong/qlcl sent A4, nothing else apart.
  const auto qlcl = h1_report("hai-duong/qlcl");
  CHECK(references(qlcl.cancelled) == std::vector<std::string>{"HD-2026-00002"});
  CHECK(qlcl.withdrawn.empty());
  CHECK(qlcl.exercises.empty());
  CHECK(qlcl.states.total == 0);
  // bac-giang/qlcl acknowledged the cancelled A4: not counted as received either.
  CHECK(h1_report("bac-giang/qlcl").received_alerts.empty());
}

TEST_CASE("Follow-ups are summed by type over the alerts in the report") {
  const auto report = h1_report();
  // ACKNOWLEDGE: A1 2 + A2 1 + A3 2 + A5 1 + A6 1 + A7 2 + A12 2 = 11 (the 5 + 5 of A8 and
  // A9 and A4's 1 are left out); ADDITIONAL_INFO A2 2 + A7 1; MEASURES_TAKEN A1 A3 A7; no
  // CANCEL (A4) nor WITHDRAW (A10).
  const std::map<v1::EventType, std::size_t> expected{
      {v1::ACKNOWLEDGE, 11}, {v1::ADDITIONAL_INFO, 3}, {v1::MEASURES_TAKEN, 3},
      {v1::LEVEL_CHANGE, 1}, {v1::NEW_OUTBREAK, 1},    {v1::CLOSE, 2}};
  CHECK(report.follow_ups == expected);
  CHECK(report.follow_up_total == 21);  // 11 + 3 + 3 + 1 + 1 + 2
}

TEST_CASE("The list of alerts is in sending order") {
  const auto report = h1_report();
  std::vector<std::string> references;
  for (const auto& alert : report.alerts) {
    references.push_back(alert.reference);
  }
  CHECK(references == std::vector<std::string>{"BG-2026-00001", "BG-2026-00002", "BG-2026-00005",
                                               "HD-2026-00001", "QN-2026-00002", "QN-2026-00001",
                                               "BG-2026-00003"});
  const auto& a5 = report.alerts[5];
  CHECK(a5.kind == v1::ANIMAL_DISEASE);
  CHECK(a5.origin_node == "quang-ninh");
  CHECK(a5.sender_unit == "quang-ninh/cnty");
  CHECK(a5.sent_ms == ms("2026-05-20 08:00"));
  CHECK(a5.state == v1::ALERT_ACTIVE);
  CHECK(a5.overdue);
  CHECK(a5.title == "Cúm gia cầm A/H5N1 tại Đông Triều");
  CHECK(report.received_alerts.empty());
}

TEST_CASE("A unit's report: what it sent, and what it acknowledged or acted on") {
  const auto report = h1_report("quang-ninh/cnty");
  // Sent: A5 only.
  CHECK(report.sent_by_unit == std::map<std::string, std::size_t>{{"quang-ninh/cnty", 1}});
  CHECK(report.sent_by_kind == std::map<v1::AlertKind, std::size_t>{{v1::ANIMAL_DISEASE, 1}});
  CHECK(report.sent_by_origin == std::map<std::string, std::size_t>{{"quang-ninh", 1}});
  CHECK(report.states.total == 1);
  CHECK(report.states.active == 1);
  CHECK(report.states.overdue == 1);
  CHECK(report.follow_ups == std::map<v1::EventType, std::size_t>{{v1::ACKNOWLEDGE, 1}});
  // Received: A1 (acknowledged and acted) and A12 (acknowledged) by quang-ninh/cnty; A3 and
  // A7 were acknowledged by other units of Quảng Ninh.
  REQUIRE(report.received.size() == 1);
  const auto& received = report.received.at("quang-ninh");
  REQUIRE(received.size() == 1);
  CHECK(received.at(v1::ANIMAL_DISEASE).received == 2);
  CHECK(received.at(v1::ANIMAL_DISEASE).acknowledged == 2);
  CHECK(received.at(v1::ANIMAL_DISEASE).action_taken == 1);
  REQUIRE(report.received_alerts.size() == 2);
  CHECK(report.received_alerts[0].reference == "BG-2026-00001");
  CHECK(report.received_alerts[1].reference == "BG-2026-00005");
  // Response times are those of the receivers of A5: bac-giang none, hai-duong 720 min.
  REQUIRE(report.response_times.size() == 3);
  CHECK(report.response_times[0].node == "bac-giang");
  CHECK(report.response_times[0].acknowledge.count == 0);
  CHECK(report.response_times[1].acknowledge.median_ms == 720 * kMinute);
  CHECK(report.response_times[2].acknowledge.count == 1);
  REQUIRE(report.alerts.size() == 1);
  CHECK(report.alerts[0].reference == "QN-2026-00001");
}

TEST_CASE("Cases without their alert are left out and counted") {
  auto cases = h1_cases();
  cases[0].set_alert_missing(true);
  const auto report =
      alertctl::compute_report(cases, period("2026-H1"), ms("2026-06-05 09:00"), "");
  CHECK(report.alert_missing == 1);
  CHECK(report.states.total == 6);
}

// --- Renderers ----------------------------------------------------------------------------

TEST_CASE("Durations read as minutes, hours and days") {
  CHECK(alertctl::format_duration(30 * kMinute, Language::kVi) == "30 phút");
  CHECK(alertctl::format_duration(150 * kMinute, Language::kVi) == "2 giờ 30 phút");
  CHECK(alertctl::format_duration(14400 * kMinute, Language::kVi) == "10 ngày 0 giờ");
  CHECK(alertctl::format_duration(150 * kMinute, Language::kEn) == "2 h 30 min");
  CHECK(alertctl::format_duration(29999, Language::kEn) == "0 min");
  CHECK(alertctl::format_duration(30000, Language::kEn) == "1 min");
}

// --- The previous period ------------------------------------------------------------------

TEST_CASE("The previous period: H1 after last year's H2, H2 after H1, a year, a range") {
  const auto h2_2025 = alertctl::previous_period(period("2026-H1"));
  CHECK(h2_2025.label == "2025-H2");
  CHECK(h2_2025.from_ms == ms("2025-07-01"));
  CHECK(h2_2025.until_ms == ms("2026-01-01"));
  const auto h1 = alertctl::previous_period(period("2026-H2"));
  CHECK(h1.label == "2026-H1");
  CHECK(h1.from_ms == ms("2026-01-01"));
  CHECK(h1.until_ms == ms("2026-07-01"));
  const auto year = alertctl::previous_period(period("2026"));
  CHECK(year.label == "2025");
  CHECK(year.from_ms == ms("2025-01-01"));
  CHECK(year.until_ms == ms("2026-01-01"));
  // 1 January - 31 March 2026 is 31 + 28 + 31 = 90 days; 90 days before 1 January 2026 is
  // 3 October 2025 (31 December back to 1 December 31 days, to 1 November 61, then 29 more).
  const auto range = alertctl::previous_period(period("2026-01-01..2026-03-31"));
  CHECK(range.from_ms == ms("2025-10-03"));
  CHECK(range.until_ms == ms("2026-01-01"));
  CHECK(range.label == "2025-10-03..2025-12-31");
  // Twelve hours: the twelve hours before, labelled with times, which parse back.
  const auto hours = alertctl::previous_period(period("2026-01-01T08:00..2026-01-01T20:00"));
  CHECK(hours.from_ms == ms("2025-12-31 20:00"));
  CHECK(hours.until_ms == ms("2026-01-01 08:00"));
  CHECK(hours.label == "2025-12-31T20:00..2026-01-01T08:00");
  CHECK(period(hours.label.c_str()).from_ms == hours.from_ms);
  CHECK(period(hours.label.c_str()).until_ms == hours.until_ms);
  CHECK(period(range.label.c_str()).until_ms == range.until_ms);
  // A range equal to H1 is still a range: the same length before it.
  const auto like_h1 = alertctl::previous_period(period("2026-01-01..2026-06-30"));
  CHECK(like_h1.until_ms == ms("2026-01-01"));
  CHECK(like_h1.from_ms == ms("2026-01-01") - (ms("2026-07-01") - ms("2026-01-01")));
}

TEST_CASE("The main counts are put beside the previous period's") {
  auto report = h1_report();
  const auto before = alertctl::previous_period(report.period);
  // 2025-H2 holds A11 only (sent 31 December 2025 23:59:59): disease, resolved, no
  // receivers, no follow-ups.
  alertctl::compare_with_previous(
      report, alertctl::compute_report(h1_cases(), before, ms("2026-06-05 09:00"), ""));
  REQUIRE(report.previous_period);
  CHECK(report.previous_period->label == "2025-H2");
  REQUIRE(report.previous);
  CHECK(report.previous->states.total == 1);
  CHECK(report.previous->states.resolved == 1);
  CHECK(report.previous->sent_by_kind ==
        std::map<v1::AlertKind, std::size_t>{{v1::ANIMAL_DISEASE, 1}});
  CHECK(report.previous->received == 0);
  const auto now = alertctl::main_counts(report);
  // Received: bac-giang 0 + 2, hai-duong 3 + 1 + 1 + 1, quang-ninh 2 + 1 + 1 + 1 = 13.
  CHECK(now.received == 13);
  // Acknowledged: bac-giang 2, hai-duong 3 + 1 + 0 + 1 = 5, quang-ninh 2 + 0 + 1 + 1 = 4:
  // 11, as many as the times to acknowledge.
  CHECK(now.acknowledged == 11);
  CHECK(now.follow_ups == 21);
}

// --- Figures per kind ---------------------------------------------------------------------

TEST_CASE("Figures per kind come from the alerts' bodies, the latest recall report counts") {
  const auto report = h1_report();
  const auto f = alertctl::compute_figures(report.alerts, alertbus::testing::all_h1_events());
  CHECK(f.known);
  CHECK(f.alerts_not_held == 0);
  // Sick: A1 30 + 8, A5 1,200, A12 5 + 7 = 1,250. Dead: 12 + 3 + 800 + 0 + 1 = 816.
  // Destroyed: 40 + 8 + 3,000 + 0 + 2 = 3,050.
  CHECK(f.animals_sick == 1250);
  CHECK(f.animals_dead == 816);
  CHECK(f.animals_destroyed == 3050);
  // A2: 12.5 + 4.25 + 0.75 = 17.5 ha.
  CHECK(f.pest_ha == Approx(17.5));
  // A3 fire out 3.2 ha; A6 is a danger level (its 99 ha ignored).
  CHECK(f.burned_ha == Approx(3.2));
  // A7: the latest report (2 June, 350 kg) counts, not 0.2 t + 350 kg nor the 500 kg
  // product; the cancelled A4's 120 kg and facility are left out.
  CHECK(f.food_recalled_kg == Approx(350));
  CHECK(f.food_facilities == std::vector<std::string>{"Cơ sở rau Lục Nam"});
}

TEST_CASE("Without a measures report the product quantity counts when recalled, t is 1,000 kg") {
  const auto report = h1_report();
  std::vector<v1::StoredEvent> events;
  for (const auto& event : alertbus::testing::all_h1_events()) {
    if (event.type() != v1::MEASURES_TAKEN) {
      events.push_back(event);
    }
  }
  CHECK(alertctl::compute_figures(report.alerts, events).food_recalled_kg == Approx(500));
  // One measures report in t alone: 0.2 t = 200 kg.
  events.push_back(alertbus::testing::stored(
      alertbus::testing::measures("BG-2026-00003", "-m1", "2026-06-01 10:00", 0.2, "t")));
  CHECK(alertctl::compute_figures(report.alerts, events).food_recalled_kg == Approx(200));
  // An alert whose events the node does not hold is counted apart, and adds nothing.
  const auto none = alertctl::compute_figures(report.alerts, {});
  CHECK(none.alerts_not_held == 7);
  CHECK(none.animals_sick == 0);
}
