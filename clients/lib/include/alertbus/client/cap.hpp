// OASIS CAP 1.2 export and import of events, and an Atom 1.0 feed of public alerts.
//
// to_cap() writes one <alert> with one <info>, element order as in CAP-v1.2.xsd. What CAP has
// no element for travels in <parameter>s and <eventCode>s named "alertbus:…" (docs/OPERATIONS.md,
// "CAP 1.2 and Atom"), so that from_cap(to_cap(e)) gives back e, sub-second times included:
//   eventCode alertbus:kind   the AlertKind name ("ANIMAL_DISEASE")
//   eventCode alertbus:type   the EventType name ("ALERT", "CANCEL", …)
//   parameter alertbus:reference       the origin node's reference ("BG-2026-00042")
//   parameter alertbus:body            the typed body (or FollowUp) as protobuf JSON
//   parameter alertbus:references      Event.references, space-separated event ids
//   parameter alertbus:sentAt / alertbus:effective / alertbus:expires
//                                      the exact time (RFC 3339 UTC with fraction), only
//                                      when it has a fraction of a second
//   parameter alertbus:language        empty, only when Event.language is (<language> then
//                                      says vi-VN)
// from_cap() parses with libxml2 without network access, entity expansion or DTD loading, and
// refuses any document with a DOCTYPE. It accepts a CAP alert from another system only if it
// carries our alertbus:kind and alertbus:body: a typed body cannot honestly be guessed from
// free text, so the error names what is missing instead. Other agencies' alerts are mapped by
// rules the operator writes: from_foreign_cap() (cap_foreign.hpp).
//
// For other CAP readers the writer also names the alert by its reference in <headline>
// ("BG-2026-00042 — title", removed again on import), and writes the typed body's points (an
// outbreak's location, a hotspot's, a fire's) as extra <area>s with a <circle> of radius 0 and
// the geocode alertbus:point naming the field, which import skips.
//
// Threading: pure functions, safe from any thread (libxml2 is initialised once, thread-safely).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alertbus/v1/casework.pb.h"
#include "alertbus/v1/event.pb.h"
#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/status.hpp"

namespace alertbus::client {

// The CAP 1.2 namespace.
inline constexpr const char* kCapNamespace = "urn:oasis:names:tc:emergency:cap:1.2";

// The value of <code> in every document we write: "alertbus, CAP profile version 1".
inline constexpr const char* kCapProfileCode = "alertbus:1";

// An earlier event the exported one refers to, as CAP <references> names it:
// "sender,identifier,sent".
struct CapReference {
  std::string event_id;
  std::string sender_unit;
  google::protobuf::Timestamp sent_at;
};

// What to_cap() may know beyond the event itself.
struct CapContext {
  // The alert a follow-up follows, and any other event in Event.references, when known.
  // References not listed here are still carried (parameter alertbus:references) but cannot
  // appear in <references>, which needs their sender and sent time.
  std::vector<CapReference> references;
  // <senderName>: the issuing unit's name in the broker's Directory ("Chi cục Chăn nuôi và
  // Thú y Bắc Giang"); empty: the sender unit's id.
  std::string sender_name;
};

// The CAP 1.2 document (UTF-8, with an XML declaration) for `event`, stored as `stored`
// (only its reference is used; an empty StoredEvent is fine). An external notice (EXTERNAL
// alert, imported from another agency) is its original CAP document, unchanged; the Atom
// feed writes it like the other kinds, with its CAP categories. Never fails: every Event that
// passes validate_event() gives a schema-valid document. Characters XML cannot carry (C0
// controls but tab, LF, CR; U+FFFE, U+FFFF) become U+FFFD in CAP's elements; in the
// alertbus:body JSON they are escaped and come back exactly.
std::string to_cap(const v1::StoredEvent& stored, const v1::Event& event,
                   const CapContext& context = {});

// The Event in a CAP 1.2 document. Fails with
//   MALFORMED_EVENT  not well-formed XML, a DOCTYPE, root not {CAP 1.2}alert;
//   MISSING_FIELD    a required CAP element, or our alertbus:kind / alertbus:body (field names
//                    the element, e.g. "alert.info.parameter[alertbus:body]");
//   INVALID_VALUE    a bad dateTime, an unknown status/msgType/urgency/… word, a body that is
//                    not valid JSON for its kind, a bad polygon or circle, more than one
//                    <info> (not supported: one language per event), a msgType that
//                    contradicts alertbus:type.
// Messages are in English and Vietnamese. The identifier becomes event_id when it is a
// canonical UUID, else a new UUIDv7 is made. The result is not validated: call
// protocol::validate_event() before publishing it.
StatusOr<v1::Event> from_cap(std::string_view xml);

// One stored event with its parsed Event, for the feed.
struct CapEntry {
  v1::StoredEvent stored;
  v1::Event event;
  // The alert's case when known (the feed shows its state: cancelled, withdrawn, resolved or
  // expired alerts are marked, and the entry is updated when the state changed).
  std::optional<v1::AlertCase> alert_case{};
};

struct AtomFeedOptions {
  // <id> of the feed, an IRI, e.g. "urn:alertbus:feed:bac-giang".
  std::string feed_id = "urn:alertbus:feed";
  std::string title = "alertbus: cảnh báo / alerts";
  // <updated> of the feed in Unix milliseconds; 0: the newest entry's sent time.
  std::int64_t updated_unix_ms = 0;
  // Where the feed is published (RFC 4287 4.2.7.2, rel="self"); empty: no such link.
  std::string self_url;
};

// An Atom 1.0 feed of the public alerts among `entries` (status ACTUAL, type ALERT; others
// are left out), newest first (sent_at, then event id). Each entry: id urn:uuid:<event id>,
// title, updated (sent_at), summary (description or title), author (sender unit), category
// (the kind), and the CAP document inline as <content type="application/cap+xml">.
std::string to_atom_feed(const std::vector<CapEntry>& entries, const AtomFeedOptions& options = {});

// "2026-11-28T14:05:00+07:00": Vietnam time (UTC+7, no daylight saving), whole seconds, the
// form CAP's dateTime pattern requires.
std::string cap_date_time(const google::protobuf::Timestamp& time);

}  // namespace alertbus::client
