// The typed body of an imported foreign CAP alert (cap_foreign_body.hpp).
#include "cap_foreign_body.hpp"

#include <google/protobuf/util/json_util.h>

#include "alertbus/protocol/commune_code.hpp"
#include "alertbus/protocol/event_body.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "cap_fields.hpp"

namespace alertbus::client::cap {
namespace {

using google::protobuf::Timestamp;

constexpr std::int64_t kDaySeconds = 24 * 60 * 60;
// ExternalAlert.cap_document's bound (validation_checker.hpp).
constexpr std::size_t kMaxCapDocument = 131'072;

// "2026-11-28": the day in Vietnam.
std::string vietnam_day(const Timestamp& time) {
  return protocol::format_vietnam_rfc3339(time.seconds()).substr(0, 10);
}

std::uint32_t danger_level(v1::Severity severity) {
  switch (severity) {
    case v1::EXTREME:
      return 5;
    case v1::SEVERE:
      return 4;
    case v1::MODERATE:
      return 3;
    case v1::MINOR:
      return 2;
    default:
      return 1;
  }
}

void fill_animal_disease(const BodyFacts& facts, v1::Event* event) {
  v1::AnimalDiseaseAlert& body = *event->mutable_animal_disease();
  if (body.disease().empty()) {
    body.set_disease(facts.event_text);
  }
  if (body.onset_date().empty()) {
    body.set_onset_date(vietnam_day(facts.onset));
  }
  if (body.confirmation() == v1::AnimalDiseaseAlert::CONFIRMATION_UNSPECIFIED) {
    body.set_confirmation(v1::AnimalDiseaseAlert::SUSPECTED);
  }
  if (body.outbreaks_size() == 0) {
    body.add_outbreaks();
  }
  for (int i = 0; i < body.outbreaks_size(); ++i) {
    v1::Outbreak& outbreak = *body.mutable_outbreaks(i);
    const v1::Area* first_commune = nullptr;
    for (const v1::Area& area : event->areas()) {
      if (protocol::is_commune_code(area.code())) {
        first_commune = &area;
        break;
      }
    }
    // Only a commune's code goes in the commune: a province there is refused by validation.
    if (!outbreak.has_commune() && first_commune != nullptr) {
      v1::Area& commune = *outbreak.mutable_commune();
      commune.set_code(first_commune->code());
      commune.set_scheme(first_commune->scheme());
      commune.set_name(first_commune->name());
    }
    if (!outbreak.has_location() && static_cast<std::size_t>(i) < facts.points.size()) {
      *outbreak.mutable_location() = facts.points[static_cast<std::size_t>(i)];
    }
  }
}

void fill_forest_fire(const BodyFacts& facts, v1::Event* event) {
  v1::ForestFireAlert& body = *event->mutable_forest_fire();
  if (body.subtype() == v1::ForestFireAlert::SUBTYPE_UNSPECIFIED) {
    body.set_subtype(v1::ForestFireAlert::DANGER_LEVEL);
  }
  const v1::GeoPoint* point = facts.points.empty() ? nullptr : &facts.points.front();
  switch (body.subtype()) {
    case v1::ForestFireAlert::DANGER_LEVEL: {
      v1::DangerLevel& danger = *body.mutable_danger();
      if (danger.level() == 0) {
        danger.set_level(danger_level(event->severity()));
      }
      if (!danger.has_valid_from()) {
        *danger.mutable_valid_from() = event->has_effective() ? event->effective() : facts.onset;
      }
      if (!danger.has_valid_to()) {
        if (event->has_expires()) {
          *danger.mutable_valid_to() = event->expires();
        } else {
          danger.mutable_valid_to()->set_seconds(danger.valid_from().seconds() + kDaySeconds);
        }
      }
      if (danger.communes_size() == 0) {
        // The areas that are communes; a warning that names provinces only has none, and
        // validation refuses it (communes required) rather than take a province for one.
        for (const v1::Area& area : event->areas()) {
          if (!protocol::is_commune_code(area.code())) {
            continue;
          }
          // The communes name places; the areas keep the shapes.
          v1::Area& commune = *danger.add_communes();
          commune.set_code(area.code());
          commune.set_scheme(area.scheme());
          commune.set_name(area.name());
        }
      }
      break;
    }
    case v1::ForestFireAlert::HOTSPOT:
      if (!body.hotspot().has_location() && point != nullptr) {
        *body.mutable_hotspot()->mutable_location() = *point;
      }
      if (!body.hotspot().has_detected_at()) {
        *body.mutable_hotspot()->mutable_detected_at() = facts.onset;
      }
      break;
    case v1::ForestFireAlert::FIRE:
    case v1::ForestFireAlert::FIRE_OUT:
      if (!body.fire().has_location() && point != nullptr) {
        *body.mutable_fire()->mutable_location() = *point;
      }
      break;
    default:
      break;
  }
}

}  // namespace

Status fill_external(const xmlNode* alert, const xmlNode* info, std::string_view xml,
                     const Timestamp& sent, v1::Event* event) {
  if (xml.size() > kMaxCapDocument) {
    return Status::error(v1::TOO_LONG,
                         "the CAP document has " + std::to_string(xml.size()) +
                             " bytes; an external notice keeps documents of at most " +
                             std::to_string(kMaxCapDocument) + " bytes",
                         "tài liệu CAP có " + std::to_string(xml.size()) +
                             " byte; cảnh báo từ hệ thống khác chỉ lưu tài liệu tối đa " +
                             std::to_string(kMaxCapDocument) + " byte",
                         "alert");
  }
  v1::ExternalAlert& body = *event->mutable_external();
  body.set_sender(limited(trimmed(child_text(alert, "sender").value_or("")), 256));
  body.set_identifier(limited(trimmed(child_text(alert, "identifier").value_or("")), 256));
  *body.mutable_sent() = sent;
  body.set_sender_name(limited(trimmed(child_text(info, "senderName").value_or("")), 256));
  body.set_event(limited(trimmed(child_text(info, "event").value_or("")), 512));
  for (const xmlNode* category : children(info, "category")) {
    if (body.categories_size() < 12) {
      body.add_categories(limited(trimmed(content(category)), 32));
    }
  }
  for (const auto& [name, value] : name_values(info, "eventCode")) {
    if (body.event_codes_size() < 32) {
      v1::ExternalAlert::Code* code = body.add_event_codes();
      code->set_name(limited(trimmed(name), 256));
      code->set_value(limited(trimmed(value), 1024));
    }
  }
  body.set_cap_document(std::string(xml));
  return {};
}

Status fill_body(const CapRule& rule, const BodyFacts& facts, v1::Event* event) {
  google::protobuf::Message* body = protocol::mutable_alert_body(event, rule.kind);
  if (body == nullptr) {
    return Status::error(v1::INVALID_VALUE, "rule \"" + rule.name + "\" names no alert kind",
                         "quy tắc \"" + rule.name + "\" không nêu loại cảnh báo", "rule.kind");
  }
  if (!rule.body_json.empty()) {
    const auto parsed = google::protobuf::util::JsonStringToMessage(rule.body_json, body);
    if (!parsed.ok()) {
      const std::string detail(parsed.message());
      return Status::error(v1::INVALID_VALUE,
                           "the body of rule \"" + rule.name + "\" is not valid for " +
                               body->GetDescriptor()->name() + ": " + detail,
                           "phần body của quy tắc \"" + rule.name + "\" không hợp lệ với " +
                               body->GetDescriptor()->name() + ": " + detail,
                           "rule.body");
    }
  }
  switch (rule.kind) {
    case v1::ANIMAL_DISEASE:
      fill_animal_disease(facts, event);
      break;
    case v1::CROP_PEST:
      if (event->crop_pest().pest_name().empty()) {
        event->mutable_crop_pest()->set_pest_name(facts.event_text);
      }
      break;
    case v1::FOREST_FIRE:
      fill_forest_fire(facts, event);
      break;
    case v1::UNSAFE_FOOD:
      if (event->unsafe_food().product().name().empty()) {
        event->mutable_unsafe_food()->mutable_product()->set_name(facts.event_text);
      }
      break;
    default:
      break;
  }
  return {};
}

}  // namespace alertbus::client::cap
