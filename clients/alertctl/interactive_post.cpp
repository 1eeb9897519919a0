#include "alertctl/interactive_post.hpp"

#include <algorithm>
#include <functional>
#include <optional>
#include <utility>

#include <google/protobuf/descriptor.h>

#include "alertbus/protocol/text_fold.hpp"
#include "alertbus/protocol/vocabulary.hpp"
#include "alertctl/event_reader.hpp"
#include "alertctl/names.hpp"
#include "alertctl/place_checks.hpp"
#include "alertctl/render.hpp"

namespace alertbus::alertctl {
namespace {

namespace pb = google::protobuf;
using FD = pb::FieldDescriptor;

struct InputEnded {};

Need need_of(const FD& field) {
  const FieldName* name = field_name(field);
  return name == nullptr ? Need::kOptional : name->need;
}

bool is_timestamp(const FD& field) {
  return field.cpp_type() == FD::CPPTYPE_MESSAGE &&
         field.message_type()->full_name() == "google.protobuf.Timestamp";
}

bool is_group(const FD& field) {
  return field.cpp_type() == FD::CPPTYPE_MESSAGE && !is_timestamp(field);
}

class Asker {
 public:
  explicit Asker(Conversation& talk) : talk_(talk) {}

  std::string line() {
    std::string answer;
    talk_.out << "> " << std::flush;
    if (!std::getline(talk_.in, answer)) {
      talk_.out << '\n';
      throw InputEnded{};
    }
    if (!answer.empty() && answer.back() == '\r') {
      answer.pop_back();
    }
    const std::size_t first = answer.find_first_not_of(" \t");
    const std::size_t last = answer.find_last_not_of(" \t");
    return first == std::string::npos ? std::string() : answer.substr(first, last - first + 1);
  }

  bool yes(const std::string& question) {
    talk_.out << '\n' << question << '\n';
    const std::string answer = protocol::fold_for_search(line());
    return answer == tr(msg::kAskYes, talk_.language) || answer == "c" || answer == "co" ||
           answer == "y" || answer == "yes";
  }

  // The heading of a field: label (need): note; the choices numbered.
  void heading(const FD& field, const std::string& default_text) {
    const FieldName* name = field_name(field);
    const Need need = need_of(field);
    const Text& need_text = need == Need::kRequired    ? msg::kTemplateRequired
                            : need == Need::kSometimes ? msg::kTemplateSometimes
                                                       : msg::kTemplateOptional;
    talk_.out << '\n'
              << field_label(field, talk_.language) << " (" << tr(need_text, talk_.language) << ")";
    const std::string_view note =
        name == nullptr ? "" : (talk_.language == Language::kVi ? name->note_vi : name->note_en);
    if (!note.empty()) {
      talk_.out << ": " << note;
    }
    if (is_timestamp(field)) {
      talk_.out << "; " << tr(msg::kTemplateTime, talk_.language);
    }
    if (!default_text.empty()) {
      talk_.out << " [" << tr(msg::kAskDefault, talk_.language) << ": " << default_text << "]";
    }
    talk_.out << '\n';
    const std::vector<std::string> picks = choices(field);
    for (std::size_t i = 0; i < picks.size(); ++i) {
      talk_.out << "  " << i + 1 << ". " << picks[i] << '\n';
    }
    if (field.is_repeated() && !is_group(field)) {
      talk_.out << "(" << tr(msg::kAskList, talk_.language) << ")\n";
    }
  }

  // What a number picks: an enum's terms, or a free-text field's usual values.
  std::vector<std::string> choices(const FD& field) const {
    std::vector<std::string> picks;
    const std::string list = enum_choices(field, talk_.language);
    std::size_t start = 0;
    while (!list.empty() && start < list.size()) {
      const std::size_t close = list.find("), ", start);
      const std::size_t end = close == std::string::npos ? list.size() : close + 1;
      picks.push_back(list.substr(start, end - start));
      start = end + 2;
    }
    for (const std::string_view value : usual_values(field)) {
      picks.emplace_back(value);
    }
    return picks;
  }

