#include "alertctl/event_input.hpp"

#include <algorithm>
#include <fstream>
#include <iterator>
#include <sstream>

#include <google/protobuf/util/time_util.h>

#include "alertbus/protocol/clock.hpp"
#include "alertbus/protocol/event_body.hpp"
#include "alertbus/protocol/event_id.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/event_document.hpp"
#include "alertctl/event_reader.hpp"
#include "alertctl/messages.hpp"
#include "alertctl/names.hpp"
#include "alertctl/place_checks.hpp"

namespace alertbus::alertctl {
namespace {

namespace pb = google::protobuf;

Status input_error(const Text& text, const std::string& detail, const std::string& field = {}) {
  return Status::error(v1::INVALID_VALUE, text.en + detail, text.vi + detail, field);
}

// The file's tree read into `message` (at `path`); mistakes are added to `problems`.
Status read_file_into(const std::string& text, const std::string& source, pb::Message* message,
                      const std::string& path, Problems* problems) {
  StatusOr<nlohmann::json> document = parse_document(text, source);
  if (!document.ok()) {
    return document.status();
  }
  if (!document->is_object()) {
    return input_error(msg::kInvalidJson, " (" + source + ")");
  }
  read_message(*document, message, path, problems);
  return {};
}

// How many of the document's keys are fields of `type`.
int fields_known(const nlohmann::json& document, const pb::Descriptor& type) {
  int known = 0;
  for (const auto& item : document.items()) {
    std::string key = item.key();
    std::replace(key.begin(), key.end(), '-', '_');
    if (type.FindFieldByName(key) != nullptr || type.FindFieldByCamelcaseName(key) != nullptr) {
      ++known;
    }
  }
  return known;
}

template <typename Enum>
Enum enum_of(Vocabulary vocabulary, const std::string& name) {
  // Names were checked by the command line parser already.
  return static_cast<Enum>(parse_name(vocabulary, name).value_or(0));
}

void stamp(v1::Event* event) {
  if (event->event_id().empty()) {
    event->set_event_id(protocol::new_event_id());
  }
  if (!event->has_sent_at()) {
    *event->mutable_sent_at() =
        pb::util::TimeUtil::MillisecondsToTimestamp(protocol::now_unix_ms());
  }
}

}  // namespace

StatusOr<std::string> read_input(const std::string& path, std::istream& in) {
  std::ifstream file;
  if (path != "-") {
    file.open(path, std::ios::binary);
    if (!file) {
      return input_error(msg::kCannotReadFile, path);
    }
  }
  std::istream& source = path == "-" ? in : file;
  // Read no further than the bound: an event is at most 1 MiB on the wire, so a larger file
  // is a mistake (or a hostile one), refused before memory follows it.
  std::string contents(kMaxInputBytes + 1, '\0');
  source.read(contents.data(), static_cast<std::streamsize>(contents.size()));
  contents.resize(static_cast<std::size_t>(source.gcount()));
  if (contents.size() > kMaxInputBytes) {
    return input_error(msg::kInputTooLarge, path == "-" ? std::string("stdin") : path);
  }
  return contents;
}

StatusOr<v1::Area> parse_area(std::string_view text) {
  const std::size_t first = text.find(':');
  const std::size_t second = first == std::string_view::npos ? first : text.find(':', first + 1);
  if (second == std::string_view::npos || first == 0 || second == first + 1 ||
      second + 1 == text.size()) {
    return input_error(msg::kInvalidArea, std::string(text), "areas");
  }
  v1::Area area;
  area.set_code(std::string(text.substr(0, first)));
  area.set_scheme(std::string(text.substr(first + 1, second - first - 1)));
  area.set_name(std::string(text.substr(second + 1)));
  return area;
}

StatusOr<v1::Event> build_post_event(const PostInput& input, const std::string& default_sender,
                                     std::istream& in, const protocol::AreaTable* areas) {
  v1::Event event;
  Problems problems;
  std::string source;
  if (!input.file_path.empty()) {
    source = input.file_path;
    StatusOr<std::string> text = read_input(input.file_path, in);
    if (!text.ok()) {
      return text.status();
    }
    if (Status read = read_file_into(*text, source, &event, "", &problems); !read.ok()) {
      return read;
    }
  }
  if (!input.kind.empty()) {
    event.set_kind(enum_of<v1::AlertKind>(Vocabulary::kKind, input.kind));
  }
  if (!input.body_path.empty()) {
    source = input.body_path;
    StatusOr<std::string> text = read_input(input.body_path, in);
    if (!text.ok()) {
      return text.status();
    }
    StatusOr<nlohmann::json> document = parse_document(*text, source);
    if (!document.ok()) {
      return document.status();
    }
    if (!document->is_object()) {
      return input_error(msg::kInvalidJson, " (" + source + ")");
    }
    pb::Message* body = protocol::mutable_alert_body(&event, event.kind());
    // The typed body for the kind, or (more of its keys are the envelope's) a whole event.
    if (body != nullptr && fields_known(*document, *body->GetDescriptor()) >
                               fields_known(*document, *v1::Event::descriptor())) {
      const pb::FieldDescriptor* field = body_field(event.kind());
      read_message(*document, body, field->name(), &problems);
    } else {
      if (body != nullptr && body->ByteSizeLong() == 0) {
        event.clear_body();
      }
      read_message(*document, &event, "", &problems);
    }
  }
  if (!input.title.empty()) {
    event.set_title(input.title);
  }
  if (!input.severity.empty()) {
    event.set_severity(enum_of<v1::Severity>(Vocabulary::kSeverity, input.severity));
  }
  if (!input.urgency.empty()) {
    event.set_urgency(enum_of<v1::Urgency>(Vocabulary::kUrgency, input.urgency));
  }
  if (!input.certainty.empty()) {
    event.set_certainty(enum_of<v1::Certainty>(Vocabulary::kCertainty, input.certainty));
  }
  if (!input.status.empty()) {
    event.set_status(enum_of<v1::MessageStatus>(Vocabulary::kStatus, input.status));
  } else if (event.status() == v1::MESSAGE_STATUS_UNSPECIFIED) {
    event.set_status(v1::ACTUAL);
  }
  if (!input.sender.empty()) {
    event.set_sender_unit(input.sender);
  } else if (event.sender_unit().empty()) {
    event.set_sender_unit(default_sender);
  }
  if (!input.areas.empty()) {
    event.clear_areas();
    for (const std::string& text : input.areas) {
      StatusOr<v1::Area> area = parse_area(text);
      if (!area.ok()) {
        return area.status();
      }
      *event.add_areas() = std::move(area).value();
    }
  }
  if (!input.description.empty()) {
    event.set_description(input.description);
  }
  if (!input.contact.empty()) {
    event.set_contact(input.contact);
  }
  check_places(&event, areas, "", &problems);
  if (Status mistakes = problems_status(problems, source.empty() ? "alertctl post" : source);
      !mistakes.ok()) {
    return mistakes;  // Every mistake of the file at once, before what is missing.
  }
  if (event.kind() == v1::ALERT_KIND_UNSPECIFIED) {
    return input_error(msg::kMissingKind, "", "kind");
  }
  if (event.sender_unit().empty()) {
    return input_error(msg::kMissingSender, "", "sender_unit");
  }
  if (event.type() == v1::EVENT_TYPE_UNSPECIFIED) {
    event.set_type(v1::ALERT);
  }
  stamp(&event);
  return event;
}

Status complete_post_event(v1::Event* event, const std::string& default_sender) {
  if (event->status() == v1::MESSAGE_STATUS_UNSPECIFIED) {
    event->set_status(v1::ACTUAL);
  }
  if (event->sender_unit().empty()) {
    event->set_sender_unit(default_sender);
  }
  if (event->sender_unit().empty()) {
    return input_error(msg::kMissingSender, "", "sender_unit");
  }
  if (event->type() == v1::EVENT_TYPE_UNSPECIFIED) {
    event->set_type(v1::ALERT);
  }
  stamp(event);
  return {};
}

StatusOr<v1::Event> build_follow_up_event(const FollowUpInput& input, const v1::Event& alert,
                                          const std::string& default_sender) {
  v1::Event event;
  event.set_sender_unit(input.sender.empty() ? default_sender : input.sender);
  if (event.sender_unit().empty()) {
    return input_error(msg::kMissingSender, "", "sender_unit");
  }
  event.set_status(input.status.empty()
                       ? alert.status()
                       : enum_of<v1::MessageStatus>(Vocabulary::kStatus, input.status));
  event.set_kind(alert.kind());
  event.set_type(enum_of<v1::EventType>(Vocabulary::kType, input.type));
  // The alert's areas, so that subscribers filtering by area see its follow-ups too.
  *event.mutable_areas() = alert.areas();
  event.add_references(alert.event_id());
  v1::FollowUp* follow_up = event.mutable_follow_up();
  follow_up->set_alert_event_id(alert.event_id());
  follow_up->set_text(input.text);
  if (!input.new_severity.empty()) {
    follow_up->set_new_severity(enum_of<v1::Severity>(Vocabulary::kSeverity, input.new_severity));
  }
  if (input.new_level) {
    follow_up->set_new_danger_level(*input.new_level);
  }
  follow_up->set_answers_event_id(input.answers);
  if (input.quantity) {
    follow_up->set_quantity(*input.quantity);
    follow_up->set_quantity_unit(input.quantity_unit);
  }
  follow_up->set_stable(input.stable);
  stamp(&event);
  return event;
}

}  // namespace alertbus::alertctl
