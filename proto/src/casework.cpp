#include "alertbus/protocol/casework.hpp"

#include <algorithm>
#include <optional>
#include <tuple>
#include <utility>

#include "alertbus/protocol/clock.hpp"
#include "alertbus/protocol/vocabulary.hpp"
#include "case_places.hpp"

namespace alertbus::protocol {
namespace {

constexpr std::int64_t kHour = 3600LL * 1000;
constexpr std::int64_t kDay = 24 * kHour;

std::int64_t unix_ms(const google::protobuf::Timestamp& time) {
  return to_unix_ms(time);
}

void set_ms(std::int64_t ms, google::protobuf::Timestamp* time) {
  set_unix_ms(ms, time);
}

bool is_open(v1::AlertState state) {
  return state == v1::ALERT_ACTIVE || state == v1::ALERT_STABLE;
}

// Follow-up types only the issuing unit may post.
bool issuer_only_type(v1::EventType type) {
  switch (type) {
    case v1::CLOSE:
    case v1::CANCEL:
    case v1::WITHDRAW:
    case v1::RECLASSIFY:
    case v1::LEVEL_CHANGE:
      return true;
    default:
      return false;
  }
}

// Follow-ups still accepted once the case is resolved: information, and the receivers'
// acknowledgements and measures.
bool allowed_after_close(const v1::Event& event) {
  switch (event.type()) {
    case v1::ACKNOWLEDGE:
    case v1::MEASURES_TAKEN:
    case v1::ADDITIONAL_INFO:
    case v1::CORRECT:
    case v1::REQUEST_INFO:
    case v1::ANSWER_INFO:
    case v1::CANCEL:  // A resolved alert found to be false is still cancelled.
      return !event.follow_up().stable();
    default:
      return false;
  }
}

// A follow-up type as people call it: "“Closed”", "“Kết thúc”".
std::string type_name(v1::EventType type, bool vietnamese) {
  return "“" + term_name(Vocabulary::kType, type, vietnamese) + "”";
}

// How an alert is named in a refusal: by its reference (by id while its alert is missing).
const std::string& alert_name(const v1::AlertCase& alert_case) {
  return alert_case.reference().empty() ? alert_case.event_id() : alert_case.reference();
}

// The one rule check behind compute_case() and check_transition(). `state` is the case's
// state before the follow-up (EXPIRED counts as open: an expired alert is still closed).
Status rule_check(const v1::AlertCase& alert_case, const v1::Event& follow_up) {
  const v1::AlertState state = alert_case.state();
  const std::string& id = alert_name(alert_case);
  if (state == v1::ALERT_CANCELLED || state == v1::ALERT_WITHDRAWN) {
    const bool cancelled = state == v1::ALERT_CANCELLED;
    return Status::error(v1::INVALID_TRANSITION,
                         "alert " + id + " was " + (cancelled ? "cancelled" : "withdrawn") +
                             "; it accepts no further follow-ups",
                         "cảnh báo " + id + (cancelled ? " đã bị hủy" : " đã bị thu hồi") +
                             "; không nhận thêm thông tin tiếp theo",
                         "follow_up.alert_event_id");
  }
  const bool by_type = issuer_only_type(follow_up.type());
  if ((by_type || follow_up.follow_up().stable()) &&
      follow_up.sender_unit() != alert_case.sender_unit()) {
    const std::string what_en = by_type ? "send " + type_name(follow_up.type(), false) + " for"
                                        : std::string("report stable");
    const std::string what_vi = by_type ? "gửi " + type_name(follow_up.type(), true) + " cho"
                                        : std::string("báo tình hình ổn định cho");
    return Status::error(v1::INVALID_TRANSITION,
                         "only the issuing unit " + alert_case.sender_unit() + " may " + what_en +
                             " alert " + id + ", not " + follow_up.sender_unit(),
                         "chỉ đơn vị phát cảnh báo " + alert_case.sender_unit() + " mới được " +
                             what_vi + " cảnh báo " + id + ", không phải " +
                             follow_up.sender_unit(),
                         "sender_unit");
  }
  if (state == v1::ALERT_RESOLVED && !allowed_after_close(follow_up)) {
    return Status::error(
        v1::INVALID_TRANSITION,
        "alert " + id + " is resolved; " + type_name(follow_up.type(), false) +
            (follow_up.follow_up().stable() ? " (stable)" : "") + " no longer applies",
        "cảnh báo " + id + " đã kết thúc; không còn áp dụng " + type_name(follow_up.type(), true) +
            (follow_up.follow_up().stable() ? " (ổn định)" : ""),
        "type");
  }
  return {};
}

v1::ReceiverCase* receiver(v1::AlertCase* alert_case, const std::string& node) {
  for (v1::ReceiverCase& entry : *alert_case->mutable_receivers()) {
    if (entry.node() == node) {
      return &entry;
    }
  }
  v1::ReceiverCase* added = alert_case->add_receivers();
  added->set_node(node);
  added->set_state(v1::RECEIVER_PENDING);
  return added;
}

void raise(v1::ReceiverCase* entry, v1::ReceiverState state) {
  if (entry->state() < state) {
    entry->set_state(state);
  }
}

void count_follow_up(v1::AlertCase* alert_case, v1::EventType type) {
  alert_case->set_follow_up_count(alert_case->follow_up_count() + 1);
  for (v1::FollowUpCount& entry : *alert_case->mutable_follow_ups()) {
    if (entry.type() == type) {
      entry.set_count(entry.count() + 1);
      return;
    }
  }
  v1::FollowUpCount* added = alert_case->add_follow_ups();
  added->set_type(type);
  added->set_count(1);
}

void start_case(const CaseEvent& alert, v1::AlertCase* alert_case) {
  const v1::Event& event = alert.event;
  const std::int64_t at = counted_ms(alert);
  alert_case->set_event_id(event.event_id());
  alert_case->set_reference(alert.reference);
  alert_case->set_kind(event.kind());
  alert_case->set_origin_node(alert.origin_node);
  alert_case->set_sender_unit(event.sender_unit());
  alert_case->set_severity(event.severity());
  alert_case->set_title(event.title());
  set_ms(at, alert_case->mutable_sent_at());
  if (event.has_expires()) {
    *alert_case->mutable_expires() = event.expires();
  }
  alert_case->set_status(event.status());
  alert_case->set_state(v1::ALERT_ACTIVE);
  set_ms(at, alert_case->mutable_state_changed_at());
  alert_case->set_state_changed_by(event.sender_unit());
  *alert_case->mutable_areas() = event.areas();
  // Where the alert reaches beyond its own areas: a query by area finds it there too.
  for (const v1::Distribution& item : event.unsafe_food().distribution()) {
    *alert_case->add_related_areas() = item.province();
  }
  for (const v1::Area& area : event.forest_fire().threatened_areas()) {
    *alert_case->add_related_areas() = area;
  }
  add_case_places(event, alert_case);  // Its places (case_places.hpp).
  set_ms(at, alert_case->mutable_last_event_at());
  if (event.has_forest_fire() && event.forest_fire().has_danger()) {
    alert_case->set_danger_level(event.forest_fire().danger().level());
  }
}

// At a terminal state every receiver is closed, when the case was.
void close_receivers(v1::AlertCase* alert_case) {
  if (alert_case->alert_missing() || is_open(alert_case->state())) {
    return;
  }
  for (v1::ReceiverCase& entry : *alert_case->mutable_receivers()) {
    *entry.mutable_closed_at() = alert_case->state_changed_at();
    entry.set_state(v1::RECEIVER_CLOSED);
  }
}

void sort_case(v1::AlertCase* alert_case) {
  std::sort(
      alert_case->mutable_receivers()->begin(), alert_case->mutable_receivers()->end(),
      [](const v1::ReceiverCase& a, const v1::ReceiverCase& b) { return a.node() < b.node(); });
  std::sort(
      alert_case->mutable_follow_ups()->begin(), alert_case->mutable_follow_ups()->end(),
      [](const v1::FollowUpCount& a, const v1::FollowUpCount& b) { return a.type() < b.type(); });
}

// A broker's notice: a receipt (its node stored the alert) or an overdue notice (the origin
// node names the nodes that are late). Facts, not follow-ups: no rule stops them, and they
// are not counted.
void apply_notice(const CaseEvent& entry, v1::AlertCase* alert_case) {
  const v1::Event& event = entry.event;
  const std::int64_t at = counted_ms(entry);
  if (event.type() == v1::RECEIPT) {
    const std::string node = node_of_unit(event.sender_unit());
    if (node == alert_case->origin_node()) {
      return;
    }
    // A receipt covers this alert alone, stored at sent_at (older brokers), or several, each
    // with its own time: never after the receipt itself was stored.
    std::optional<std::int64_t> stored_ms;
    if (event.follow_up().receipts().empty()) {
      stored_ms = at;
    }
    for (const v1::ReceiptEntry& covered : event.follow_up().receipts()) {
      if (covered.alert_event_id() == alert_case->event_id()) {
        stored_ms = std::min(unix_ms(covered.stored_at()), at);
        break;
      }
    }
    if (!stored_ms) {
      return;
    }
    v1::ReceiverCase* receiving = receiver(alert_case, node);
    if (!receiving->has_delivered_at() || *stored_ms < unix_ms(receiving->delivered_at())) {
      set_ms(*stored_ms, receiving->mutable_delivered_at());
    }
    raise(receiving, v1::RECEIVER_DELIVERED);
    return;
  }
  for (const std::string& node : event.follow_up().overdue_nodes()) {
    if (node == alert_case->origin_node()) {
      if (at > unix_ms(alert_case->follow_up_overdue_notified_at())) {
        set_ms(at, alert_case->mutable_follow_up_overdue_notified_at());
      }
      continue;
    }
    v1::ReceiverCase* receiving = receiver(alert_case, node);
    if (!receiving->has_overdue_notified_at()) {
      set_ms(at, receiving->mutable_overdue_notified_at());
    }
  }
}

// When a follow-up counts in its case: counted_ms(), but never before the alert (a sender's
// clock, or claim, cannot make an answer come before the question). With the alert not held,
// the follow-up's own time (the case is computed again when the alert comes).
google::protobuf::Timestamp case_time(const v1::AlertCase& alert_case, std::int64_t counted) {
  google::protobuf::Timestamp at;
  set_ms(alert_case.has_sent_at() ? std::max(counted, unix_ms(alert_case.sent_at())) : counted,
         &at);
  return at;
}

void set_state(v1::AlertCase* alert_case, v1::AlertState state, const v1::Event& event,
               const google::protobuf::Timestamp& at) {
  alert_case->set_state(state);
  *alert_case->mutable_state_changed_at() = at;
  alert_case->set_state_changed_by(event.sender_unit());
}

// Applies one follow-up that passed rule_check() (or, with the alert missing, one whose
// rules cannot be judged: then only the receivers' facts are taken).
void apply(const v1::Event& event, std::int64_t counted, bool alert_held, v1::AlertCase* alert_case,
           std::int64_t* last_issuer_ms) {
  const std::string from_node = node_of_unit(event.sender_unit());
  const bool from_receiver = from_node != alert_case->origin_node();
  const v1::FollowUp& details = event.follow_up();
  const google::protobuf::Timestamp at = case_time(*alert_case, counted);
  if (alert_held && event.sender_unit() == alert_case->sender_unit()) {
    *last_issuer_ms = std::max(*last_issuer_ms, unix_ms(at));
  }
  if ((event.type() == v1::ACKNOWLEDGE || event.type() == v1::MEASURES_TAKEN) && from_receiver) {
    v1::ReceiverCase* entry = receiver(alert_case, from_node);
    if (!entry->has_acknowledged_at()) {
      *entry->mutable_acknowledged_at() = at;
      entry->set_acknowledged_by(event.sender_unit());
    }
    raise(entry, v1::RECEIVER_ACKNOWLEDGED);
    if (event.type() == v1::MEASURES_TAKEN) {
      if (!entry->has_action_taken_at()) {
        *entry->mutable_action_taken_at() = at;
        entry->set_action_taken_by(event.sender_unit());
      }
      raise(entry, v1::RECEIVER_ACTION_TAKEN);
    }
  }
  if (!alert_held) {
    return;
  }
  switch (event.type()) {
    case v1::CLOSE:
      set_state(alert_case, v1::ALERT_RESOLVED, event, at);
      break;
    case v1::CANCEL:
      set_state(alert_case, v1::ALERT_CANCELLED, event, at);
      break;
    case v1::WITHDRAW:
      set_state(alert_case, v1::ALERT_WITHDRAWN, event, at);
      break;
    case v1::RECLASSIFY:
      if (details.new_severity() != v1::SEVERITY_UNSPECIFIED) {
        alert_case->set_severity(details.new_severity());
      }
      break;
    case v1::LEVEL_CHANGE:
      if (details.new_danger_level() != 0) {
        alert_case->set_danger_level(details.new_danger_level());
      }
      break;
    case v1::NEW_OUTBREAK:
      // A new outbreak reopens the case when the issuing province reports it; from another
      // province it is information about the case, not a change of its state.
      if (alert_case->state() == v1::ALERT_STABLE && !from_receiver) {
        set_state(alert_case, v1::ALERT_ACTIVE, event, at);
      }
      break;
    default:
      break;
  }
  if (details.stable() && alert_case->state() == v1::ALERT_ACTIVE) {
    set_state(alert_case, v1::ALERT_STABLE, event, at);
  }
}

}  // namespace

Deadlines Deadlines::defaults() {
  Deadlines deadlines;
  deadlines.rules[v1::ANIMAL_DISEASE] = Rule{24 * kHour, 24 * kHour, 7 * kDay};
  deadlines.rules[v1::CROP_PEST] = Rule{48 * kHour, 48 * kHour, 0};
  deadlines.rules[v1::FOREST_FIRE] = Rule{2 * kHour, 1 * kHour, 0};
  deadlines.rules[v1::UNSAFE_FOOD] = Rule{48 * kHour, 24 * kHour, 0};
  // An external notice is information from another agency: no deadline, never overdue.
  deadlines.rules[v1::EXTERNAL] = Rule{0, 0, 0};
  return deadlines;
}

std::int64_t Deadlines::acknowledge_ms(v1::AlertKind kind, v1::Severity severity) const {
  if (kind <= v1::ALERT_KIND_UNSPECIFIED || static_cast<std::size_t>(kind) >= rules.size()) {
    return 0;
  }
  const Rule& rule = rules[static_cast<std::size_t>(kind)];
  return severity >= v1::SEVERE ? rule.acknowledge_severe_ms : rule.acknowledge_ms;
}

std::int64_t Deadlines::follow_up_ms(v1::AlertKind kind) const {
  if (kind <= v1::ALERT_KIND_UNSPECIFIED || static_cast<std::size_t>(kind) >= rules.size()) {
    return 0;
  }
  return rules[static_cast<std::size_t>(kind)].follow_up_ms;
}

std::string node_of_unit(const std::string& unit) {
  return unit.substr(0, unit.find('/'));
}

bool CaseOrder::operator<(const CaseOrder& other) const {
  return std::tie(follow_up, sent_ms, event_id) <
         std::tie(other.follow_up, other.sent_ms, other.event_id);
}

std::int64_t counted_ms(const CaseEvent& entry) {
  const std::int64_t sent = unix_ms(entry.event.sent_at());
  if (entry.stored_ms == 0) {
    return sent;
  }
  return std::clamp(sent, entry.stored_ms - kClaimToleranceMs, entry.stored_ms);
}

CaseOrder case_order(const CaseEvent& entry) {
  // The alert first (a follow-up sent "before" its alert by a skewed clock still follows
  // it), then by when it counts, then by event id.
  return CaseOrder{entry.event.type() != v1::ALERT, counted_ms(entry), entry.event.event_id()};
}

void extend_case(v1::AlertCase* alert_case, const CaseEvent& entry) {
  const v1::Event& event = entry.event;
  const bool empty = alert_case->event_id().empty() && !alert_case->alert_missing();
  if (event.type() == v1::ALERT) {
    if (empty) {
      start_case(entry, alert_case);
      set_ms(unix_ms(alert_case->sent_at()), alert_case->mutable_last_issuer_event_at());
    }
    return;  // An alert after its follow-ups is the caller's to recompute (case_order).
  }
  if (empty) {
    alert_case->set_alert_missing(true);
    alert_case->set_event_id(event.follow_up().alert_event_id());
    alert_case->set_kind(event.kind());
  }
  const bool alert_held = !alert_case->alert_missing();
  if (event.type() == v1::RECEIPT || event.type() == v1::OVERDUE) {
    apply_notice(entry, alert_case);
  } else if (alert_held && !rule_check(*alert_case, event).ok()) {
    alert_case->set_ignored_follow_ups(alert_case->ignored_follow_ups() + 1);
  } else {
    std::int64_t last_issuer_ms = alert_held ? unix_ms(alert_case->last_issuer_event_at()) : 0;
    const std::int64_t counted = counted_ms(entry);
    apply(event, counted, alert_held, alert_case, &last_issuer_ms);
    count_follow_up(alert_case, event.type());
    if (counted > unix_ms(alert_case->last_event_at())) {
      set_ms(counted, alert_case->mutable_last_event_at());
    }
    if (alert_held) {
      set_ms(last_issuer_ms, alert_case->mutable_last_issuer_event_at());
    }
  }
  close_receivers(alert_case);
  sort_case(alert_case);
}

v1::AlertState next_state(const v1::AlertCase& alert_case, const v1::Event& follow_up) {
  if (follow_up.type() == v1::ALERT || follow_up.type() == v1::RECEIPT ||
      follow_up.type() == v1::OVERDUE || !rule_check(alert_case, follow_up).ok()) {
    return alert_case.state();
  }
  v1::AlertCase changed;
  changed.set_event_id(alert_case.event_id());
  changed.set_sender_unit(alert_case.sender_unit());
  changed.set_origin_node(alert_case.origin_node());
  changed.set_state(alert_case.state());
  std::int64_t ignored = 0;
  apply(follow_up, 0, true, &changed, &ignored);
  return changed.state();
}

v1::AlertCase compute_case(std::span<const CaseEvent> events, const CaseContext& context) {
  std::vector<const CaseEvent*> ordered;
  ordered.reserve(events.size());
  for (const CaseEvent& entry : events) {
    ordered.push_back(&entry);
  }
  std::sort(ordered.begin(), ordered.end(),
            [](const CaseEvent* a, const CaseEvent* b) { return case_order(*a) < case_order(*b); });
  v1::AlertCase alert_case;
  for (const CaseEvent* entry : ordered) {
    extend_case(&alert_case, *entry);
  }
  complete_case(&alert_case, context);
  return alert_case;
}

void complete_case(v1::AlertCase* alert_case, const CaseContext& context) {
  if (alert_case->alert_missing()) {
    return;
  }
  for (const std::string& node : context.nodes) {
    if (node != alert_case->origin_node()) {
      receiver(alert_case, node);
    }
  }
  close_receivers(alert_case);
  sort_case(alert_case);
  const std::int64_t acknowledge =
      context.deadlines.acknowledge_ms(alert_case->kind(), alert_case->severity());
  const std::int64_t interval = context.deadlines.follow_up_ms(alert_case->kind());
  for (v1::ReceiverCase& entry : *alert_case->mutable_receivers()) {
    entry.clear_acknowledge_due();
    if (acknowledge > 0) {
      set_ms(unix_ms(alert_case->sent_at()) + acknowledge, entry.mutable_acknowledge_due());
    }
  }
  alert_case->clear_follow_up_due();
  if (interval > 0 && alert_case->state() == v1::ALERT_ACTIVE) {
    set_ms(unix_ms(alert_case->last_issuer_event_at()) + interval,
           alert_case->mutable_follow_up_due());
  }
  const std::int64_t now_ms = context.now_ms;
  if (now_ms == 0) {
    return;
  }
  if (is_open(alert_case->state()) && alert_case->has_expires() &&
      unix_ms(alert_case->expires()) <= now_ms) {
    alert_case->set_state(v1::ALERT_EXPIRED);
    *alert_case->mutable_state_changed_at() = alert_case->expires();
    alert_case->clear_state_changed_by();
  }
  const bool open = is_open(alert_case->state());
  bool overdue = false;
  for (v1::ReceiverCase& entry : *alert_case->mutable_receivers()) {
    const bool late = open && !entry.has_acknowledged_at() && entry.has_acknowledge_due() &&
                      unix_ms(entry.acknowledge_due()) < now_ms;
    entry.set_overdue(late);
    overdue = overdue || late;
  }
  if (alert_case->state() == v1::ALERT_ACTIVE && alert_case->has_follow_up_due() &&
      unix_ms(alert_case->follow_up_due()) < now_ms) {
    overdue = true;
  }
  alert_case->set_overdue(overdue);
}

Status check_transition(const v1::AlertCase& alert_case, const v1::Event& follow_up) {
  return rule_check(alert_case, follow_up);
}

}  // namespace alertbus::protocol
