// Internal to the client library: what the CAP writer (cap.cpp) and the Atom feed
// (atom_feed.cpp) share. XML is written by hand, element by element in the schema's order,
// with every text escaped by escape(): the documents are small and their shape fixed, and a
// writer library would add a dependency without removing any of the decisions made there.
//
// Threading: pure functions.
#pragma once

#include <string>
#include <string_view>

#include <google/protobuf/message.h>

#include "alertbus/v1/common.pb.h"
#include "alertbus/v1/event.pb.h"

#include "alertbus/client/cap.hpp"

namespace alertbus::client::cap {

// Text content or attribute value. Characters XML 1.0 cannot carry at all become U+FFFD: C0
// controls other than tab, LF and CR, and the noncharacters U+FFFE and U+FFFF (valid UTF-8,
// so validation lets them through, but no XML parser accepts them, not even as references).
// CR is written as a reference so that parsing does not normalise it away.
std::string escape(std::string_view text);

// The shortest text that reads back as the same double.
std::string number(double value);

// <name>escaped text</name> on a line of its own, indented by `depth` levels.
void element(std::string& out, int depth, std::string_view name, std::string_view text);
void open_tag(std::string& out, int depth, std::string_view name);
void close_tag(std::string& out, int depth, std::string_view name);

// <parameter> or <eventCode>: a valueName/value pair.
void name_value(std::string& out, int depth, std::string_view name, std::string_view value_name,
                std::string_view value);

// The message as JSON with the .proto field names, safe inside XML text.
std::string json(const google::protobuf::Message& message);

// The Vietnamese names of the vocabulary (alertbus/protocol/vocabulary.hpp), with a plain
// "Cảnh báo" (alert) for a kind or type this version does not know.
std::string kind_name_vi(v1::AlertKind kind);
std::string type_name_vi(v1::EventType type);

// The <alert> element, without an XML declaration, indented by `depth` levels (cap.cpp).
void write_alert(std::string& out, int depth, const v1::StoredEvent& stored, const v1::Event& event,
                 const CapContext& context);

}  // namespace alertbus::client::cap
