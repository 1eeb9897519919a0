// alertctl import cap: CAP 1.2 documents read, checked and published as events, those alertbus
// wrote (alertbus/client/cap.hpp) and, with --rules, other agencies' alerts
// (alertbus/client/cap_foreign.hpp, alertctl/cap_rules.hpp). Export and the feed are
// commands_cap.cpp.
//
// Threading: main thread only.
#include <fstream>
#include <memory>
#include <optional>
#include <sstream>

#include "alertbus/client/cap.hpp"
#include "alertbus/client/cap_foreign.hpp"
#include "alertbus/client/client.hpp"
#include "alertbus/protocol/clock.hpp"
#include "alertbus/protocol/validation.hpp"
#include "alertctl/cap_rules.hpp"
#include "alertctl/commands.hpp"
#include "alertctl/names.hpp"
#include "alertctl/place_checks.hpp"

namespace alertbus::alertctl {
namespace {

namespace text {
const Text kCmdImport{"Nhập sự kiện từ định dạng khác", "Import events from another format"};
const Text kCmdImportCap{
    "Đọc tệp CAP 1.2, kiểm tra rồi gửi mỗi tệp thành một cảnh báo bằng khóa của bạn",
    "Read CAP 1.2 files, check them and publish each as an alert with your keys"};
const Text kArgCapFiles{"Các tệp CAP 1.2 (.xml)", "CAP 1.2 files (.xml)"};
const Text kOptRules{
    "Tệp quy tắc (TOML) chuyển cảnh báo CAP của cơ quan khác thành cảnh báo alertbus, ví dụ "
    "/etc/alertbus/cap-rules.toml (mẫu cài cùng gói alertbus-cli, sửa rồi dùng); đơn vị của "
    "bạn (--sender) gửi các cảnh báo đó; không có: chỉ nhận tài liệu do alertbus viết",
    "Rules file (TOML) mapping other agencies' CAP alerts to alertbus alerts, e.g. "
    "/etc/alertbus/cap-rules.toml (the sample the alertbus-cli package installs: edit it); your "
    "unit "
    "(--sender) publishes them; without it: only documents alertbus wrote"};
const Text kRule{"quy tắc ", "rule "};
const Text kOptNoExternal{
    "Từ chối cảnh báo CAP không khớp quy tắc nào (mặc định: lưu thành cảnh báo từ hệ thống "
    "khác, loại external, kèm nguyên văn tài liệu CAP)",
    "Refuse a CAP alert no rule matches (default: keep it as an external notice, kind "
    "external, with its CAP document as received)"};
const Text kKeptExternal{
    "không có quy tắc nào khớp: lưu thành cảnh báo từ hệ thống khác (loại external)",
    "no rule matches: kept as an external notice (kind external)"};
const Text kAlreadyImported{"đã nhập trước đó, số hiệu ", "imported already, reference "};
const Text kNoBroker{"(không kết nối được broker nên không biết cảnh báo gốc đã được nhập chưa)",
                     "(the broker could not be reached, so whether the original alert was "
                     "imported is unknown)"};
const Text kCapSource{"cảnh báo CAP ", "CAP alert "};
const Text kOptDryRun{"Chỉ đọc và kiểm tra, không gửi", "Only read and check; publish nothing"};
const Text kCannotRead{"không đọc được tệp: ", "cannot read file: "};
const Text kFile{"Tệp ", "File "};
const Text kValid{"hợp lệ, chưa gửi (--dry-run)", "valid, not published (--dry-run)"};
const Text kImported{"Số tệp đã nhập: ", "Files imported: "};
const Text kChecked{"Số tệp hợp lệ: ", "Files valid: "};
const Text kOf{" trên ", " of "};
}  // namespace text

struct ImportInput {
  std::vector<std::string> files;
  std::string rules;   // --rules: other agencies' alerts are mapped by it.
  std::string sender;  // --sender, else ALERTBUS_SENDER: the unit publishing them.
  bool dry_run = false;
  bool no_external = false;  // --no-external: refuse what no rule matches.
};

// What the import knows beyond one file: the rules, and the broker (asked, once connected,
// whether an Update's or Cancel's alert was imported).
struct Importer {
  std::optional<client::CapRules> rules;
  bool keep_unmatched = true;  // Not --no-external.
  std::string sender;          // The importing unit, which publishes other agencies' alerts.
  // The province table (ALERTBUS_AREAS_FILE or the installed one), if any: a province code of
  // another agency's alert must be in it.
  std::optional<protocol::AreaTable> areas;
  std::unique_ptr<client::Client> client;
  bool connect_failed = false;  // Or the broker did not answer.
};

// The event `id` on the broker, or nothing (not there, or the broker cannot say: then
// connect_failed is set).
std::optional<v1::StoredEvent> stored_event(Context& context, Importer& importer,
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
  if (!stored.ok()) {
    return std::nullopt;
  }
  return std::move(stored).value();
}

// The kind of the imported alert `id` on the broker, or nothing.
std::optional<v1::AlertKind> imported_kind(Context& context, Importer& importer,
                                           const std::string& id) {
  const std::optional<v1::StoredEvent> stored = stored_event(context, importer, id);
  if (!stored || stored->type() != v1::ALERT) {
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
    options.sender_unit = importer.sender;
    options.now_unix_ms = protocol::now_unix_ms();
    options.keep_unmatched = importer.keep_unmatched;
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
  if (importer.areas && (!read->rule.empty() || read->external)) {
    for (int i = 0; i < read->event.areas_size(); ++i) {
      const v1::Area& area = read->event.areas(i);
      if (area.code().size() == 2 && importer.areas->find(area.scheme(), area.code()) == nullptr) {
        const std::string key = protocol::area_key(area.scheme(), area.code());
        *exit_code = context.input_error(Status::error(
            v1::INVALID_VALUE,
            "area " + key + " (\"" + area.name() + "\") is not a province of the province table",
            "vùng " + key + " (\"" + area.name() + "\") không phải tỉnh nào trong bảng tỉnh",
            "areas[" + std::to_string(i) + "].code"));
        return std::nullopt;
      }
    }
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
    importer.keep_unmatched = !input.no_external;
    importer.sender = input.sender.empty() ? context.environment.sender : input.sender;
    if (importer.sender.empty()) {
      return context.usage_error(context.tr(msg::kMissingSender));
    }
    Status note;  // No installed table: province codes go unchecked, as for `post`.
    auto areas = load_areas("", context.environment.areas_file, &note);
    if (!areas.ok()) {
      return context.input_error(areas.status());
    }
    importer.areas = std::move(areas).value();
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
      if (read->external) {
        context.err << "  " << context.tr(text::kKeptExternal) << '\n';
      }
    }
    // Another agency's alert imported before has the same event id: say so, by reference.
    std::optional<v1::StoredEvent> earlier;
    if (read && !read->cap_identifier.empty()) {
      earlier = stored_event(context, importer, read->event.event_id());
    }
    if (earlier) {
      context.out << file << ": " << context.tr(text::kAlreadyImported) << earlier->reference()
                  << " (" << read->event.event_id() << ")\n";
    } else if (read && input.dry_run) {
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

}  // namespace

void add_import_cap_command(CLI::App& parent, Language lang, std::vector<Command>& commands) {
  CLI::App* import_command = parent.add_subcommand("import", tr(text::kCmdImport, lang));
  import_command->require_subcommand(1);
  auto import_input = std::make_shared<ImportInput>();
  CLI::App* import_cap = import_command->add_subcommand("cap", tr(text::kCmdImportCap, lang));
  import_cap->add_option("files", import_input->files, tr(text::kArgCapFiles, lang))->required();
  import_cap->add_flag("--dry-run", import_input->dry_run, tr(text::kOptDryRun, lang));
  import_cap->add_option("--rules", import_input->rules, tr(text::kOptRules, lang));
  import_cap->add_option("--sender", import_input->sender, tr(msg::kOptSender, lang));
  import_cap->add_flag("--no-external", import_input->no_external, tr(text::kOptNoExternal, lang));
  commands.push_back({import_cap, [import_input](Context& context) {
                        return run_import(context, *import_input);
                      }});
  import_command->group(tr(msg::kGroupCommands, lang));
}

}  // namespace alertbus::alertctl
