// Context: what every alertctl command gets — the global options, the streams, and the
// shared ways to connect and to report a failure with the right exit code.
//
// Data goes to `out`, messages and errors to `err`.
// Threading: one command runs on the main thread; stop_requested() may be set from a
// signal handler.
#pragma once

#include <atomic>
#include <chrono>
#include <istream>
#include <memory>
#include <optional>
#include <ostream>
#include <string>

#include "alertbus/client/client.hpp"
#include "alertbus/protocol/status.hpp"
#include "alertctl/exit_codes.hpp"
#include "alertctl/messages.hpp"

namespace alertbus::alertctl {

// The broker endpoint when neither --broker nor ALERTBUS_BROKER is given: the Unix socket the
// Bắc Giang node binds in deploy/bac-giang.toml (and deploy/demo.sh). Machines of other
// nodes set ALERTBUS_BROKER.
inline constexpr const char* kDefaultBroker = "ipc:///tmp/alertbus/bac-giang.sock";

// Request timeout when --timeout is not given.
inline constexpr std::chrono::milliseconds kDefaultRequestTimeout{10000};

// The process environment alertctl reads (injected, so tests need no real environment).
struct Environment {
  std::string broker;      // ALERTBUS_BROKER
  std::string lang;        // ALERTBUS_LANG
  std::string sender;      // ALERTBUS_SENDER
  std::string key_file;    // ALERTBUS_KEY_FILE
  std::string server_key;  // ALERTBUS_SERVER_KEY
  std::string areas_file;  // ALERTBUS_AREAS_FILE: the province table (post checks areas).
};

struct GlobalOptions {
  std::string broker;
  bool json = false;
  Language language = Language::kVi;
  std::optional<double> timeout_seconds;
  std::string key_file;    // Our keys (alertctl keys generate); empty: plain and unsigned.
  std::string server_key;  // The broker's CurveZMQ public key (Z85); empty: plain.
};

struct Context {
  GlobalOptions global;
  Environment environment;
  std::istream& in;
  std::ostream& out;
  std::ostream& err;

  const char* tr(const Text& text) const { return alertctl::tr(text, global.language); }

  // --timeout, or the default, for one request.
  std::chrono::milliseconds request_timeout() const;

  // The credentials from --key-file and --server-key: null when no key file is given. On
  // failure (unreadable, loose permissions, bad key), reports it and stores the exit code.
  StatusOr<std::shared_ptr<const client::Credentials>> credentials() const;

  // A query client for --broker. On failure, reports it and stores the exit code.
  std::unique_ptr<client::Client> connect_client(int* exit_code) const;

  // Prints a failure ("Lỗi [CODE]: message (trường: field)", or a JSON object with --json)
  // on `err` and returns its exit code: kUnavailable → 3, NOT_FOUND → 5, INTERNAL → 1,
  // a bad endpoint → 2, any other code → 4 (refused).
  int report(const Status& status) const;

  // Prints a failure as report() does but returns 2: for bad input (a file, a value).
  int input_error(const Status& status) const;

  // Prints a usage error (with a pointer to --help) on `err`; returns 2.
  int usage_error(const std::string& message) const;
};

// Set from SIGINT/SIGTERM: long-running commands (watch) stop at the next chance.
std::atomic<bool>& stop_requested();

}  // namespace alertbus::alertctl
