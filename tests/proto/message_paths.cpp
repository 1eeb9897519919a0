#include "proto/message_paths.hpp"

#include <cstdlib>
#include <limits>
#include <memory>

namespace alertbus::testing {
namespace {

namespace pb = google::protobuf;

struct Segment {
  std::string name;
  std::optional<int> index;
};

std::optional<std::vector<Segment>> parse_path(std::string_view path) {
  std::vector<Segment> segments;
  while (!path.empty()) {
    const std::size_t dot = path.find('.');
    std::string_view part = path.substr(0, dot);
    path = dot == std::string_view::npos ? std::string_view{} : path.substr(dot + 1);
    Segment segment;
    const std::size_t bracket = part.find('[');
    if (bracket != std::string_view::npos) {
      if (part.back() != ']') {
        return std::nullopt;
      }
      const std::string digits(part.substr(bracket + 1, part.size() - bracket - 2));
      segment.index = std::atoi(digits.c_str());
      part = part.substr(0, bracket);
    }
    segment.name = std::string(part);
    segments.push_back(std::move(segment));
  }
  return segments;
}

void collect(const pb::Message& message, const std::string& prefix,
             pb::FieldDescriptor::CppType type, std::vector<std::string>& paths) {
  const pb::Descriptor* descriptor = message.GetDescriptor();
  const pb::Reflection* reflection = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const pb::FieldDescriptor* field = descriptor->field(i);
    const std::string path = prefix.empty() ? field->name() : prefix + "." + field->name();
    if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int k = 0; k < reflection->FieldSize(message, field); ++k) {
          collect(reflection->GetRepeatedMessage(message, field, k),
                  path + "[" + std::to_string(k) + "]", type, paths);
        }
      } else if (reflection->HasField(message, field)) {
        collect(reflection->GetMessage(message, field), path, type, paths);
      }
    } else if (field->cpp_type() == type) {
      if (field->is_repeated()) {
        const int size = reflection->FieldSize(message, field);
        for (int k = 0; k < (size == 0 ? 1 : size); ++k) {
          paths.push_back(path + "[" + std::to_string(k) + "]");
        }
      } else {
        paths.push_back(path);
      }
    }
  }
}

void collect_reachable(const pb::Descriptor* descriptor, pb::FieldDescriptor::CppType type,
                       std::set<std::string>& names, std::set<std::string>& seen) {
  if (!seen.insert(descriptor->full_name()).second) {
    return;
  }
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const pb::FieldDescriptor* field = descriptor->field(i);
    if (field->cpp_type() == pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      collect_reachable(field->message_type(), type, names, seen);
    } else if (field->cpp_type() == type) {
      names.insert(field->full_name());
    }
  }
}

}  // namespace

std::optional<FieldRef> resolve(pb::Message& root, std::string_view path) {
  const auto segments = parse_path(path);
  if (!segments || segments->empty()) {
    return std::nullopt;
  }
  pb::Message* message = &root;
  for (std::size_t i = 0; i < segments->size(); ++i) {
    const Segment& segment = (*segments)[i];
    const pb::FieldDescriptor* field = message->GetDescriptor()->FindFieldByName(segment.name);
    const bool last = i + 1 == segments->size();
    if (field == nullptr || (segment.index && !field->is_repeated())) {
      return std::nullopt;
    }
    if (!segment.index && field->is_repeated() && !last) {
      return std::nullopt;  // Only the last segment may name a whole list.
    }
    if (last) {
      return FieldRef{message, field, segment.index};
    }
    if (field->cpp_type() != pb::FieldDescriptor::CPPTYPE_MESSAGE) {
      return std::nullopt;
    }
    const pb::Reflection* reflection = message->GetReflection();
    if (field->is_repeated()) {
      if (*segment.index < 0 || *segment.index >= reflection->FieldSize(*message, field)) {
        return std::nullopt;
      }
      message = reflection->MutableRepeatedMessage(message, field, *segment.index);
    } else {
      message = reflection->MutableMessage(message, field);
    }
  }
  return std::nullopt;
}

bool clear_field(pb::Message& root, std::string_view path) {
  const auto ref = resolve(root, path);
  if (!ref || ref->index) {
    return false;
  }
  ref->parent->GetReflection()->ClearField(ref->parent, ref->field);
  return true;
}

namespace {

// Calls set(item index or -1) after adding an item when the index equals the list size.
template <typename Set, typename Add>
bool set_at(const FieldRef& ref, Set set, Add add) {
  if (!ref.field->is_repeated()) {
    set(-1);
    return true;
  }
  if (!ref.index) {
    return false;
  }
  const int size = ref.parent->GetReflection()->FieldSize(*ref.parent, ref.field);
  if (*ref.index == size) {
    add();
    return true;
  }
  if (*ref.index > size) {
    return false;
  }
  set(*ref.index);
  return true;
}

}  // namespace

bool set_string(pb::Message& root, std::string_view path, const std::string& value) {
  const auto ref = resolve(root, path);
  if (!ref || ref->field->cpp_type() != pb::FieldDescriptor::CPPTYPE_STRING) {
    return false;
  }
  const pb::Reflection* reflection = ref->parent->GetReflection();
  return set_at(
      *ref,
      [&](int index) {
        if (index < 0) {
          reflection->SetString(ref->parent, ref->field, value);
        } else {
          reflection->SetRepeatedString(ref->parent, ref->field, index, value);
        }
      },
      [&] { reflection->AddString(ref->parent, ref->field, value); });
}

