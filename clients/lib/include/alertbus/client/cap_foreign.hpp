// Import of CAP 1.2 alerts written by other agencies (a hydro-meteorological service, an
// animal-health or food-safety authority), mapped to alertbus events by rules the operator
// writes (deploy/cap-rules.toml; alertctl reads the TOML into CapRules).
//
// A foreign alert carries no alertbus:kind or alertbus:body (cap.hpp), so a rule says which
// kind it is and gives the body's fields CAP has no element for (a disease, an epidemiological
// unit, a facility). The first rule whose every given criterion matches wins; a rule with no
// criterion matches everything. An alert no rule matches is kept as an external notice (kind
// EXTERNAL, body ExternalAlert holding its CAP source and the original document byte for
// byte), never dropped; with keep_unmatched false it is refused instead, with an error naming
// what it carries and how to write a rule for it (docs/OPERATIONS.md, "CAP 1.2").
//
// The mapping (docs/OPERATIONS.md has the table):
//   identifier, sender, sent  kept: the event id is derived from them and the importing unit
//                             (imported_event_id), so the same alert imported again has the
//                             same id (alertctl then says it was imported already; the broker
//                             refuses other bytes under a stored id), and a later Update or
//                             Cancel finds it through <references>; the description ends with
//                             a line naming them ("Nguồn CAP / CAP source: …").
//   status                    Actual, Exercise, Test as they are; System and Draft refused.
//   msgType                   Alert: an alert of the rule's kind. Update: ADDITIONAL_INFO, and
//                             Cancel: CANCEL, to the imported alert its <references> name
//                             (refused when that alert was not imported). Ack, Error refused.
//   <info>                    the Vietnamese one (language vi or vi-*), else the first; rules
//                             match any <info>.
//   urgency/severity/certainty the same words (alertbus uses CAP's scales).
//   headline, description,    title (the <event> when no headline), description (+ the
//   instruction, contact      instruction), contact.
//   effective, expires        as they are; sent_at is the import time (the broker takes
//                             events sent in the last 24 hours; the CAP sent time is kept in
//                             the source line and the event id).
//   <area>                    an Area: areaDesc, polygon, circle; a geocode whose valueName is
//                             in province_schemes gives its code and scheme, other geocodes
//                             are added to the name; an area without one takes the rules'
//                             default area's code. A circle of radius 0 is a point: it becomes
//                             the body's location (outbreak, hotspot, fire).
//
// Threading: pure functions (`imported_kind` is called on the calling thread).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alertbus/v1/event.pb.h"

#include "alertbus/protocol/status.hpp"

namespace alertbus::client {

// One rule: the criteria (each optional; all given must match) and what a match becomes.
struct CapRule {
  std::string name;                     // Named in messages and in the event's source line.
  std::vector<std::string> categories;  // Any of these <category> words (Geo, Met, …, Other).
  std::string event_code_name;          // An <eventCode> with this valueName …
  std::string event_code_value;         // … and this value (empty: any value).
  std::string sender;                   // <sender> exactly, or a glob ("*@nchmf.gov.vn").
  std::string event;                    // Text in <event>, case and diacritics ignored.
  v1::AlertKind kind = v1::ALERT_KIND_UNSPECIFIED;
  // The kind's body fields CAP does not carry, as protobuf JSON of its body message
  // (AnimalDiseaseAlert, …): e.g. {"disease": "Cúm gia cầm A/H5N1", "outbreaks":
  // [{"epiUnit": "FARM", "species": [{"species": "gà"}]}]}. Empty: none.
  std::string body_json;
};

struct CapRules {
  std::vector<CapRule> rules;
  // <geocode> valueNames naming a province or commune code scheme, and the alertbus scheme
  // (VN-2004 or VN-2025) they are in.
  std::vector<std::pair<std::string, std::string>> province_schemes = {{"VN-2004", "VN-2004"},
                                                                       {"VN-2025", "VN-2025"}};
  // Code and scheme for an <area> without such a geocode (its name stays the areaDesc);
  // empty code: such an area is refused.
  std::string default_area_code;
  std::string default_area_scheme;
};

struct ForeignCapOptions {
  // The importing unit, "<node>/<unit>": it publishes the event (with its keys).
  std::string sender_unit;
  // The import time, Unix milliseconds: the event's sent_at.
  std::int64_t now_unix_ms = 0;
  // The kind of the alert with this event id if it was imported (is on the broker), or
  // nothing. Asked for an Update's or Cancel's <references>; unset: none was.
  std::function<std::optional<v1::AlertKind>(const std::string& event_id)> imported_kind;
  // An Alert no rule matches: true, an EXTERNAL notice; false, refused (alertctl
  // --no-external).
  bool keep_unmatched = true;
};

struct ForeignCap {
  v1::Event event;
  std::string rule;       // The rule that matched; empty for a follow-up or an external notice.
  bool external = false;  // No rule matched: the event is an EXTERNAL notice.
  std::string cap_identifier;
  std::string cap_sender;
  std::string cap_sent;  // As written in <sent>.
};

// The event for a foreign CAP 1.2 alert, by `rules`. Fails as from_cap() does for a document
// that is not CAP, with TOO_LONG for an external notice whose document exceeds 128 KiB, and
// with INVALID_VALUE for an alert no rule matches when keep_unmatched is false (the message lists
// its categories, event codes, sender and event, and how to add a rule), a status or msgType
// alertbus does not import, an Update or Cancel whose alert was not imported. A document
// alertbus wrote (it has the eventCode alertbus:kind) is read by from_cap() instead. The result is
// not validated: call protocol::validate_event() before publishing it (a rule's body may
// lack a required field, which validation names).
StatusOr<ForeignCap> from_foreign_cap(std::string_view xml, const CapRules& rules,
                                      const ForeignCapOptions& options);

// The event id an alert imported by `importing_unit` gets: a UUIDv7 with the CAP sent time's
// milliseconds and bits from a hash (BLAKE2b) of the importing unit, the CAP sender and
// identifier. The importing unit is in it because two provinces importing the same national
// warning publish two events (each its own sender_unit): under one id, every node would hold
// them as an id conflict (ARCHITECTURE.md, "Dedup is permanent").
std::string imported_event_id(std::string_view importing_unit, std::string_view sender,
                              std::string_view identifier, std::int64_t sent_unix_ms);

}  // namespace alertbus::client
