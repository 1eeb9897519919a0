// The frame codec: bytes on the wire <-> alertbus.v1.Frame and Event.
//
// Decoding never throws and never trusts the input: any failure becomes a Status with a
// specific code (MALFORMED_FRAME, MALFORMED_EVENT, INVALID_UTF8 with the field's path,
// MESSAGE_TOO_LARGE).
// Threading: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "alertbus/v1/event.pb.h"
#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/status.hpp"

namespace alertbus::protocol {

// Largest serialized Event accepted by default (a broker may configure another limit).
inline constexpr std::size_t kDefaultMaxEventBytes = 256 * 1024;
// Largest Frame accepted by default: one event plus room for the envelope.
inline constexpr std::size_t kDefaultMaxFrameBytes = kDefaultMaxEventBytes + 64 * 1024;

// Serializes a frame. Protobuf serialization of a well-formed message cannot fail.
std::string encode_frame(const v1::Frame& frame);

// Parses a frame. Fails with MESSAGE_TOO_LARGE beyond max_bytes, MALFORMED_FRAME when the
// bytes are not a Frame, INVALID_UTF8 (with the field path) when a string is not UTF-8.
StatusOr<v1::Frame> decode_frame(std::string_view bytes,
                                 std::size_t max_bytes = kDefaultMaxFrameBytes);

// Parses serialized Event bytes. Fails with MESSAGE_TOO_LARGE, MALFORMED_EVENT or
// INVALID_UTF8 (with the field path).
StatusOr<v1::Event> decode_event(std::string_view bytes,
                                 std::size_t max_bytes = kDefaultMaxEventBytes);

// Makes an Error frame answering `request_id`.
v1::Frame error_frame(std::uint64_t request_id, const Status& status);

// Routes protobuf's own log lines (e.g. about invalid UTF-8 while parsing) away from
// stderr; the codec reports those failures as Status instead. Call once at start-up.
void silence_protobuf_logging();

}  // namespace alertbus::protocol
