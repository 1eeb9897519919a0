// CAP 1.2 writer (cap.hpp): an event as a CAP <alert>. The Atom feed is atom_feed.cpp, the
// XML helpers cap_xml.cpp, the reader cap_import.cpp.
//
// XML is written by hand (cap_xml.hpp says why).
#include "alertbus/client/cap.hpp"

#include <string>
#include <vector>

#include <google/protobuf/util/time_util.h>

#include "alertbus/protocol/vietnam_time.hpp"
#include "cap_words.hpp"
#include "cap_xml.hpp"

namespace alertbus::client {
namespace {

using namespace cap;  // cap_xml.hpp: the XML writers.
using google::protobuf::Message;
using google::protobuf::Timestamp;
using google::protobuf::util::TimeUtil;

const char* roman(std::uint32_t level) {
  static const char* const kNumerals[] = {"", "I", "II", "III", "IV", "V"};
  return level <= 5 ? kNumerals[level] : "";
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
    case v1::Event::kExternal:
      return event.external().event().empty() ? kind_name_vi(event.kind())
                                              : event.external().event();
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
    case v1::Event::kExternal:
      return &event.external();
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

// A point of the typed body as an <area> with a <circle> of radius 0 (CAP has no point), named
// by the body field it comes from (geocode alertbus:point) and, for an outbreak, its commune.
void write_point(std::string& out, int depth, const std::string& description,
                 const v1::GeoPoint& point, std::string_view field, const v1::Area* commune) {
  open_tag(out, depth, "area");
  element(out, depth + 1, "areaDesc", description);
  element(out, depth + 1, "circle",
          number(point.latitude()) + "," + number(point.longitude()) + " 0");
  name_value(out, depth + 1, "geocode", cap::kPointCode, field);
  if (commune != nullptr && !commune->code().empty()) {
    name_value(out, depth + 1, "geocode", commune->scheme(), commune->code());
  }
  close_tag(out, depth, "area");
}

// The points of the typed body: outbreaks' locations, a hotspot's, a fire's.
void write_points(std::string& out, int depth, const v1::Event& event) {
  if (event.has_animal_disease()) {
    const auto& outbreaks = event.animal_disease().outbreaks();
    for (int i = 0; i < outbreaks.size(); ++i) {
      const v1::Outbreak& outbreak = outbreaks.Get(i);
      if (outbreak.has_location()) {
        std::string place = outbreak.commune().name();
        if (!outbreak.hamlet().empty()) {
          place = outbreak.hamlet() + (place.empty() ? "" : ", " + place);
        }
        write_point(out, depth, "Ổ dịch / Outbreak: " + place, outbreak.location(),
                    "animal_disease.outbreaks[" + std::to_string(i) + "].location",
                    outbreak.has_commune() ? &outbreak.commune() : nullptr);
      }
    }
  } else if (event.has_forest_fire()) {
    const auto& fire = event.forest_fire();
    if (fire.has_hotspot() && fire.hotspot().has_location()) {
      write_point(out, depth, "Điểm nóng / Hotspot: " + fire.hotspot().satellite(),
                  fire.hotspot().location(), "forest_fire.hotspot.location", nullptr);
    }
    if (fire.has_fire() && fire.fire().has_location()) {
      write_point(out, depth, "Điểm cháy / Fire", fire.fire().location(),
                  "forest_fire.fire.location", nullptr);
    }
  }
}

}  // namespace

namespace cap {

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
  if (event.has_external() && event.external().categories_size() > 0) {
    for (const std::string& category : event.external().categories()) {
      element(out, info, "category", category);
    }
  } else {
    element(out, info, "category", cap::word_for(cap::kCategoryWords, event.kind(), "Other"));
  }
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
    // Officers quote the reference: the headline starts with it when the node gave one.
    element(out, info, "headline",
            stored.reference().empty()
                ? event.title()
                : stored.reference() + std::string(cap::kHeadlineSeparator) + event.title());
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
  write_points(out, info, event);
  close_tag(out, in, "info");
  close_tag(out, depth, "alert");
}

}  // namespace cap

std::string cap_date_time(const Timestamp& time) {
  return protocol::format_vietnam_rfc3339(time.seconds());
}

std::string to_cap(const v1::StoredEvent& stored, const v1::Event& event,
                   const CapContext& context) {
  if (event.type() == v1::ALERT && event.has_external()) {
    return event.external().cap_document();  // The other agency's document, as received.
  }
  std::string out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";
  write_alert(out, 0, stored, event, context);
  return out;
}

}  // namespace alertbus::client
