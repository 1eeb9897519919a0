#include "alertctl/event_reader.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/util/time_util.h>

#include "alertbus/protocol/text_fold.hpp"
#include "alertbus/protocol/vocabulary.hpp"
#include "alertctl/event_document.hpp"
#include "alertctl/names.hpp"
#include "alertctl/value_words.hpp"

namespace alertbus::alertctl {
namespace {

namespace pb = google::protobuf;
using FD = pb::FieldDescriptor;
using protocol::Vocabulary;

std::string shown(const nlohmann::json& value) {
  if (value.is_array()) {
    return "[…]";
  }
  if (value.is_object()) {
    return "{…}";
  }
  std::string text = value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return text.size() > 80 ? text.substr(0, 77) + "…" : text;
}

Problem typed(const std::string& path, const FD& field, const Text& text,
              std::initializer_list<std::string_view> args) {
  return field_problem(path, &field, fill(text.vi, args), fill(text.en, args));
}

std::string trim(std::string_view text) {
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) {
    return {};
  }
  const std::size_t last = text.find_last_not_of(" \t\r\n");
  return std::string(text.substr(first, last - first + 1));
}

bool set_enum(const nlohmann::json& value, const FD& field, pb::Message* message,
              const std::string& path, Problems* problems) {
  const std::optional<Vocabulary> vocabulary = vocabulary_of(field);
  std::optional<int> number;
  std::string ambiguous;
  if (value.is_number_integer()) {
    const auto n = value.get<std::int64_t>();
    if (vocabulary && protocol::find_term(*vocabulary, static_cast<int>(n)) != nullptr) {
      number = static_cast<int>(n);
    }
  } else if (value.is_string() && vocabulary) {
    number = match_term(*vocabulary, field, trim(value.get<std::string>()), &ambiguous);
  }
  if (!number) {
    const std::string text = value.is_string() ? value.get<std::string>() : shown(value);
    if (!ambiguous.empty()) {
      problems->push_back(typed(path, field, msg::kAmbiguousEnum, {text, ambiguous}));
    } else {
      const Text& pattern = is_danger_level(field) ? msg::kBadLevel : msg::kBadEnum;
      problems->push_back(
          field_problem(path, &field, fill(pattern.vi, {text, enum_choices(field, Language::kVi)}),
                        fill(pattern.en, {text, enum_choices(field, Language::kEn)})));
    }
    return false;
  }
  const pb::Reflection* reflection = message->GetReflection();
  if (field.cpp_type() == FD::CPPTYPE_UINT32) {
    if (field.is_repeated()) {
      reflection->AddUInt32(message, &field, static_cast<std::uint32_t>(*number));
    } else {
      reflection->SetUInt32(message, &field, static_cast<std::uint32_t>(*number));
    }
  } else if (field.is_repeated()) {
    reflection->AddEnumValue(message, &field, *number);
  } else {
    reflection->SetEnumValue(message, &field, *number);
  }
  return true;
}

// A whole number from a JSON number or digits in quotes.
std::optional<std::uint64_t> whole_number(const nlohmann::json& value) {
  if (value.is_number_unsigned()) {
    return value.get<std::uint64_t>();
  }
  if (value.is_number_integer()) {
    const auto n = value.get<std::int64_t>();
    return n < 0 ? std::nullopt : std::optional<std::uint64_t>(static_cast<std::uint64_t>(n));
  }
  if (value.is_number_float()) {
    const double d = value.get<double>();
    if (d >= 0 && d < 1.8e19 && std::floor(d) == d) {
      return static_cast<std::uint64_t>(d);
    }
    return std::nullopt;
  }
  if (value.is_string()) {
    const std::string text = trim(value.get<std::string>());
    if (text.empty() || text.size() > 19 ||
        !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
    return std::stoull(text);
  }
  return std::nullopt;
}

std::optional<double> decimal_number(const nlohmann::json& value) {
  if (value.is_number()) {
    return value.get<double>();
  }
  if (value.is_string()) {
    const std::string text = trim(value.get<std::string>());
    try {
      std::size_t used = 0;
      const double d = std::stod(text, &used);
      if (used == text.size() && std::isfinite(d)) {
        return d;
      }
    } catch (const std::exception&) {
    }
  }
  return std::nullopt;
}

bool set_scalar(const nlohmann::json& value, const FD& field, pb::Message* message,
                const std::string& path, Problems* problems) {
  const pb::Reflection* reflection = message->GetReflection();
  const bool repeated = field.is_repeated();
  switch (field.cpp_type()) {
    case FD::CPPTYPE_STRING: {
      if (!value.is_string()) {
        problems->push_back(typed(path, field, msg::kExpectedText, {shown(value)}));
        return false;
      }
      std::string text = value.get<std::string>();
      if (is_date_text(field)) {
        const std::optional<std::string> date = parse_officer_date(text);
        if (!date) {
          problems->push_back(typed(path, field, msg::kBadDate, {text}));
          return false;
        }
        text = *date;
      }
      repeated ? reflection->AddString(message, &field, std::move(text))
               : reflection->SetString(message, &field, std::move(text));
      return true;
    }
    case FD::CPPTYPE_UINT64:
    case FD::CPPTYPE_UINT32: {
      const std::optional<std::uint64_t> n = whole_number(value);
      if (!n) {
        problems->push_back(typed(path, field, msg::kExpectedWhole, {shown(value)}));
        return false;
      }
      if (field.cpp_type() == FD::CPPTYPE_UINT32) {
        if (*n > std::numeric_limits<std::uint32_t>::max()) {
          problems->push_back(typed(path, field, msg::kTooLarge, {std::to_string(*n)}));
          return false;
        }
        const auto small = static_cast<std::uint32_t>(*n);
        repeated ? reflection->AddUInt32(message, &field, small)
                 : reflection->SetUInt32(message, &field, small);
      } else {
        repeated ? reflection->AddUInt64(message, &field, *n)
                 : reflection->SetUInt64(message, &field, *n);
      }
      return true;
    }
    case FD::CPPTYPE_DOUBLE: {
      const std::optional<double> d = decimal_number(value);
      if (!d) {
        problems->push_back(typed(path, field, msg::kExpectedNumber, {shown(value)}));
        return false;
      }
      repeated ? reflection->AddDouble(message, &field, *d)
               : reflection->SetDouble(message, &field, *d);
      return true;
    }
    case FD::CPPTYPE_BOOL: {
      std::optional<bool> b;
      if (value.is_boolean()) {
        b = value.get<bool>();
      } else if (value.is_string()) {
        const std::string text = protocol::fold_for_search(trim(value.get<std::string>()));
        if (text == "true" || text == "co" || text == "yes") {
          b = true;
        } else if (text == "false" || text == "khong" || text == "no") {
          b = false;
        }
      }
      if (!b) {
        problems->push_back(typed(path, field, msg::kExpectedBool, {shown(value)}));
        return false;
      }
      repeated ? reflection->AddBool(message, &field, *b)
               : reflection->SetBool(message, &field, *b);
      return true;
    }
    default:
      // Other scalar types (signed integers, floats, bytes) are not in an Event.
      problems->push_back(typed(path, field, msg::kExpectedText, {shown(value)}));
      return false;
  }
}

bool set_timestamp(const nlohmann::json& value, const FD& field, pb::Message* message,
                   const std::string& path, Problems* problems) {
  std::optional<std::int64_t> ms;
  if (value.is_string()) {
    ms = parse_officer_time(value.get<std::string>());
  }
  if (!ms) {
    const std::string text = value.is_string() ? value.get<std::string>() : shown(value);
    problems->push_back(typed(path, field, msg::kBadTime, {text}));
    return false;
  }
  pb::Message* target = field.is_repeated()
                            ? message->GetReflection()->AddMessage(message, &field)
                            : message->GetReflection()->MutableMessage(message, &field);
  target->CopyFrom(pb::util::TimeUtil::MillisecondsToTimestamp(*ms));
  return true;
}

bool set_message(const nlohmann::json& value, const FD& field, pb::Message* message,
                 const std::string& path, Problems* problems) {
  if (!value.is_object()) {
    problems->push_back(typed(path, field, msg::kExpectedTable, {shown(value)}));
    return false;
  }
  const pb::Reflection* reflection = message->GetReflection();
  const std::size_t before = problems->size();
  if (field.is_repeated()) {
    pb::Message* item = reflection->AddMessage(message, &field);
    read_message(value, item, path, problems);
    if (item->ByteSizeLong() == 0) {
      reflection->RemoveLast(message, &field);  // An unfilled [[item]] of the template.
    }
  } else {
    pb::Message* item = reflection->MutableMessage(message, &field);
    read_message(value, item, path, problems);
    if (item->ByteSizeLong() == 0) {
      reflection->ClearField(message, &field);
    }
  }
  return problems->size() == before;
}

bool is_unset(const nlohmann::json& value) {
  return value.is_null() || (value.is_string() && trim(value.get<std::string>()).empty());
}

const FD* find_field(const pb::Descriptor& type, const std::string& key) {
  if (const FD* field = type.FindFieldByName(key)) {
    return field;
  }
  std::string snake = key;
  std::replace(snake.begin(), snake.end(), '-', '_');
  if (const FD* field = type.FindFieldByName(snake)) {
    return field;
  }
  return type.FindFieldByCamelcaseName(key);
}

}  // namespace

Problem field_problem(const std::string& path, const FD* field, std::string vi, std::string en) {
  Problem problem{path, "", "", std::move(vi), std::move(en)};
  if (field != nullptr) {
    problem.label_vi = field_label(*field, Language::kVi);
    problem.label_en = field_label(*field, Language::kEn);
  }
  return problem;
}

bool read_value(const nlohmann::json& value, const FD& field, pb::Message* message,
                const std::string& path, Problems* problems) {
  if (is_unset(value)) {
    return true;
  }
  if (field.cpp_type() == FD::CPPTYPE_MESSAGE) {
    if (field.message_type()->full_name() == "google.protobuf.Timestamp") {
      return set_timestamp(value, field, message, path, problems);
    }
    return set_message(value, field, message, path, problems);
  }
  if (field.cpp_type() == FD::CPPTYPE_ENUM || is_danger_level(field)) {
    return set_enum(value, field, message, path, problems);
  }
  return set_scalar(value, field, message, path, problems);
}

void read_message(const nlohmann::json& document, pb::Message* message, const std::string& path,
                  Problems* problems) {
  const pb::Descriptor& type = *message->GetDescriptor();
  // In the .proto's order of fields (TOML tables come sorted by name), so that mistakes are
  // listed in a stable order; an unknown field where the one it resembles stands.
  std::vector<std::string> names;
  for (int i = 0; i < type.field_count(); ++i) {
    if (is_typed_by_officers(*type.field(i))) {
      names.push_back(type.field(i)->name());
    }
  }
  std::vector<std::pair<int, std::string>> keys;
  for (const auto& item : document.items()) {
    const FD* field = find_field(type, item.key());
    if (field == nullptr) {
      const std::string guess = closest(item.key(), names);
      const FD* near = guess.empty() ? nullptr : type.FindFieldByName(guess);
      keys.emplace_back(near != nullptr ? near->index() : type.field_count(), item.key());
      continue;
    }
    keys.emplace_back(field->index(), item.key());
  }
  std::stable_sort(keys.begin(), keys.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  for (const auto& entry : keys) {
    const std::string& key = entry.second;
    const nlohmann::json& value = document.at(key);
    const std::string at = path.empty() ? key : path + "." + key;
    const FD* field = find_field(type, key);
    if (field == nullptr) {
      const std::string guess = closest(key, names);
      if (!guess.empty()) {
        const FD& near = *type.FindFieldByName(guess);
        problems->push_back(field_problem(
            at, nullptr,
            fill(msg::kUnknownFieldGuess.vi, {key, guess, field_label(near, Language::kVi)}),
            fill(msg::kUnknownFieldGuess.en, {key, guess, field_label(near, Language::kEn)})));
      } else {
        std::string list;
        for (const std::string& name : names) {
          list += (list.empty() ? "" : ", ") + name;
        }
        problems->push_back(field_problem(at, nullptr, fill(msg::kUnknownField.vi, {key, list}),
                                          fill(msg::kUnknownField.en, {key, list})));
      }
      continue;
    }
    const std::string field_path = path.empty() ? field->name() : path + "." + field->name();
    if (!field->is_repeated()) {
      read_value(value, *field, message, field_path, problems);
      continue;
    }
    if (is_unset(value)) {
      continue;
    }
    if (!value.is_array()) {
      // One value where a list is expected: a list of one, said nowhere, would hide a
      // misunderstanding of the template; say what is expected.
      if (field->cpp_type() == FD::CPPTYPE_MESSAGE && value.is_object()) {
        read_value(value, *field, message, field_path + "[0]", problems);
      } else {
        problems->push_back(typed(field_path, *field, msg::kExpectedList, {shown(value)}));
      }
      continue;
    }
    int index = 0;
    for (const nlohmann::json& item : value) {
      read_value(item, *field, message, field_path + "[" + std::to_string(index++) + "]", problems);
    }
  }
}

std::string problem_line(const Problem& problem, Language language) {
  const bool vi = language == Language::kVi;
  const std::string& label = vi ? problem.label_vi : problem.label_en;
  std::string line = problem.path;
  if (!label.empty()) {
    line += " (" + label + ")";
  }
  return (line.empty() ? "" : line + ": ") + (vi ? problem.vi : problem.en);
}

Status problems_status(const Problems& problems, std::string_view source) {
  if (problems.empty()) {
    return {};
  }
  const std::string count = std::to_string(problems.size());
  std::string vi = fill(msg::kFileMistakes.vi, {source, count});
  std::string en = fill(msg::kFileMistakes.en, {source, count});
  for (const Problem& problem : problems) {
    vi += "\n  - " + problem_line(problem, Language::kVi);
    en += "\n  - " + problem_line(problem, Language::kEn);
  }
  return Status::error(v1::INVALID_VALUE, en, vi,
                       problems.size() == 1 ? problems[0].path : std::string());
}

}  // namespace alertbus::alertctl
