// The timeline of an alert's page (timeline.hpp).
#include "dashboard/view/timeline.hpp"

#include <algorithm>
#include <string>

#include <google/protobuf/util/time_util.h>

#include "alertbus/protocol/casework.hpp"
#include "alertctl/names.hpp"

namespace alertbus::dashboard {
namespace {

const alertctl::Text kAnswers{"Trả lời yêu cầu của", "Answers the request of"};

struct Parsed {
  const v1::StoredEvent* stored;
  protocol::CaseEvent entry;
};

std::string origin_of(const v1::StoredEvent& stored, const v1::Event& event) {
  if (!stored.origin().node().empty()) {
    return stored.origin().node();
  }
  if (!stored.path().empty()) {
    return stored.path(0);
  }
  return protocol::node_of_unit(event.sender_unit());
}

std::int64_t stored_ms(const v1::StoredEvent& stored) {
  using google::protobuf::util::TimeUtil;
  std::int64_t earliest = 0;
  if (stored.origin().has_stored_at()) {
    earliest = TimeUtil::TimestampToMilliseconds(stored.origin().stored_at());
  }
  if (stored.has_received_at()) {
    const std::int64_t here = TimeUtil::TimestampToMilliseconds(stored.received_at());
    earliest = earliest == 0 ? here : std::min(earliest, here);
  }
  return earliest;
}

// The request a follow-up answers, by its unit and time ("Chi cục … Hải Dương, 05/12/2026
// 14:30"); empty when the case does not hold it.
std::string request_words(const std::vector<Parsed>& events, const std::string& event_id,
                          const alertctl::Names& names, Language language) {
  for (const Parsed& parsed : events) {
    if (parsed.entry.event.event_id() == event_id) {
      const v1::Event& request = parsed.entry.event;
      return names.unit(request.sender_unit()) + ", " +
             vietnam_text(request.sent_at(), request.has_sent_at(), language);
    }
  }
  return {};
}

json detail_rows(const v1::FollowUp& follow_up, const std::vector<Parsed>& events,
                 const alertctl::Names& names, Language language) {
  // The details without the ids and the text (shown apart); nodes by their names.
  v1::FollowUp shown = follow_up;
  shown.clear_alert_event_id();
  shown.clear_answers_event_id();
  shown.clear_text();
  shown.clear_receipts();
  shown.clear_receipts_through_seq();
  for (std::string& node : *shown.mutable_overdue_nodes()) {
    node = names.node(node);
  }
  json rows = rows_of(alertctl::body_lines(shown, language, /*page_style=*/true));
  if (!follow_up.answers_event_id().empty()) {
    const std::string request =
        request_words(events, follow_up.answers_event_id(), names, language);
    if (!request.empty()) {
      rows.push_back(row(tr(kAnswers, language), request));
    }
  }
  return rows;
}

}  // namespace

json timeline(const std::vector<v1::StoredEvent>& case_events, const alertctl::Names& names,
              Language language) {
  std::vector<Parsed> events;
  for (const v1::StoredEvent& stored : case_events) {
    Parsed parsed{&stored, {}};
    if (!parsed.entry.event.ParseFromString(stored.event())) {
      continue;
    }
    parsed.entry.reference = stored.reference();
    parsed.entry.origin_node = origin_of(stored, parsed.entry.event);
    parsed.entry.stored_ms = stored_ms(stored);
    events.push_back(std::move(parsed));
  }
  std::sort(events.begin(), events.end(), [](const Parsed& a, const Parsed& b) {
    return protocol::case_order(a.entry) < protocol::case_order(b.entry);
  });

  // Replays the case as the casework does, to tell which follow-ups it applied.
  v1::AlertCase running;
  const bool has_alert = !events.empty() && events.front().entry.event.type() == v1::ALERT;
  json entries = json::array();
  for (const Parsed& parsed : events) {
    const v1::Event& event = parsed.entry.event;
    if (event.type() == v1::ALERT) {
      protocol::extend_case(&running, parsed.entry);
      continue;
    }
    const bool notice = event.type() == v1::RECEIPT || event.type() == v1::OVERDUE;
    const bool applied = !has_alert || notice || protocol::check_transition(running, event).ok();
    if (has_alert) {
      protocol::extend_case(&running, parsed.entry);
    }
    if (event.type() == v1::RECEIPT) {
      continue;
    }
    entries.push_back(json{
        {"reference", parsed.stored->reference()},
        {"type", named(protocol::Vocabulary::kType, event.type(), language)},
        {"sent_at", iso_time(event.sent_at(), event.has_sent_at())},
        {"sent_text", vietnam_text(event.sent_at(), event.has_sent_at(), language)},
        {"unit", unit_ref(event.sender_unit(), names)},
        {"node", node_ref(parsed.entry.origin_node, names)},
        {"officer", event.contact()},
        {"text", event.follow_up().text()},
        {"rows", detail_rows(event.follow_up(), events, names, language)},
        {"applied", applied},
    });
  }
  return entries;
}

}  // namespace alertbus::dashboard
