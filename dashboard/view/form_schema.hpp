// Form (docs/DASHBOARD.md): the fields of a new alert of one kind, for the page that posts
// it. The envelope an officer fills in (title, severity, urgency, certainty, areas,
// description, expires, contact), then the kind's body field by field, by reflection over its
// message: what alertctl's interactive `post` asks (only fields officers type), with the same
// labels, required marks, units and usual values (names.hpp). A field's `path` is its place in
// the event document (NewAlert), the name an error's `field` gives; an element of a repeated
// group is written with [0] ("animal_disease.outbreaks[0].species"), for the page to number.
//
// Threading: pure functions.
#pragma once

#include <string>

#include <google/protobuf/descriptor.h>

#include "alertbus/v1/common.pb.h"

#include "dashboard/view/view_words.hpp"

namespace alertbus::dashboard {

// The form of `kind` in `language`; for a kind without a typed body (or an unknown one) the
// envelope alone.
json form(v1::AlertKind kind, Language language);

// One Field {path, label, type, required, repeated, options, suggestions, unit, fields} for
// `field` at `path` (a group's fields under it).
json form_field(const google::protobuf::FieldDescriptor& field, const std::string& path,
                Language language);

}  // namespace alertbus::dashboard
