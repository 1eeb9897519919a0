// Test helpers that reach protobuf fields by the validator's path syntax
// ("animal_disease.outbreaks[0].commune.code"), so tests can be tables of paths and can
// enumerate every field of a type, instead of one hand-written mutation per field.
// Threading: pure functions on the messages passed in.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

namespace alertbus::testing {

// One field inside a message tree; index is set for an item of a repeated field.
struct FieldRef {
  google::protobuf::Message* parent = nullptr;
  const google::protobuf::FieldDescriptor* field = nullptr;
  std::optional<int> index;
};

// Resolves `path` inside `root`, creating sub-messages on the way. nullopt when a name does
// not exist or an index of an intermediate list is out of range. The last index may equal
// the list size (the item is then added by the setters below).
std::optional<FieldRef> resolve(google::protobuf::Message& root, std::string_view path);

// Clears the field (the whole list for a repeated field without index). False if unresolved.
bool clear_field(google::protobuf::Message& root, std::string_view path);

// Setters by path; false if unresolved or of another type. An index equal to the list size
// adds an item.
bool set_string(google::protobuf::Message& root, std::string_view path, const std::string& value);
bool set_double(google::protobuf::Message& root, std::string_view path, double value);
bool set_enum_number(google::protobuf::Message& root, std::string_view path, int value);
// Sets a uint32 or uint64 field (uint32: value must fit).
bool set_unsigned(google::protobuf::Message& root, std::string_view path, std::uint64_t value);
// Sets an integer field of any width to that width's maximum.
bool set_integer_max(google::protobuf::Message& root, std::string_view path);

// Grows the list at `path` (no index) to `size` items by copying its first item. False if
// unresolved, not a list, empty, or of scalars other than strings and enums.
bool grow_list(google::protobuf::Message& root, std::string_view path, int size);

// Paths of the fields of C++ type `type` in `message`: every such field of the message and of
// each set sub-message (recursively, all items of repeated ones). A repeated scalar field
// yields one path per item, or "name[0]" when it is empty.
std::vector<std::string> field_paths(const google::protobuf::Message& message,
                                     google::protobuf::FieldDescriptor::CppType type);

// Full names ("alertbus.v1.Area.code") of every field of `type` reachable from `descriptor`.
std::set<std::string> reachable_fields(const google::protobuf::Descriptor* descriptor,
                                       google::protobuf::FieldDescriptor::CppType type);

// The full name of the field `path` ends on, or empty.
std::string field_full_name(const google::protobuf::Message& root, std::string_view path);

}  // namespace alertbus::testing