bool set_double(pb::Message& root, std::string_view path, double value) {
  const auto ref = resolve(root, path);
  if (!ref || ref->field->cpp_type() != pb::FieldDescriptor::CPPTYPE_DOUBLE) {
    return false;
  }
  const pb::Reflection* reflection = ref->parent->GetReflection();
  return set_at(
      *ref,
      [&](int index) {
        if (index < 0) {
          reflection->SetDouble(ref->parent, ref->field, value);
        } else {
          reflection->SetRepeatedDouble(ref->parent, ref->field, index, value);
        }
      },
      [&] { reflection->AddDouble(ref->parent, ref->field, value); });
}

bool set_enum_number(pb::Message& root, std::string_view path, int value) {
  const auto ref = resolve(root, path);
  if (!ref || ref->field->cpp_type() != pb::FieldDescriptor::CPPTYPE_ENUM) {
    return false;
  }
  const pb::Reflection* reflection = ref->parent->GetReflection();
  return set_at(
      *ref,
      [&](int index) {
        if (index < 0) {
          reflection->SetEnumValue(ref->parent, ref->field, value);
        } else {
          reflection->SetRepeatedEnumValue(ref->parent, ref->field, index, value);
        }
      },
      [&] { reflection->AddEnumValue(ref->parent, ref->field, value); });
}

bool set_unsigned(pb::Message& root, std::string_view path, std::uint64_t value) {
  const auto ref = resolve(root, path);
  if (!ref || ref->field->is_repeated()) {
    return false;
  }
  const pb::Reflection* reflection = ref->parent->GetReflection();
  if (ref->field->cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT64) {
    reflection->SetUInt64(ref->parent, ref->field, value);
    return true;
  }
  if (ref->field->cpp_type() == pb::FieldDescriptor::CPPTYPE_UINT32 &&
      value <= std::numeric_limits<std::uint32_t>::max()) {
    reflection->SetUInt32(ref->parent, ref->field, static_cast<std::uint32_t>(value));
    return true;
  }
  return false;
}

bool set_integer_max(pb::Message& root, std::string_view path) {
  const auto ref = resolve(root, path);
  if (!ref || ref->field->is_repeated()) {
    return false;
  }
  const pb::Reflection* reflection = ref->parent->GetReflection();
  switch (ref->field->cpp_type()) {
    case pb::FieldDescriptor::CPPTYPE_INT32:
      reflection->SetInt32(ref->parent, ref->field, std::numeric_limits<std::int32_t>::max());
      return true;
    case pb::FieldDescriptor::CPPTYPE_INT64:
      reflection->SetInt64(ref->parent, ref->field, std::numeric_limits<std::int64_t>::max());
      return true;
    case pb::FieldDescriptor::CPPTYPE_UINT32:
      reflection->SetUInt32(ref->parent, ref->field, std::numeric_limits<std::uint32_t>::max());
      return true;
    case pb::FieldDescriptor::CPPTYPE_UINT64:
      reflection->SetUInt64(ref->parent, ref->field, std::numeric_limits<std::uint64_t>::max());
      return true;
    default:
      return false;
  }
}

bool grow_list(pb::Message& root, std::string_view path, int size) {
  const auto ref = resolve(root, path);
  if (!ref || ref->index || !ref->field->is_repeated()) {
    return false;
  }
  pb::Message* parent = ref->parent;
  const pb::FieldDescriptor* field = ref->field;
  const pb::Reflection* reflection = parent->GetReflection();
  if (reflection->FieldSize(*parent, field) == 0) {
    return false;
  }
  while (reflection->FieldSize(*parent, field) < size) {
    switch (field->cpp_type()) {
      case pb::FieldDescriptor::CPPTYPE_MESSAGE: {
        // Copied first: AddMessage may reallocate the list that holds item 0.
        std::unique_ptr<pb::Message> first(reflection->GetRepeatedMessage(*parent, field, 0).New());
        first->CopyFrom(reflection->GetRepeatedMessage(*parent, field, 0));
        reflection->AddMessage(parent, field)->CopyFrom(*first);
        break;
      }
      case pb::FieldDescriptor::CPPTYPE_STRING:
        reflection->AddString(parent, field, reflection->GetRepeatedString(*parent, field, 0));
        break;
      case pb::FieldDescriptor::CPPTYPE_ENUM:
        reflection->AddEnumValue(parent, field,
                                 reflection->GetRepeatedEnumValue(*parent, field, 0));
        break;
      default:
        return false;
    }
  }
  return true;
}

std::vector<std::string> field_paths(const pb::Message& message,
                                     pb::FieldDescriptor::CppType type) {
  std::vector<std::string> paths;
  collect(message, {}, type, paths);
  return paths;
}

std::set<std::string> reachable_fields(const pb::Descriptor* descriptor,
                                       pb::FieldDescriptor::CppType type) {
  std::set<std::string> names;
  std::set<std::string> seen;
  collect_reachable(descriptor, type, names, seen);
  return names;
}

std::string field_full_name(const pb::Message& root, std::string_view path) {
  const std::unique_ptr<pb::Message> copy(root.New());
  copy->CopyFrom(root);
  const auto ref = resolve(*copy, path);
  return ref ? ref->field->full_name() : std::string{};
}

}  // namespace alertbus::testing
