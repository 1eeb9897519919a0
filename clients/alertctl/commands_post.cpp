// alertctl post: build an alert from options and a TOML or JSON file (or ask for it field by
// field), check it locally, publish it; or print a kind's template.
#include <memory>

#include "alertbus/client/publisher.hpp"
#include "alertbus/protocol/clock.hpp"
#include "alertbus/protocol/validation.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/commands.hpp"
#include "alertctl/event_input.hpp"
#include "alertctl/event_template.hpp"
#include "alertctl/interactive_post.hpp"
#include "alertctl/names.hpp"
#include "alertctl/place_checks.hpp"
#include "alertctl/render.hpp"

namespace alertbus::alertctl {
namespace {

// The options given with --interactive, already in the event the questions complete.
StatusOr<v1::Event> preset_of(const PostInput& input) {
  v1::Event event;
  const auto value = [](Vocabulary vocabulary, const std::string& name) {
    return name.empty() ? 0 : parse_name(vocabulary, name).value_or(0);
  };
  event.set_kind(static_cast<v1::AlertKind>(value(Vocabulary::kKind, input.kind)));
  event.set_title(input.title);
  event.set_severity(static_cast<v1::Severity>(value(Vocabulary::kSeverity, input.severity)));
  event.set_urgency(static_cast<v1::Urgency>(value(Vocabulary::kUrgency, input.urgency)));
  event.set_certainty(static_cast<v1::Certainty>(value(Vocabulary::kCertainty, input.certainty)));
  event.set_status(static_cast<v1::MessageStatus>(value(Vocabulary::kStatus, input.status)));
  event.set_sender_unit(input.sender);
  event.set_description(input.description);
  event.set_contact(input.contact);
  for (const std::string& text : input.areas) {
    StatusOr<v1::Area> area = parse_area(text);
    if (!area.ok()) {
      return area.status();
    }
    *event.add_areas() = std::move(area).value();
  }
  return event;
}

int run_interactive(Context& context, const PostInput& input, const protocol::AreaTable* areas) {
  StatusOr<v1::Event> preset = preset_of(input);
  if (!preset.ok()) {
    return context.input_error(preset.status());
  }
  Conversation talk{context.in, context.out, context.global.language, areas,
                    input.sender.empty() ? context.environment.sender : input.sender};
  StatusOr<v1::Event> event = ask_for_alert(talk, *preset);
  if (!event.ok()) {
    return context.input_error(event.status());
  }
  Problems problems;  // The areas given with --area are checked too.
  check_places(&*event, areas, "", &problems);
  if (Status mistakes = problems_status(problems, "--area"); !mistakes.ok()) {
    return context.input_error(mistakes);
  }
  if (Status complete = complete_post_event(&*event, context.environment.sender); !complete.ok()) {
    return context.input_error(complete);
  }
  const auto check = [](const v1::Event& answered) {
    protocol::ValidationOptions validation;
    validation.now_unix_ms = protocol::now_unix_ms();
    return protocol::validate_event(answered, validation);
  };
  bool ended = false;
  if (Status valid = ask_until_valid(talk, &*event, check, &ended); !valid.ok()) {
    if (ended) {
      return context.input_error(valid);
    }
    context.err << context.tr(msg::kLocalValidation) << '\n';
    return context.report(valid);
  }
  if (!confirm_alert(talk, *event)) {
    context.out << context.tr(msg::kAskCancelled) << '\n';
    return kExitOk;
  }
  return publish_event(context, *event);
}

int run_post(Context& context, const PostInput& input) {
  if (!input.template_kind.empty()) {
    const auto kind = parse_name(Vocabulary::kKind, input.template_kind).value_or(0);
    context.out << event_template(static_cast<v1::AlertKind>(kind), context.global.language);
    return kExitOk;
  }
  Status note;
  auto areas = load_areas(input.areas_file, context.environment.areas_file, &note);
  if (!areas.ok()) {
    return context.input_error(areas.status());
  }
  if (!note.ok() && !context.global.json) {
    context.err << (context.global.language == Language::kVi ? note.message_vi() : note.message())
                << '\n';
  }
  const protocol::AreaTable* table = areas->has_value() ? &areas->value() : nullptr;
  if (input.interactive) {
    return run_interactive(context, input, table);
  }
  StatusOr<v1::Event> event =
      build_post_event(input, context.environment.sender, context.in, table);
  if (!event.ok()) {
    return context.input_error(event.status());
  }
  return publish_event(context, *event);
}

}  // namespace

int publish_event(Context& context, const v1::Event& event) {
  protocol::ValidationOptions validation;
  validation.now_unix_ms = protocol::now_unix_ms();
  if (Status valid = protocol::validate_event(event, validation); !valid.ok()) {
    if (!context.global.json) {
      context.err << context.tr(msg::kLocalValidation) << '\n';
    }
    return context.report(valid);
  }
  client::PublisherOptions options;
  options.endpoint = context.global.broker;
  auto keys = context.credentials();
  if (!keys.ok()) {
    return context.input_error(keys.status());
  }
  options.credentials = std::move(keys).value();
  StatusOr<std::unique_ptr<client::Publisher>> publisher = client::Publisher::connect(options);
  if (!publisher.ok()) {
    return context.report(publisher.status());
  }
  StatusOr<v1::PublishAck> ack = (*publisher)->publish(event, context.request_timeout());
  if (!ack.ok()) {
    const int code = context.report(ack.status());
    if (code == kExitUnavailable && !context.global.json) {
      context.err << context.tr(msg::kUnconfirmed) << event.event_id() << '\n';
    }
    return code;
  }
  if (context.global.json) {
    context.out << message_json(*ack).dump() << '\n';
  } else {
    context.out << publish_ack_text(*ack, context.global.language);
    if (ack->duplicate()) {
      context.err << context.tr(msg::kDuplicate) << '\n';
    }
  }
  return kExitOk;
}

void add_post_command(CLI::App& parent, Language lang, std::vector<Command>& commands) {
  auto input = std::make_shared<PostInput>();
  CLI::App* post = parent.add_subcommand("post", tr(msg::kCmdPost, lang));
  post->add_option("--kind", input->kind, tr(msg::kOptKind, lang))
      ->check(member_of(cli_names(Vocabulary::kKind), lang));
  post->add_option("--title", input->title, tr(msg::kOptTitle, lang));
  post->add_option("--severity", input->severity, tr(msg::kOptSeverity, lang))
      ->check(member_of(cli_names(Vocabulary::kSeverity), lang));
  post->add_option("--urgency", input->urgency, tr(msg::kOptUrgency, lang))
      ->check(member_of(cli_names(Vocabulary::kUrgency), lang));
  post->add_option("--certainty", input->certainty, tr(msg::kOptCertainty, lang))
      ->check(member_of(cli_names(Vocabulary::kCertainty), lang));
  post->add_option("--status", input->status, tr(msg::kOptStatus, lang))
      ->check(member_of(cli_names(Vocabulary::kStatus), lang));
  post->add_option("--sender", input->sender, tr(msg::kOptSender, lang));
  post->add_option("--area", input->areas, tr(msg::kOptArea, lang));
  post->add_option("--description", input->description, tr(msg::kOptDescription, lang));
  post->add_option("--contact", input->contact, tr(msg::kOptContact, lang));
  CLI::Option* body = post->add_option("--body", input->body_path, tr(msg::kOptBody, lang));
  CLI::Option* file = post->add_option("--file", input->file_path, tr(msg::kOptFile, lang));
  CLI::Option* templ =
      post->add_option("--template", input->template_kind, tr(msg::kOptTemplate, lang))
          ->check(member_of(cli_names(Vocabulary::kKind), lang));
  post->add_flag("--interactive", input->interactive, tr(msg::kOptInteractive, lang))
      ->excludes(body)
      ->excludes(file)
      ->excludes(templ);
  post->add_option("--areas-file", input->areas_file, tr(msg::kOptAreasFile, lang));
  commands.push_back({post, [input](Context& context) { return run_post(context, *input); }});
}

}  // namespace alertbus::alertctl
