// alertctl export cap and feed atom: events as OASIS CAP 1.2 documents and an Atom feed of
// public alerts (alertbus/client/cap.hpp holds the mapping). import cap is
// commands_cap_import.cpp.
//
// The texts of these commands live here rather than in messages.cpp: they are used nowhere
// else, and keeping them beside the commands keeps this feature in one file.
// Threading: main thread only.
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <optional>
#include <sstream>

#include "alertbus/client/cap.hpp"
#include "alertbus/protocol/clock.hpp"
#include "alertbus/protocol/codec.hpp"
#include "alertbus/protocol/event_id.hpp"
#include "alertbus/protocol/validation.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/commands.hpp"
#include "alertctl/directory_names.hpp"
#include "alertctl/filter_options.hpp"
#include "alertctl/names.hpp"

namespace alertbus::alertctl {
namespace {

namespace text {
const Text kCmdExport{"Xuất sự kiện ra định dạng khác", "Export events to another format"};
const Text kCmdExportCap{"Xuất sự kiện thành tài liệu OASIS CAP 1.2 (một tài liệu cho mỗi sự kiện)",
                         "Export events as OASIS CAP 1.2 documents (one document per event)"};
const Text kCmdFeed{"Tạo bản tin (feed) cảnh báo", "Make a feed of alerts"};
const Text kCmdFeedAtom{
    "Tạo bản tin Atom 1.0 các cảnh báo thật (Actual), mới nhất trước, kèm tài liệu CAP",
    "Make an Atom 1.0 feed of actual alerts, newest first, with their CAP documents"};
const Text kArgExportAlert{"Mã sự kiện hoặc số hiệu; bỏ trống để dùng bộ lọc",
                           "Event id or reference; omit to use the filters"};
const Text kOptReference{"Số hiệu cảnh báo, ví dụ BG-2026-00042",
                         "Alert reference, e.g. BG-2026-00042"};
const Text kOptExportOut{
    "Tệp, hoặc thư mục (đã có hoặc kết thúc bằng /) nhận các tệp <số hiệu>-<mã sự kiện>.xml; "
    "mặc định: in ra màn hình khi chỉ có một sự kiện",
    "A file, or a directory (existing or ending in /) receiving <reference>-<event id>.xml "
    "files; default: standard output when there is one event"};
const Text kOptFeedOut{"Tệp nhận bản tin; mặc định: in ra màn hình",
                       "File to write the feed to; default: standard output"};
const Text kOptMaxEvents{"Số sự kiện tối đa đọc từ broker (mặc định 1000)",
                         "At most this many events read from the broker (default 1000)"};
const Text kNoEvents{"Không có sự kiện nào khớp.", "No events match."};
const Text kManyEvents{"có nhiều sự kiện khớp; dùng --out <thư mục>/ để ghi mỗi sự kiện một tệp",
                       "several events match; use --out <directory>/ for one file per event"};
const Text kCannotWrite{"không ghi được tệp: ", "cannot write file: "};
const Text kOptFeedSelf{
    "Địa chỉ công bố bản tin (liên kết rel=\"self\"), ví dụ https://…/canh-bao.atom",
    "Where the feed is published (its rel=\"self\" link), e.g. https://…/alerts.atom"};
const Text kFeedTitle{"Cảnh báo liên tỉnh alertbus / alertbus inter-province alerts",
                      "alertbus inter-province alerts / Cảnh báo liên tỉnh alertbus"};
}  // namespace text

struct SelectInput {
  std::string alert;  // Event id or reference.
  std::string reference;
  FilterInput filter;
  std::string since;
  std::string until;
  std::uint32_t max_events = 1000;
  std::string out;
  std::string self_url;  // feed atom --self.
};

struct Fetched {
  v1::StoredEvent stored;
  v1::Event event;
};

bool parse_bound(Context& context, const std::string& value, std::optional<std::int64_t>* out,
                 int* exit_code) {
  if (value.empty()) {
    return true;
  }
  *out = protocol::parse_vietnam_time(value);
  if (!*out) {
    *exit_code = context.usage_error(std::string(context.tr(msg::kInvalidTime)) + value);
    return false;
  }
  return true;
}

// The events the input selects: one by id or reference, or up to max_events by filter.
// On failure reports it and returns nothing with *exit_code set.
std::optional<std::vector<Fetched>> fetch(Context& context, client::Client& client,
                                          const SelectInput& input, v1::Filter filter,
                                          int* exit_code) {
  std::vector<v1::StoredEvent> stored;
  const std::string& one = input.alert.empty() ? input.reference : input.alert;
  if (!one.empty()) {
    StatusOr<v1::StoredEvent> found = !input.reference.empty() || !protocol::is_valid_event_id(one)
                                          ? client.get_by_reference(one)
                                          : client.get_by_id(one);
    if (!found.ok()) {
      *exit_code = context.report(found.status());
      return std::nullopt;
    }
    stored.push_back(std::move(found).value());
  } else {
    client::ListRequest request;
    request.filter = std::move(filter);
    if (!parse_bound(context, input.since, &request.since_unix_ms, exit_code) ||
        !parse_bound(context, input.until, &request.until_unix_ms, exit_code)) {
      return std::nullopt;
    }
    do {
      request.page_size = std::min<std::uint32_t>(
          1000, input.max_events - static_cast<std::uint32_t>(stored.size()));
      StatusOr<client::ListPage> page = client.list(request);
      if (!page.ok()) {
        *exit_code = context.report(page.status());
        return std::nullopt;
      }
      for (v1::StoredEvent& event : page->events) {
        if (stored.size() < input.max_events) {
          stored.push_back(std::move(event));
        }
      }
      request.page_token = page->next_page_token;
    } while (!request.page_token.empty() && stored.size() < input.max_events);
  }
  std::vector<Fetched> out;
  for (v1::StoredEvent& event : stored) {
    StatusOr<v1::Event> parsed = protocol::decode_event(event.event());
    if (!parsed.ok()) {
      *exit_code = context.report(parsed.status());
      return std::nullopt;
    }
    out.push_back({std::move(event), std::move(parsed).value()});
  }
  return out;
}

// What CAP <references> needs of the events `event` refers to, looked up on the broker
// (once each); references it does not hold are left out.
client::CapContext cap_context(client::Client& client, const v1::Event& event,
                               std::map<std::string, std::optional<client::CapReference>>& cache) {
  std::vector<std::string> ids(event.references().begin(), event.references().end());
  if (event.has_follow_up()) {
    ids.push_back(event.follow_up().alert_event_id());
  }
  client::CapContext context;
  for (const std::string& id : ids) {
    auto [entry, inserted] = cache.try_emplace(id);
    if (inserted) {
      StatusOr<v1::StoredEvent> stored = client.get_by_id(id);
      if (stored.ok()) {
        if (StatusOr<v1::Event> referenced = protocol::decode_event(stored->event());
            referenced.ok()) {
          entry->second =
              client::CapReference{id, referenced->sender_unit(), referenced->sent_at()};
        }
      }
    }
    if (entry->second) {
      context.references.push_back(*entry->second);
    }
  }
  return context;
}

// A file name part made of letters, digits, '-' and '_' only.
std::string file_safe(const std::string& name) {
  std::string out = name;
  for (char& c : out) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '_';
    if (!safe) {
      c = '_';
    }
  }
  return out;
}

bool write_file(Context& context, const std::filesystem::path& path, const std::string& data,
                int* exit_code) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file << data;
  file.close();
  if (!file) {
    *exit_code = context.usage_error(std::string(context.tr(text::kCannotWrite)) + path.string());
    return false;
  }
  return true;
}

