// Writing XML by hand (cap_xml.hpp).
#include "cap_xml.hpp"

#include <charconv>

#include <google/protobuf/util/json_util.h>

#include "alertbus/protocol/vocabulary.hpp"

namespace alertbus::client::cap {
namespace {

constexpr std::string_view kReplacementCharacter = "\xEF\xBF\xBD";  // U+FFFD

// Whether the UTF-8 at text[at] is U+FFFE or U+FFFF (EF BF BE, EF BF BF).
bool is_xml_noncharacter(std::string_view text, std::size_t at) {
  return text.substr(at, 2) == "\xEF\xBF" && at + 2 < text.size() &&
         (text[at + 2] == '\xBE' || text[at + 2] == '\xBF');
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\r':
        out += "&#13;";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t' && c != '\n') {
          out += kReplacementCharacter;
        } else if (is_xml_noncharacter(text, i)) {
          out += kReplacementCharacter;
          i += 2;
        } else {
          out += c;
        }
    }
  }
  return out;
}

std::string number(double value) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

void element(std::string& out, int depth, std::string_view name, std::string_view text) {
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += '<';
  out += name;
  out += '>';
  out += escape(text);
  out += "</";
  out += name;
  out += ">\n";
}

void open_tag(std::string& out, int depth, std::string_view name) {
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += '<';
  out += name;
  out += ">\n";
}

void close_tag(std::string& out, int depth, std::string_view name) {
  out.append(static_cast<std::size_t>(depth) * 2, ' ');
  out += "</";
  out += name;
  out += ">\n";
}

void name_value(std::string& out, int depth, std::string_view name, std::string_view value_name,
                std::string_view value) {
  open_tag(out, depth, name);
  element(out, depth + 1, "valueName", value_name);
  element(out, depth + 1, "value", value);
  close_tag(out, depth, name);
}

std::string json(const google::protobuf::Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string text;
  // Printing a well-formed message cannot fail; an empty body is the worst outcome.
  (void)google::protobuf::util::MessageToJsonString(message, &text, options);
  // The printer leaves U+FFFE and U+FFFF as they are, which escape() would have to replace;
  // as JSON escapes (they can only be inside strings) they survive the round trip exactly.
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (is_xml_noncharacter(text, i)) {
      out += text[i + 2] == '\xBE' ? "\\ufffe" : "\\uffff";
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

std::string kind_name_vi(v1::AlertKind kind) {
  const protocol::Term* term = protocol::find_term(protocol::Vocabulary::kKind, kind);
  return term != nullptr ? std::string(term->vi) : "Cảnh báo";
}

std::string type_name_vi(v1::EventType type) {
  const protocol::Term* term = protocol::find_term(protocol::Vocabulary::kType, type);
  return term != nullptr ? std::string(term->vi) : "Cảnh báo";
}

}  // namespace alertbus::client::cap
