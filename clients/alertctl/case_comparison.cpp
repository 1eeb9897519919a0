#include "alertctl/case_comparison.hpp"

#include <algorithm>
#include <iterator>

#include <google/protobuf/timestamp.pb.h>
#include <google/protobuf/util/message_differencer.h>

#include "alertbus/protocol/vietnam_time.hpp"

namespace alertbus::alertctl {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

std::optional<protocol::Vocabulary> vocabulary_of(const google::protobuf::EnumDescriptor* type) {
  for (const protocol::Vocabulary vocabulary : protocol::kVocabularies) {
    if (protocol::enum_of(vocabulary) == type) {
      return vocabulary;
    }
  }
  return std::nullopt;
}

FieldDifference difference_of(std::string field, std::string stored, std::string expected) {
  FieldDifference difference;
  difference.field = std::move(field);
  difference.stored = std::move(stored);
  difference.expected = std::move(expected);
  return difference;
}

// The value of a singular field as text: a time in Vietnam time ("" when unset), an enum's
// name, a number; "" for anything that is not one value (a list, another message).
std::string value_text(const Message& message, const FieldDescriptor& field) {
  const Reflection& reflection = *message.GetReflection();
  if (field.is_repeated()) {
    return "";
  }
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING:
      return reflection.GetString(message, &field);
    case FieldDescriptor::CPPTYPE_ENUM:
      return reflection.GetEnum(message, &field)->name();
    case FieldDescriptor::CPPTYPE_BOOL:
      return reflection.GetBool(message, &field) ? "true" : "false";
    case FieldDescriptor::CPPTYPE_INT32:
      return std::to_string(reflection.GetInt32(message, &field));
    case FieldDescriptor::CPPTYPE_UINT32:
      return std::to_string(reflection.GetUInt32(message, &field));
    case FieldDescriptor::CPPTYPE_INT64:
      return std::to_string(reflection.GetInt64(message, &field));
    case FieldDescriptor::CPPTYPE_UINT64:
      return std::to_string(reflection.GetUInt64(message, &field));
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (field.message_type() == google::protobuf::Timestamp::descriptor()) {
        if (!reflection.HasField(message, &field)) {
          return "";
        }
        google::protobuf::Timestamp time;
        time.CopyFrom(reflection.GetMessage(message, &field));
        return protocol::format_vietnam_time(time);
      }
      return "";
    default:
      return "";
  }
}

// Every top-level field of the case that differs, by reflection: a field added to AlertCase
// is compared without a change here.
void compare_bodies(const v1::AlertCase& stored, const v1::AlertCase& expected,
                    std::vector<FieldDifference>* differences) {
  const google::protobuf::Descriptor& descriptor = *v1::AlertCase::descriptor();
  for (int i = 0; i < descriptor.field_count(); ++i) {
    const FieldDescriptor* field = descriptor.field(i);
    google::protobuf::util::MessageDifferencer differencer;
    if (differencer.CompareWithFields(stored, expected, {field}, {field})) {
      continue;
    }
    FieldDifference difference =
        difference_of(field->name(), value_text(stored, *field), value_text(expected, *field));
    difference.text = !field->is_repeated() && field->type() == FieldDescriptor::TYPE_STRING;
    if (!field->is_repeated() && field->cpp_type() == FieldDescriptor::CPPTYPE_ENUM) {
      difference.vocabulary = vocabulary_of(field->enum_type());
      const Reflection& reflection = *v1::AlertCase::GetReflection();
      difference.stored_value = reflection.GetEnumValue(stored, field);
      difference.expected_value = reflection.GetEnumValue(expected, field);
    }
    differences->push_back(std::move(difference));
  }
}

// One column: its name, its value as text (free text or not), and for an enum column its
// vocabulary and number.
struct ColumnValue {
  const char* name;
  std::string value;
  bool text;
  std::optional<protocol::Vocabulary> vocabulary;
  int number;
};

std::vector<ColumnValue> column_values(const protocol::CaseColumns& c) {
  using protocol::Vocabulary;
  return {{"event_id", c.event_id, true, std::nullopt, 0},
          {"reference", c.reference, true, std::nullopt, 0},
          {"kind", std::to_string(c.kind), false, Vocabulary::kKind, c.kind},
          {"origin_node", c.origin_node, true, std::nullopt, 0},
          {"sender_unit", c.sender_unit, true, std::nullopt, 0},
          {"severity", std::to_string(c.severity), false, Vocabulary::kSeverity, c.severity},
          {"state", std::to_string(c.state), false, Vocabulary::kAlertState, c.state},
          {"sent_at_ms", std::to_string(c.sent_at_ms), false, std::nullopt, 0},
          {"area_codes", c.area_codes, true, std::nullopt, 0},
          {"alert_missing", c.alert_missing ? "1" : "0", false, std::nullopt, 0}};
}

std::string receipts_text(const std::vector<std::pair<std::string, std::int64_t>>& receipts) {
  std::string text;
  for (const auto& [node, stored_at_ms] : receipts) {
    text += (text.empty() ? "" : ", ") + node + " " + protocol::format_vietnam_time(stored_at_ms);
  }
  return text;
}

// The first text that one side has more often than the other ("" when none).
std::string first_only_in(std::vector<std::string> side, std::vector<std::string> other) {
  std::sort(side.begin(), side.end());
  std::sort(other.begin(), other.end());
  std::vector<std::string> only;
  std::set_difference(side.begin(), side.end(), other.begin(), other.end(),
                      std::back_inserter(only));
  return only.empty() ? "" : only.front();
}

}  // namespace

std::vector<FieldDifference> compare_case(const CaseRecord& stored, const CaseRecord& expected) {
  std::vector<FieldDifference> differences;
  if (!stored.body) {
    FieldDifference unreadable = difference_of("body", "", "");
    unreadable.unreadable = true;
    differences.push_back(std::move(unreadable));
  } else if (expected.body) {
    compare_bodies(*stored.body, *expected.body, &differences);
  }
  const auto stored_columns = column_values(stored.columns);
  const auto expected_columns = column_values(expected.columns);
  for (std::size_t i = 0; i < stored_columns.size(); ++i) {
    const ColumnValue& held = stored_columns[i];
    const ColumnValue& computed = expected_columns[i];
    if (held.value != computed.value) {
      FieldDifference difference =
          difference_of(std::string("cases.") + held.name, held.value, computed.value);
      difference.text = held.text;
      difference.vocabulary = held.vocabulary;
      difference.stored_value = held.number;
      difference.expected_value = computed.number;
      differences.push_back(std::move(difference));
    }
  }
  if (stored.changed_seq != expected.changed_seq) {
    differences.push_back(difference_of("cases.changed_seq", std::to_string(stored.changed_seq),
                                        std::to_string(expected.changed_seq)));
  }
  if (stored.receipts != expected.receipts) {
    differences.push_back(difference_of("case_receipts", receipts_text(stored.receipts),
                                        receipts_text(expected.receipts)));
  }
  std::string stored_only = first_only_in(stored.search_texts, expected.search_texts);
  std::string expected_only = first_only_in(expected.search_texts, stored.search_texts);
  if (!stored_only.empty() || !expected_only.empty() ||
      stored.search_texts.size() != expected.search_texts.size()) {
    FieldDifference difference =
        difference_of("case_text", std::move(stored_only), std::move(expected_only));
    difference.text = true;
    differences.push_back(std::move(difference));
  }
  return differences;
}

}  // namespace alertbus::alertctl
