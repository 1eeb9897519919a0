// BrokerConfig: everything alertbusd is told, from a TOML file (deploy/*.toml) overridden by
// command-line flags. Nodes and units are data here, never enums in code.
//
// Threading: plain values, read once at start-up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "alertbus/protocol/status.hpp"

namespace alertbus::broker {

struct BrokerConfig {
  // [node]
  std::string node_id;           // e.g. "bac-giang"; lowercase letters, digits, '-'.
  std::string node_name;         // e.g. "Bắc Giang".
  std::string reference_prefix;  // e.g. "BG": references read "BG-2026-00042".
  std::string province_code;     // e.g. "24" (informational for now).
  // [broker]
  std::vector<std::string> listen;  // ZeroMQ endpoints to bind (tcp://..., ipc://...).
  std::string data_dir;             // The database is <data_dir>/alertbus.db.
  std::string endpoint_file;        // If set, the bound endpoints are written there.
  // [limits]
  std::size_t max_event_bytes = 256 * 1024;
  std::uint32_t max_in_flight = 1024;    // Unacknowledged publishes per connection.
  std::uint32_t max_subscriptions = 64;  // Subscriptions per connection.
  std::size_t max_batch_events = 4096;   // Events per transaction.
  std::size_t recent_events = 8192;      // Rows kept in memory for live delivery.
  // [heartbeat]
  int heartbeat_interval_ms = 2000;
  int heartbeat_misses = 3;
  // [log]
  std::string log_level = "info";
};

// Reads a TOML file. The error names the file, line and column, or the offending key.
StatusOr<BrokerConfig> load_config_file(const std::string& path);

// Checks a complete configuration (after flags are applied).
Status check_config(const BrokerConfig& config);

}  // namespace alertbus::broker
