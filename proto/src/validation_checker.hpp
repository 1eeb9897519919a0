// Internal to the validator (proto/src/validation*.cpp only): the Checker that walks one
// event, keeps the path of the field being checked and records the first failure, the
// limits it applies, and the per-kind entry points.
//
// Every check is a no-op once a failure is recorded, so the per-message functions read as a
// plain list of rules in field declaration order, and the first failure is the one reported.
// Threading: a Checker belongs to one validate_event() call.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <google/protobuf/repeated_field.h>
#include <google/protobuf/timestamp.pb.h>

#include "alertbus/v1/alerts.pb.h"
#include "alertbus/v1/common.pb.h"
#include "alertbus/v1/event.pb.h"

#include "alertbus/protocol/status.hpp"
#include "alertbus/protocol/validation.hpp"

namespace alertbus::protocol::detail {

// Vietnam's bounding box (mainland and islands), see is_inside_vietnam().
inline constexpr double kVietnamMinLatitude = 8.2;
inline constexpr double kVietnamMaxLatitude = 23.4;
inline constexpr double kVietnamMinLongitude = 102.1;
inline constexpr double kVietnamMaxLongitude = 117.5;

// Text limits in code points. The .proto comments fix title, description and contact; the
// others are generous caps so one bad publisher cannot flood every dashboard.
inline constexpr std::size_t kMaxShortText = 500;    // Any free text not listed below.
inline constexpr std::size_t kMaxLongText = 10'000;  // description, follow_up.text.
inline constexpr std::size_t kMaxZoneText = 2'000;   // Zone descriptions, resources requested.
inline constexpr std::size_t kMaxTitle = 200;
inline constexpr std::size_t kMaxContact = 200;
inline constexpr std::size_t kMaxSenderUnit = 100;
inline constexpr std::size_t kMaxIdentifier = 100;  // Codes, lot numbers, units, subtypes.

// List limits in items. A province has about 100 communes after 2025, Vietnam 34
// provinces; the 256 KiB event limit bounds the total anyway.
inline constexpr std::size_t kMaxAreas = 200;
inline constexpr std::size_t kMaxReferences = 100;
inline constexpr std::size_t kMaxPolygonPoints = 1'000;
inline constexpr std::size_t kMaxOutbreaks = 500;
inline constexpr std::size_t kMaxSpecies = 50;
inline constexpr std::size_t kMaxTextItems = 100;    // Free-text measures.
inline constexpr std::size_t kMaxCodeItems = 1'000;  // Growing-area and packing-house codes.
inline constexpr std::size_t kMaxCommunes = 1'000;
inline constexpr std::size_t kMaxThreatenedAreas = 64;
inline constexpr std::size_t kMaxHazards = 100;
inline constexpr std::size_t kMaxDistribution = 100;
inline constexpr std::size_t kMaxFoodMeasures = 20;
inline constexpr std::size_t kMaxCategories = 12;        // ExternalAlert.categories.
inline constexpr std::size_t kMaxEventCodes = 32;        // ExternalAlert.event_codes.
inline constexpr std::size_t kMaxCapDocument = 131'072;  // ExternalAlert.cap_document, bytes.

// Numeric limits from the .proto comments.
inline constexpr std::uint64_t kMaxAnimalCount = 100'000'000;
inline constexpr double kMaxDensity = 1e6;
inline constexpr double kMaxHectares = 1e6;
inline constexpr double kMaxQuantity = 1e9;
inline constexpr double kMaxBorderDistanceKm = 2'000;
inline constexpr double kMaxCircleRadiusKm = 1'000;
inline constexpr std::uint64_t kMinDangerLevel = 1;
inline constexpr std::uint64_t kMaxDangerLevel = 5;

// Whether a field must be set, and if only in some cases, why (appended to the message:
// "urgency is required for alerts").
struct Presence {
  bool required = false;
  std::string_view reason_en;
  std::string_view reason_vi;
};

inline constexpr Presence kOptional{};
inline constexpr Presence kRequired{true, {}, {}};

// Required when `condition` holds, with the reason shown in the message.
constexpr Presence required_when(bool condition, std::string_view reason_en,
                                 std::string_view reason_vi) {
  return condition ? Presence{true, reason_en, reason_vi} : kOptional;
}

// A point in time with the nanosecond precision of google.protobuf.Timestamp.
using Instant = std::chrono::sys_time<std::chrono::nanoseconds>;

// "field[index]", the name of one item of a repeated scalar field.
std::string indexed(std::string_view field, std::size_t index);

// Shortest text that reads back as the same double ("25.1", "nan", "inf").
std::string format_number(double value);

// "2026-11-28T21:04:45Z", or "seconds=N" for values outside years 1..9999.
std::string format_instant(Instant instant);

// `value` in double quotes for messages, cut after 40 code points.
std::string quote(std::string_view value);

// True when `text` is only ASCII digits (true for the empty text).
bool is_ascii_digits(std::string_view text);

class Checker {
 public:
  explicit Checker(const ValidationOptions& options) : options_(options) {}

  ~Checker() = default;
  Checker(const Checker&) = delete;
  Checker& operator=(const Checker&) = delete;
  Checker(Checker&&) = delete;
  Checker& operator=(Checker&&) = delete;

  const ValidationOptions& options() const { return options_; }

  bool ok() const { return status_.ok(); }

  // The first failure, or OK.
  Status take_status() { return std::move(status_); }

