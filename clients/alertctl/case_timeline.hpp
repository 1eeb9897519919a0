// A case as a story (`alertctl case`): every event of the case in the order the node stored
// it, each with its time, its reference, what it is, who sent it and what it says: the
// alert, the follow-ups' texts, and where the brokers' receipts show it was delivered.
//
// Threading: any thread; pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "alertbus/v1/event.pb.h"

#include "alertctl/directory_names.hpp"
#include "alertctl/messages.hpp"

namespace alertbus::alertctl {

// The timeline's lines (a heading, then one line per event), text made printable.
std::string case_timeline(const std::vector<v1::StoredEvent>& events, Language language,
                          const Names& names = {});

// The same as JSON: one object per event (seq, reference, type, sent_at, sender_unit, origin,
// text), for `case --json`.
nlohmann::ordered_json case_timeline_json(const std::vector<v1::StoredEvent>& events);

}  // namespace alertbus::alertctl
