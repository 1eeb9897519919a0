// Tests of the vocabulary (alertbus/protocol/vocabulary.hpp): every value of every enum in the
// .proto files has a Vietnamese and an English name, and the table names nothing else.
#include "alertbus/protocol/vocabulary.hpp"

#include <set>
#include <string>
#include <vector>

#include <catch2/catch.hpp>
#include <google/protobuf/descriptor.h>

#include "alertbus/v1/alerts.pb.h"
#include "alertbus/v1/casework.pb.h"
#include "alertbus/v1/common.pb.h"
#include "alertbus/v1/errors.pb.h"
#include "alertbus/v1/event.pb.h"
#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/status.hpp"

namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FileDescriptor;
namespace protocol = alertbus::protocol;
namespace v1 = alertbus::v1;

void add_enums(const Descriptor* message, std::vector<const EnumDescriptor*>* out) {
  for (int i = 0; i < message->enum_type_count(); ++i) {
    out->push_back(message->enum_type(i));
  }
  for (int i = 0; i < message->nested_type_count(); ++i) {
    add_enums(message->nested_type(i), out);
  }
}

// Every enum declared in the protocol's .proto files, nested ones too.
std::vector<const EnumDescriptor*> protocol_enums() {
  const FileDescriptor* files[] = {
      v1::ErrorCode_descriptor()->file(),           v1::AlertKind_descriptor()->file(),
      v1::AnimalDiseaseAlert::descriptor()->file(), v1::Event::descriptor()->file(),
      v1::AlertState_descriptor()->file(),          v1::Frame::descriptor()->file()};
  std::vector<const EnumDescriptor*> enums;
  for (const FileDescriptor* file : files) {
    for (int i = 0; i < file->enum_type_count(); ++i) {
      enums.push_back(file->enum_type(i));
    }
    for (int i = 0; i < file->message_type_count(); ++i) {
      add_enums(file->message_type(i), &enums);
    }
  }
  return enums;
}

// Vietnamese with its diacritics is never plain ASCII; an English copy would be.
bool has_vietnamese_letters(std::string_view text) {
  for (const char c : text) {
    if (static_cast<unsigned char>(c) >= 0x80) {
      return true;
    }
  }
  return false;
}

const protocol::Vocabulary* vocabulary_of(const EnumDescriptor* descriptor) {
  for (const protocol::Vocabulary& vocabulary : protocol::kVocabularies) {
    if (protocol::enum_of(vocabulary) == descriptor) {
      return &vocabulary;
    }
  }
  return nullptr;
}

}  // namespace

TEST_CASE("Every value of every enum in the .proto files has a Vietnamese and an English name") {
  const std::vector<const EnumDescriptor*> enums = protocol_enums();
  REQUIRE(enums.size() >= 15);
  for (const EnumDescriptor* descriptor : enums) {
    for (int i = 0; i < descriptor->value_count(); ++i) {
      const google::protobuf::EnumValueDescriptor* value = descriptor->value(i);
      if (value->number() == 0 && descriptor != v1::ErrorCode_descriptor()) {
        continue;  // Unset: refused where required, never shown.
      }
      INFO(value->full_name());
      std::string vi;
      std::string en;
      if (descriptor == v1::ErrorCode_descriptor()) {
        // Error codes have their texts beside Status.
        const auto code = static_cast<alertbus::ErrorCode>(value->number());
        vi = alertbus::code_message(code, true);
        en = alertbus::code_message(code, false);
        CHECK(vi != alertbus::code_message(static_cast<alertbus::ErrorCode>(-1), true));
        CHECK(en != alertbus::code_message(static_cast<alertbus::ErrorCode>(-1), false));
      } else {
        const protocol::Vocabulary* vocabulary = vocabulary_of(descriptor);
        REQUIRE(vocabulary != nullptr);
        const protocol::Term* term = protocol::find_term(*vocabulary, value->number());
        REQUIRE(term != nullptr);
        vi = term->vi;
        en = term->en;
        CHECK_FALSE(term->key.empty());
      }
      CHECK_FALSE(en.empty());
      CHECK(has_vietnamese_letters(vi));
    }
  }
}

TEST_CASE("The vocabulary names only values the .proto files declare, each key once") {
  for (const protocol::Vocabulary vocabulary : protocol::kVocabularies) {
    const EnumDescriptor* descriptor = protocol::enum_of(vocabulary);
    std::set<std::string_view> keys;
    for (const protocol::Term& term : protocol::terms(vocabulary)) {
      INFO(term.key);
      if (descriptor != nullptr) {
        CHECK(descriptor->FindValueByNumber(term.value) != nullptr);
      }
      CHECK(term.value != 0);
      CHECK(keys.insert(term.key).second);
      CHECK(has_vietnamese_letters(term.vi));
      CHECK_FALSE(term.en.empty());
    }
  }
}

TEST_CASE("Forest-fire danger levels I to V have names") {
  for (int level = 1; level <= 5; ++level) {
    CHECK(protocol::find_term(protocol::Vocabulary::kDangerLevel, level) != nullptr);
  }
  CHECK(protocol::term_name(protocol::Vocabulary::kDangerLevel, 6, true) == "[6]");
}

TEST_CASE("The unsafe-food kind is named as TT 17/2021 names it") {
  CHECK(protocol::term_name(protocol::Vocabulary::kKind, v1::UNSAFE_FOOD, true) ==
        "Thực phẩm không bảo đảm an toàn");
  CHECK(protocol::term_name(protocol::Vocabulary::kKind, v1::UNSAFE_FOOD, false) == "Unsafe food");
  CHECK(protocol::value_for_key(protocol::Vocabulary::kKind, "unsafe-food") == v1::UNSAFE_FOOD);
}
