// The rules file of `alertctl import cap --rules FILE` (deploy/cap-rules.toml documents it):
// TOML into client::CapRules, which maps other agencies' CAP 1.2 alerts to alertbus events
// (alertbus/client/cap_foreign.hpp).
//
//   [province_schemes]            CAP geocode valueName = alertbus scheme (VN-2004, VN-2025)
//   [default_area]                code, scheme: for an <area> without such a geocode
//   [[rule]]                      in order; the first that matches wins
//   name, kind                    required; kind as alertctl names it ("animal-disease")
//   category = ["Fire", "Met"]    any of CAP's <category> words
//   event_code = { name = "…", value = "…" }
//   sender = "*@nchmf.gov.vn"     exact, or '*' for any characters
//   event = "cháy rừng"           text in <event>, case and diacritics ignored
//   [rule.body]                   the kind's body message (AnimalDiseaseAlert, …) in protobuf's
//                                 JSON form: field names as in the .proto ("epi_unit" or
//                                 "epiUnit"), enum values by name ("FARM")
//
// Threading: pure functions (load_cap_rules reads a file).
#pragma once

#include <string>
#include <string_view>

#include "alertbus/client/cap_foreign.hpp"
#include "alertbus/protocol/status.hpp"

namespace alertbus::alertctl {

// The rules in `text`; INVALID_VALUE or MISSING_FIELD naming the file (`source`), the rule and
// the key, in both languages.
StatusOr<client::CapRules> parse_cap_rules(std::string_view text, std::string_view source);

// The rules file at `path` (at most 1 MiB).
StatusOr<client::CapRules> load_cap_rules(const std::string& path);

}  // namespace alertbus::alertctl
