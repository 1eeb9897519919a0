// ReceiptBatcher: the receipts this node issues for the alerts from elsewhere it stores
// (docs/ARCHITECTURE.md, "Receipts"). Instead of one RECEIPT per alert, which every node
// stores (at 34 nodes: 33 receipts per alert, 1,156 rows per alert across the network), the
// alerts stored during an interval are gathered and covered by one RECEIPT per kind and
// message status, each alert with the time it was stored here. Every node still learns
// when each province stored each alert.
//
// The receipts of one flush carry the log seq up to which every alert from elsewhere is
// covered (FollowUp.receipts_through_seq) and go into one writer job, so after a crash the
// broker issues receipts for the alerts after the last receipt it stored, and for none
// before it.
//
// Threading: loop thread only.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "casework/notices.hpp"

namespace alertbus::broker {

class ReceiptBatcher {
 public:
  static constexpr std::size_t kMaxEntries = 1024;  // Per receipt (validation's limit).

  ReceiptBatcher(const NoticeIssuer& issuer, std::chrono::milliseconds interval)
      : issuer_(issuer), interval_(interval) {}

  // An alert from elsewhere, stored here (an ALERT row just committed, or found without a
  // receipt at start).
  void stored(const LogRow& alert);

  bool empty() const { return pending_.empty(); }

  // When the interval since the first alert gathered has passed (or `force`), makes the
  // receipts of everything gathered, covering the log up to `through_seq`, and appends them
  // to *receipts (one writer job must take them all).
  void flush_due(std::uint64_t through_seq, std::int64_t now_ms, bool force,
                 std::vector<NewEvent>* receipts);

 private:
  struct Pending {
    std::vector<v1::ReceiptEntry> entries;
    std::string area_codes = " ";  // The union of the alerts' area keys.
    v1::Severity severity = v1::SEVERITY_UNSPECIFIED;
  };

  const NoticeIssuer& issuer_;
  std::chrono::milliseconds interval_;
  std::map<std::pair<int, int>, Pending> pending_;  // By (kind, message status).
  std::chrono::steady_clock::time_point first_{};
};

}  // namespace alertbus::broker
