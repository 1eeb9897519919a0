#include "store/event_facts.hpp"

#include "alertbus/protocol/areas.hpp"

namespace alertbus::broker {

std::string area_codes_of(const google::protobuf::RepeatedPtrField<v1::Area>& areas) {
  std::string codes = " ";
  for (const v1::Area& area : areas) {
    codes += protocol::area_key(area.scheme(), area.code());
    codes += ' ';
  }
  return codes;
}

EventFacts facts_of(const v1::Event& event) {
  EventFacts facts;
  facts.kind = event.kind();
  facts.type = event.type();
  facts.severity = event.severity();
  if (event.has_follow_up()) {
    facts.alert_event_id = event.follow_up().alert_event_id();
    facts.stable = event.follow_up().stable();
    if (event.type() == v1::RECLASSIFY &&
        event.follow_up().new_severity() != v1::SEVERITY_UNSPECIFIED) {
      facts.severity = event.follow_up().new_severity();
    }
  }
  facts.area_codes = area_codes_of(event.areas());
  facts.sender_unit = event.sender_unit();
  facts.sent_at_ms = to_unix_ms(event.sent_at());
  return facts;
}

}  // namespace alertbus::broker
