// Migration 10's code: the log's area_codes column held bare codes (" 24 07360 "), which the two
// coding schemes share with other meanings (VN-2025 24 is not VN-2004 24); it now holds area
// keys (" VN-2025:24 VN-2004:07360 ", store/event_facts.hpp). Every row is given the value the
// broker stores today: the keys of its event's areas (read from the stored bytes) or, for an
// event without areas (follow-ups, receipts, notices), the union of those of the alerts it
// names (FollowUp.alert_event_id and each receipt's) that were stored before it. area_codes is
// not part of the hash chain: the chain stays as it is.
//
// Threading: inside migrate(), on the connection that migrates.
#pragma once

#include "alertbus/protocol/status.hpp"
#include "alertbus/sqlite/sqlite_handle.hpp"

namespace alertbus::broker {

// Rewrites log.area_codes of every row, in seq order, a chunk at a time (bounded memory, no
// update under a running SELECT). The caller drops the update trigger around it.
Status rekey_log_area_codes(sqlite::Database& db);

}  // namespace alertbus::broker
