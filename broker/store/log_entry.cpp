#include "store/log_entry.hpp"

#include <sodium.h>

#include "alertbus/protocol/case_projection.hpp"
#include "store/event_facts.hpp"

namespace alertbus::broker {

LogEntry log_entry_of(const NewEvent& event, std::uint64_t seq, const std::string& self_node,
                      std::uint64_t self_epoch, std::string local_reference,
                      std::int64_t received_at_ms) {
  const bool local = event.origin.node().empty();
  LogEntry entry;
  entry.seq = seq;
  entry.origin_node = local ? self_node : event.origin.node();
  entry.origin_epoch = local ? self_epoch : event.origin.epoch();
  entry.origin_seq = local ? seq : event.origin.seq();
  entry.reference = local ? std::move(local_reference) : event.reference;
  entry.received_at_ms = received_at_ms;
  if (!local && event.origin.has_stored_at()) {
    entry.origin_stored_ms = to_unix_ms(event.origin.stored_at());
  }
  entry.path = join_path(event.path);
  return entry;
}

protocol::LogHash chain_hash(const protocol::LogHash& prev, const NewEvent& event,
                             const LogEntry& entry) {
  protocol::LogHashInput hashed;
  hashed.seq = entry.seq;
  hashed.event_id = event.event_id;
  hashed.origin_node = entry.origin_node;
  hashed.origin_epoch = entry.origin_epoch;
  hashed.origin_seq = entry.origin_seq;
  hashed.reference = entry.reference;
  hashed.received_at_ms = entry.received_at_ms;
  hashed.via = event.via;
  hashed.path = entry.path;
  hashed.event = event.event_bytes;
  hashed.signature = event.signature;
  hashed.signer = event.signer;
  hashed.origin_stored_ms = entry.origin_stored_ms;
  return protocol::log_row_hash(prev, hashed);
}

LogRow log_row_of(const NewEvent& event, const LogEntry& entry) {
  LogRow row;
  v1::StoredEvent& stored = row.stored;
  stored.set_seq(entry.seq);
  stored.set_event_id(event.event_id);
  stored.mutable_origin()->set_node(entry.origin_node);
  stored.mutable_origin()->set_epoch(entry.origin_epoch);
  stored.mutable_origin()->set_seq(entry.origin_seq);
  stored.set_reference(entry.reference);
  set_unix_ms(entry.received_at_ms, stored.mutable_received_at());
  protocol::set_origin_stored_at(entry.origin_stored_ms, entry.received_at_ms, event.via, &stored);
  stored.set_via(event.via);
  stored.set_event(event.event_bytes);
  stored.set_signature(event.signature);
  stored.set_signer(event.signer);
  stored.set_kind(event.facts.kind);
  stored.set_type(event.facts.type);
  for (const std::string& node : event.path) {
    stored.add_path(node);
  }
  row.severity = event.facts.severity;
  row.area_codes = event.facts.area_codes;
  return row;
}

std::string join_path(const std::vector<std::string>& path) {
  std::string text;
  for (const std::string& node : path) {
    if (!text.empty()) {
      text += ',';
    }
    text += node;
  }
  return text;
}

void split_path(std::string_view text, v1::StoredEvent* stored) {
  for (std::size_t start = 0; start < text.size();) {
    std::size_t end = text.find(',', start);
    if (end == std::string_view::npos) {
      end = text.size();
    }
    stored->add_path(std::string(text.substr(start, end - start)));
    start = end + 1;
  }
}

std::uint64_t new_log_epoch() {
  std::uint64_t epoch = 0;
  randombytes_buf(&epoch, sizeof epoch);
  return (epoch >> 1) | 1;
}

std::uint64_t receipts_through_of(std::string_view event_bytes) {
  v1::Event receipt;
  if (!receipt.ParseFromArray(event_bytes.data(), static_cast<int>(event_bytes.size()))) {
    return 0;
  }
  return receipt.follow_up().receipts_through_seq();
}

}  // namespace alertbus::broker
