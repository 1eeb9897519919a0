// Every field of an event's typed body (animal disease, crop pest, forest fire, unsafe food)
// or of a follow-up's details, for officers reading one event (`alertctl get`): one labelled
// line per field that is set, labels from the fields table (names.hpp), enum values by their
// vocabulary labels, times in Vietnam time, dates as Vietnamese write them, numbers with the
// decimal comma in Vietnamese and their units (con, ha, km, %, the unit the sender gave),
// a place as "Name (code, scheme)" and a point as "lat, lon". Nested messages are indented
// blocks under their label, repeated ones numbered ("Ổ dịch 1:", "Phân phối 2:"), repeated
// texts and places one per line ("- ..."). Unset and empty fields are left out.
//
// One generic walk over the message by reflection: a field added to a body .proto is shown
// with the label the table gives it (tests/clients/body_render_test.cpp requires one).
//
// Threading: pure functions.
#pragma once

#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include "alertbus/v1/event.pb.h"

#include "alertctl/messages.hpp"

namespace alertbus::alertctl {

// One line of a body block: "label: value", a heading "label:" over its own block, or a
// list item "- value" (`item`). A value may have a block too (an area with a polygon).
struct BodyLine {
  std::string label;
  std::string value;
  std::vector<BodyLine> block;
  bool item = false;
};

// The lines of every set field of `message` (a body, a follow-up's details, any part of
// them) by the walk body_detail() writes out: the same labels, values and grouping, for
// callers that lay them out themselves (the dashboard's rows). With `page_style`, a time is
// written as the dashboard's pages write them, Vietnam time without the zone (the page says
// it): "05/12/2026 14:30" in Vietnamese, "2026-12-05 14:30" in English; otherwise as alertctl
// prints them ("2026-12-05 14:30 (GMT+7)"). A date is day first in Vietnamese only
// ("05/12/2026"; "2026-12-05" in English) either way.
// A time in Vietnam as the dashboard's pages write it: "05/12/2026 14:30" in Vietnamese,
// "2026-12-05 14:30" in English (body_lines' page_style, and the pages' other times).
std::string page_time(const google::protobuf::Timestamp& time, Language language);

std::vector<BodyLine> body_lines(const google::protobuf::Message& message, Language language,
                                 bool page_style = false);

// The unit a number field is always shown in ("con", "ha", "km", "%"), or empty: none, or
// the unit is another field the sender fills in (density_unit, quantity_unit).
std::string fixed_unit(const google::protobuf::FieldDescriptor& field, Language language);

// The body block: a heading line with the body's label ("Dịch bệnh động vật:", "Thông tin
// tiếp theo:") and its fields indented under it, each line ending in '\n'. Empty when the
// event has no body or nothing in it is set. Every text is made printable (printable.hpp).
std::string body_detail(const v1::Event& event, Language language);

// Whether a message of this type is shown as one value ("xã Lục Ngạn (07360, VN-2025)",
// "21.37, 106.55", a time) rather than as a block of its own fields: Area, GeoPoint and
// google.protobuf.Timestamp. A repeated field of another message type is shown as numbered
// blocks named by item_label().
bool shown_as_one_value(const google::protobuf::Descriptor& type);

}  // namespace alertbus::alertctl
