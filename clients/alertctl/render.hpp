// Rendering for alertctl's stdout: text for officers (Vietnamese or English, times in
// Vietnam local time) and JSON for scripts (protobuf's JSON mapping with the .proto field
// names, so 64-bit numbers such as seq are strings).
//
// Threading: pure functions.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include <google/protobuf/message.h>

#include "alertbus/v1/event.pb.h"
#include "alertbus/v1/frame.pb.h"

#include "alertctl/directory_names.hpp"
#include "alertctl/messages.hpp"

namespace alertbus::alertctl {

// Any protobuf message as JSON (protobuf JSON mapping, field names as in the .proto).
// `all_fields`: also the fields at their default (0, false, ""), for monitoring scripts.
nlohmann::ordered_json message_json(const google::protobuf::Message& message,
                                    bool all_fields = false);

// The StoredEvent's metadata with the parsed Event under "event" (or "event_unreadable":
// true when the bytes do not parse).
nlohmann::ordered_json stored_event_json(const v1::StoredEvent& stored);

// One line: time, reference, seq, kind, type, severity, title or follow-up, areas, sender.
// E.g. "2026-11-28 14:05 (GMT+7)  BG-2026-00042  #17  Dịch bệnh động vật · Cảnh báo ·
// Nghiêm trọng · Dịch tả lợn châu Phi tại Lục Ngạn · Bắc Giang · bac-giang/cnty".
// How a follow-up names the alert it follows: the alert's reference, read from the
// follow-up's own ("BG-2026-00042/HD-2"), or the alert's id for one numbered by an older
// broker.
std::string followed_alert(const v1::StoredEvent& stored, const v1::Event& event);

// One line per event: time, reference, kind, type, severity, title, the alert a follow-up
// follows, summary, areas, and the sending unit by its name when `names` has it.
std::string event_line(const v1::StoredEvent& stored, Language language, const Names& names = {});

// Several labelled lines: everything an officer needs to read one event: the envelope, then
// every field of the body or of the follow-up's details as an indented block (body_render.hpp),
// then where and when it was stored. An event not stored
// yet (seq 0: the summary `post --interactive` shows) has no reference, origin or store time.
std::string event_detail(const v1::StoredEvent& stored, Language language);

// Reference, seq and event id of a posted event, one labelled line each.
std::string publish_ack_text(const v1::PublishAck& ack, Language language);

// The broker's status, one labelled line per field.
std::string status_text(const v1::StatusReply& reply, Language language);

// The federation links of a StatusReply, one block per peer.
std::string peers_text(const v1::StatusReply& reply, Language language);

}  // namespace alertbus::alertctl
