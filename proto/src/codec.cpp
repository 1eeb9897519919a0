#include "alertbus/protocol/codec.hpp"

#include <algorithm>
#include <cstdint>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/stubs/logging.h>
#include <google/protobuf/unknown_field_set.h>

#include "alertbus/protocol/utf8.hpp"

namespace alertbus::protocol {
namespace {

namespace pb = google::protobuf;

// Protobuf refuses to parse proto3 strings that are not UTF-8 but only says "parse failed".
// To name the field, re-read the bytes as an UnknownFieldSet (which does not check UTF-8)
// and walk it with the message's descriptor. Returns the path of the first bad string, or
// empty. Depth-limited like protobuf's own parser.
std::string find_invalid_utf8(const pb::Descriptor* descriptor, const pb::UnknownFieldSet& set,
                              const std::string& prefix, int depth) {
  if (depth > 64) {
    return {};
  }
  for (int i = 0; i < set.field_count(); ++i) {
    const pb::UnknownField& field = set.field(i);
    if (field.type() != pb::UnknownField::TYPE_LENGTH_DELIMITED) {
      continue;
    }
    const pb::FieldDescriptor* fd = descriptor->FindFieldByNumber(field.number());
    if (fd == nullptr) {
      continue;
    }
    std::string path = prefix.empty() ? fd->name() : prefix + "." + fd->name();
    if (fd->is_repeated()) {
      path += "[]";
    }
    if (fd->type() == pb::FieldDescriptor::TYPE_STRING) {
      if (!is_valid_utf8(field.length_delimited())) {
        return path;
      }
    } else if (fd->type() == pb::FieldDescriptor::TYPE_MESSAGE) {
      pb::UnknownFieldSet nested;
      if (nested.ParseFromString(field.length_delimited())) {
        std::string found = find_invalid_utf8(fd->message_type(), nested, path, depth + 1);
        if (!found.empty()) {
          return found;
        }
      }
    }
  }
  return {};
}

Status diagnose(const pb::Descriptor* descriptor, std::string_view bytes, ErrorCode fallback) {
  pb::UnknownFieldSet set;
  if (set.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    const std::string path = find_invalid_utf8(descriptor, set, {}, 0);
    if (!path.empty()) {
      return Status::error(v1::INVALID_UTF8, "field " + path + " is not valid UTF-8",
                           "trường " + path + " không phải văn bản UTF-8 hợp lệ", path);
    }
  }
  return Status::from_code(fallback);
}

// Reads a varint at *pos: false if it runs past the end, is longer than 10 bytes, or holds a
// value beyond 64 bits (a tenth byte above 1). Protobuf drops those extra bits and parses.
bool read_varint(std::string_view bytes, std::size_t* pos, std::uint64_t* value) {
  *value = 0;
  for (int i = 0; i < 10; ++i) {
    if (*pos >= bytes.size()) {
      return false;
    }
    const auto byte = static_cast<unsigned char>(bytes[(*pos)++]);
    if (i == 9 && byte > 1) {
      return false;
    }
    *value |= static_cast<std::uint64_t>(byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      return true;
    }
  }
  return false;
}

// Whether every request_id (field 1) at the top of bytes protobuf parsed as a Frame is a
// varint of 64 bits. Walks the top-level fields only (their shape is known to be sound).
bool request_ids_fit(std::string_view bytes) {
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    std::uint64_t tag = 0;
    std::uint64_t value = 0;
    if (!read_varint(bytes, &pos, &tag)) {
      return false;
    }
    switch (tag & 7) {
      case 0:  // Varint: the request id is one.
        if (!read_varint(bytes, &pos, &value)) {
          return false;
        }
        break;
      case 1:
        pos += 8;
        break;
      case 2:
        if (!read_varint(bytes, &pos, &value) ||
            value > bytes.size() - std::min(pos, bytes.size())) {
          return false;
        }
        pos += static_cast<std::size_t>(value);
        break;
      case 5:
        pos += 4;
        break;
      default:  // Groups: not in this protocol; protobuf refused them already.
        return false;
    }
  }
  return pos == bytes.size();
}

void discard_log(pb::LogLevel /*level*/, const char* /*file*/, int /*line*/,
                 const std::string& /*message*/) {}

}  // namespace

std::string encode_frame(const v1::Frame& frame) {
  std::string bytes;
  frame.SerializeToString(&bytes);
  return bytes;
}

StatusOr<v1::Frame> decode_frame(std::string_view bytes, std::size_t max_bytes) {
  if (bytes.size() > max_bytes) {
    return Status::error(v1::MESSAGE_TOO_LARGE,
                         "frame of " + std::to_string(bytes.size()) +
                             " bytes exceeds the limit of " + std::to_string(max_bytes),
                         "khung " + std::to_string(bytes.size()) + " byte vượt quá giới hạn " +
                             std::to_string(max_bytes) + " byte");
  }
  v1::Frame frame;
  if (!frame.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return diagnose(v1::Frame::descriptor(), bytes, v1::MALFORMED_FRAME);
  }
  // A request id that is not a 64-bit varint is not a number the client sent: protobuf
  // drops the bits beyond 64 and would have the broker answer a request id of its making.
  if (!request_ids_fit(bytes)) {
    return Status::error(
        v1::MALFORMED_FRAME, "request_id is not a varint of at most 64 bits (10 bytes)",
        "request_id không phải số nguyên varint tối đa 64 bit (10 byte)", "request_id");
  }
  // No body, but fields protobuf could not place (unknown numbers, or a known number with
  // the wrong wire type): bytes that are not a frame of this protocol, not a frame of an
  // unexpected kind. (A frame with a body may carry unknown fields: a newer client's.)
  if (frame.body_case() == v1::Frame::BODY_NOT_SET &&
      !frame.GetReflection()->GetUnknownFields(frame).empty()) {
    return Status::error(v1::MALFORMED_FRAME,
                         "the frame has no body, only fields of unknown number or wrong wire type",
                         "khung không có phần nội dung, chỉ có trường số hiệu lạ hoặc sai kiểu",
                         "body");
  }
  return frame;
}

StatusOr<v1::Event> decode_event(std::string_view bytes, std::size_t max_bytes) {
  if (bytes.size() > max_bytes) {
    return Status::error(v1::MESSAGE_TOO_LARGE,
                         "event of " + std::to_string(bytes.size()) +
                             " bytes exceeds the limit of " + std::to_string(max_bytes),
                         "sự kiện " + std::to_string(bytes.size()) + " byte vượt quá giới hạn " +
                             std::to_string(max_bytes) + " byte");
  }
  v1::Event event;
  if (!event.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return diagnose(v1::Event::descriptor(), bytes, v1::MALFORMED_EVENT);
  }
  return event;
}

v1::Frame error_frame(std::uint64_t request_id, const Status& status) {
  v1::Frame frame;
  frame.set_request_id(request_id);
  status.to_proto(frame.mutable_error());
  return frame;
}

void silence_protobuf_logging() {
  pb::SetLogHandler(&discard_log);
}

}  // namespace alertbus::protocol
