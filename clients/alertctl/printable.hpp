// Text from events and from the broker made safe to print on a terminal: control characters
// (C0, DEL, C1: a CR that rewrites a line, an ESC that starts a colour or moves the cursor)
// and the Unicode marks that reorder text (bidirectional overrides and isolates) are shown as
// escapes (\r, \x1b, \u202e) instead of acting on the terminal. Everything else, Vietnamese
// included, is kept as it is.
//
// Threading: pure functions.
#pragma once

#include <string>
#include <string_view>

#include <google/protobuf/message.h>

namespace alertbus::alertctl {

// `keep_newlines`: '\n' stays a line break (a message of several lines of our own, which may
// quote what a sender wrote).
std::string printable(std::string_view text, bool keep_newlines = false);

// Every string field of `message`, at every depth, made printable (bytes fields untouched).
void make_printable(google::protobuf::Message* message);

// A copy of `message` made printable.
template <typename M>
M printable_copy(const M& message) {
  M copy = message;
  make_printable(&copy);
  return copy;
}

}  // namespace alertbus::alertctl
