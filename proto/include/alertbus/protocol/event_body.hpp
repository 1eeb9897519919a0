// The typed body of an alert by its kind (Event's oneof body), for code that fills one in
// from outside (alertctl's input files, CAP import).
//
// Threading: pure function.
#pragma once

#include <google/protobuf/message.h>

#include "alertbus/v1/event.pb.h"

namespace alertbus::protocol {

// The body of `kind` inside `event` (created, replacing another kind's), or nullptr for a
// kind without a body (ALERT_KIND_UNSPECIFIED, an unknown value).
google::protobuf::Message* mutable_alert_body(v1::Event* event, v1::AlertKind kind);

}  // namespace alertbus::protocol
