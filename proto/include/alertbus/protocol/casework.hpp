// Casework: the lifecycle of an alert computed from its events (DOMAIN.md, Lifecycle).
//
// compute_case() is a pure function of the SET of an alert's events: it sorts them itself
// (by sent_at, then event id), so every node, whatever order its log holds them in, computes
// the same case from the same events. The broker's case projection and alertctl's reports
// both call it; nothing else decides a state.
//
// Rules (a follow-up that breaks one is counted in ignored_follow_ups and changes nothing;
// brokers refuse such follow-ups from their own clients with INVALID_TRANSITION, see
// check_transition()):
// - only the alert's issuing unit (its sender_unit) closes, cancels, withdraws, reports the
//   situation stable (FollowUp.stable) or reclassifies;
// - after CANCEL or WITHDRAW nothing applies; after CLOSE only information (ADDITIONAL_INFO,
//   CORRECT, REQUEST_INFO, ANSWER_INFO) and the receivers' ACKNOWLEDGE and MEASURES_TAKEN;
// - any unit of a receiving node acknowledges and reports measures: its node moves to
//   ACKNOWLEDGED, then ACTION_TAKEN (measures imply acknowledgement); a unit of the origin
//   node acknowledging changes no receiver;
// - NEW_OUTBREAK from a unit of the issuing province makes a STABLE alert ACTIVE again; from
//   another province it is information and changes no state;
// - an event counts at its sent_at held within what the nodes stored (counted_ms()): never
//   after the earliest time a node is known to have stored it (its origin's store time, or
//   the time this node stored it), nor more than kClaimToleranceMs before that; so a sender's
//   clock or claim cannot make an acknowledgement sent days late look timely, nor date an
//   alert before it reached anyone;
// - a follow-up counts never before the alert (acknowledged_at, action_taken_at,
//   state_changed_at, the issuer's last follow-up); brokers refuse from their own clients a
//   follow-up sent more than the allowed clock skew before its alert.
// Brokers' notices are facts, not follow-ups (no rule stops them; they are not counted): a
// RECEIPT from a node sets that receiver DELIVERED at the time the node stored the alert (the
// receipt's entry for this alert, or its sent_at when it has no entries), and applies the
// same whatever the order, so a projection may apply one to a case out of order; an OVERDUE
// notice records, for each node it names, that it was notified.
//
// Deadlines: a receiver that has not acknowledged by the alert's time (the case's sent_at,
// counted as above) + acknowledge deadline while the
// alert is ACTIVE or STABLE is overdue. For kinds with periodic follow-ups (animal disease:
// weekly until stable), an ACTIVE alert whose issuing unit has posted nothing for the
// interval is overdue too.
//
// Threading: pure functions and plain values.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "alertbus/v1/casework.pb.h"
#include "alertbus/v1/event.pb.h"

#include "alertbus/protocol/status.hpp"

namespace alertbus::protocol {

// Acknowledgement and follow-up deadlines per alert kind (milliseconds; 0 = none).
struct Deadlines {
  struct Rule {
    std::int64_t acknowledge_ms = 0;         // After sent_at.
    std::int64_t acknowledge_severe_ms = 0;  // For SEVERE and EXTREME alerts.
    std::int64_t follow_up_ms = 0;           // Between the issuer's follow-ups while ACTIVE.
  };

  // Indexed by v1::AlertKind (entry 0 unused).
  std::array<Rule, 6> rules{};

  // DOMAIN.md: disease notification 24 h, weekly disease follow-ups until stable; crop
  // pests 48 h; forest fires 2 h (1 h when severe: a fire crosses a border in hours); food
  // alerts 48 h, 24 h when severe (a recall decision is due within 24 h). External notices
  // (EXTERNAL, another agency's CAP alert) have neither deadline: they are never overdue.
  static Deadlines defaults();

  std::int64_t acknowledge_ms(v1::AlertKind kind, v1::Severity severity) const;
  std::int64_t follow_up_ms(v1::AlertKind kind) const;
};

// One event of a case: the decoded event and what the log knows about it.
struct CaseEvent {
  v1::Event event;
  std::string reference;    // The alert's reference (for the alert itself).
  std::string origin_node;  // Where the event was first stored.
  // The earliest time a node is known to have stored it (Unix ms): its origin's store time
  // (OriginPosition.stored_at), or when this node stored it if earlier or the origin's is
  // unknown. 0: unknown (the event counts at its sent_at).
  std::int64_t stored_ms = 0;
};

// How far before its store time an event's sent_at still counts: the clocks' allowed skew.
inline constexpr std::int64_t kClaimToleranceMs = 10 * 60 * 1000;

// The most places a case keeps from its alert's body (AlertCase.points); the others are
// counted in points_left_out.
inline constexpr int kMaxCasePoints = 32;

// When `entry` counts in its case: its sent_at, but not after stored_ms nor more than
// kClaimToleranceMs before it.
std::int64_t counted_ms(const CaseEvent& entry);

struct CaseContext {
  // The federation's nodes; the receivers are these minus the alert's origin node (plus any
  // node whose units acknowledged or reported measures).
  std::vector<std::string> nodes;
  Deadlines deadlines = Deadlines::defaults();
  // The time states, expiry and deadlines are computed at.
  std::int64_t now_ms = 0;
};

// The case of one alert from its events (the alert, if held, and its follow-ups), in any
// order, completed for `context` (complete_case()). With no
// ALERT among `events`, the case has alert_missing set and only the follow-ups' facts.
v1::AlertCase compute_case(std::span<const CaseEvent> events, const CaseContext& context);

// The order in which a case applies its events: the alert first, then by counted_ms(), then
// by event id. compute_case() sorts by it; a projection that applies events one at a time may
// extend a case with an event only if it sorts after every event already applied, and
// otherwise recomputes the case.
struct CaseOrder {
  bool follow_up = false;
  std::int64_t sent_ms = 0;
  std::string event_id;

  bool operator<(const CaseOrder& other) const;
};

CaseOrder case_order(const CaseEvent& entry);

// Applies one more event to a case that holds every event sorting before it (start from an
// empty AlertCase). Folding a set of events in case_order() through extend_case() and then
// complete_case() is exactly compute_case(); an ALERT that arrives after its follow-ups
// (alert_missing) is ignored here: recompute the case.
void extend_case(v1::AlertCase* alert_case, const CaseEvent& event);

// The alert state after `follow_up`, by the same rules as extend_case(), from a case of which
// only event_id, origin_node, sender_unit and state are read (the broker's admission index).
v1::AlertState next_state(const v1::AlertCase& alert_case, const v1::Event& follow_up);

// Completes a case computed with now_ms = 0 (as the broker stores them: free of the time and
// of the configuration) for `context`: adds the receivers of context.nodes it lacks, sets
// the deadlines (acknowledge_due, follow_up_due) from context.deadlines, and, when
// context.now_ms is set, EXPIRED and the overdue flags at that time. Apply it once.
void complete_case(v1::AlertCase* alert_case, const CaseContext& context);

// Whether `follow_up` may be applied to `alert_case` now (the rules above), as the broker
// checks a follow-up from its own clients. INVALID_TRANSITION, in both languages, naming
// the rule.
Status check_transition(const v1::AlertCase& alert_case, const v1::Event& follow_up);

// The node of a unit id ("bac-giang/cnty" -> "bac-giang").
std::string node_of_unit(const std::string& unit);

}  // namespace alertbus::protocol
