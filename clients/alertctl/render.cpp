#include "alertctl/render.hpp"

#include <google/protobuf/util/json_util.h>

#include "alertbus/protocol/codec.hpp"
#include "alertbus/protocol/reference.hpp"
#include "alertbus/protocol/utf8.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/body_render.hpp"
#include "alertctl/event_summary.hpp"
#include "alertctl/names.hpp"
#include "alertctl/printable.hpp"

namespace alertbus::alertctl {
namespace {

constexpr const char* kSeparator = " · ";

// "Label:" padded to a common width, counted in characters, not bytes (Vietnamese labels
// have many multi-byte letters).
std::string labelled(const Text& label, const std::string& value, Language language) {
  std::string line = std::string(tr(label, language)) + ": ";
  std::size_t width = protocol::utf8_length(line);
  while (width++ < 24) {
    line += ' ';
  }
  return line + value + "\n";
}

std::string areas_text(const v1::Event& event) {
  std::string text;
  for (const v1::Area& area : event.areas()) {
    if (!text.empty()) {
      text += ", ";
    }
    text += area.name().empty() ? area.code() : area.name();
  }
  return text;
}

std::string areas_detail(const v1::Event& event) {
  std::string text;
  for (const v1::Area& area : event.areas()) {
    if (!text.empty()) {
      text += "; ";
    }
    text += area.name() + " (" + area.code() + (area.scheme().empty() ? "" : ", " + area.scheme()) +
            ")";
  }
  return text;
}

std::string status_marker(v1::MessageStatus status, Language language) {
  if (status == v1::ACTUAL || status == v1::MESSAGE_STATUS_UNSPECIFIED) {
    return {};
  }
  // Exercises and tests must never be mistaken for real alerts.
  return "[" + label(Vocabulary::kStatus, status, language) + "] ";
}

}  // namespace

nlohmann::ordered_json message_json(const google::protobuf::Message& message, bool all_fields) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.always_print_primitive_fields = all_fields;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options).ok()) {
    return nlohmann::ordered_json::object();
  }
  return nlohmann::ordered_json::parse(json, nullptr, false);
}

nlohmann::ordered_json stored_event_json(const v1::StoredEvent& stored) {
  v1::StoredEvent metadata = stored;
  metadata.clear_event();
  nlohmann::ordered_json json = message_json(metadata);
  StatusOr<v1::Event> event = protocol::decode_event(stored.event());
  if (event.ok()) {
    json["event"] = message_json(*event);
  } else {
    json["event_unreadable"] = true;
  }
  return json;
}

std::string followed_alert(const v1::StoredEvent& stored, const v1::Event& event) {
  // A follow-up's reference names its alert's ("BG-2026-00042/HD-2"); one numbered by an
  // older broker does not, and its alert is named by id.
  const std::string_view alert = protocol::alert_reference_of(stored.reference());
  return alert.empty() ? event.follow_up().alert_event_id() : std::string(alert);
}

std::string event_line(const v1::StoredEvent& received, Language language, const Names& names) {
  const v1::StoredEvent stored = printable_copy(received);
  StatusOr<v1::Event> decoded = protocol::decode_event(stored.event());
  if (decoded.ok()) {
    make_printable(&decoded.value());
  }
  const v1::Event empty;
  const v1::Event& event = decoded.ok() ? *decoded : empty;
  const std::string time = event.has_sent_at()
                               ? protocol::format_vietnam_time(event.sent_at())
                               : protocol::format_vietnam_time(stored.received_at());
  std::string line = time + "  " + (stored.reference().empty() ? "-" : stored.reference()) + "  #" +
                     std::to_string(stored.seq()) + "  " + status_marker(event.status(), language) +
                     kind_label(stored.kind(), language) + kSeparator +
                     type_label(stored.type(), language);
  if (!decoded.ok()) {
    return line + kSeparator + tr(msg::kUnreadableEvent, language);
  }
  if (event.severity() != v1::SEVERITY_UNSPECIFIED) {
    line += kSeparator + severity_label(event.severity(), language);
  }
  if (!event.title().empty()) {
    line += kSeparator + event.title();
  }
  if (event.has_follow_up()) {
    line += kSeparator + std::string("→ ") + followed_alert(stored, event);
    const std::string summary = body_summary(event, language);
    if (!summary.empty()) {
      line += kSeparator + summary;
    }
  }
  const std::string areas = areas_text(event);
  if (!areas.empty()) {
    line += kSeparator + areas;
  }
  return line + kSeparator + names.unit(event.sender_unit());
}

