// Ingest: turns a Publish into a NewEvent ready for the writer, or a Status saying exactly
// what is wrong. Checks, in order: size, decode (with the field of any invalid UTF-8),
// validation per kind, and for a follow-up that its alert is held here (or is in flight in
// an uncommitted batch) and has the same kind. A follow-up without areas or severity of its
// own takes its alert's, so filters by area and severity follow the whole case.
//
// Threading: loop thread only (reads through the loop's Store).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>

#include "alertbus/v1/frame.pb.h"

#include "store.hpp"

namespace alertbus::broker {

class Ingest {
 public:
  Ingest(Store& reader, std::size_t max_event_bytes)
      : reader_(reader), max_event_bytes_(max_event_bytes) {}

  // Decodes and validates a publish; on success its event bytes and signature move into the
  // NewEvent (the Publish is left without them).
  StatusOr<NewEvent> prepare(v1::Publish& publish, std::int64_t now_ms);

  // The same for an event a federation link received from peer `via`: the exact bytes are
  // decoded and validated again (a peer is not trusted more than a client), the StoredEvent's
  // id must be the event's own, and its origin position and reference are kept. A follow-up
  // whose alert is not here yet is accepted (its alert is on its way through another link);
  // it inherits the alert's areas and severity only when the alert is here. The clock-skew
  // bound is a day: the origin checked sent_at against its own clock.
  StatusOr<NewEvent> prepare_remote(const v1::StoredEvent& stored, const std::string& via,
                                    std::int64_t now_ms);

  // An accepted alert is "in flight" until its batch is committed; follow-ups may refer to
  // it meanwhile.
  void alert_in_flight(const NewEvent& alert);

  void committed(const std::string& event_id) { in_flight_alerts_.erase(event_id); }

 private:
  struct AlertFacts {
    v1::AlertKind kind = v1::ALERT_KIND_UNSPECIFIED;
    v1::Severity severity = v1::SEVERITY_UNSPECIFIED;
    std::string area_codes;
  };

  // Decodes `bytes` and validates the event against `now_ms` with that clock skew allowed.
  StatusOr<v1::Event> decode_valid(const std::string& bytes, std::int64_t now_ms,
                                   std::int64_t max_clock_skew_ms) const;

  // Finds the alert of a follow-up, among alerts in flight and in the store.
  StatusOr<std::optional<AlertFacts>> find_alert(const std::string& alert_event_id);
  Status check_follow_up(EventFacts* facts);

  Store& reader_;
  std::size_t max_event_bytes_;
  std::unordered_map<std::string, AlertFacts> in_flight_alerts_;
};

}  // namespace alertbus::broker
