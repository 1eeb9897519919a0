// CAP 1.2 and Atom writers (cap.hpp). The reader is cap_import.cpp.
//
// XML is written by hand, element by element in the schema's order, with every text escaped
// by escape(): the documents are small and their shape fixed, and a writer library would add
// a dependency without removing any of the decisions made here.
#include "alertbus/client/cap.hpp"

#include <algorithm>
#include <charconv>
#include <string>
#include <vector>

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/time_util.h>

#include "alertbus/protocol/vietnam_time.hpp"
#include "alertbus/protocol/vocabulary.hpp"
#include "cap_words.hpp"

namespace alertbus::client {
namespace {

using google::protobuf::Message;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

// Whether the UTF-8 at text[at] is U+FFFE or U+FFFF (EF BF BE, EF BF BF).
bool is_xml_noncharacter(std::string_view text, std::size_t at) {
  return text.substr(at, 2) == "\xEF\xBF" && at + 2 < text.size() &&
         (text[at + 2] == '\xBE' || text[at + 2] == '\xBF');
}

// Text content or attribute value. Characters XML 1.0 cannot carry at all become U+FFFD: C0
// controls other than tab, LF and CR, and the noncharacters U+FFFE and U+FFFF (valid UTF-8,
// so validation lets them through, but no XML parser accepts them, not even as references).
// CR is written as a reference so that parsing does not normalise it away.
std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
          out += kReplacementCharacter;
        } else if (is_xml_noncharacter(text, i)) {
          out += kReplacementCharacter;
          i += 2;
        } else {
          out += c;
        }
    }
  }
  return out;
}

