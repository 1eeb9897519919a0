// alertctl export cap, import cap and feed atom: events as OASIS CAP 1.2 documents and an
// Atom feed of public alerts (alertbus/client/cap.hpp holds the mapping).
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
#include "alertbus/client/cap_foreign.hpp"
#include "alertbus/protocol/clock.hpp"
#include "alertbus/protocol/codec.hpp"
#include "alertbus/protocol/event_id.hpp"
#include "alertbus/protocol/validation.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertctl/cap_rules.hpp"
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
const Text kCmdImport{"Nhập sự kiện từ định dạng khác", "Import events from another format"};
const Text kCmdImportCap{
    "Đọc tệp CAP 1.2, kiểm tra rồi gửi mỗi tệp thành một cảnh báo bằng khóa của bạn",
    "Read CAP 1.2 files, check them and publish each as an alert with your keys"};
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
const Text kArgCapFiles{"Các tệp CAP 1.2 (.xml)", "CAP 1.2 files (.xml)"};
const Text kOptRules{
    "Tệp quy tắc (TOML) chuyển cảnh báo CAP của cơ quan khác thành cảnh báo alertbus, ví dụ "
    "/etc/alertbus/cap-rules.toml (xem deploy/cap-rules.toml); không có: chỉ nhận tài liệu do "
    "alertbus viết",
    "Rules file (TOML) mapping other agencies' CAP alerts to alertbus alerts, e.g. "
    "/etc/alertbus/cap-rules.toml (see deploy/cap-rules.toml); without it: only documents "
    "alertbus wrote"};
const Text kRule{"quy tắc ", "rule "};
const Text kNoBroker{"(không kết nối được broker nên không biết cảnh báo gốc đã được nhập chưa)",
                     "(the broker could not be reached, so whether the original alert was "
                     "imported is unknown)"};
const Text kCapSource{"cảnh báo CAP ", "CAP alert "};
const Text kOptDryRun{"Chỉ đọc và kiểm tra, không gửi", "Only read and check; publish nothing"};
const Text kNoEvents{"Không có sự kiện nào khớp.", "No events match."};
const Text kManyEvents{"có nhiều sự kiện khớp; dùng --out <thư mục>/ để ghi mỗi sự kiện một tệp",
                       "several events match; use --out <directory>/ for one file per event"};
const Text kCannotWrite{"không ghi được tệp: ", "cannot write file: "};
const Text kCannotRead{"không đọc được tệp: ", "cannot read file: "};
const Text kFile{"Tệp ", "File "};
const Text kValid{"hợp lệ, chưa gửi (--dry-run)", "valid, not published (--dry-run)"};
const Text kImported{"Số tệp đã nhập: ", "Files imported: "};
const Text kChecked{"Số tệp hợp lệ: ", "Files valid: "};
const Text kOf{" trên ", " of "};
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

