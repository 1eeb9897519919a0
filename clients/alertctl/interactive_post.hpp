// `alertctl post --interactive`: an alert asked for field by field on a text stream, for an
// officer at a terminal or a script piping answers in (one answer a line).
//
// The kind first (unless --kind gave it), then the envelope's required fields, the kind's
// body, then the optional fields. A field with valid values lists them numbered (a number or
// a name picks one); a free-text field with usual values (diseases, species, …) lists those
// too, and any other text is taken as typed. Defaults are shown in brackets; an empty answer
// takes the default or skips the field, except for a required field, which is asked again.
// A wrong answer is said with the file reader's message (event_reader.hpp) and asked again;
// an area is checked against the province table (and a point for swapped coordinates) as soon
// as it is complete, and asked again when wrong. Lists end with an empty answer; groups that
// repeat (outbreaks, species, hazards) end when the answer to "another?" is not yes.
//
// Threading: main thread.
#pragma once

#include <functional>
#include <istream>
#include <ostream>
#include <string>

#include "alertbus/v1/event.pb.h"

#include "alertbus/protocol/areas.hpp"
#include "alertbus/protocol/status.hpp"
#include "alertctl/messages.hpp"

namespace alertbus::alertctl {

struct Conversation {
  std::istream& in;
  std::ostream& out;
  Language language;
  const protocol::AreaTable* areas;  // May be null: areas are then not checked.
  std::string default_sender;        // ALERTBUS_SENDER, shown as the default.
};

// The alert answered, with `preset` (the options given on the command line) already in it,
// not yet completed (complete_post_event). INVALID_VALUE when the input ends first.
StatusOr<v1::Event> ask_for_alert(Conversation& talk, const v1::Event& preset);

// Checks the answered alert with `check` (the local validation); while it fails on a field
// the questions can ask (Status::field(), "animal_disease.lab", "areas[0]"), says why and asks
// that field again, so that an officer does not lose the answers to a rule across fields (a
// laboratory once confirmed). Returns the last check's status: OK, or a failure on a field
// that cannot be asked again; or INVALID_VALUE with `ended` set when the input ends first.
Status ask_until_valid(Conversation& talk, v1::Event* event,
                       const std::function<Status(const v1::Event&)>& check, bool* ended);

// Asks again for the field at `path` (cleared first); false when the path names no field the
// questions ask.
bool ask_again(Conversation& talk, v1::Event* event, const std::string& path);

// Prints the alert and asks whether to post it; true for yes ("c", "có", "y", "yes").
// False when the answer is anything else or the input has ended.
bool confirm_alert(Conversation& talk, const v1::Event& event);

}  // namespace alertbus::alertctl
