// References: the numbers officers quote (docs/PROTOCOL.md, "References"). An alert's is its
// origin's yearly series, "BG-2026-00042"; a follow-up's is numbered within its alert,
// "BG-2026-00042/3" when made by the alert's own node, "BG-2026-00042/HD-2" by another (Hải
// Dương's second); a broker's notice has none. Events stored before this numbering (by older
// brokers) carry their node's yearly series whatever their type. The brokers number events
// (broker/store/reference_number.hpp); these functions read the numbers.
//
// Threading: pure functions.
#pragma once

#include <string_view>

namespace alertbus::protocol {

// "<prefix>-<year>-<5 to 12 digits>", of `prefix` (of any prefix of capitals and digits when
// `prefix` is empty).
bool is_yearly_reference(std::string_view reference, std::string_view prefix = {});

// Whether the node with reference prefix `prefix` numbers `reference`: its yearly series, or
// a follow-up's of an alert ("<alert>/<n>" for its own alert, "<alert>/<prefix>-<n>" for
// another node's).
bool issued_by(std::string_view reference, std::string_view prefix);

// The reference of the alert a follow-up's reference names: "BG-2026-00042" for
// "BG-2026-00042/HD-2"; empty for any other reference.
std::string_view alert_reference_of(std::string_view reference);

}  // namespace alertbus::protocol