struct ImportInput {
  std::vector<std::string> files;
  std::string rules;  // --rules: other agencies' alerts are mapped by it.
  bool dry_run = false;
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

// What the import knows beyond one file: the rules, and the broker (asked, once connected,
// whether an Update's or Cancel's alert was imported).
struct Importer {
  std::optional<client::CapRules> rules;
  std::unique_ptr<client::Client> client;
  bool connect_failed = false;  // Or the broker did not answer.
};

// The kind of the imported alert `id` on the broker, or nothing.
std::optional<v1::AlertKind> imported_kind(Context& context, Importer& importer,
                                           const std::string& id) {
  if (!importer.client && !importer.connect_failed) {
    int ignored = kExitOk;
    importer.client = context.connect_client(&ignored);
    importer.connect_failed = !importer.client;
  }
  if (!importer.client) {
    return std::nullopt;
  }
  StatusOr<v1::StoredEvent> stored = importer.client->get_by_id(id);
  if (!stored.ok() && stored.status().code() != v1::NOT_FOUND) {
    importer.connect_failed = true;  // Unknown, not "not imported": say so.
    return std::nullopt;
  }
  if (!stored.ok() || stored->type() != v1::ALERT) {
    return std::nullopt;
  }
  return stored->kind();
}

// Reads, converts and checks one file; prints why not on failure.
std::optional<client::ForeignCap> read_cap_file(Context& context, Importer& importer,
                                                const std::string& file, int* exit_code) {
  std::ifstream stream(file, std::ios::binary);
  std::ostringstream data;
  data << stream.rdbuf();
  if (!stream) {
    context.err << context.tr(msg::kError) << ": " << context.tr(text::kCannotRead) << file << '\n';
    *exit_code = kExitUsage;
    return std::nullopt;
  }
  StatusOr<client::ForeignCap> read = [&]() -> StatusOr<client::ForeignCap> {
    if (!importer.rules) {
      StatusOr<v1::Event> event = client::from_cap(data.str());
      if (!event.ok()) {
        return event.status();
      }
      client::ForeignCap own;
      own.event = std::move(event).value();
      return own;
    }
    client::ForeignCapOptions options;
    options.sender_unit = context.environment.sender;
    options.now_unix_ms = protocol::now_unix_ms();
    options.imported_kind = [&](const std::string& id) {
      return imported_kind(context, importer, id);
    };
    return client::from_foreign_cap(data.str(), *importer.rules, options);
  }();
  if (!read.ok()) {
    *exit_code = context.input_error(read.status());
    if (importer.connect_failed && !context.global.json) {
      context.err << context.tr(text::kNoBroker) << '\n';
    }
    return std::nullopt;
  }
  protocol::ValidationOptions validation;
  validation.now_unix_ms = protocol::now_unix_ms();
  if (Status valid = protocol::validate_event(read->event, validation); !valid.ok()) {
    if (!read->rule.empty() && !context.global.json) {
      context.err << context.tr(text::kRule) << "\"" << read->rule << "\":\n";
    }
    *exit_code = context.report(valid);
    return std::nullopt;
  }
  return std::move(read).value();
}

int run_import(Context& context, const ImportInput& input) {
  Importer importer;
  if (!input.rules.empty()) {
    StatusOr<client::CapRules> rules = load_cap_rules(input.rules);
    if (!rules.ok()) {
      return context.input_error(rules.status());
    }
    importer.rules = std::move(rules).value();
  }
  int first_failure = kExitOk;
  std::size_t done = 0;
  for (const std::string& file : input.files) {
    if (!context.global.json) {
      context.err << context.tr(text::kFile) << file << ":\n";
    }
    int exit_code = kExitOk;
    const std::optional<client::ForeignCap> read =
        read_cap_file(context, importer, file, &exit_code);
    if (read && !read->cap_identifier.empty() && !context.global.json) {
      context.err << "  " << context.tr(text::kCapSource) << read->cap_sender << ", "
                  << read->cap_identifier
                  << (read->rule.empty()
                          ? ""
                          : " — " + std::string(context.tr(text::kRule)) + "\"" + read->rule + "\"")
                  << '\n';
    }
    if (read && input.dry_run) {
      const v1::Event& event = read->event;
      context.out << file << ": " << context.tr(text::kValid) << " — "
                  << kind_label(event.kind(), context.global.language) << ", "
                  << type_label(event.type(), context.global.language) << ", "
                  << severity_label(event.severity(), context.global.language) << ", "
                  << event.event_id() << ", «" << event.title() << "»\n";
    } else if (read) {
      exit_code = publish_event(context, read->event);
    }
    if (exit_code == kExitOk) {
      ++done;
    } else if (first_failure == kExitOk) {
      first_failure = exit_code;
    }
  }
  if (!context.global.json) {
    context.err << context.tr(input.dry_run ? text::kChecked : text::kImported) << done
                << context.tr(text::kOf) << input.files.size() << '\n';
  }
  return first_failure;
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

  CLI::App* import_command = parent.add_subcommand("import", tr(text::kCmdImport, lang));
  import_command->require_subcommand(1);
  auto import_input = std::make_shared<ImportInput>();
  CLI::App* import_cap = import_command->add_subcommand("cap", tr(text::kCmdImportCap, lang));
  import_cap->add_option("files", import_input->files, tr(text::kArgCapFiles, lang))->required();
  import_cap->add_flag("--dry-run", import_input->dry_run, tr(text::kOptDryRun, lang));
  import_cap->add_option("--rules", import_input->rules, tr(text::kOptRules, lang));
  commands.push_back({import_cap, [import_input](Context& context) {
                        return run_import(context, *import_input);
                      }});

  CLI::App* feed_command = parent.add_subcommand("feed", tr(text::kCmdFeed, lang));
  feed_command->require_subcommand(1);
  auto feed_input = std::make_shared<SelectInput>();
  CLI::App* feed_atom = feed_command->add_subcommand("atom", tr(text::kCmdFeedAtom, lang));
  add_select_options(*feed_atom, *feed_input, lang, false);
  feed_atom->add_option("-o,--out", feed_input->out, tr(text::kOptFeedOut, lang));
  feed_atom->add_option("--self", feed_input->self_url, tr(text::kOptFeedSelf, lang));
  commands.push_back(
      {feed_atom, [feed_input](Context& context) { return run_feed(context, *feed_input); }});
  for (CLI::App* group : {export_command, import_command, feed_command}) {
    group->group(tr(msg::kGroupCommands, lang));
  }
}

}  // namespace alertbus::alertctl
