// CaseWatcher: follows the cases (alerts with their follow-ups, alertbus/v1/casework.proto)
// as they change, through the broker's case change stream (CaseSubscribe, docs/PROTOCOL.md
// "Case changes"), across disconnects and broker restarts.
//
// Each change carries its position (the log seq of the last event that changed the case);
// positions never decrease, and one event can change several cases, which then share its
// position (a receipt covering several alerts): each comes once. A case that changed several times
// while nobody read it comes once, in its latest state. The watcher returns credit as the
// application takes changes, and when the broker falls silent (three heartbeat intervals) it opens
// a new connection and subscribes again after the last position it handed out, so nothing changed
// in between is missed. An application that stops keeps last_position() and starts again after it.
//
// Threading: each CaseWatcher is used from one thread. It owns its own ZeroMQ context.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "alertbus/v1/frame.pb.h"

#include "alertbus/client/credentials.hpp"
#include "alertbus/client/errors.hpp"
#include "alertbus/protocol/status.hpp"

namespace alertbus::client {

struct CaseWatcherOptions {
  // The broker's client endpoint, tcp://host:port or ipc:///path.
  std::string endpoint;
  // Which cases (CaseSubscribe.filter: kinds, states, origin nodes, areas, minimum
  // severity, issuing unit, text); empty: all the connection may read.
  v1::CaseQuery filter;
  // Where to start: after this position (0: every case as it is now, then the changes),
  // or, with from_now, only changes from now on.
  std::uint64_t after_position = 0;
  bool from_now = false;
  // Cases the broker may send ahead, 1..10,000.
  std::uint32_t credit = 256;
  // How long connect() waits for the broker to confirm.
  std::chrono::milliseconds subscribe_timeout{10000};
  // Ping period; the broker is considered dead after three periods of silence.
  std::chrono::milliseconds heartbeat_interval{2000};
  // Keys for a broker with security on (credentials.hpp); null: plain ZeroMQ.
  std::shared_ptr<const Credentials> credentials;
};

class CaseWatcher {
 public:
  // Connects and subscribes, waiting until the broker confirms. Fails with the broker's
  // error (CASEWORK_OFF, PERMISSION_DENIED, TOO_MANY_SUBSCRIPTIONS, ...), kUnavailable when
  // no confirmation came within subscribe_timeout, INVALID_VALUE for a bad option, INTERNAL
  // for a ZeroMQ failure.
  static StatusOr<std::unique_ptr<CaseWatcher>> connect(CaseWatcherOptions options);

  CaseWatcher(const CaseWatcher&) = delete;
  CaseWatcher& operator=(const CaseWatcher&) = delete;
  ~CaseWatcher();

  // The next change, waiting up to `timeout`; std::nullopt when none came in time.
  // Reconnects and subscribes again as needed. Fails with a broker's refusal or INTERNAL;
  // after a failure every further call fails the same way.
  StatusOr<std::optional<v1::CaseChange>> next(std::chrono::milliseconds timeout);

  // The position of the last change next() returned (where to start again next time).
  std::uint64_t last_position() const;

  // How often the subscription was set up again: the broker fell silent (a new connection),
  // or answered a ping with no subscription for it (it restarted while ZeroMQ reconnected).
  std::uint64_t reconnects() const;

  // Ends the subscription and closes the connection.
  void close(std::chrono::milliseconds linger = std::chrono::milliseconds(500));

 private:
  class Stream;  // case_watcher.cpp: the subscription, on the library's CreditedStream.
  explicit CaseWatcher(std::unique_ptr<Stream> stream);

  std::unique_ptr<Stream> stream_;
};

}  // namespace alertbus::client
