// alertctl post: build an alert from options and JSON, validate it locally, publish it.
#include <memory>

#include "alertbus/client/publisher.hpp"
#include "alertbus/protocol/clock.hpp"
#include "alertbus/protocol/validation.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/commands.hpp"
#include "alertctl/event_input.hpp"
#include "alertctl/names.hpp"
#include "alertctl/render.hpp"

namespace alertbus::alertctl {
namespace {

int run_post(Context& context, const PostInput& input) {
  StatusOr<v1::Event> event = build_post_event(input, context.environment.sender, context.in);
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
  post->add_option("--body", input->body_path, tr(msg::kOptBody, lang));
  post->add_option("--file", input->file_path, tr(msg::kOptFile, lang));
  commands.push_back({post, [input](Context& context) { return run_post(context, *input); }});
}

}  // namespace alertbus::alertctl
