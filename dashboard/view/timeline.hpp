// The timeline of an alert's page (docs/DASHBOARD.md, Entry): every follow-up of the case in
// the order the casework applies them, with its type, time, unit, node, officer (the
// follow-up's contact), text, details as rows, and whether the rules applied it (a follow-up
// the casework ignores, say a close from another unit, is shown with applied false).
// The brokers' delivery receipts are left out: the receivers show them. No event ids: a
// follow-up answering a request names the request by its unit and time.
//
// Threading: pure functions.
#pragma once

#include <vector>

#include "alertbus/v1/event.pb.h"

#include "alertctl/directory_names.hpp"
#include "dashboard/view/view_words.hpp"

namespace alertbus::dashboard {

// The entries of `case_events` (the alert and its follow-ups as this node stored them, in
// any order). Events that do not parse are skipped.
json timeline(const std::vector<v1::StoredEvent>& case_events, const alertctl::Names& names,
              Language language);

}  // namespace alertbus::dashboard
