// The pick-lists of the pages (docs/DASHBOARD.md, GET /api/vocabulary): kinds, severities,
// urgencies, certainties, alert states, receiver states and event types, each item
// {value, name, label} (the enum's number, the command-line name, the label in the
// language); the provinces of both schemes {code, scheme, name}; the federation's nodes and
// units {value, name, label} (the id twice: value and name; label their name).
//
// Threading: pure functions.
#pragma once

#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/areas.hpp"
#include "dashboard/view/view_words.hpp"

namespace alertbus::dashboard {

// The pick-lists in `language`; provinces from `areas` (none when null), nodes and units from
// the broker's `directory` (as alertctl::Names is made from it).
json vocabulary(Language language, const protocol::AreaTable* areas,
                const v1::Directory& directory);

}  // namespace alertbus::dashboard
