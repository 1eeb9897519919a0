// Notices: the events a broker issues itself (docs/ARCHITECTURE.md, "Casework").
//
// - A RECEIPT for each alert that originated elsewhere, once it is stored here: sent_at is
//   when this node stored it, so every node learns the same delivery time for this node.
// - An OVERDUE notice for an alert that originated here whose deadlines passed: it names the
//   receiving nodes that have not acknowledged in time (and this node when the issuing
//   unit's periodic follow-up is late), and the unit it escalates to, if configured.
//
// A notice is an ordinary event of this node's log (sender_unit "<node>/broker", signed with
// the node's key when it has one), relayed like any other; clients may not publish one.
//
// Threading: plain values; used on the loop thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "alertbus/v1/casework.pb.h"

#include "alertbus/protocol/keys.hpp"
#include "store/store.hpp"

namespace alertbus::broker {

class NoticeIssuer {
 public:
  // `signing`: this node's signing key; none: notices are unsigned (development without
  // keys). `escalate_to`: the unit OVERDUE notices are escalated to, or empty.
  NoticeIssuer(std::string self_node, std::optional<protocol::SigningKey> signing,
               std::string escalate_to);

  // One receipt covering `entries` (at most 1,024; alerts of `kind` and `status` stored
  // here that originated elsewhere), with this node's log covered by receipts up to
  // `through_seq`; `area_codes` and `severity` are what filters see (the alerts' union and
  // highest).
  StatusOr<NewEvent> receipts(v1::AlertKind kind, v1::MessageStatus status,
                              const std::vector<v1::ReceiptEntry>& entries,
                              const std::string& area_codes, v1::Severity severity,
                              std::uint64_t through_seq, std::int64_t now_ms) const;

  // The overdue notice for `alert_case` (originated here) naming `nodes`.
  StatusOr<NewEvent> overdue(const v1::AlertCase& alert_case, const std::vector<std::string>& nodes,
                             std::int64_t now_ms) const;

  // The nodes an OVERDUE notice should name at `now_ms` for `alert_case` (completed at that
  // time), if it originated here: overdue receivers not yet notified, and this node when the
  // issuing unit's periodic follow-up is late and was not notified since it fell due.
  std::vector<std::string> nodes_to_notify(const v1::AlertCase& alert_case,
                                           std::int64_t now_ms) const;

 private:
  StatusOr<NewEvent> finish(v1::Event event, const std::string& area_codes, v1::Severity severity,
                            std::int64_t now_ms) const;

  std::string self_;
  std::optional<protocol::SigningKey> signing_;
  std::string escalate_to_;
};

}  // namespace alertbus::broker