  // The answer a number stands for: "2" -> "minor" (the key before " (label)").
  std::string picked(const FD& field, const std::string& answer) const {
    if (answer.empty() || answer.size() > 3 ||
        !std::all_of(answer.begin(), answer.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return answer;
    }
    const std::vector<std::string> picks = choices(field);
    const std::size_t n = std::stoul(answer);
    if (picks.empty() || n < 1 || n > picks.size()) {
      return answer;
    }
    const std::string& pick = picks[n - 1];
    return usual_values(field).empty() ? pick.substr(0, pick.find(" (")) : pick;
  }

  // One value of a scalar field (one item of a repeated one); false when skipped.
  bool scalar(pb::Message* message, const FD& field, const std::string& path,
              const std::string& default_value) {
    while (true) {
      std::string answer = picked(field, line());
      if (answer.empty()) {
        answer = default_value;
      }
      if (answer.empty()) {
        if (need_of(field) == Need::kRequired && !field.is_repeated()) {
          talk_.out << tr(msg::kAskRequired, talk_.language) << '\n';
          continue;
        }
        return false;
      }
      Problems problems;
      if (read_value(nlohmann::json(answer), field, message, path, &problems)) {
        return true;
      }
      for (const Problem& problem : problems) {
        talk_.out << problem_line(problem, talk_.language) << '\n';
      }
    }
  }

  void field(pb::Message* message, const FD& field, const std::string& path) {
    const pb::Reflection* reflection = message->GetReflection();
    if (is_group(field)) {
      group(message, field, path);
      return;
    }
    std::string default_value;
    if (field.name() == "status") {
      default_value = "actual";
    } else if (field.name() == "sender_unit") {
      default_value = talk_.default_sender;
    } else if (field.name() == "scheme") {
      default_value = "VN-2025";
    }
    if (!field.is_repeated() && reflection->HasField(*message, &field)) {
      return;  // Given on the command line.
    }
    heading(field, default_value);
    if (!field.is_repeated()) {
      scalar(message, field, path, default_value);
      return;
    }
    while (scalar(message, field,
                  path + "[" + std::to_string(reflection->FieldSize(*message, &field)) + "]", "")) {
    }
  }

  void group(pb::Message* message, const FD& field, const std::string& path) {
    const pb::Reflection* reflection = message->GetReflection();
    const std::string label = field_label(field, talk_.language);
    const bool required = need_of(field) != Need::kOptional;
    if (!field.is_repeated()) {
      if (reflection->HasField(*message, &field)) {
        return;
      }
      if (!required && !yes(fill(tr(msg::kAskGroup, talk_.language), {label}))) {
        return;
      }
      talk_.out << "\n== " << label << " ==\n";
      pb::Message* item = reflection->MutableMessage(message, &field);
      place(item, field, path);
      return;
    }
    if (reflection->FieldSize(*message, &field) > 0) {
      return;  // Given on the command line (--area).
    }
    if (!required && !yes(fill(tr(msg::kAskGroup, talk_.language), {label}))) {
      return;
    }
    do {
      const int index = reflection->FieldSize(*message, &field);
      talk_.out << "\n== " << label << " " << index + 1 << " ==\n";
      pb::Message* item = reflection->AddMessage(message, &field);
      place(item, field, path + "[" + std::to_string(index) + "]");
    } while (yes(fill(tr(msg::kAskMore, talk_.language), {label})));
  }

  // A group's fields, asked again while the place it makes is wrong.
  void place(pb::Message* item, const FD& field, const std::string& path) {
    while (true) {
      fields(item, path);
      Problems problems;
      check_place(item, &field, talk_.areas, path, &problems);
      if (problems.empty()) {
        return;
      }
      for (const Problem& problem : problems) {
        talk_.out << problem_line(problem, talk_.language) << '\n';
      }
      item->Clear();
    }
  }

  // A message's fields: required first, then those required in some cases, then the others.
  void fields(pb::Message* message, const std::string& path) {
    const pb::Descriptor& type = *message->GetDescriptor();
    std::vector<const FD*> order;
    for (int i = 0; i < type.field_count(); ++i) {
      const FD* f = type.field(i);
      order.push_back(f);
    }
    if (&type == v1::Area::descriptor()) {
      std::reverse(order.begin(), order.end());  // The name, then scheme, then code.
    }
    if (&type == v1::Event::descriptor()) {
      // The headline first, as an officer writes an alert.
      static const std::vector<std::string> kFirst = {"title",     "severity", "urgency",
                                                      "certainty", "areas",    "sender_unit"};
      const auto rank = [](const FD* f) {
        return std::find(kFirst.begin(), kFirst.end(), f->name()) - kFirst.begin();
      };
      std::stable_sort(order.begin(), order.end(),
                       [&rank](const FD* a, const FD* b) { return rank(a) < rank(b); });
    }
    for (const Need need : {Need::kRequired, Need::kSometimes, Need::kOptional}) {
      for (const FD* f : order) {
        // Whether it is asked depends on earlier answers (the forest-fire notice's part).
        if (need_of(*f) == need && asked(*message, *f)) {
          field(message, *f, path.empty() ? f->name() : path + "." + f->name());
        }
      }
    }
  }

  // Whether `f` is asked: typed by officers, the kind's own body, the forest-fire notice's
  // own part, no geometry on areas.
  bool asked(const pb::Message& message, const FD& f) const {
    if (!is_typed_by_officers(f) || f.name() == "kind" || f.name() == "language") {
      return false;
    }
    if (f.containing_type() == v1::Area::descriptor()) {
      return f.name() == "code" || f.name() == "scheme" || f.name() == "name";
    }
    if (f.containing_oneof() != nullptr) {
      return &f == body_field(dynamic_cast<const v1::Event&>(message).kind());
    }
    if (const auto* fire = dynamic_cast<const v1::ForestFireAlert*>(&message);
        fire != nullptr && is_group(f)) {
      switch (fire->subtype()) {
        case v1::ForestFireAlert::DANGER_LEVEL:
          return f.name() == "danger";
        case v1::ForestFireAlert::HOTSPOT:
          return f.name() == "hotspot";
        default:
          return f.name() == "fire";
      }
    }
    return true;
  }

 private:
  Conversation& talk_;
};

Status input_ended() {
  return Status::error(v1::INVALID_VALUE, tr(msg::kAskEnded, Language::kEn),
                       tr(msg::kAskEnded, Language::kVi));
}

// "outbreaks[2]" -> {"outbreaks", 2}; no index -> -1.
std::pair<std::string, int> segment_of(const std::string& segment) {
  const std::size_t open = segment.find('[');
  if (open == std::string::npos || segment.back() != ']') {
    return {segment, -1};
  }
  const std::string digits = segment.substr(open + 1, segment.size() - open - 2);
  if (digits.empty() || digits.size() > 6 ||
      !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return {segment, -1};
  }
  return {segment.substr(0, open), std::stoi(digits)};
}

}  // namespace

bool ask_again(Conversation& talk, v1::Event* event, const std::string& path) {
  pb::Message* message = event;
  std::string at;
  std::size_t start = 0;
  while (start <= path.size()) {
    const std::size_t dot = path.find('.', start);
    const auto [name, index] =
        segment_of(path.substr(start, dot == std::string::npos ? path.npos : dot - start));
    const FD* field = message->GetDescriptor()->FindFieldByName(name);
    if (field == nullptr || !is_typed_by_officers(*field) ||
        (index >= 0 && !field->is_repeated())) {
      return false;  // alertctl's own fields (event id, sent at) are not asked.
    }
    const pb::Reflection* reflection = message->GetReflection();
    at += (at.empty() ? "" : ".") + name;
    const bool last = dot == std::string::npos;
    if (index >= 0) {
      if (!is_group(*field) || index >= reflection->FieldSize(*message, field)) {
        return false;
      }
      at += "[" + std::to_string(index) + "]";
      pb::Message* item = reflection->MutableRepeatedMessage(message, field, index);
      if (last) {
        item->Clear();
        Asker(talk).place(item, *field, at);
        return true;
      }
      message = item;
    } else if (last) {
      if (field->is_repeated() && !is_group(*field)) {
        return false;
      }
      reflection->ClearField(message, field);
      Asker(talk).field(message, *field, at);
      return true;
    } else if (is_group(*field) && !field->is_repeated()) {
      message = reflection->MutableMessage(message, field);
    } else {
      return false;
    }
    start = dot + 1;
  }
  return false;
}

StatusOr<v1::Event> ask_for_alert(Conversation& talk, const v1::Event& preset) {
  v1::Event event = preset;
  Asker asker(talk);
  talk.out << tr(msg::kAskIntro, talk.language) << '\n';
  try {
    asker.field(&event, *v1::Event::descriptor()->FindFieldByName("kind"), "kind");
    if (event.kind() == v1::ALERT_KIND_UNSPECIFIED) {
      throw InputEnded{};
    }
    asker.fields(&event, "");
  } catch (const InputEnded&) {
    return input_ended();
  }
  return event;
}

Status ask_until_valid(Conversation& talk, v1::Event* event,
                       const std::function<Status(const v1::Event&)>& check, bool* ended) {
  *ended = false;
  // Each round asks one field again; a field that stays wrong is asked until the input ends.
  for (int round = 0; round < 100; ++round) {
    Status valid = check(*event);
    if (valid.ok()) {
      return valid;
    }
    const std::string& message =
        talk.language == Language::kVi ? valid.message_vi() : valid.message();
    talk.out << '\n' << tr(msg::kError, talk.language) << ": " << message << '\n';
    try {
      if (!ask_again(talk, event, valid.field())) {
        return valid;
      }
    } catch (const InputEnded&) {
      *ended = true;
      return input_ended();
    }
  }
  return check(*event);
}

bool confirm_alert(Conversation& talk, const v1::Event& event) {
  v1::StoredEvent shown;
  shown.set_event_id(event.event_id());
  shown.set_kind(event.kind());
  shown.set_type(event.type());
  shown.set_event(event.SerializeAsString());
  talk.out << '\n'
           << tr(msg::kAskSummary, talk.language) << '\n'
           << event_detail(shown, talk.language) << '\n';
  Asker asker(talk);
  try {
    return asker.yes(tr(msg::kAskConfirm, talk.language));
  } catch (const InputEnded&) {
    return false;
  }
}

}  // namespace alertbus::alertctl
