// alertctl get, list and status: one request each, printed as text or JSON.
#include <memory>
#include <optional>

#include "alertbus/protocol/event_id.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/commands.hpp"
#include "alertctl/commands_admin.hpp"
#include "alertctl/filter_options.hpp"
#include "alertctl/render.hpp"

namespace alertbus::alertctl {
namespace {

struct ListInput {
  FilterInput filter;
  std::uint32_t limit = 0;
  std::string page_token;
  std::string since;
  std::string until;
};

int run_get(Context& context, const std::string& id_or_reference) {
  int exit_code = kExitOk;
  std::unique_ptr<client::Client> client = context.connect_client(&exit_code);
  if (!client) {
    return exit_code;
  }
  StatusOr<v1::StoredEvent> event = protocol::is_valid_event_id(id_or_reference)
                                        ? client->get_by_id(id_or_reference)
                                        : client->get_by_reference(id_or_reference);
  if (!event.ok()) {
    return context.report(event.status());
  }
  if (context.global.json) {
    context.out << stored_event_json(*event).dump(2) << '\n';
  } else {
    context.out << event_detail(*event, context.global.language);
  }
  return kExitOk;
}

// Parses --since/--until; on failure prints a usage error and returns false.
bool parse_bound(Context& context, const std::string& text, std::optional<std::int64_t>* out,
                 int* exit_code) {
  if (text.empty()) {
    return true;
  }
  *out = protocol::parse_vietnam_time(text);
  if (!*out) {
    *exit_code = context.usage_error(std::string(context.tr(msg::kInvalidTime)) + text);
    return false;
  }
  return true;
}

int run_list(Context& context, const ListInput& input) {
  client::ListRequest request;
  request.filter = make_filter(input.filter);
  request.page_size = input.limit;
  request.page_token = input.page_token;
  int exit_code = kExitOk;
  if (!parse_bound(context, input.since, &request.since_unix_ms, &exit_code) ||
      !parse_bound(context, input.until, &request.until_unix_ms, &exit_code)) {
    return exit_code;
  }
  std::unique_ptr<client::Client> client = context.connect_client(&exit_code);
  if (!client) {
    return exit_code;
  }
  StatusOr<client::ListPage> page = client->list(request);
  if (!page.ok()) {
    return context.report(page.status());
  }
  if (context.global.json) {
    nlohmann::ordered_json events = nlohmann::ordered_json::array();
    for (const v1::StoredEvent& event : page->events) {
      events.push_back(stored_event_json(event));
    }
    context.out << nlohmann::ordered_json{{"events", events},
                                          {"next_page_token", page->next_page_token}}
                       .dump(2)
                << '\n';
    return kExitOk;
  }
  const Names names = fetch_names(*client);
  for (const v1::StoredEvent& event : page->events) {
    context.out << event_line(event, context.global.language, names) << '\n';
  }
  if (!page->next_page_token.empty()) {
    context.err << context.tr(msg::kNextPage) << page->next_page_token << '\n';
  }
  return kExitOk;
}

// The broker's StatusReply, or the exit code after reporting why there is none.
std::optional<v1::StatusReply> fetch_status(Context& context, int* exit_code) {
  std::unique_ptr<client::Client> client = context.connect_client(exit_code);
  if (!client) {
    return std::nullopt;
  }
  StatusOr<v1::StatusReply> status = client->status();
  if (!status.ok()) {
    *exit_code = context.report(status.status());
    return std::nullopt;
  }
  return std::move(status).value();
}

int run_peers(Context& context) {
  int exit_code = kExitOk;
  const std::optional<v1::StatusReply> status = fetch_status(context, &exit_code);
  if (!status) {
    return exit_code;
  }
  if (context.global.json) {
    nlohmann::ordered_json peers = nlohmann::ordered_json::array();
    for (const v1::PeerLinkStatus& peer : status->peers()) {
      peers.push_back(message_json(peer, true));
    }
    context.out << peers.dump(2) << '\n';
  } else {
    context.out << peers_text(*status, context.global.language);
  }
  return kExitOk;
}

int run_reproject(Context& context) {
  int exit_code = kExitOk;
  std::unique_ptr<client::Client> client = context.connect_client(&exit_code);
  if (!client) {
    return exit_code;
  }
  v1::AdminRequest request;
  request.set_reproject(true);
  StatusOr<v1::AdminReply> reply = client->admin(request);
  if (!reply.ok()) {
    return context.report(reply.status());
  }
  if (context.global.json) {
    context.out << message_json(*reply).dump(2) << '\n';
  } else {
    context.out << (context.global.language == Language::kVi ? reply->message_vi()
                                                             : reply->message())
                << '\n';
  }
  return kExitOk;
}

int run_status(Context& context) {
  int exit_code = kExitOk;
  const std::optional<v1::StatusReply> status = fetch_status(context, &exit_code);
  if (!status) {
    return exit_code;
  }
  if (context.global.json) {
    context.out << message_json(*status).dump(2) << '\n';
  } else {
    context.out << status_text(*status, context.global.language);
  }
  return kExitOk;
}

}  // namespace

void add_query_commands(CLI::App& parent, Language lang, std::vector<Command>& commands) {
  auto id = std::make_shared<std::string>();
  CLI::App* get = parent.add_subcommand("get", tr(msg::kCmdGet, lang));
  get->add_option("alert", *id, tr(msg::kArgAlertOrReference, lang))->required();
  commands.push_back({get, [id](Context& context) { return run_get(context, *id); }});

  auto input = std::make_shared<ListInput>();
  CLI::App* list = parent.add_subcommand("list", tr(msg::kCmdList, lang));
  add_filter_options(*list, input->filter, lang);
  list->add_option("--limit", input->limit, tr(msg::kOptLimit, lang))
      ->check(quiet(CLI::Range(1, 1000)));
  list->add_option("--page-token", input->page_token, tr(msg::kOptPageToken, lang));
  list->add_option("--since", input->since, tr(msg::kOptSince, lang));
  list->add_option("--until", input->until, tr(msg::kOptUntil, lang));
  commands.push_back({list, [input](Context& context) { return run_list(context, *input); }});

  CLI::App* status = parent.add_subcommand("status", tr(msg::kCmdStatus, lang));
  commands.push_back({status, [](Context& context) { return run_status(context); }});

  CLI::App* peers = parent.add_subcommand("peers", tr(msg::kCmdPeers, lang));
  commands.push_back({peers, [](Context& context) { return run_peers(context); }});

  CLI::App* admin = parent.add_subcommand("admin", tr(msg::kCmdAdmin, lang));
  CLI::App* reproject = admin->add_subcommand("reproject", tr(msg::kCmdAdminReproject, lang));
  // reproject before admin: run() runs the first parsed command, and admin is parsed too.
  commands.push_back({reproject, [](Context& context) { return run_reproject(context); }});
  add_admin_file_commands(*admin, lang, commands);
  commands.push_back({admin, [](Context& context) {
                        return context.usage_error(context.tr(msg::kNeedAdminCommand));
                      }});
}

}  // namespace alertbus::alertctl
