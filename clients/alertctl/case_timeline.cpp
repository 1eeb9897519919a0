#include "alertctl/case_timeline.hpp"

#include "alertbus/protocol/codec.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/event_summary.hpp"
#include "alertctl/names.hpp"
#include "alertctl/printable.hpp"

namespace alertbus::alertctl {
namespace {

constexpr Text kTimeline{"Diễn biến", "Timeline"};
constexpr Text kStoredBy{"đã lưu tại", "stored at"};
constexpr Text kUnreadable{"(không đọc được nội dung)", "(unreadable)"};

// What the event says, on one line: a follow-up's text (or its body's summary), an alert's
// title, a receipt's node.
std::string what_it_says(const v1::StoredEvent& stored, const v1::Event& event, Language language,
                         const Names& names) {
  if (event.type() == v1::RECEIPT) {
    return std::string(tr(kStoredBy, language)) + " " + names.node(stored.origin().node());
  }
  if (event.type() == v1::ALERT) {
    return event.title();
  }
  const std::string summary = body_summary(event, language);
  return summary.empty() ? event.follow_up().text() : summary;
}

}  // namespace

std::string case_timeline(const std::vector<v1::StoredEvent>& events, Language language,
                          const Names& names) {
  std::string text = std::string(tr(kTimeline, language)) + ":\n";
  for (const v1::StoredEvent& received : events) {
    const v1::StoredEvent stored = printable_copy(received);
    StatusOr<v1::Event> decoded = protocol::decode_event(stored.event());
    if (!decoded.ok()) {
      text += "  #" + std::to_string(stored.seq()) + "  " + tr(kUnreadable, language) + "\n";
      continue;
    }
    make_printable(&decoded.value());
    const v1::Event& event = *decoded;
    const google::protobuf::Timestamp& at =
        event.has_sent_at() ? event.sent_at() : stored.received_at();
    std::string line = "  " + protocol::format_vietnam_time(at) + "  " +
                       (stored.reference().empty() ? std::string("—") : stored.reference()) + "  " +
                       type_label(stored.type(), language);
    if (stored.type() != v1::RECEIPT) {
      line += " · " + names.unit(event.sender_unit());
    }
    const std::string says = what_it_says(stored, event, language, names);
    if (!says.empty()) {
      line += ": " + says;
    }
    text += line + "\n";
  }
  return text;
}

nlohmann::ordered_json case_timeline_json(const std::vector<v1::StoredEvent>& events) {
  nlohmann::ordered_json list = nlohmann::ordered_json::array();
  for (const v1::StoredEvent& stored : events) {
    StatusOr<v1::Event> decoded = protocol::decode_event(stored.event());
    nlohmann::ordered_json entry{{"seq", stored.seq()},
                                 {"reference", stored.reference()},
                                 {"type", v1::EventType_Name(stored.type())},
                                 {"origin", stored.origin().node()}};
    if (decoded.ok()) {
      entry["sent_at"] = protocol::format_vietnam_time(decoded->sent_at());
      entry["sender_unit"] = decoded->sender_unit();
      entry["text"] = what_it_says(stored, *decoded, Language::kVi, Names());
    }
    list.push_back(std::move(entry));
  }
  return list;
}

}  // namespace alertbus::alertctl
