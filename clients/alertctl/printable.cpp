#include "alertctl/printable.hpp"

#include <cstdio>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

namespace alertbus::alertctl {
namespace {

void append_escape(std::string* out, const char* format, unsigned value) {
  char escape[12];
  std::snprintf(escape, sizeof(escape), format, value);
  *out += escape;
}

// The code point of the UTF-8 sequence at text[i] (its length in *length), or -1 when the
// bytes there do not start a sequence of 2 or 3 bytes (what the escapes below need).
long code_point(std::string_view text, std::size_t i, std::size_t* length) {
  const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[i + k]); };
  if (byte(0) >= 0xC2 && byte(0) <= 0xDF && i + 1 < text.size() && (byte(1) & 0xC0) == 0x80) {
    *length = 2;
    return ((byte(0) & 0x1F) << 6) | (byte(1) & 0x3F);
  }
  if (byte(0) >= 0xE0 && byte(0) <= 0xEF && i + 2 < text.size() && (byte(1) & 0xC0) == 0x80 &&
      (byte(2) & 0xC0) == 0x80) {
    *length = 3;
    return ((byte(0) & 0x0F) << 12) | ((byte(1) & 0x3F) << 6) | (byte(2) & 0x3F);
  }
  return -1;
}

bool reorders_text(long point) {
  return (point >= 0x202A && point <= 0x202E) || (point >= 0x2066 && point <= 0x2069) ||
         point == 0x200E || point == 0x200F || point == 0x061C;
}

}  // namespace

std::string printable(std::string_view text, bool keep_newlines) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (c < 0x20 || c == 0x7F) {
      switch (c) {
        case '\n':
          out += keep_newlines ? "\n" : "\\n";
          break;
        case '\r':
          out += "\\r";
          break;
        case '\t':
          out += "\\t";
          break;
        default:
          append_escape(&out, "\\x%02x", c);
      }
      ++i;
      continue;
    }
    std::size_t length = 1;
    const long point = c >= 0x80 ? code_point(text, i, &length) : -1;
    if ((point >= 0x80 && point <= 0x9F) || reorders_text(point)) {
      append_escape(&out, "\\u%04x", static_cast<unsigned>(point));
    } else {
      out.append(text.substr(i, length));
    }
    i += length;
  }
  return out;
}

void make_printable(google::protobuf::Message* message) {
  const google::protobuf::Descriptor* descriptor = message->GetDescriptor();
  const google::protobuf::Reflection* reflection = message->GetReflection();
  using Field = google::protobuf::FieldDescriptor;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const Field* field = descriptor->field(i);
    if (field->type() == Field::TYPE_STRING) {
      if (field->is_repeated()) {
        for (int k = 0; k < reflection->FieldSize(*message, field); ++k) {
          reflection->SetRepeatedString(
              message, field, k, printable(reflection->GetRepeatedString(*message, field, k)));
        }
      } else if (reflection->HasField(*message, field) ||
                 !reflection->GetString(*message, field).empty()) {
        reflection->SetString(message, field, printable(reflection->GetString(*message, field)));
      }
    } else if (field->cpp_type() == Field::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int k = 0; k < reflection->FieldSize(*message, field); ++k) {
          make_printable(reflection->MutableRepeatedMessage(message, field, k));
        }
      } else if (reflection->HasField(*message, field)) {
        make_printable(reflection->MutableMessage(message, field));
      }
    }
  }
}

}  // namespace alertbus::alertctl
