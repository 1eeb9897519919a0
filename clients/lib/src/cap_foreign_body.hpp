// Internal to the client library: the areas (cap_foreign_area.cpp) and the typed body
// (cap_foreign_body.cpp) of an imported foreign CAP alert (cap_foreign.cpp), from what the
// alert says and its rule's defaults.
//
// Threading: pure functions.
#pragma once

#include <libxml/tree.h>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/timestamp.pb.h>

#include "alertbus/v1/event.pb.h"

#include "alertbus/client/cap_foreign.hpp"
#include "alertbus/protocol/status.hpp"

namespace alertbus::client::cap {

// At most `max` code points of `text`, "…" last when cut.
std::string limited(const std::string& text, std::size_t max);

// One <area> into `event`'s areas: areaDesc, the first polygon, the first circle with a
// radius; the first geocode whose valueName is in the rules' province_schemes gives code and
// scheme, the others are added to the name; without one, the rules' default area's code
// (INVALID_VALUE when there is none). A circle of radius 0 is a point, added to `points`; an
// area with nothing else is not an area.
Status read_foreign_area(const xmlNode* node, const std::string& path, const CapRules& rules,
                         v1::Event* event, std::vector<v1::GeoPoint>* points);

// What the body may take from the alert.
struct BodyFacts {
  std::string event_text;             // <event>.
  google::protobuf::Timestamp onset;  // <onset>, else <sent>.
  std::vector<v1::GeoPoint> points;   // Circles of radius 0.
};

// Sets the body of `event` (kind, areas, times set) from the rule's body_json, then fills
// what the rule left unset and the alert says (docs/OPERATIONS.md, "CAP 1.2"):
//   animal-disease  disease ← <event>; onset_date ← onset day; confirmation SUSPECTED; each
//                   outbreak (one when the rule gives none) without a commune ← the first
//                   area, without a location ← the i-th point.
//   crop-pest       pest_name ← <event>.
//   forest-fire     subtype DANGER_LEVEL (HOTSPOT/FIRE when a point and the rule say so);
//                   danger: level ← severity (Extreme 5, Severe 4, Moderate 3, Minor 2,
//                   Unknown 1), valid_from ← effective or onset, valid_to ← expires or a day
//                   later, communes ← areas; hotspot/fire location ← the first point,
//                   detected_at ← onset.
//   unsafe-food     product.name ← <event>.
// INVALID_VALUE when body_json is not JSON of the kind's body.
Status fill_body(const CapRule& rule, const BodyFacts& facts, v1::Event* event);

// Sets the ExternalAlert body of an alert no rule matches: <sender>, <identifier>, `sent`
// from the alert, <senderName>, <event>, <category> and <eventCode> from `info`, and `xml`,
// the document as received, byte for byte. TOO_LONG when it exceeds 128 KiB.
Status fill_external(const xmlNode* alert, const xmlNode* info, std::string_view xml,
                     const google::protobuf::Timestamp& sent, v1::Event* event);

}  // namespace alertbus::client::cap