std::string event_detail(const v1::StoredEvent& received, Language lang) {
  const v1::StoredEvent stored = printable_copy(received);
  // An event not stored yet (post --interactive's summary) has no reference, origin or seq.
  const bool is_stored = stored.seq() != 0;
  std::string text = is_stored ? labelled(msg::kReference, stored.reference(), lang) : "";
  text += labelled(msg::kKind,
                   kind_label(stored.kind(), lang) + " — " + type_label(stored.type(), lang), lang);
  StatusOr<v1::Event> decoded = protocol::decode_event(stored.event());
  if (decoded.ok()) {
    make_printable(&decoded.value());
    const v1::Event& event = *decoded;
    if (!event.title().empty()) {
      text += labelled(msg::kTitle, event.title(), lang);
    }
    if (event.has_follow_up()) {
      text += labelled(msg::kFollows, followed_alert(stored, event), lang);
    }
    if (event.severity() != v1::SEVERITY_UNSPECIFIED) {
      text += labelled(msg::kSeverity, severity_label(event.severity(), lang), lang);
    }
    if (event.urgency() != v1::URGENCY_UNSPECIFIED) {
      text += labelled(msg::kUrgency, label(Vocabulary::kUrgency, event.urgency(), lang), lang);
    }
    if (event.certainty() != v1::CERTAINTY_UNSPECIFIED) {
      text +=
          labelled(msg::kCertainty, label(Vocabulary::kCertainty, event.certainty(), lang), lang);
    }
    text += labelled(msg::kMessageStatus, label(Vocabulary::kStatus, event.status(), lang), lang);
    if (event.areas_size() > 0) {
      text += labelled(msg::kAreas, areas_detail(event), lang);
    }
    text += labelled(msg::kSender, event.sender_unit(), lang);
    text += labelled(msg::kSentAt, protocol::format_vietnam_time(event.sent_at()), lang);
    if (!event.description().empty()) {
      text += labelled(msg::kDescription, event.description(), lang);
    }
    if (!event.contact().empty()) {
      text += labelled(msg::kContact, event.contact(), lang);
    }
    // Every field of the body or the follow-up's details, as an indented block.
    text += body_detail(event, lang);
  } else {
    text += std::string(tr(msg::kUnreadableEvent, lang)) + "\n";
  }
  if (is_stored) {
    text += labelled(msg::kOrigin,
                     stored.origin().node() + " #" + std::to_string(stored.origin().seq()), lang);
    text += labelled(msg::kStoredAt,
                     protocol::format_vietnam_time(stored.received_at()) + " (#" +
                         std::to_string(stored.seq()) + ")",
                     lang);
  }
  if (stored.path_size() > 1) {
    std::string path;
    for (const std::string& node : stored.path()) {
      path += (path.empty() ? "" : " → ") + node;
    }
    text += labelled(msg::kPath, path, lang);
  } else if (!stored.via().empty()) {
    text += labelled(msg::kVia, stored.via(), lang);
  }
  text += labelled(msg::kEventId, stored.event_id(), lang);
  return text;
}

std::string publish_ack_text(const v1::PublishAck& received, Language language) {
  const v1::PublishAck ack = printable_copy(received);
  return labelled(msg::kReference, ack.reference(), language) +
         labelled(msg::kSeq, std::to_string(ack.seq()), language) +
         labelled(msg::kEventId, ack.event_id(), language);
}

