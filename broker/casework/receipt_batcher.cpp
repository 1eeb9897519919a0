#include "casework/receipt_batcher.hpp"

#include <algorithm>
#include <spdlog/spdlog.h>

namespace alertbus::broker {

void ReceiptBatcher::stored(const LogRow& alert) {
  v1::Event event;
  if (!event.ParseFromString(alert.stored.event())) {
    spdlog::error("cannot issue the receipt of {}: its stored bytes do not parse",
                  alert.stored.event_id());
    return;
  }
  if (pending_.empty()) {
    first_ = std::chrono::steady_clock::now();
  }
  Pending& pending = pending_[{static_cast<int>(event.kind()), static_cast<int>(event.status())}];
  v1::ReceiptEntry& entry = pending.entries.emplace_back();
  entry.set_alert_event_id(alert.stored.event_id());
  *entry.mutable_stored_at() = alert.stored.received_at();
  // The union of the area codes, so that a subscriber filtering by area sees the receipt.
  std::size_t start = 0;
  const std::string& codes = alert.area_codes;
  while ((start = codes.find_first_not_of(' ', start)) != std::string::npos) {
    const std::size_t end = codes.find(' ', start);
    const std::string code = " " + codes.substr(start, end - start) + " ";
    if (pending.area_codes.find(code) == std::string::npos) {
      pending.area_codes += code.substr(1);
    }
    start = end;
  }
  pending.severity = std::max(pending.severity, alert.severity);
}

void ReceiptBatcher::flush_due(std::uint64_t through_seq, std::int64_t now_ms, bool force,
                               std::vector<NewEvent>* receipts) {
  if (pending_.empty() || (!force && std::chrono::steady_clock::now() - first_ < interval_)) {
    return;
  }
  for (auto& [key, pending] : pending_) {
    for (std::size_t first = 0; first < pending.entries.size(); first += kMaxEntries) {
      const std::size_t last = std::min(pending.entries.size(), first + kMaxEntries);
      const std::vector<v1::ReceiptEntry> entries(
          pending.entries.begin() + static_cast<std::ptrdiff_t>(first),
          pending.entries.begin() + static_cast<std::ptrdiff_t>(last));
      StatusOr<NewEvent> receipt = issuer_.receipts(
          static_cast<v1::AlertKind>(key.first), static_cast<v1::MessageStatus>(key.second),
          entries, pending.area_codes, pending.severity, through_seq, now_ms);
      if (!receipt.ok()) {
        spdlog::error("cannot issue a receipt for {} alerts: {}", entries.size(),
                      receipt.status().to_string());
        continue;
      }
      receipts->push_back(std::move(receipt).value());
    }
  }
  pending_.clear();
}

}  // namespace alertbus::broker
