// BrokerConfig: everything alertbusd is told, from a TOML file (deploy/*.toml) overridden by
// command-line flags. Nodes and units are data here, never enums in code.
//
// Threading: plain values, read once at start-up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "alertbus/protocol/casework.hpp"
#include "alertbus/protocol/status.hpp"

namespace alertbus::broker {

// A federation peer: this node pulls the events that originated there (docs/ARCHITECTURE.md,
// Federation).
struct PeerConfig {
  std::string id;             // The peer's node id, e.g. "hai-duong".
  std::string name;           // Display name, e.g. "Hải Dương"; the id if empty.
  std::string endpoint;       // Its client endpoint, e.g. "tcp://10.0.0.2:7302".
  std::string province_code;  // e.g. "30" (2004 scheme); informational.
};

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
  std::uint32_t max_connections = 1024;  // Authenticated client and peer connections at once.
  // Connections still in their handshake (accepted, nothing received over them yet): how
  // long one may take, how many there may be, and how many from one address. Beyond a
  // count, the oldest such connection is closed (security/gatekeeper.hpp).
  std::uint32_t handshake_timeout_ms = 10000;
  std::uint32_t max_pending_handshakes = 256;
  std::uint32_t max_pending_handshakes_per_address = 32;
  // Bytes of deliveries a connection may hold unacknowledged, over all its subscriptions;
  // at it, the connection gets nothing more until it acknowledges (delivery/subscriptions.hpp).
  std::size_t delivery_budget_bytes = 8 << 20;
  // Publishes per principal (curve mode), each with a burst of 10 s of its rate; 0: none.
  std::uint32_t publish_events_per_second = 100;
  std::size_t publish_bytes_per_second = 1 << 20;
  // [heartbeat]
  int heartbeat_interval_ms = 2000;
  int heartbeat_misses = 3;
  // [log]
  std::string log_level = "info";
  // [metrics] (docs/OPERATIONS.md, "Health and metrics"): HOST:PORT of the plain-HTTP
  // listener for /healthz, /readyz and /metrics (--metrics-listen); empty: no listener, the
  // default, since it answers anyone who reaches it. Port 0: one the system picks, written
  // with its host to endpoint_file (--metrics-endpoint-file) when that is set.
  std::string metrics_listen;
  std::string metrics_endpoint_file;
  std::string log_format = "text";  // "text" or "json" (alertbus/logging/log_format.hpp).
  // [[peers]]
  std::vector<PeerConfig> peers;
  // [federation]
  std::uint32_t link_credit = 1024;  // Events a link lets a peer send ahead of its acks.
  // Relay mode: links pull every event their peer holds, not only those that originated
  // there, so a partial mesh delivers everything everywhere; max_hops bounds the path.
  bool relay = false;
  int max_hops = 8;
  // How often a link asks its peer for a signed checkpoint of the peer's own events, once
  // caught up with it.
  int checkpoint_interval_ms = 60000;
  // The longest a link pulls this node's own events back from its peer after a start
  // (PeerLink::Options::recovery_window_ms).
  int recovery_window_ms = 600000;
  // [security] (docs/OPERATIONS.md, "Security")
  // "curve": CurveZMQ on every endpoint, each connection authenticated against the registry;
  // "plain": no encryption or authentication, for local development only (logged loudly).
  std::string security_mode = "plain";
  // The registry of principals and trust bundle of signing keys. With one, every event must
  // be signed by a principal allowed to issue it (also in plain mode). Reloaded on SIGHUP.
  std::string registry_path;
  // This node's own key file (CurveZMQ server key, signing key); required with "curve".
  // With one, the node also signs checkpoints of its own events (in either mode).
  std::string key_file;
  // Threads that help the loop decode and verify events; -1: one per core beyond the first.
  int verify_threads = -1;

  // Casework (docs/OPERATIONS.md, "Casework"): the projector keeps the cases behind the log;
  // off ([casework] enabled = false, --no-casework), no cases, case queries, overdue checks
  // or notices (receipts are still issued).
  bool casework = true;
  // The province table of both schemes, so that a
  // query by a VN-2025 code finds alerts issued under the VN-2004 codes merged into it;
  // empty: codes are matched as given.
  std::string areas_file;
  // The federation's nodes: every alert's receivers are these but its origin. Empty: this
  // node, its peers and the registry's nodes.
  std::vector<std::string> case_nodes;
  // Acknowledgement and follow-up deadlines per kind ([deadlines.<kind>]).
  protocol::Deadlines deadlines = protocol::Deadlines::defaults();
  // How often the broker looks for overdue cases (its own alerts get OVERDUE notices; the
  // counts go to the status reply).
  int overdue_check_interval_ms = 60000;
  // How long the alerts from elsewhere stored here gather before one receipt covers them
  // ([casework] receipt_interval_ms, --receipt-interval-ms).
  int receipt_interval_ms = 1000;
  // The unit OVERDUE notices are escalated to (the department office), e.g.
  // "bac-giang/van-phong"; empty: none.
  std::string escalate_to;
  // For drills and tests only (flag --clock-offset-ms): deadlines are judged as if the clock
  // were this far ahead. Events keep the real time.
  std::int64_t clock_offset_ms = 0;
  // For tests only (flag --projection-delay-ms): the projector waits this long before each
  // chunk, so that it runs behind the log (kill tests).
  int projection_delay_ms = 0;
};

// Reads a TOML file. The error names the file, line and column, or the offending key.
StatusOr<BrokerConfig> load_config_file(const std::string& path);

// Parses a --peer flag: "id=endpoint" or "id=endpoint=display name".
StatusOr<PeerConfig> parse_peer_flag(const std::string& text);

// A metrics listen address: "127.0.0.1:9464", "[::1]:9464", "0.0.0.0:0".
struct HttpAddress {
  std::string host;  // Without brackets.
  int port = 0;
};

StatusOr<HttpAddress> parse_http_address(const std::string& text);

// Checks a complete configuration (after flags are applied).
Status check_config(const BrokerConfig& config);

}  // namespace alertbus::broker
