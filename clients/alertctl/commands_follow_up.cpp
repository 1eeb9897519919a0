// alertctl follow-up and its shortcuts ack, close, cancel, withdraw: find the alert (by event
// id, or by reference with a query first), build the follow-up from it, publish it.
#include <memory>

#include "alertbus/protocol/codec.hpp"
#include "alertbus/protocol/event_id.hpp"
#include "alertctl/commands.hpp"
#include "alertctl/event_input.hpp"
#include "alertctl/names.hpp"

namespace alertbus::alertctl {
namespace {

// The alert an id or reference designates. A follow-up's id designates its alert (one hop:
// a follow-up always names an alert).
StatusOr<v1::Event> resolve_alert(client::Client& client, const std::string& id_or_reference,
                                  bool follow = true) {
  StatusOr<v1::StoredEvent> stored = protocol::is_valid_event_id(id_or_reference)
                                         ? client.get_by_id(id_or_reference)
                                         : client.get_by_reference(id_or_reference);
  if (!stored.ok()) {
    return stored.status();
  }
  StatusOr<v1::Event> event = protocol::decode_event(stored->event());
  if (!follow || !event.ok() || event->type() == v1::ALERT || !event->has_follow_up()) {
    return event;
  }
  return resolve_alert(client, event->follow_up().alert_event_id(), false);
}

int run_follow_up(Context& context, const FollowUpInput& input) {
  int exit_code = kExitOk;
  std::unique_ptr<client::Client> client = context.connect_client(&exit_code);
  if (!client) {
    return exit_code;
  }
  StatusOr<v1::Event> alert = resolve_alert(*client, input.alert);
  if (!alert.ok()) {
    return context.report(alert.status());
  }
  StatusOr<v1::Event> event = build_follow_up_event(input, *alert, context.environment.sender);
  if (!event.ok()) {
    return context.input_error(event.status());
  }
  return publish_event(context, *event);
}

// Options every follow-up command has.
void add_common_options(CLI::App& command, FollowUpInput& input, Language lang) {
  command.add_option("--sender", input.sender, tr(msg::kOptSender, lang));
  command.add_option("--status", input.status, tr(msg::kOptFollowUpStatus, lang))
      ->check(member_of(cli_names(Vocabulary::kStatus), lang));
}

// ack, close, cancel, withdraw: the alert as an argument, the type fixed.
void add_shortcut(CLI::App& parent, const char* name, const char* type, const Text& description,
                  bool text_required, Language lang, std::vector<Command>& commands) {
  auto input = std::make_shared<FollowUpInput>();
  input->type = type;
  CLI::App* command = parent.add_subcommand(name, tr(description, lang));
  command->add_option("alert", input->alert, tr(msg::kArgAlertOrReference, lang))->required();
  CLI::Option* text = command->add_option("--text", input->text, tr(msg::kOptText, lang));
  if (text_required) {
    text->required();
  }
  add_common_options(*command, *input, lang);
  commands.push_back(
      {command, [input](Context& context) { return run_follow_up(context, *input); }});
}

}  // namespace

void add_follow_up_commands(CLI::App& parent, Language lang, std::vector<Command>& commands) {
  auto input = std::make_shared<FollowUpInput>();
  CLI::App* follow_up = parent.add_subcommand("follow-up", tr(msg::kCmdFollowUp, lang));
  follow_up->add_option("--alert", input->alert, tr(msg::kOptAlert, lang))->required();
  std::vector<std::string> types = cli_names(Vocabulary::kType);
  types.erase(types.begin());  // "alert" is not a follow-up.
  // Receipts and overdue notices are issued by brokers only.
  std::erase_if(types,
                [](const std::string& name) { return name == "receipt" || name == "overdue"; });
  types.emplace_back("ack");
  follow_up->add_option("--type", input->type, tr(msg::kOptType, lang))
      ->required()
      ->check(member_of(types, lang));
  follow_up->add_option("--text", input->text, tr(msg::kOptText, lang));
  follow_up->add_option("--new-severity", input->new_severity, tr(msg::kOptNewSeverity, lang))
      ->check(member_of(cli_names(Vocabulary::kSeverity), lang));
  follow_up->add_option("--new-level", input->new_level, tr(msg::kOptNewLevel, lang))
      ->check(quiet(CLI::Range(1, 5)));
  follow_up->add_option("--answers", input->answers, tr(msg::kOptAnswers, lang));
  follow_up->add_option("--quantity", input->quantity, tr(msg::kOptQuantity, lang))
      ->check(quiet(CLI::NonNegativeNumber));
  follow_up->add_option("--quantity-unit", input->quantity_unit, tr(msg::kOptQuantityUnit, lang));
  follow_up->add_flag("--stable", input->stable, tr(msg::kOptStable, lang));
  add_common_options(*follow_up, *input, lang);
  commands.push_back(
      {follow_up, [input](Context& context) { return run_follow_up(context, *input); }});

  add_shortcut(parent, "ack", "acknowledge", msg::kCmdAck, false, lang, commands);
  add_shortcut(parent, "close", "close", msg::kCmdClose, true, lang, commands);
  add_shortcut(parent, "cancel", "cancel", msg::kCmdCancel, true, lang, commands);
  add_shortcut(parent, "withdraw", "withdraw", msg::kCmdWithdraw, true, lang, commands);
}

}  // namespace alertbus::alertctl