// The shortest text that reads back as the same double.
std::string number(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

void element(std::string& out, int depth, std::string_view name, std::string_view text) {
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += '<';
  out += name;
  out += '>';
  out += escape(text);
  out += "</";
  out += name;
  out += ">\n";
}

void open_tag(std::string& out, int depth, std::string_view name) {
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += '<';
  out += name;
  out += ">\n";
}

void close_tag(std::string& out, int depth, std::string_view name) {
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += "</";
  out += name;
  out += ">\n";
}

// <parameter> or <eventCode>: a valueName/value pair.
void name_value(std::string& out, int depth, std::string_view name, std::string_view value_name,
                std::string_view value) {
  open_tag(out, depth, name);
  element(out, depth + 1, "valueName", value_name);
  element(out, depth + 1, "value", value);
  close_tag(out, depth, name);
}

std::string json(const Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string text;
  // Printing a well-formed message cannot fail; an empty body is the worst outcome.
  (void)google::protobuf::util::MessageToJsonString(message, &text, options);
  // The printer leaves U+FFFE and U+FFFF as they are, which escape() would have to replace;
  // as JSON escapes (they can only be inside strings) they survive the round trip exactly.
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_xml_noncharacter(text, i)) {
      out += text[i + 2] == '\xBE' ? "\\ufffe" : "\\uffff";
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

const char* roman(std::uint32_t level) {
  static const char* const kNumerals[] = {"", "I", "II", "III", "IV", "V"};
  return level <= 5 ? kNumerals[level] : "";
}

// The Vietnamese names of the vocabulary (alertbus/protocol/vocabulary.hpp), with a plain
// "Cảnh báo" (alert) for a kind or type this version does not know.
std::string kind_name_vi(v1::AlertKind kind) {
  const protocol::Term* term = protocol::find_term(protocol::Vocabulary::kKind, kind);
  return term != nullptr ? std::string(term->vi) : "Cảnh báo";
}

std::string type_name_vi(v1::EventType type) {
  const protocol::Term* term = protocol::find_term(protocol::Vocabulary::kType, type);
  return term != nullptr ? std::string(term->vi) : "Cảnh báo";
}

// CAP <event>: what happened, in Vietnamese, from the typed body.
std::string event_name(const v1::Event& event) {
  switch (event.body_case()) {
    case v1::Event::kAnimalDisease: {
      const auto& body = event.animal_disease();
      return body.disease().empty() ? kind_name_vi(event.kind()) : body.disease();
    }
    case v1::Event::kCropPest: {
      const auto& body = event.crop_pest();
      std::string name = !body.pest_name().empty()              ? body.pest_name()
                         : !body.pest_scientific_name().empty() ? body.pest_scientific_name()
                                                                : kind_name_vi(event.kind());
      return body.crop().empty() ? name : name + " hại " + body.crop();
    }
    case v1::Event::kForestFire:
      switch (event.forest_fire().subtype()) {
        case v1::ForestFireAlert::DANGER_LEVEL:
          return std::string("Cảnh báo cháy rừng cấp ") +
                 roman(event.forest_fire().danger().level());
        case v1::ForestFireAlert::HOTSPOT:
          return "Điểm cháy rừng (điểm nóng vệ tinh)";
        case v1::ForestFireAlert::FIRE_OUT:
          return "Đã dập tắt cháy rừng";
        default:
          return kind_name_vi(event.kind());
      }
    case v1::Event::kUnsafeFood: {
      const auto& body = event.unsafe_food();
      std::string name = kind_name_vi(event.kind());
      if (!body.product().name().empty()) {
        name += ": " + body.product().name();
      }
      if (body.hazards_size() > 0) {
        name += " (" + body.hazards(0).name() + ")";
      }
      return name;
    }
    default:
      return kind_name_vi(event.kind()) + " — " + type_name_vi(event.type());
  }
}

// CAP <responseType>, where one is meaningful; empty otherwise.
std::string_view response_type(const v1::Event& event) {
  switch (event.body_case()) {
    case v1::Event::kAnimalDisease:
      return event.animal_disease().control_measures_size() > 0 ? "Execute" : "Monitor";
    case v1::Event::kCropPest:
      return event.crop_pest().measures_size() > 0 ? "Execute" : "Monitor";
    case v1::Event::kUnsafeFood:
      return "Avoid";  // Do not buy, sell or eat the product.
    case v1::Event::kForestFire:
      switch (event.forest_fire().subtype()) {
        case v1::ForestFireAlert::DANGER_LEVEL:
          return "Prepare";
        case v1::ForestFireAlert::HOTSPOT:
          return "Assess";
        case v1::ForestFireAlert::FIRE:
          return "Execute";
        case v1::ForestFireAlert::FIRE_OUT:
          return "AllClear";
        default:
          return {};
      }
    default:
      return event.type() == v1::CLOSE || event.type() == v1::CANCEL || event.type() == v1::WITHDRAW
                 ? "AllClear"
                 : std::string_view{};
  }
}

std::string_view msg_type(v1::EventType type) {
  switch (type) {
    case v1::ALERT:
      return "Alert";
    case v1::CANCEL:
    case v1::WITHDRAW:
      return "Cancel";
    case v1::ACKNOWLEDGE:
      return "Ack";
    default:
      return "Update";
  }
}

// The event's typed body (or follow-up) as a message, or null when none is set.
const Message* body_message(const v1::Event& event) {
  switch (event.body_case()) {
    case v1::Event::kAnimalDisease:
      return &event.animal_disease();
    case v1::Event::kCropPest:
      return &event.crop_pest();
    case v1::Event::kForestFire:
      return &event.forest_fire();
    case v1::Event::kUnsafeFood:
      return &event.unsafe_food();
    case v1::Event::kFollowUp:
      return &event.follow_up();
    default:
      return nullptr;
  }
}

// <references>: "sender,identifier,sent" for each reference whose sender and time we know.
std::string cap_references(const v1::Event& event, const CapContext& context) {
  std::vector<std::string> ids(event.references().begin(), event.references().end());
  if (event.has_follow_up() &&
      std::find(ids.begin(), ids.end(), event.follow_up().alert_event_id()) == ids.end()) {
    ids.insert(ids.begin(), event.follow_up().alert_event_id());
  }
  std::string text;
  for (const std::string& id : ids) {
    for (const CapReference& known : context.references) {
      if (known.event_id == id) {
        text += (text.empty() ? "" : " ") + known.sender_unit + "," + id + "," +
                cap_date_time(known.sent_at);
        break;
      }
    }
  }
  return text;
}

void exact_time(std::string& out, int depth, std::string_view name, bool present,
                const Timestamp& time) {
  if (present && time.nanos() != 0) {
    name_value(out, depth, "parameter", name, TimeUtil::ToString(time));
  }
}

void write_area(std::string& out, int depth, const v1::Area& area) {
  open_tag(out, depth, "area");
  element(out, depth + 1, "areaDesc", area.name());
  if (area.polygon_size() > 0) {
    std::string points;
    for (const v1::GeoPoint& point : area.polygon()) {
      points +=
          (points.empty() ? "" : " ") + number(point.latitude()) + "," + number(point.longitude());
    }
    element(out, depth + 1, "polygon", points);
  }
  if (area.circle_radius_km() > 0) {
    element(out, depth + 1, "circle",
            number(area.circle_center().latitude()) + "," +
                number(area.circle_center().longitude()) + " " + number(area.circle_radius_km()));
  }
  if (!area.code().empty()) {
    name_value(out, depth + 1, "geocode", area.scheme(), area.code());
  }
  close_tag(out, depth, "area");
}

// The <alert> element, without an XML declaration, indented by `depth` levels.
void write_alert(std::string& out, int depth, const v1::StoredEvent& stored, const v1::Event& event,
                 const CapContext& context) {
  const bool follow_up = event.type() != v1::ALERT;
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += "<alert xmlns=\"";
  out += kCapNamespace;
  out += "\">\n";
  const int in = depth + 1;
  element(out, in, "identifier", event.event_id());
  element(out, in, "sender", event.sender_unit());
  element(out, in, "sent", cap_date_time(event.sent_at()));
  // An unset status (an invalid event) must not look actionable.
  element(out, in, "status", cap::word_for(cap::kStatusWords, event.status(), "Draft"));
  element(out, in, "msgType", msg_type(event.type()));
  // Restricted, not Public: alertbus carries messages between provincial agencies, which
  // act on them (quarantine zones, recalls) before anything is announced to the public,
  // and some name farms and facilities. Publishing to citizens is a separate decision.
  element(out, in, "scope", "Restricted");
  element(out, in, "restriction",
          "Cơ quan chuyên môn các tỉnh liên kết / inter-provincial agencies only");
  element(out, in, "code", kCapProfileCode);
  if (follow_up && event.has_follow_up() && !event.follow_up().text().empty()) {
    element(out, in, "note", event.follow_up().text());
  }
  if (const std::string references = cap_references(event, context); !references.empty()) {
    element(out, in, "references", references);
  }

  open_tag(out, in, "info");
  const int info = in + 1;
  element(out, info, "language",
          event.language().empty() ? cap::kDefaultLanguage : event.language());
  element(out, info, "category", cap::word_for(cap::kCategoryWords, event.kind(), "Other"));
  element(out, info, "event", event_name(event));
  if (const std::string_view response = response_type(event); !response.empty()) {
    element(out, info, "responseType", response);
  }
  element(out, info, "urgency", cap::word_for(cap::kUrgencyWords, event.urgency(), "Unknown"));
  element(out, info, "severity", cap::word_for(cap::kSeverityWords, event.severity(), "Unknown"));
  element(out, info, "certainty",
          cap::word_for(cap::kCertaintyWords, event.certainty(), "Unknown"));
  name_value(out, info, "eventCode", cap::kKindCode, v1::AlertKind_Name(event.kind()));
  name_value(out, info, "eventCode", cap::kTypeCode, v1::EventType_Name(event.type()));
  if (event.has_effective()) {
    element(out, info, "effective", cap_date_time(event.effective()));
  }
  if (event.has_expires()) {
    element(out, info, "expires", cap_date_time(event.expires()));
  }
  element(out, info, "senderName",
          context.sender_name.empty() ? event.sender_unit() : context.sender_name);
  if (!event.title().empty()) {
    element(out, info, "headline", event.title());
  }
  if (!event.description().empty()) {
    element(out, info, "description", event.description());
  }
  if (!event.contact().empty()) {
    element(out, info, "contact", event.contact());
  }
  if (!stored.reference().empty()) {
    name_value(out, info, "parameter", cap::kReferenceParameter, stored.reference());
  }
  if (const Message* body = body_message(event); body != nullptr) {
    name_value(out, info, "parameter", cap::kBodyParameter, json(*body));
  }
  if (event.references_size() > 0) {
    std::string ids;
    for (const std::string& id : event.references()) {
      ids += (ids.empty() ? "" : " ") + id;
    }
    name_value(out, info, "parameter", cap::kReferencesParameter, ids);
  }
  exact_time(out, info, cap::kSentAtParameter, event.has_sent_at(), event.sent_at());
  exact_time(out, info, cap::kEffectiveParameter, event.has_effective(), event.effective());
  exact_time(out, info, cap::kExpiresParameter, event.has_expires(), event.expires());
  if (event.language().empty()) {
    name_value(out, info, "parameter", cap::kLanguageParameter, "");
  }
  for (const v1::Area& area : event.areas()) {
    write_area(out, info, area);
  }
  close_tag(out, in, "info");
  close_tag(out, depth, "alert");
}

}  // namespace

std::string cap_date_time(const Timestamp& time) {
  return protocol::format_vietnam_rfc3339(time.seconds());
}

std::string to_cap(const v1::StoredEvent& stored, const v1::Event& event,
                   const CapContext& context) {
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  write_alert(out, 0, stored, event, context);
  return out;
}

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
  for (const CapEntry* entry : shown) {
    const v1::Event& event = entry->event;
    open_tag(out, 1, "entry");
    element(out, 2, "id", "urn:uuid:" + event.event_id());
    element(out, 2, "title", event.title());
    element(out, 2, "updated", cap_date_time(event.sent_at()));
    open_tag(out, 2, "author");
    element(out, 3, "name", event.sender_unit());
    close_tag(out, 2, "author");
    out += "    <category term=\"" + escape(v1::AlertKind_Name(event.kind())) + "\" label=\"" +
           escape(kind_name_vi(event.kind())) + "\"/>\n";
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
