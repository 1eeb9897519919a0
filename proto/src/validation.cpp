// validate_event(): the envelope, the body dispatch and follow-ups. The typed alert bodies
// are in validation_<kind>.cpp, the shared checks in validation_checker.cpp.
#include "alertbus/protocol/validation.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <limits>

#include "validation_checker.hpp"

namespace alertbus::protocol {
namespace {

using detail::Checker;
using detail::kOptional;
using detail::kRequired;
using detail::Presence;
using detail::required_when;

constexpr Presence kForAlerts{true, "for alerts", "bắt buộc đối với cảnh báo"};

bool is_name_part(std::string_view part) {
  return !part.empty() && std::ranges::all_of(part, [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

// "<node>/<unit>": node and unit ids are configuration data, lowercase ASCII so they work
// as file names, metric labels and ZeroMQ identities.
bool is_sender_unit(std::string_view unit) {
  const std::size_t slash = unit.find('/');
  return slash != std::string_view::npos && is_name_part(unit.substr(0, slash)) &&
         is_name_part(unit.substr(slash + 1));
}

bool is_lower_letters(std::string_view text) {
  return std::ranges::all_of(text, [](char c) { return c >= 'a' && c <= 'z'; });
}

// A short BCP 47 tag: "vi", "en", "vi-VN". Longer tags (scripts, variants) have no use for
// the provinces' officers, and a fixed shape keeps dashboards' language switch simple.
bool is_language_tag(std::string_view tag) {
  const std::size_t dash = tag.find('-');
  const std::string_view language = tag.substr(0, dash);
  if (language.size() < 2 || language.size() > 3 || !is_lower_letters(language)) {
    return false;
  }
  if (dash == std::string_view::npos) {
    return true;
  }
  const std::string_view region = tag.substr(dash + 1);
  return region.size() == 2 && region[0] >= 'A' && region[0] <= 'Z' && region[1] >= 'A' &&
         region[1] <= 'Z';
}

void check_sender_unit(Checker& checker, const std::string& unit) {
  if (checker.text("sender_unit", unit, kRequired, detail::kMaxSenderUnit) &&
      !is_sender_unit(unit)) {
    checker.fail(
        v1::INVALID_VALUE, "sender_unit",
        "sender_unit " + detail::quote(unit) +
            R"( must have the form <node>/<unit> using lowercase letters, digits and '-', e.g. "bac-giang/cnty")",
        "sender_unit " + detail::quote(unit) +
            R"( phải có dạng <nút>/<đơn vị>, chỉ gồm chữ thường không dấu, chữ số và dấu '-', ví dụ "bac-giang/cnty")");
  }
}

void check_sent_at(Checker& checker, const v1::Event& event) {
  const auto sent = checker.timestamp("sent_at", event.has_sent_at(), event.sent_at(), kRequired);
  if (!sent) {
    return;
  }
  // The future is bounded by the clocks' skew; the past by max_age_ms when set (a broker
  // judges a relayed event at its origin's store time: relayed events are legitimately old).
  const ValidationOptions& options = checker.options();
  const detail::Instant now{std::chrono::milliseconds{options.now_unix_ms}};
  // Rounded up: "600 s ahead" must never be shown for a rejected event when 600 s is allowed.
  const auto ahead = std::chrono::ceil<std::chrono::seconds>(*sent - now);
  const std::chrono::milliseconds allowed{options.max_clock_skew_ms};
  if (*sent - now > allowed) {
    const std::string ahead_text = std::to_string(ahead.count());
    const std::string allowed_text =
        std::to_string(std::chrono::floor<std::chrono::seconds>(allowed).count());
    const std::string shown = detail::format_instant(*sent);
    checker.fail(v1::VALUE_OUT_OF_RANGE, "sent_at",
                 "sent_at " + shown + " is " + ahead_text +
                     " s ahead of this node's clock; at most " + allowed_text + " s is allowed",
                 "thời điểm gửi sent_at " + shown + " muộn hơn giờ hiện tại của nút này " +
                     ahead_text + " giây; chỉ cho phép lệch tối đa " + allowed_text + " giây");
  }
  if (options.max_age_ms > 0 && now - *sent > std::chrono::milliseconds{options.max_age_ms}) {
    const auto hours = std::chrono::floor<std::chrono::hours>(now - *sent).count();
    const std::string max_hours = std::to_string(options.max_age_ms / 3'600'000);
    const std::string shown = detail::format_instant(*sent);
    checker.fail(v1::VALUE_OUT_OF_RANGE, "sent_at",
                 "sent_at " + shown + " is " + std::to_string(hours) +
                     " h before the time it was stored; at most " + max_hours + " h is allowed",
                 "thời điểm gửi sent_at " + shown + " sớm hơn thời điểm lưu " +
                     std::to_string(hours) + " giờ; chỉ cho phép tối đa " + max_hours + " giờ");
  }
}

void check_validity_window(Checker& checker, const v1::Event& event) {
  const auto effective =
      checker.timestamp("effective", event.has_effective(), event.effective(), kOptional);
  const auto expires =
      checker.timestamp("expires", event.has_expires(), event.expires(), kOptional);
  if (effective && expires && *expires <= *effective) {
    checker.fail(v1::VALUE_OUT_OF_RANGE, "expires",
                 "expires " + detail::format_instant(*expires) + " is not after effective " +
                     detail::format_instant(*effective),
                 "thời điểm hết hiệu lực expires " + detail::format_instant(*expires) +
                     " không sau thời điểm có hiệu lực effective " +
                     detail::format_instant(*effective));
  }
}

void check_references(Checker& checker, const v1::Event& event) {
  if (!checker.list_size("references", event.references_size(), kOptional,
                         detail::kMaxReferences)) {
    return;
  }
  std::size_t index = 0;
  for (const std::string& reference : event.references()) {
    checker.event_id(detail::indexed("references", index), reference, kRequired);
    ++index;
  }
}

void check_envelope(Checker& checker, const v1::Event& event) {
  checker.event_id("event_id", event.event_id(), kRequired);
  check_sender_unit(checker, event.sender_unit());
  check_sent_at(checker, event);
  checker.enum_value("status", event.status(), &v1::MessageStatus_IsValid, "MessageStatus",
                     kRequired);
  checker.enum_value("kind", event.kind(), &v1::AlertKind_IsValid, "AlertKind", kRequired);
  checker.enum_value("type", event.type(), &v1::EventType_IsValid, "EventType", kRequired);
  const bool alert = event.type() == v1::ALERT;
  const Presence for_alerts = alert ? kForAlerts : kOptional;
  checker.enum_value("urgency", event.urgency(), &v1::Urgency_IsValid, "Urgency", for_alerts);
  checker.enum_value("severity", event.severity(), &v1::Severity_IsValid, "Severity", for_alerts);
  checker.enum_value("certainty", event.certainty(), &v1::Certainty_IsValid, "Certainty",
                     for_alerts);
  check_validity_window(checker, event);
  checker.area_list("areas", event.areas(), for_alerts, detail::kMaxAreas);
  check_references(checker, event);
  checker.text("title", event.title(), for_alerts, detail::kMaxTitle);
  checker.text("description", event.description(), kOptional, detail::kMaxLongText);
  const std::string& language = event.language();
  if (checker.text("language", language, kOptional, detail::kMaxIdentifier) &&
      !is_language_tag(language)) {
    checker.fail(v1::INVALID_VALUE, "language",
                 "language " + detail::quote(language) +
                     R"( is not a short BCP 47 tag such as "vi", "en" or "vi-VN")",
                 "mã ngôn ngữ language " + detail::quote(language) +
                     R"( không phải thẻ BCP 47 ngắn như "vi", "en" hoặc "vi-VN")");
  }
  checker.text("contact", event.contact(), kOptional, detail::kMaxContact);
}

// A receipt covers the alerts a node stored in one interval (ReceiptEntry).
constexpr std::size_t kMaxReceiptEntries = 1024;

void check_follow_up(Checker& checker, v1::EventType type, const v1::FollowUp& follow_up) {
  checker.event_id("alert_event_id", follow_up.alert_event_id(), kRequired);
  checker.text("text", follow_up.text(),
               required_when(type != v1::ACKNOWLEDGE && type != v1::RECEIPT,
                             "except for ACKNOWLEDGE and RECEIPT follow-ups",
                             "chỉ được bỏ trống với loại ACKNOWLEDGE và RECEIPT"),
               detail::kMaxLongText);
  checker.enum_value("new_severity", follow_up.new_severity(), &v1::Severity_IsValid, "Severity",
                     required_when(type == v1::RECLASSIFY, "for RECLASSIFY follow-ups",
                                   "bắt buộc với loại RECLASSIFY"));
  // Level 0 is proto3's "not set"; any other value must be a real level I..V.
  if (follow_up.new_danger_level() != 0) {
    checker.count("new_danger_level", follow_up.new_danger_level(), detail::kMinDangerLevel,
                  detail::kMaxDangerLevel);
  } else if (type == v1::LEVEL_CHANGE) {
    checker.fail_missing("new_danger_level", Presence{true, "for LEVEL_CHANGE follow-ups",
                                                      "bắt buộc với loại LEVEL_CHANGE"});
  }
  checker.event_id("answers_event_id", follow_up.answers_event_id(),
                   required_when(type == v1::ANSWER_INFO, "for ANSWER_INFO follow-ups",
                                 "bắt buộc với loại ANSWER_INFO"));
  checker.quantity_with_unit("quantity", follow_up.quantity(), detail::kMaxQuantity,
                             "quantity_unit", follow_up.quantity_unit());
  checker.text_list("overdue_nodes", follow_up.overdue_nodes(), 64, 64);
  checker.text("escalated_to", follow_up.escalated_to(), kOptional, 130);
  if (type != v1::OVERDUE &&
      (!follow_up.overdue_nodes().empty() || !follow_up.escalated_to().empty())) {
    checker.fail(v1::INVALID_VALUE,
                 follow_up.overdue_nodes().empty() ? "escalated_to" : "overdue_nodes",
                 "overdue_nodes and escalated_to belong to OVERDUE notices only",
                 "overdue_nodes và escalated_to chỉ dùng cho thông báo quá hạn OVERDUE");
  }
  if (type == v1::OVERDUE && follow_up.overdue_nodes().empty()) {
    checker.fail_missing("overdue_nodes",
                         Presence{true, "for OVERDUE notices", "bắt buộc với thông báo OVERDUE"});
  }
  // A log seq: SQLite's integers are signed.
  checker.count("receipts_through_seq", follow_up.receipts_through_seq(), 0,
                static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()));
  if (type != v1::RECEIPT &&
      (!follow_up.receipts().empty() || follow_up.receipts_through_seq() != 0)) {
    checker.fail(v1::INVALID_VALUE,
                 follow_up.receipts().empty() ? "receipts_through_seq" : "receipts",
                 "receipts and receipts_through_seq belong to RECEIPT notices only",
                 "receipts và receipts_through_seq chỉ dùng cho biên nhận RECEIPT");
  }
  if (checker.list_size("receipts", follow_up.receipts_size(), kOptional, kMaxReceiptEntries)) {
    for (int i = 0; i < follow_up.receipts_size(); ++i) {
      const v1::ReceiptEntry& entry = follow_up.receipts(i);
      auto scope = checker.enter("receipts", static_cast<std::size_t>(i));
      checker.event_id("alert_event_id", entry.alert_event_id(), kRequired);
      checker.timestamp("stored_at", entry.has_stored_at(), entry.stored_at(), kRequired);
    }
    if (!follow_up.receipts().empty() &&
        follow_up.receipts(0).alert_event_id() != follow_up.alert_event_id()) {
      checker.fail(v1::INVALID_VALUE, "receipts",
                   "the first receipt entry must be the alert of alert_event_id",
                   "mục biên nhận đầu tiên phải là cảnh báo alert_event_id");
    }
  }
  if (follow_up.stable() && type != v1::ADDITIONAL_INFO && type != v1::MEASURES_TAKEN) {
    checker.fail(v1::INVALID_VALUE, "stable",
                 "stable may be set only on ADDITIONAL_INFO or MEASURES_TAKEN follow-ups",
                 "stable chỉ được đặt với loại ADDITIONAL_INFO hoặc MEASURES_TAKEN");
  }
}

struct AlertBody {
  v1::Event::BodyCase body;
  v1::AlertKind kind;
  const char* name;
};

constexpr std::array kAlertBodies{
    AlertBody{v1::Event::kAnimalDisease, v1::ANIMAL_DISEASE, "animal_disease"},
    AlertBody{v1::Event::kCropPest, v1::CROP_PEST, "crop_pest"},
    AlertBody{v1::Event::kForestFire, v1::FOREST_FIRE, "forest_fire"},
    AlertBody{v1::Event::kUnsafeFood, v1::UNSAFE_FOOD, "unsafe_food"},
    AlertBody{v1::Event::kExternal, v1::EXTERNAL, "external"},
};

void check_alert_body(Checker& checker, const v1::Event& event, const AlertBody& body) {
  if (event.type() != v1::ALERT) {
    checker.fail(v1::KIND_MISMATCH, "type",
                 "type " + v1::EventType_Name(event.type()) + " carries the alert body " +
                     body.name + "; follow-ups carry follow_up",
                 "loại sự kiện type " + v1::EventType_Name(event.type()) +
                     " không được mang nội dung cảnh báo " + body.name +
                     "; sự kiện theo dõi phải dùng follow_up");
    return;
  }
  if (event.kind() != body.kind) {
    checker.fail(v1::KIND_MISMATCH, "kind",
                 "kind " + v1::AlertKind_Name(event.kind()) + " does not match the body " +
                     body.name + " (expected kind " + v1::AlertKind_Name(body.kind) + ")",
                 "loại cảnh báo kind " + v1::AlertKind_Name(event.kind()) +
                     " không khớp với nội dung " + body.name + " (cần kind " +
                     v1::AlertKind_Name(body.kind) + ")");
    return;
  }
  auto scope = checker.enter(body.name);
  switch (body.body) {
    case v1::Event::kAnimalDisease:
      detail::check_animal_disease(checker, event.animal_disease());
      break;
    case v1::Event::kCropPest:
      detail::check_crop_pest(checker, event.crop_pest());
      break;
    case v1::Event::kForestFire:
      detail::check_forest_fire(checker, event.forest_fire());
      break;
    case v1::Event::kUnsafeFood:
      detail::check_unsafe_food(checker, event.unsafe_food());
      break;
    case v1::Event::kExternal:
      detail::check_external(checker, event.external());
      break;
    default:
      break;
  }
}

void check_body(Checker& checker, const v1::Event& event) {
  if (!checker.ok()) {
    return;
  }
  const v1::Event::BodyCase body = event.body_case();
  if (body == v1::Event::BODY_NOT_SET) {
    checker.fail(v1::MISSING_FIELD, "body",
                 "body is required: set one of animal_disease, crop_pest, forest_fire, "
                 "unsafe_food, external or follow_up",
                 "thiếu trường bắt buộc body: cần một trong các nội dung animal_disease, "
                 "crop_pest, forest_fire, unsafe_food, external hoặc follow_up");
    return;
  }
  if (body == v1::Event::kFollowUp) {
    if (event.type() == v1::ALERT) {
      checker.fail(v1::KIND_MISMATCH, "type",
                   "type ALERT needs one of the alert bodies, not follow_up",
                   "loại sự kiện type ALERT cần một nội dung cảnh báo, không phải follow_up");
      return;
    }
    auto scope = checker.enter("follow_up");
    check_follow_up(checker, event.type(), event.follow_up());
    return;
  }
  for (const AlertBody& alert_body : kAlertBodies) {
    if (alert_body.body == body) {
      check_alert_body(checker, event, alert_body);
    }
  }
}

}  // namespace

Status validate_event(const v1::Event& event, const ValidationOptions& options) {
  Checker checker(options);
  check_envelope(checker, event);
  check_body(checker, event);
  return checker.take_status();
}

bool is_inside_vietnam(double latitude, double longitude) {
  return latitude >= detail::kVietnamMinLatitude && latitude <= detail::kVietnamMaxLatitude &&
         longitude >= detail::kVietnamMinLongitude && longitude <= detail::kVietnamMaxLongitude;
}

}  // namespace alertbus::protocol
