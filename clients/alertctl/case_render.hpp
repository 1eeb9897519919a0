// Rendering of cases (AlertCase, casework.proto) for `alertctl cases`, `search` and `case`:
// a table for officers, one case in detail, and JSON for scripts. Vietnamese or English,
// times in Vietnam local time.
//
// Threading: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "alertbus/v1/casework.pb.h"

#include "alertctl/directory_names.hpp"
#include "alertctl/messages.hpp"

namespace alertbus::alertctl {

// A table: a header row and one row per case (reference, kind, origin, state, severity,
// sent, title cut to 40 characters, receivers' states as "Hải Dương: đã xác nhận, ...",
// an overdue marker), columns aligned in characters, provinces by their names; under a case
// found by a search, its snippet (snippet_text()). "Không có hồ sơ nào." when empty.
std::string cases_table(const std::vector<v1::AlertCase>& cases, Language language,
                        const Names& names = {});

// A search's snippet on one line, matched words in «»: "… đàn «lợn» nái …".
std::string snippet_text(const v1::AlertCase& alert_case);

// One case in detail: its facts, every receiver with its times and units, the follow-ups
// by type and the deadlines.
std::string case_detail(const v1::AlertCase& alert_case, Language language,
                        const Names& names = {});

// One line for a case as it changes (watch --cases): reference, kind, origin, state,
// severity, title, receivers, overdue mark.
std::string case_line(const v1::AlertCase& alert_case, Language language, const Names& names = {});

// {"cases": [...], "next_page_token": "..."} (protobuf JSON mapping, .proto field names).
nlohmann::ordered_json cases_json(const std::vector<v1::AlertCase>& cases,
                                  const std::string& next_page_token);

// The first `max` characters (not bytes) of a UTF-8 text, with "…" when cut.
std::string cut_text(const std::string& text, std::size_t max);

}  // namespace alertbus::alertctl
