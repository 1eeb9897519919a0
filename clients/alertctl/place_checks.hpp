// The places of an event read from a file, checked before it is sent: every Area against the
// province table (protocol::AreaTable, VN-2004 and VN-2025), every GeoPoint for latitude and
// longitude written the wrong way round.
//
// An area of two digits (a province) must exist in its scheme, and its name, if given, must be
// that province's (without diacritics, case or "Tỉnh"/"Thành phố" mattering): VN-2004 24 named
// "Quảng Ninh" is refused saying that 24 is Bắc Giang. An area given by name alone gets its
// code, from VN-2025 when the scheme is not given (VN-2004 when only that scheme has the name);
// one given by code alone gets its name; an empty scheme is VN-2025. Commune codes (five digits)
// are not in the table and are left to the broker's checks.
//
// A point outside latitude 8–24 N and longitude 102–110 E (mainland Vietnam, rounded out;
// DOMAIN.md: 8.2–23.4 N, 102.1–109.5 E) whose swap lies inside is refused with the hint that
// the two are swapped. Other points are left to the validator, which allows islands to 117.5 E.
//
// Threading: pure functions (load_areas reads a file).
#pragma once

#include <optional>
#include <string>

#include <google/protobuf/message.h>

#include "alertbus/protocol/areas.hpp"
#include "alertctl/event_reader.hpp"

namespace alertbus::alertctl {

inline constexpr double kHintMinLatitude = 8;
inline constexpr double kHintMaxLatitude = 24;
inline constexpr double kHintMinLongitude = 102;
inline constexpr double kHintMaxLongitude = 110;

// Checks (and completes) the areas and points in `message` at any depth; `path` is the
// message's own. `areas` may be null: then only the points are checked.
void check_places(google::protobuf::Message* message, const protocol::AreaTable* areas,
                  const std::string& path, Problems* problems);

// Checks (and completes) one place: `place` itself when it is an Area or a GeoPoint (an
// interactive answer), at `path`; `field` is what holds it (for the label), may be null.
void check_place(google::protobuf::Message* place, const google::protobuf::FieldDescriptor* field,
                 const protocol::AreaTable* areas, const std::string& path, Problems* problems);

// The province table: `path`, else ALERTBUS_AREAS_FILE (`env_path`), else the installed
// share/alertbus/areas/provinces.csv. A table named by option or environment that cannot be
// read is an error; a missing installed one is nullopt with `note` saying areas go unchecked.
StatusOr<std::optional<protocol::AreaTable>> load_areas(const std::string& path,
                                                        const std::string& env_path, Status* note);

}  // namespace alertbus::alertctl
