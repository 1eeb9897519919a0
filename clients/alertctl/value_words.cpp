#include "alertctl/value_words.hpp"

#include <algorithm>
#include <limits>

#include "alertbus/protocol/text_fold.hpp"

namespace alertbus::alertctl {

namespace pb = google::protobuf;
using FD = pb::FieldDescriptor;
using protocol::Vocabulary;

std::string lower_ascii(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](char c) {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : (c == '_' ? '-' : c);
  });
  return out;
}

bool is_danger_level(const FD& field) {
  return field.full_name() == "alertbus.v1.DangerLevel.level" ||
         field.full_name() == "alertbus.v1.FollowUp.new_danger_level";
}

std::optional<Vocabulary> vocabulary_of(const FD& field) {
  if (is_danger_level(field)) {
    return Vocabulary::kDangerLevel;
  }
  if (field.cpp_type() != FD::CPPTYPE_ENUM) {
    return std::nullopt;
  }
  for (const Vocabulary vocabulary : protocol::kVocabularies) {
    if (protocol::enum_of(vocabulary) == field.enum_type()) {
      return vocabulary;
    }
  }
  return std::nullopt;
}

// The value `text` names in `vocabulary`: its key, protobuf's name, a label, a Roman level.
// Sets `ambiguous` to the labels it matches when more than one.

std::optional<int> match_term(Vocabulary vocabulary, const FD& field, const std::string& text,
                              std::string* ambiguous) {
  const std::string key = lower_ascii(text);
  for (const protocol::Term& term : protocol::terms(vocabulary)) {
    if (term.key == key) {
      return term.value;
    }
  }
  if (field.cpp_type() == FD::CPPTYPE_ENUM) {
    for (int i = 0; i < field.enum_type()->value_count(); ++i) {
      const pb::EnumValueDescriptor* value = field.enum_type()->value(i);
      if (value->number() != 0 && lower_ascii(value->name()) == key) {
        return value->number();
      }
    }
  }
  std::string folded = protocol::fold_for_search(text);
  if (vocabulary == Vocabulary::kDangerLevel) {
    if (folded.rfind("cap ", 0) == 0) {
      folded = folded.substr(4);
    } else if (folded.rfind("level ", 0) == 0) {
      folded = folded.substr(6);
    }
    static const char* const kRoman[] = {"i", "ii", "iii", "iv", "v"};
    for (int level = 1; level <= 5; ++level) {
      if (folded == kRoman[level - 1] || folded == std::to_string(level)) {
        return level;
      }
    }
  }
  std::vector<const protocol::Term*> found;
  for (const protocol::Term& term : protocol::terms(vocabulary)) {
    const std::string vi = protocol::fold_for_search(term.vi);
    const std::string en = protocol::fold_for_search(term.en);
    // A level's label starts with its number ("cấp III, cao"): "cao" alone names it too.
    const auto tail = [](const std::string& label) {
      const std::size_t comma = label.find(", ");
      return comma == std::string::npos ? label : label.substr(comma + 2);
    };
    if (folded == vi || folded == en || folded == tail(vi) || folded == tail(en)) {
      found.push_back(&term);
    }
  }
  if (found.size() == 1) {
    return found[0]->value;
  }
  for (const protocol::Term* term : found) {
    *ambiguous += (ambiguous->empty() ? "" : ", ") + std::string(term->key);
  }
  return std::nullopt;
}

std::string enum_choices(const FD& field, Language language) {
  const std::optional<Vocabulary> vocabulary = vocabulary_of(field);
  if (!vocabulary) {
    return {};
  }
  std::string list;
  for (const protocol::Term& term : protocol::terms(*vocabulary)) {
    list += (list.empty() ? "" : ", ") + std::string(term.key) + " (" +
            std::string(language == Language::kVi ? term.vi : term.en) + ")";
  }
  return list;
}

std::string closest(std::string_view name, const std::vector<std::string>& candidates) {
  const std::string wanted = lower_ascii(name);
  std::string best;
  std::size_t best_distance = std::numeric_limits<std::size_t>::max();
  for (const std::string& candidate : candidates) {
    const std::string other = lower_ascii(candidate);
    std::vector<std::size_t> row(other.size() + 1);
    for (std::size_t j = 0; j <= other.size(); ++j) {
      row[j] = j;
    }
    for (std::size_t i = 1; i <= wanted.size(); ++i) {
      std::size_t diagonal = row[0];
      row[0] = i;
      for (std::size_t j = 1; j <= other.size(); ++j) {
        const std::size_t above = row[j];
        row[j] = std::min(
            {row[j] + 1, row[j - 1] + 1, diagonal + (wanted[i - 1] == other[j - 1] ? 0U : 1U)});
        diagonal = above;
      }
    }
    if (row[other.size()] < best_distance) {
      best_distance = row[other.size()];
      best = candidate;
    }
  }
  const std::size_t allowed = std::max<std::size_t>(2, wanted.size() / 3);
  return best_distance <= allowed ? best : std::string();
}

}  // namespace alertbus::alertctl
