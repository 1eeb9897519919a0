// How alertbusd and alertbus-dashboard write their log on stderr: text lines for people
// ("2026-12-06T04:58:36.123+0700 warn [bac-giang] message") or JSON lines for a log
// collector (`--log-format json`, `[log] format = "json"`), one object per line with stable
// field names (docs/OPERATIONS.md, "Logs"):
//
//   ts         RFC 3339 time in UTC with milliseconds, "2026-12-05T21:58:36.123Z"
//   level      trace | debug | info | warn | error | critical
//   node       the node id (alertbusd; the dashboard's node when it knows it)
//   component  the program: "alertbusd" or "alertbus-dashboard"
//   msg        the message, as in the text format
//   principal  the principal the line concerns (a unit, a dashboard, an operator), if any
//   peer       the federation peer the line concerns, if any
//   event      the event id the line concerns, if any (an event from a peer refused)
//
// The last three come from a LogSubject in scope on the logging thread (the loop handling a
// request of that principal, a link to that peer); the text format has them in its message.
// Strings are escaped as JSON: Vietnamese text stays as it is (UTF-8), control characters
// become \uXXXX escapes, bytes that are not UTF-8 become U+FFFD.
//
// Threading: the logger is spdlog's (thread-safe); a LogSubject belongs to its thread.
#pragma once

#include <memory>
#include <optional>
#include <spdlog/logger.h>
#include <string>
#include <string_view>

namespace alertbus::logging {

enum class LogFormat { kText, kJson };

// "text" or "json"; nullopt for anything else.
std::optional<LogFormat> parse_log_format(std::string_view text);

// The fields a LogSubject can set.
enum class Field { kPrincipal, kPeer, kEvent };

// Names `value` as the line's `field` for every line this thread logs while it lives (the
// previous value comes back after it). An empty value sets nothing.
class LogSubject {
 public:
  LogSubject(Field field, std::string_view value);
  ~LogSubject();
  LogSubject(const LogSubject&) = delete;
  LogSubject& operator=(const LogSubject&) = delete;

 private:
  Field field_;
  std::string previous_;
};

// A logger named `component` writing to stderr in `format`; `node` is the node id shown in
// each line (empty: none).
std::shared_ptr<spdlog::logger> make_stderr_logger(const std::string& component,
                                                   const std::string& node, LogFormat format);

// `text` as a JSON string literal, quotes included (exposed for tests).
std::string json_string(std::string_view text);

}  // namespace alertbus::logging