int run_export(Context& context, const SelectInput& input) {
  int exit_code = kExitOk;
  std::unique_ptr<client::Client> client = context.connect_client(&exit_code);
  if (!client) {
    return exit_code;
  }
  const std::optional<std::vector<Fetched>> events =
      fetch(context, *client, input, make_filter(input.filter), &exit_code);
  if (!events) {
    return exit_code;
  }
  if (events->empty()) {
    context.err << context.tr(text::kNoEvents) << '\n';
    return kExitOk;
  }
  const bool to_directory =
      !input.out.empty() && (input.out.back() == '/' || std::filesystem::is_directory(input.out));
  if (events->size() > 1 && !to_directory) {
    return context.usage_error(context.tr(text::kManyEvents));
  }
  std::map<std::string, std::optional<client::CapReference>> cache;
  // <senderName>: the issuing unit as the registry names it ("Chi cục Chăn nuôi và Thú y …").
  const Names names = fetch_names(*client);
  for (const Fetched& fetched : *events) {
    client::CapContext cap = cap_context(*client, fetched.event, cache);
    cap.sender_name = names.unit(fetched.event.sender_unit());
    const std::string xml = client::to_cap(fetched.stored, fetched.event, cap);
    if (input.out.empty()) {
      context.out << xml;
      continue;
    }
    std::filesystem::path path = input.out;
    if (to_directory) {
      std::error_code ignored;
      std::filesystem::create_directories(path, ignored);
      const std::string& reference = fetched.stored.reference();
      path /= (reference.empty() ? "" : file_safe(reference) + "-") +
              file_safe(fetched.event.event_id()) + ".xml";
    }
    if (!write_file(context, path, xml, &exit_code)) {
      return exit_code;
    }
    context.out << path.string() << '\n';
  }
  return kExitOk;
}

