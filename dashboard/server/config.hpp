// DashboardConfig: what one alertbus-dashboard process serves and where its broker is, read
// from a TOML file (deploy/dashboard/*.toml; docs/OPERATIONS.md, "The dashboard"):
//
//   [dashboard]  listen = "127.0.0.1:8401"   web_root = ".../dashboard/web" (default: the
//                pages installed with the program, installed_web_root())
//                state_dir = "..."   accounts = "...toml"   areas_file = "...provinces.csv"
//                max_connections = 256   session_idle_hours = 12
//                tls_cert = ""   tls_key = ""
//   [broker]     endpoint = "tcp://127.0.0.1:7301"   server_key = "Z85..."
//                request_timeout_ms = 10000
//   [[unit]]     id = "bac-giang/cnty"   key_file = ".../bac-giang_cnty.key"
//   [log]        format = "text" | "json" (--log-format overrides it; log_format.hpp)
//
// Each [[unit]] is a unit whose officers use this dashboard, with the key it reaches the
// broker with: the unit's own key (a unit's console: it may post, close, cancel, withdraw) or
// a `dashboard` principal's key acting for that unit (acknowledge, add information, measures,
// request and answer information).
//
// Threading: a value, read once at start.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "alertbus/protocol/status.hpp"

namespace alertbus::dashboard {

struct UnitConfig {
  std::string id;        // The unit's principal id, "bac-giang/cnty".
  std::string key_file;  // The unit's key, or a dashboard principal's acting for it.
};

struct DashboardConfig {
  std::string listen_host = "127.0.0.1";
  int listen_port = 8401;
  std::string web_root;
  std::string state_dir;
  std::string accounts_file;
  std::string areas_file;
  // Open connections at most, each served by a worker of a pool of this size (a live stream
  // holds its worker while it is open); one more is answered 503 at once.
  int max_connections = 256;
  int session_idle_hours = 12;  // A session unused this long ends.
  std::string tls_cert;         // Both set: HTTPS, and the session cookie is Secure.
  std::string tls_key;

  std::string broker_endpoint;
  std::string server_key;  // The broker's CurveZMQ public key (Z85); empty: plain.
  int request_timeout_ms = 10000;

  std::vector<UnitConfig> units;

  std::string log_format = "text";  // "text" or "json".

  bool tls() const { return !tls_cert.empty() && !tls_key.empty(); }

  // The node its units belong to ("bac-giang" of "bac-giang/cnty"), named in its log lines.
  std::string node_id() const;
};

// Reads and checks the file: INVALID_VALUE naming the key for a wrong or missing value (in
// Vietnamese and English), NOT_FOUND for a missing file. Relative paths in the file are taken
// from the file's folder.
StatusOr<DashboardConfig> load_config(const std::string& path);

// Where `cmake --install` (and the alertbus-dashboard package) put the pages:
// DATADIR/alertbus/dashboard/web, e.g. /usr/share/alertbus/dashboard/web.
std::string installed_web_root();

}  // namespace alertbus::dashboard
