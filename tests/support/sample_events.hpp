// Valid sample events of every kind, for tests of the protocol, the broker and the clients.
//
// Each call returns a new event that passes validate_event() with a fresh event id (UUIDv7),
// sent_at = now and Vietnamese content drawn from DOMAIN.md (places, diseases, pests,
// hazards). Tests change the fields they care about. Area and commune codes are
// illustrative, not checked against the QĐ 124/2004 or QĐ 19/2025 annexes.
//
// The functions and the content they return are a stable base for other tests: add new
// functions rather than changing what existing ones return.
// Threading: thread-safe (no shared state).
#pragma once

#include <cstdint>
#include <string>

#include "alertbus/v1/event.pb.h"

#include "alertbus/protocol/validation.hpp"

namespace alertbus::testing {

// An African swine fever alert from Bắc Giang's CNTY ("bac-giang/cnty"): CONFIRMED by a
// laboratory, one outbreak in Lục Ngạn with pig counts.
v1::Event sample_animal_disease();

// A lychee fruit borer (sâu đục cuống quả) alert from Bắc Giang's plant protection unit
// ("bac-giang/bvtv") for Lục Ngạn, with growing-area and packing-house codes.
v1::Event sample_crop_pest();

// A HOTSPOT forest-fire alert from Bắc Giang's forest protection unit
// ("bac-giang/kiem-lam"): a VIIRS hotspot in pine forest in Lục Nam, near Chí Linh.
v1::Event sample_forest_fire();

// A forest-fire alert of the given subtype: DANGER_LEVEL (level IV for Lục Nam and Sơn Động
// communes), HOTSPOT (as sample_forest_fire()), FIRE or FIRE_OUT (a fire in Lục Nam 3.2 km
// from the border with Hải Dương's Chí Linh; a FIRE names Hải Phòng, VN-2025 31, threatened).
v1::Event sample_forest_fire(v1::ForestFireAlert::Subtype subtype);

// A borax (hàn the) in squid cake (chả mực) alert from Quảng Ninh's QLCL
// ("quang-ninh/qlcl"), distributed to Bắc Ninh and Hải Phòng, recall ordered.
v1::Event sample_unsafe_food();

// An external notice from Bắc Ninh's CNTY ("bac-ninh/cnty"): an earthquake report by another
// agency that no CAP import rule maps, with its (short) CAP document kept.
v1::Event sample_external();

// The sample alert of `kind`: one of the five above (sample_forest_fire() for FOREST_FIRE).
v1::Event sample_alert_of(v1::AlertKind kind);

// A follow-up of `type` (anything but ALERT) to the alert `alert_event_id`, from Hải
// Dương's CNTY ("hai-duong/cnty"), with the fields its type requires (new_severity EXTREME
// for RECLASSIFY, new_danger_level 5 for LEVEL_CHANGE, a fresh answers_event_id for
// ANSWER_INFO, a quantity for MEASURES_TAKEN). references holds alert_event_id.
// The kind is ANIMAL_DISEASE, or FOREST_FIRE for LEVEL_CHANGE and VERIFICATION; when the
// kind must match a real alert's, use the overload below or set it.
v1::Event sample_follow_up(const std::string& alert_event_id, v1::EventType type);

// As above, following `alert`: its event id and its kind.
v1::Event sample_follow_up(const v1::Event& alert, v1::EventType type);

// The current time in Unix milliseconds.
std::int64_t now_unix_ms();

// Options for validate_event() with "now" = the current time.
protocol::ValidationOptions validation_options_now();

}  // namespace alertbus::testing