int run_feed(Context& context, const SelectInput& input) {
  int exit_code = kExitOk;
  std::unique_ptr<client::Client> client = context.connect_client(&exit_code);
  if (!client) {
    return exit_code;
  }
  v1::Filter filter = make_filter(input.filter);
  if (filter.types_size() == 0) {
    filter.add_types(v1::ALERT);  // The feed shows alerts only; no need to fetch follow-ups.
  }
  std::optional<std::vector<Fetched>> events = fetch(context, *client, input, filter, &exit_code);
  if (!events) {
    return exit_code;
  }
  client::AtomFeedOptions options;
  options.title = context.tr(text::kFeedTitle);
  if (StatusOr<v1::StatusReply> status = client->status(); status.ok()) {
    options.feed_id = "urn:alertbus:feed:" + status->node_id();
  }
  options.self_url = input.self_url;
  std::vector<client::CapEntry> entries;
  for (Fetched& fetched : *events) {
    client::CapEntry entry{std::move(fetched.stored), std::move(fetched.event)};
    if (entry.event.type() == v1::ALERT && entry.event.status() == v1::ACTUAL) {
      // Its case says whether it still stands (a node without casework: not marked).
      v1::CaseQuery query;
      query.set_event_id(entry.event.event_id());
      if (StatusOr<v1::CaseList> found = client->cases(query);
          found.ok() && found->cases_size() == 1) {
        entry.alert_case = found->cases(0);
      }
    }
    entries.push_back(std::move(entry));
  }
  const std::string feed = client::to_atom_feed(entries, options);
  if (input.out.empty()) {
    context.out << feed;
    return kExitOk;
  }
  return write_file(context, input.out, feed, &exit_code) ? kExitOk : exit_code;
}

void add_select_options(CLI::App& command, SelectInput& input, Language lang, bool one) {
  if (one) {
    CLI::Option* alert = command.add_option("alert", input.alert, tr(text::kArgExportAlert, lang));
    command.add_option("--reference", input.reference, tr(text::kOptReference, lang))
        ->excludes(alert);
  }
  add_filter_options(command, input.filter, lang);
  command.add_option("--since", input.since, tr(msg::kOptSince, lang));
  command.add_option("--until", input.until, tr(msg::kOptUntil, lang));
  command.add_option("--max-events", input.max_events, tr(text::kOptMaxEvents, lang))
      ->check(quiet(CLI::Range(1, 100000)));
}

}  // namespace

void add_cap_commands(CLI::App& parent, Language lang, std::vector<Command>& commands) {
  CLI::App* export_command = parent.add_subcommand("export", tr(text::kCmdExport, lang));
  export_command->require_subcommand(1);
  auto export_input = std::make_shared<SelectInput>();
  CLI::App* export_cap = export_command->add_subcommand("cap", tr(text::kCmdExportCap, lang));
  add_select_options(*export_cap, *export_input, lang, true);
  export_cap->add_option("-o,--out", export_input->out, tr(text::kOptExportOut, lang));
  commands.push_back({export_cap, [export_input](Context& context) {
                        return run_export(context, *export_input);
                      }});

  add_import_cap_command(parent, lang, commands);

  CLI::App* feed_command = parent.add_subcommand("feed", tr(text::kCmdFeed, lang));
  feed_command->require_subcommand(1);
  auto feed_input = std::make_shared<SelectInput>();
  CLI::App* feed_atom = feed_command->add_subcommand("atom", tr(text::kCmdFeedAtom, lang));
  add_select_options(*feed_atom, *feed_input, lang, false);
  feed_atom->add_option("-o,--out", feed_input->out, tr(text::kOptFeedOut, lang));
  feed_atom->add_option("--self", feed_input->self_url, tr(text::kOptFeedSelf, lang));
  commands.push_back(
      {feed_atom, [feed_input](Context& context) { return run_feed(context, *feed_input); }});
  for (CLI::App* group : {export_command, feed_command}) {
    group->group(tr(msg::kGroupCommands, lang));
  }
}

}  // namespace alertbus::alertctl
