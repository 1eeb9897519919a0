// The Atom feed of CAP alerts (cap.hpp, to_atom_feed): RFC 4287 with each alert's CAP
// document inline.
#include <algorithm>

#include <google/protobuf/util/time_util.h>

#include "alertbus/client/cap.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertbus/protocol/vocabulary.hpp"
#include "cap_xml.hpp"

namespace alertbus::client {

using google::protobuf::util::TimeUtil;
using namespace cap;  // cap_xml.hpp: the XML writers.

namespace {

// The mark an entry's title carries for a case no longer in force, in both languages (a
// reader of the feed may not know which alerts were called off).
std::string state_mark(v1::AlertState state) {
  switch (state) {
    case v1::ALERT_CANCELLED:
      return "[ĐÃ HỦY / CANCELLED] ";
    case v1::ALERT_WITHDRAWN:
      return "[ĐÃ THU HỒI / WITHDRAWN] ";
    case v1::ALERT_RESOLVED:
      return "[ĐÃ KẾT THÚC / CLOSED] ";
    case v1::ALERT_EXPIRED:
      return "[HẾT HIỆU LỰC / EXPIRED] ";
    default:
      return "";
  }
}

// When the entry last changed: its sending, or its case's last change of state.
google::protobuf::Timestamp entry_updated(const CapEntry& entry) {
  google::protobuf::Timestamp updated = entry.event.sent_at();
  if (entry.alert_case && entry.alert_case->has_state_changed_at() &&
      TimeUtil::TimestampToMilliseconds(entry.alert_case->state_changed_at()) >
          TimeUtil::TimestampToMilliseconds(updated)) {
    updated = entry.alert_case->state_changed_at();
  }
  return updated;
}

}  // namespace

std::string to_atom_feed(const std::vector<CapEntry>& entries, const AtomFeedOptions& options) {
  std::vector<const CapEntry*> shown;
  for (const CapEntry& entry : entries) {
    if (entry.event.status() == v1::ACTUAL && entry.event.type() == v1::ALERT) {
      shown.push_back(&entry);
    }
  }
  std::sort(shown.begin(), shown.end(), [](const CapEntry* a, const CapEntry* b) {
    const auto& ta = a->event.sent_at();
    const auto& tb = b->event.sent_at();
    if (ta.seconds() != tb.seconds()) {
      return ta.seconds() > tb.seconds();
    }
    if (ta.nanos() != tb.nanos()) {
      return ta.nanos() > tb.nanos();
    }
    return a->event.event_id() > b->event.event_id();
  });
  std::int64_t updated_ms = options.updated_unix_ms;
  if (updated_ms == 0) {
    updated_ms = shown.empty() ? TimeUtil::TimestampToMilliseconds(TimeUtil::GetCurrentTime())
                               : TimeUtil::TimestampToMilliseconds(shown[0]->event.sent_at());
  }

  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  out += "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n";
  element(out, 1, "id", options.feed_id);
  element(out, 1, "title", options.title);
  element(out, 1, "updated", protocol::format_vietnam_rfc3339(updated_ms / 1000));
  element(out, 1, "generator", "alertbus");
  if (!options.self_url.empty()) {
    out += "  <link rel=\"self\" type=\"application/atom+xml\" href=\"" + escape(options.self_url) +
           "\"/>\n";
  }
  for (const CapEntry* entry : shown) {
    const v1::Event& event = entry->event;
    open_tag(out, 1, "entry");
    element(out, 2, "id", "urn:uuid:" + event.event_id());
    const v1::AlertState state =
        entry->alert_case ? entry->alert_case->state() : v1::ALERT_STATE_UNSPECIFIED;
    element(out, 2, "title", state_mark(state) + event.title());
    element(out, 2, "updated", cap_date_time(entry_updated(*entry)));
    open_tag(out, 2, "author");
    element(out, 3, "name", event.sender_unit());
    close_tag(out, 2, "author");
    out += "    <category term=\"" + escape(v1::AlertKind_Name(event.kind())) + "\" label=\"" +
           escape(kind_name_vi(event.kind())) + "\"/>\n";
    if (state != v1::ALERT_STATE_UNSPECIFIED) {
      // The case's state, in a scheme of its own: a reader may filter on it.
      out += "    <category scheme=\"urn:alertbus:state\" term=\"" +
             escape(v1::AlertState_Name(state)) + "\" label=\"" +
             escape(protocol::term_name(protocol::Vocabulary::kAlertState, state, true)) + "\"/>\n";
    }
    element(out, 2, "summary", event.description().empty() ? event.title() : event.description());
    // The CAP document inline (RFC 4287 4.1.3.3: an XML media type is carried as a child
    // element): the feed is a file, read without a server to follow a link to.
    out += "    <content type=\"application/cap+xml\">\n";
    write_alert(out, 3, entry->stored, event, {});
    out += "    </content>\n";
    close_tag(out, 1, "entry");
  }
  out += "</feed>\n";
  return out;
}

}  // namespace alertbus::client
