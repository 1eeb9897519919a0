// A fixed set of cases (AlertCase) for the report and casework command tests: twelve alerts
// of the three provinces, nine of them actual and sent in 2026-H1. Every time is Vietnam
// time. The figures a report over 2026-H1 must show are worked out by hand in
// report_test.cpp.
//
// Threading: plain functions building values.
#pragma once

#include <initializer_list>
#include <string>
#include <utility>
#include <vector>

#include <google/protobuf/util/time_util.h>

#include "alertbus/v1/casework.pb.h"

#include "alertbus/protocol/vietnam_time.hpp"

namespace alertbus::testing {

// Unix ms of a time as alertctl parses it ("2026-01-10 08:00" is Vietnam time).
inline std::int64_t ms(const char* text) {
  return protocol::parse_vietnam_time(text).value();
}

inline void set_time(google::protobuf::Timestamp* field, const char* text) {
  *field = google::protobuf::util::TimeUtil::MillisecondsToTimestamp(ms(text));
}

inline v1::AlertCase make_case(const char* reference, v1::AlertKind kind, const char* origin,
                               const char* unit, v1::Severity severity, const char* sent,
                               v1::AlertState state, const std::string& title) {
  v1::AlertCase alert_case;
  alert_case.set_event_id(std::string("01J0000000000000000000") + reference);
  alert_case.set_reference(reference);
  alert_case.set_kind(kind);
  alert_case.set_origin_node(origin);
  alert_case.set_sender_unit(unit);
  alert_case.set_severity(severity);
  alert_case.set_title(title);
  set_time(alert_case.mutable_sent_at(), sent);
  alert_case.set_status(v1::ACTUAL);
  alert_case.set_state(state);
  return alert_case;
}

inline v1::ReceiverCase* add_receiver(v1::AlertCase& alert_case, const char* node,
                                      v1::ReceiverState state) {
  v1::ReceiverCase* receiver = alert_case.add_receivers();
  receiver->set_node(node);
  receiver->set_state(state);
  return receiver;
}

inline void acknowledged(v1::ReceiverCase* receiver, const char* at, const char* unit) {
  set_time(receiver->mutable_acknowledged_at(), at);
  receiver->set_acknowledged_by(unit);
}

inline void action_taken(v1::ReceiverCase* receiver, const char* at, const char* unit) {
  set_time(receiver->mutable_action_taken_at(), at);
  receiver->set_action_taken_by(unit);
}

inline void set_follow_ups(v1::AlertCase& alert_case,
                           std::initializer_list<std::pair<v1::EventType, std::uint32_t>> counts) {
  std::uint32_t total = 0;
  for (const auto& [type, count] : counts) {
    v1::FollowUpCount* follow_up = alert_case.add_follow_ups();
    follow_up->set_type(type);
    follow_up->set_count(count);
    total += count;
  }
  alert_case.set_follow_up_count(total);
}

// The title with a comma, quotes and a '|' (CSV and Markdown quoting).
inline const std::string kQuotedTitle = "Rau cải \"sạch\", lô 12 | Lục Nam";

// In the order a broker might return them (not by time).
inline std::vector<v1::AlertCase> h1_cases() {
  std::vector<v1::AlertCase> cases;

  // A1: resolved disease alert; qn acknowledged 10:30 (150 min), acted next day.
  v1::AlertCase a1 =
      make_case("BG-2026-00001", v1::ANIMAL_DISEASE, "bac-giang", "bac-giang/cnty", v1::SEVERE,
                "2026-01-10 08:00", v1::ALERT_RESOLVED, "Dịch tả lợn châu Phi tại Lục Ngạn");
  set_time(a1.mutable_state_changed_at(), "2026-01-20 08:00");
  v1::ReceiverCase* r = add_receiver(a1, "hai-duong", v1::RECEIVER_CLOSED);
  acknowledged(r, "2026-01-10 09:00", "hai-duong/cnty");
  set_time(r->mutable_closed_at(), "2026-01-20 08:00");
  r = add_receiver(a1, "quang-ninh", v1::RECEIVER_CLOSED);  // closed_at unset: state_changed_at.
  acknowledged(r, "2026-01-10 10:30", "quang-ninh/cnty");
  action_taken(r, "2026-01-11 08:00", "quang-ninh/cnty");
  set_follow_ups(a1, {{v1::ACKNOWLEDGE, 2}, {v1::MEASURES_TAKEN, 1}, {v1::CLOSE, 1}});
  cases.push_back(a1);

  // A2: active crop pest; qn delivered only.
  v1::AlertCase a2 =
      make_case("BG-2026-00002", v1::CROP_PEST, "bac-giang", "bac-giang/bvtv", v1::MODERATE,
                "2026-02-01 08:00", v1::ALERT_ACTIVE, "Sâu đục cuống quả vải tại Lục Ngạn");
  r = add_receiver(a2, "hai-duong", v1::RECEIVER_ACKNOWLEDGED);
  acknowledged(r, "2026-02-01 12:00", "hai-duong/bvtv");
  r = add_receiver(a2, "quang-ninh", v1::RECEIVER_DELIVERED);
  set_time(r->mutable_delivered_at(), "2026-02-01 08:05");
  set_follow_ups(a2, {{v1::ACKNOWLEDGE, 1}, {v1::ADDITIONAL_INFO, 2}});
  cases.push_back(a2);

  // A3: resolved forest fire; bg acted.
  v1::AlertCase a3 =
      make_case("HD-2026-00001", v1::FOREST_FIRE, "hai-duong", "hai-duong/kiem-lam", v1::SEVERE,
                "2026-03-05 14:00", v1::ALERT_RESOLVED, "Cháy rừng thông tại Chí Linh");
  set_time(a3.mutable_state_changed_at(), "2026-03-05 20:00");
  r = add_receiver(a3, "bac-giang", v1::RECEIVER_CLOSED);
  acknowledged(r, "2026-03-05 14:30", "bac-giang/kiem-lam");
  action_taken(r, "2026-03-05 15:00", "bac-giang/kiem-lam");
  set_time(r->mutable_closed_at(), "2026-03-05 20:00");
  r = add_receiver(a3, "quang-ninh", v1::RECEIVER_CLOSED);
  acknowledged(r, "2026-03-05 15:00", "quang-ninh/kiem-lam");
  set_time(r->mutable_closed_at(), "2026-03-05 20:00");
  set_follow_ups(
      a3, {{v1::ACKNOWLEDGE, 2}, {v1::MEASURES_TAKEN, 1}, {v1::LEVEL_CHANGE, 1}, {v1::CLOSE, 1}});
  cases.push_back(a3);

  // A4: cancelled food alert.
  v1::AlertCase a4 =
      make_case("HD-2026-00002", v1::UNSAFE_FOOD, "hai-duong", "hai-duong/qlcl", v1::SEVERE,
                "2026-04-02 08:00", v1::ALERT_CANCELLED, "Chả mực nhiễm hàn the");
  set_time(a4.mutable_state_changed_at(), "2026-04-02 10:00");
  a4.set_state_changed_by("hai-duong/qlcl");
  r = add_receiver(a4, "bac-giang", v1::RECEIVER_CLOSED);
  set_time(r->mutable_delivered_at(), "2026-04-02 08:01");
  acknowledged(r, "2026-04-02 09:00", "bac-giang/qlcl");
  set_time(r->mutable_closed_at(), "2026-04-02 10:00");
  r = add_receiver(a4, "quang-ninh", v1::RECEIVER_CLOSED);
  set_time(r->mutable_delivered_at(), "2026-04-02 08:02");
  set_time(r->mutable_closed_at(), "2026-04-02 10:00");
  set_follow_ups(a4, {{v1::ACKNOWLEDGE, 1}, {v1::CANCEL, 1}});
  cases.push_back(a4);

  // A5: active, overdue: bg has not acknowledged.
  v1::AlertCase a5 =
      make_case("QN-2026-00001", v1::ANIMAL_DISEASE, "quang-ninh", "quang-ninh/cnty", v1::EXTREME,
                "2026-05-20 08:00", v1::ALERT_ACTIVE, "Cúm gia cầm A/H5N1 tại Đông Triều");
  a5.set_overdue(true);
  r = add_receiver(a5, "bac-giang", v1::RECEIVER_PENDING);
  r->set_overdue(true);
  set_time(r->mutable_acknowledge_due(), "2026-05-21 08:00");
  r = add_receiver(a5, "hai-duong", v1::RECEIVER_ACKNOWLEDGED);
  acknowledged(r, "2026-05-20 20:00", "hai-duong/cnty");
  set_follow_ups(a5, {{v1::ACKNOWLEDGE, 1}});
  cases.push_back(a5);

  // A6: expired danger-level warning.
  v1::AlertCase a6 =
      make_case("QN-2026-00002", v1::FOREST_FIRE, "quang-ninh", "quang-ninh/kiem-lam", v1::MODERATE,
                "2026-04-15 10:00", v1::ALERT_EXPIRED, "Cấp dự báo cháy rừng cấp IV, Uông Bí");
  r = add_receiver(a6, "bac-giang", v1::RECEIVER_ACKNOWLEDGED);
  acknowledged(r, "2026-04-15 10:20", "bac-giang/kiem-lam");
  r = add_receiver(a6, "hai-duong", v1::RECEIVER_DELIVERED);
  set_time(r->mutable_delivered_at(), "2026-04-15 10:01");
  set_follow_ups(a6, {{v1::ACKNOWLEDGE, 1}});
  cases.push_back(a6);

  // A7: stable food alert with the awkward title.
  v1::AlertCase a7 = make_case("BG-2026-00003", v1::UNSAFE_FOOD, "bac-giang", "bac-giang/qlcl",
                               v1::MINOR, "2026-06-01 08:00", v1::ALERT_STABLE, kQuotedTitle);
  r = add_receiver(a7, "hai-duong", v1::RECEIVER_ACTION_TAKEN);
  acknowledged(r, "2026-06-01 08:45", "hai-duong/qlcl");
  action_taken(r, "2026-06-01 10:00", "hai-duong/qlcl");
  r = add_receiver(a7, "quang-ninh", v1::RECEIVER_ACKNOWLEDGED);
  acknowledged(r, "2026-06-01 09:00", "quang-ninh/qlcl");
  set_follow_ups(a7, {{v1::ACKNOWLEDGE, 2}, {v1::MEASURES_TAKEN, 1}, {v1::ADDITIONAL_INFO, 1}});
  cases.push_back(a7);

  // A8: outside the period by one minute (1 July 00:00 is the first instant of H2).
  v1::AlertCase a8 = make_case("BG-2026-00090", v1::ANIMAL_DISEASE, "bac-giang", "bac-giang/cnty",
                               v1::SEVERE, "2026-07-01 00:00", v1::ALERT_ACTIVE, "Ngoài kỳ: sau");
  set_follow_ups(a8, {{v1::ACKNOWLEDGE, 5}});
  cases.push_back(a8);

  // A9: an exercise, in the period.
  v1::AlertCase a9 =
      make_case("BG-2026-00004", v1::FOREST_FIRE, "bac-giang", "bac-giang/kiem-lam", v1::SEVERE,
                "2026-03-01 08:00", v1::ALERT_RESOLVED, "Diễn tập chữa cháy rừng Lục Nam");
  a9.set_status(v1::EXERCISE);
  set_follow_ups(a9, {{v1::ACKNOWLEDGE, 5}});
  cases.push_back(a9);

  // A10: withdrawn at the last minute of the period; nobody held it.
  v1::AlertCase a10 =
      make_case("HD-2026-00003", v1::CROP_PEST, "hai-duong", "hai-duong/bvtv", v1::MODERATE,
                "2026-06-30 23:59", v1::ALERT_WITHDRAWN, "Rầy nâu trên lúa tại Thanh Hà");
  add_receiver(a10, "bac-giang", v1::RECEIVER_CLOSED);
  add_receiver(a10, "quang-ninh", v1::RECEIVER_CLOSED);
  set_follow_ups(a10, {{v1::WITHDRAW, 1}});
  cases.push_back(a10);

  // A11: outside the period, one second before it.
  v1::AlertCase a11 =
      make_case("BG-2025-00099", v1::ANIMAL_DISEASE, "bac-giang", "bac-giang/cnty", v1::SEVERE,
                "2025-12-31T23:59:59", v1::ALERT_RESOLVED, "Ngoài kỳ: trước");
  cases.push_back(a11);

  // A12: a second CNTY alert of Bắc Giang, new outbreak reported.
  v1::AlertCase a12 =
      make_case("BG-2026-00005", v1::ANIMAL_DISEASE, "bac-giang", "bac-giang/cnty", v1::SEVERE,
                "2026-02-20 08:00", v1::ALERT_ACTIVE, "Lở mồm long móng tại Sơn Động");
  r = add_receiver(a12, "hai-duong", v1::RECEIVER_ACKNOWLEDGED);
  acknowledged(r, "2026-02-20 08:10", "hai-duong/cnty");
  r = add_receiver(a12, "quang-ninh", v1::RECEIVER_ACKNOWLEDGED);
  acknowledged(r, "2026-02-20 09:00", "quang-ninh/cnty");
  set_follow_ups(a12, {{v1::ACKNOWLEDGE, 2}, {v1::NEW_OUTBREAK, 1}});
  cases.push_back(a12);

  return cases;
}

}  // namespace alertbus::testing
