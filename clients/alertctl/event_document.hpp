// The text of an event file, TOML or JSON, as one tree (nlohmann::json) for the event reader,
// and the dates and times officers type.
//
// TOML is what `alertctl post --template` writes (comments, no braces or commas to balance,
// editable in Notepad); JSON is what earlier versions took and stays accepted. A file whose
// first character that is not white space is '{' is JSON, any other is TOML. TOML's own dates
// and times become text the reader parses like any other time: a local date-time is Vietnam
// time, one with an offset keeps it.
//
// Threading: pure functions.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "alertbus/protocol/status.hpp"

namespace alertbus::alertctl {

enum class FileFormat { kJson, kToml };

FileFormat format_of(std::string_view text);

// The file as a tree. INVALID_VALUE naming the line (and column) for a file that is neither
// well-formed JSON nor well-formed TOML, in both languages. `source` names the file.
StatusOr<nlohmann::json> parse_document(std::string_view text, std::string_view source);

// A time as officers type it, in Vietnam time (UTC+7) unless it says otherwise:
// "27/11/2026 15:00", "27/11/2026 15:00:30", "27/11/2026" (midnight), and what
// protocol::parse_vietnam_time takes ("2026-11-27 15:00", RFC 3339 "2026-11-27T08:00:00Z").
// Unix milliseconds, or nullopt.
std::optional<std::int64_t> parse_officer_time(std::string_view text);

// A date as officers type it, "27/11/2026" or "2026-11-27", as the protocol writes dates
// ("2026-11-27"); nullopt for anything else or a day that does not exist.
std::optional<std::string> parse_officer_date(std::string_view text);

}  // namespace alertbus::alertctl