std::string status_text(const v1::StatusReply& received, Language lang) {
  const v1::StatusReply reply = printable_copy(received);
  std::string node = reply.node_id();
  if (!reply.node_name().empty()) {
    node += " (" + reply.node_name() + ")";
  }
  // The log epoch is for operators (--json); officers see the links at a glance.
  std::size_t connected = 0;
  for (const v1::PeerLinkStatus& peer : reply.peers()) {
    connected += peer.connected() ? 1U : 0U;
  }
  const std::string links = reply.peers().empty() ? std::string(tr(msg::kNoLinks, lang))
                                                  : std::to_string(connected) + "/" +
                                                        std::to_string(reply.peers_size()) + " " +
                                                        tr(msg::kLinksConnected, lang);
  // Counted once the case records reach the head the node started with.
  const std::string updating = reply.projected_seq() < reply.head_seq()
                                   ? std::string(" (") + tr(msg::kCaseRecordsUpdating, lang) + ")"
                                   : std::string();
  return labelled(msg::kNode, node, lang) + labelled(msg::kLinks, links, lang) +
         labelled(msg::kHeadSeq, std::to_string(reply.head_seq()), lang) +
         labelled(msg::kEventCount, std::to_string(reply.event_count()), lang) +
         labelled(msg::kClients, std::to_string(reply.connected_clients()), lang) +
         labelled(msg::kSubscriptions, std::to_string(reply.subscriptions()), lang) +
         labelled(msg::kVersion, reply.version(), lang) +
         labelled(msg::kStartedAt, protocol::format_vietnam_time(reply.started_at()), lang) +
         (reply.casework_off()
              ? labelled(msg::kCaseRecords, tr(msg::kCaseworkOff, lang), lang)
              : labelled(msg::kCaseRecords,
                         std::to_string(reply.projected_seq()) + " / " +
                             std::to_string(reply.head_seq()),
                         lang) +
                    labelled(msg::kCasesOpen, std::to_string(reply.cases_open()) + updating, lang) +
                    labelled(msg::kCasesOverdue, std::to_string(reply.cases_overdue()) + updating,
                             lang));
}

std::string peers_text(const v1::StatusReply& received, Language lang) {
  const v1::StatusReply reply = printable_copy(received);
  if (reply.peers().empty()) {
    return std::string(tr(msg::kNoPeers, lang)) + "\n";
  }
  std::string text;
  for (const v1::PeerLinkStatus& peer : reply.peers()) {
    if (!text.empty()) {
      text += "\n";
    }
    std::string title = peer.peer_id();
    if (!peer.peer_name().empty() && peer.peer_name() != peer.peer_id()) {
      title += " (" + peer.peer_name() +
               (peer.peer_province_code().empty() ? "" : ", " + peer.peer_province_code()) + ")";
    }
    text += title + " — " +
            tr(peer.connected() ? msg::kLinkConnected : msg::kLinkDisconnected, lang) + "\n";
    text += labelled(msg::kLinkEndpoint, peer.endpoint(), lang);
    text += labelled(
        msg::kLinkPosition,
        "#" + std::to_string(peer.cursor_seq()) + " / #" + std::to_string(peer.peer_head_seq()),
        lang);
    const std::string lag =
        peer.lag_events() == 0 && peer.lag_seconds() == 0
            ? std::string(tr(msg::kLinkCaughtUp, lang))
            : std::to_string(peer.lag_events()) + " " + tr(msg::kLinkEvents, lang) + ", " +
                  std::to_string(peer.lag_seconds()) + " " + tr(msg::kLinkSeconds, lang);
    text += labelled(msg::kLinkLag, lag, lang);
    text += labelled(msg::kLastContact,
                     peer.has_last_contact() ? protocol::format_vietnam_time(peer.last_contact())
                                             : std::string(tr(msg::kNever, lang)),
                     lang);
    text += labelled(msg::kLinkCounters,
                     std::to_string(peer.events_stored()) + "/" +
                         std::to_string(peer.events_duplicate()) + "/" +
                         std::to_string(peer.events_refused()),
                     lang);
    if (!peer.last_error().empty()) {
      const std::string& message = lang == Language::kVi && !peer.last_error_vi().empty()
                                       ? peer.last_error_vi()
                                       : peer.last_error();
      text += labelled(msg::kLastError,
                       message + " (" + protocol::format_vietnam_time(peer.last_error_at()) + ")",
                       lang);
    }
  }
  return text;
}

}  // namespace alertbus::alertctl