  // While alive, appends "field" or "field[index]" to the current path.
  class [[nodiscard]] Scope {
   public:
    Scope(Checker& checker, std::string_view field, std::optional<std::size_t> index);
    ~Scope();
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;
    Scope(Scope&&) = delete;
    Scope& operator=(Scope&&) = delete;

   private:
    Checker& checker_;
    std::size_t saved_size_;
  };

  Scope enter(std::string_view field) { return {*this, field, std::nullopt}; }

  Scope enter(std::string_view field, std::size_t index) { return {*this, field, index}; }

  // The full path of `field` in the current message, e.g. "areas[0].code".
  std::string path(std::string_view field) const;

  // Records a failure of `field` (relative to the current path) unless one is recorded.
  void fail(ErrorCode code, std::string_view field, std::string message_en, std::string message_vi);

  // MISSING_FIELD for `field`, with the reason from `presence` if any.
  void fail_missing(std::string_view field, const Presence& presence);

  // VALUE_OUT_OF_RANGE: `field` is `value`, outside min..max (all as text).
  void fail_out_of_range(std::string_view field, std::string_view value, std::string_view min,
                         std::string_view max);

  // The checks below do nothing once a failure is recorded. Each returns whether there is a
  // valid value for the caller to look at further (false for an absent optional field).

  // Every string goes through text(): present if required (blank counts as absent),
  // UTF-8, no control characters other than tab, CR and LF, at most max_chars code points.
  bool text(std::string_view field, const std::string& value, const Presence& presence,
            std::size_t max_chars = kMaxShortText);

  // A list of strings: at most max_items, each non-empty and checked by text().
  bool text_list(std::string_view field,
                 const google::protobuf::RepeatedPtrField<std::string>& items,
                 std::size_t max_items, std::size_t max_chars);

  // An event id: text(), then a canonical UUID (INVALID_EVENT_ID).
  bool event_id(std::string_view field, const std::string& value, const Presence& presence);

  // A "YYYY-MM-DD" calendar date in the years 2000..2100.
  std::optional<std::chrono::sys_days> date(std::string_view field, const std::string& value,
                                            const Presence& presence);

  // A Timestamp with valid nanos, between 2000-01-01 and the end of 2100.
  std::optional<Instant> timestamp(std::string_view field, bool present,
                                   const google::protobuf::Timestamp& value,
                                   const Presence& presence);

  // An enum value: known to this version (UNKNOWN_ENUM_VALUE), non-zero if required.
  // `type_name` names the enum in messages.
  bool enum_value(std::string_view field, int value, bool (*is_valid)(int),
                  std::string_view type_name, const Presence& presence);

  // A finite double within min..max.
  bool number(std::string_view field, double value, double min, double max);

  // An integer within min..max.
  bool count(std::string_view field, std::uint64_t value, std::uint64_t min, std::uint64_t max);

  // A list length: at least one item if required, at most max_items (TOO_LONG).
  bool list_size(std::string_view field, int size, const Presence& presence, std::size_t max_items);

  // A sub-message: present if required.
  bool message(std::string_view field, bool present, const Presence& presence);

  // A quantity 0..max with its unit, which is required when the quantity is above 0.
  void quantity_with_unit(std::string_view quantity_field, double quantity, double max,
                          std::string_view unit_field, const std::string& unit);

  // A GeoPoint: valid degrees, then inside Vietnam.
  void geo_point(std::string_view field, bool present, const v1::GeoPoint& point,
                 const Presence& presence);

  // What an Area field may name: a province or a commune (Event.areas, threatened areas,
  // distributions), or a commune only (Outbreak.commune, DangerLevel.communes), whose code
  // has 5 digits (QĐ 19/2025: "07360"); a province's 2-digit code there is refused.
  enum class AreaLevel { kAny, kCommune };

  // An Area: code, scheme, name and optional geometry.
  void area(std::string_view field, bool present, const v1::Area& area, const Presence& presence,
            AreaLevel level = AreaLevel::kAny);

  // A list of Areas.
  void area_list(std::string_view field, const google::protobuf::RepeatedPtrField<v1::Area>& areas,
                 const Presence& presence, std::size_t max_items,
                 AreaLevel level = AreaLevel::kAny);

 private:
  void point_fields(const v1::GeoPoint& point);
  void area_fields(const v1::Area& area, AreaLevel level);
  void polygon(const google::protobuf::RepeatedPtrField<v1::GeoPoint>& points);
  void circle(const v1::Area& area);

  const ValidationOptions& options_;
  std::string path_;
  Status status_;
};

// Calls fn(item) for each item of a repeated message field, with the path "field[i]",
// until a failure is recorded.
template <typename List, typename Fn>
void for_each_item(Checker& checker, std::string_view field, const List& list, Fn&& fn) {
  std::size_t index = 0;
  for (const auto& item : list) {
    if (!checker.ok()) {
      return;
    }
    auto scope = checker.enter(field, index);
    fn(item);
    ++index;
  }
}

// The typed bodies, each called with the body's name already on the path.
void check_animal_disease(Checker& checker, const v1::AnimalDiseaseAlert& alert);
void check_crop_pest(Checker& checker, const v1::CropPestAlert& alert);
void check_forest_fire(Checker& checker, const v1::ForestFireAlert& alert);
void check_unsafe_food(Checker& checker, const v1::UnsafeFoodAlert& alert);
void check_external(Checker& checker, const v1::ExternalAlert& alert);

}  // namespace alertbus::protocol::detail
