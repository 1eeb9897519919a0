// External notices (EXTERNAL) have a case like any alert (receivers, acknowledgements) but
// no acknowledgement deadline and no periodic follow-up: they never become overdue.
#include <catch2/catch.hpp>

#include "alertbus/protocol/casework.hpp"
#include "support/sample_events.hpp"

namespace alertbus {
namespace {

using protocol::CaseContext;
using protocol::CaseEvent;

constexpr std::int64_t kHour = 3600LL * 1000;
constexpr std::int64_t kT0 = 1'780'000'000'000;  // 2026-05-28, the notice's sent_at.

void at(std::int64_t ms, google::protobuf::Timestamp* time) {
  time->set_seconds(ms / 1000);
  time->set_nanos(static_cast<int>(ms % 1000) * 1000000);
}

TEST_CASE("An external notice is never overdue, for any severity", "[casework]") {
  const protocol::Deadlines deadlines = protocol::Deadlines::defaults();
  for (const v1::Severity severity : {v1::MINOR, v1::MODERATE, v1::SEVERE, v1::EXTREME}) {
    CHECK(deadlines.acknowledge_ms(v1::EXTERNAL, severity) == 0);
  }
  CHECK(deadlines.follow_up_ms(v1::EXTERNAL) == 0);

  v1::Event notice = testing::sample_external();  // bac-ninh/cnty.
  notice.set_severity(v1::EXTREME);
  at(kT0, notice.mutable_sent_at());
  at(kT0 + 365 * 24 * kHour, notice.mutable_expires());
  std::vector<CaseEvent> events{CaseEvent{notice, "BN-2026-00012", "bac-ninh"}};
  CaseContext context;
  context.nodes = {"bac-ninh", "hai-phong", "quang-ninh"};
  context.now_ms = kT0 + 60 * 24 * kHour;
  v1::AlertCase alert_case = protocol::compute_case(events, context);
  CHECK(alert_case.state() == v1::ALERT_ACTIVE);
  CHECK(alert_case.receivers_size() == 2);
  CHECK_FALSE(alert_case.overdue());
  for (const v1::ReceiverCase& receiver : alert_case.receivers()) {
    CHECK_FALSE(receiver.overdue());
    CHECK_FALSE(receiver.has_acknowledge_due());
  }

  // Receivers still acknowledge it.
  v1::Event ack = testing::sample_follow_up(notice, v1::ACKNOWLEDGE);
  ack.set_sender_unit("hai-phong/cnty");
  at(kT0 + kHour, ack.mutable_sent_at());
  events.push_back(CaseEvent{ack, "", "hai-phong"});
  alert_case = protocol::compute_case(events, context);
  for (const v1::ReceiverCase& receiver : alert_case.receivers()) {
    CHECK(receiver.state() ==
          (receiver.node() == "hai-phong" ? v1::RECEIVER_ACKNOWLEDGED : v1::RECEIVER_PENDING));
  }
  CHECK_FALSE(alert_case.overdue());
}

}  // namespace
}  // namespace alertbus
