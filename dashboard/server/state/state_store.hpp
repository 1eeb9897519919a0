// StateStore: what the dashboard server remembers across requests and restarts, in the
// SQLite file `dashboard.db` of its state directory (docs/DASHBOARD.md, "Processes and
// threads"): login sessions, which alerts each officer has read, the case stream cursors
// and the log of officers' actions. Schema: state_schema.cpp (version in PRAGMA
// user_version, migrated forward on open).
//
// The directory is made (or tightened to) mode 0700 and the file 0600: sessions are
// secrets. WAL, synchronous=FULL (a saved cursor or a logged action survives a power cut),
// busy_timeout for another process's lock (the `account` commands run beside the server).
//
// Sessions keep only the SHA-256 of their token: a copy of the file logs nobody in. The
// CSRF token is kept as is (the server hands it to the page in /api/me).
//
// Threading: one connection guarded by one mutex; every member function may be called from
// any thread, and calls run one at a time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "alertbus/protocol/status.hpp"
#include "alertbus/sqlite/sqlite_handle.hpp"

namespace alertbus::dashboard {

// A new session's secrets, to give the browser: both 256-bit random, base64url without
// padding (43 characters).
struct NewSession {
  std::string token;  // The cookie alertbus_session.
  std::string csrf;   // The X-CSRF-Token header.
};

struct Session {
  std::string user;
  std::string csrf;
  std::int64_t created_ms = 0;    // Unix ms.
  std::int64_t last_seen_ms = 0;  // Unix ms, updated at most once a minute.
};

// One officer's action, as logged (docs/DASHBOARD.md, "Security").
struct ActionRecord {
  std::int64_t id = 0;  // Set by the store; ignored by log_action().
  std::int64_t at_ms = 0;
  std::string user;
  std::string officer_name;
  std::string unit;
  std::string action;     // "ack", "post", "close", "login", ...
  std::string reference;  // The alert's reference, or empty.
  std::string outcome;    // "ok" or the error code and message.
};

class StateStore {
 public:
  using Clock = std::chrono::system_clock;

  // The file's name in the state directory.
  static constexpr const char* kFileName = "dashboard.db";

  // Opens (creating them if needed) `state_dir` and its dashboard.db, and migrates the
  // schema. STORE_FAILURE when the database cannot be opened or migrated, or its schema is
  // newer than this build; INTERNAL when the directory or file cannot be made.
  static StatusOr<std::unique_ptr<StateStore>> open(const std::string& state_dir);

  // --- Sessions -------------------------------------------------------------------------
  // Starts a session for `user`. Only the token's SHA-256 is stored.
  StatusOr<NewSession> create_session(std::string_view user, Clock::time_point now);

  // The session of `token` if it was used within `idle_limit` before `now`; nullopt for an
  // unknown token, and for an idle one (which is deleted). Records the use (at most once a
  // minute, to spare writes).
  StatusOr<std::optional<Session>> find_session(std::string_view token, Clock::time_point now,
                                                std::chrono::milliseconds idle_limit);

  // Ends the session of `token` (logout); no error when there is none.
  Status remove_session(std::string_view token);

  // Ends every session of `user` (when the account is disabled or its password changed).
  Status remove_user_sessions(std::string_view user);

  // Deletes every session idle for longer than `idle_limit`; returns how many.
  StatusOr<std::size_t> remove_idle_sessions(Clock::time_point now,
                                             std::chrono::milliseconds idle_limit);

  // --- Read marks -----------------------------------------------------------------------
  // Marks the alert `reference` read by `user` (the first time is kept).
  Status mark_read(std::string_view user, std::string_view reference, Clock::time_point now);

  StatusOr<bool> is_read(std::string_view user, std::string_view reference);

  // Those of `references` that `user` has read, in the order given.
  StatusOr<std::vector<std::string>> read_set(std::string_view user,
                                              const std::vector<std::string>& references);

  // --- Cursors --------------------------------------------------------------------------
  // The position saved for `stream` (a unit's case stream), 0 if none.
  StatusOr<std::uint64_t> load_cursor(std::string_view stream);

  // Saves `position` for `stream`; durable when it returns (committed, synchronous=FULL).
  Status save_cursor(std::string_view stream, std::uint64_t position);

  // --- Action log -----------------------------------------------------------------------
  // Appends `record` (its id is assigned); returns the id.
  StatusOr<std::int64_t> log_action(const ActionRecord& record);

  // The last `count` actions, newest first.
  StatusOr<std::vector<ActionRecord>> recent_actions(std::size_t count);

 private:
  explicit StateStore(sqlite::Database db) : db_(std::move(db)) {}

  std::mutex mutex_;
  sqlite::Database db_;
};

}  // namespace alertbus::dashboard
