// The small pieces of JSON every dashboard view is made of (docs/DASHBOARD.md): a vocabulary
// value as {name, label}, a unit or node as {id, name}, an area as {code, scheme, name}, a time
// as ISO 8601 UTC and as Vietnam time text, and the rows of a body walk.
//
// Threading: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include <google/protobuf/timestamp.pb.h>

#include "alertbus/v1/common.pb.h"

#include "alertbus/protocol/areas.hpp"
#include "alertbus/protocol/vocabulary.hpp"
#include "alertctl/body_render.hpp"
#include "alertctl/directory_names.hpp"
#include "alertctl/messages.hpp"

namespace alertbus::dashboard {

using json = nlohmann::ordered_json;
using alertctl::Language;

// {name: "animal-disease", label: "Dịch bệnh động vật"}: the command-line name and the label in
// `language`; name empty for a value the vocabulary does not know.
json named(protocol::Vocabulary vocabulary, int value, Language language);

// {id, name} of a unit or a node; the name is the id when the directory does not name it.
json unit_ref(const std::string& id, const alertctl::Names& names);
json node_ref(const std::string& id, const alertctl::Names& names);

// "2026-12-05T07:30:00Z", or null when unset.
json iso_time(const google::protobuf::Timestamp& time, bool set);

// A time in Vietnam time (UTC+7), to the minute: "05/12/2026 14:30" in Vietnamese (day
// first), "2026-12-05 14:30" in English (year first, as alertctl writes dates in English);
// "" when unset.
std::string vietnam_text(const google::protobuf::Timestamp& time, bool set, Language language);

// {code, scheme, name}: the name from the province table in `language` when it holds the
// area, else the name the alert gave, else the code.
json area_json(const v1::Area& area, const protocol::AreaTable* areas, Language language);

// Rows (docs/DASHBOARD.md): {label, value} or {label, rows}; a list's items as rows without
// a label of their own take the list's label.
json rows_of(const std::vector<alertctl::BodyLine>& lines);

// One row {label, value}.
json row(const std::string& label, const std::string& value);

// A Text in the language (alertctl's tr(): Vietnamese or English).
using alertctl::tr;

}  // namespace alertbus::dashboard
