// alertctl admin backup and admin restore: a node's log database copied beside the running
// broker and put back into a stopped node's data directory (node_backup.hpp,
// node_restore.hpp). They read and write the node's files directly, so they run on the
// node's machine as the node's user: the broker is not asked (a request over ZeroMQ would
// have the broker write a file where a client says, or send the whole log over the wire),
// and SQLite's backup API reads a consistent snapshot of the WAL database without stopping
// the broker's commits.
#include "alertctl/commands_admin.hpp"

#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>

#include "alertctl/messages_admin.hpp"
#include "alertctl/node_backup.hpp"
#include "alertctl/node_restore.hpp"

namespace alertbus::alertctl {
namespace {

struct BackupInput {
  std::string database;
  std::string data_dir;
  std::string out;
  bool force = false;
};

struct RestoreInput {
  std::string from;
  std::string data_dir;
};

// Prints `text` in Vietnamese then English (English alone with --lang en).
void both(const Context& context, const Text& text, std::initializer_list<std::string_view> args) {
  if (context.global.language == Language::kVi) {
    context.out << fill(text.vi, args) << '\n';
  }
  context.out << fill(text.en, args) << '\n';
}

void print_facts(const Context& context, const BackupFacts& facts) {
  const std::string events = std::to_string(facts.chain.intact_rows);
  const std::string head = std::to_string(facts.chain.last_seq);
  const std::string epoch = std::to_string(facts.epoch);
  const std::string schema = std::to_string(facts.schema_version);
  const std::string bytes = std::to_string(facts.bytes);
  both(context, msg::kBackupFacts, {facts.node_id, events, head, epoch, schema, bytes});
  if (facts.sound()) {
    both(context, msg::kBackupIntegrity, {facts.integrity});
    return;
  }
  if (facts.chain.broken) {
    context.out << context.tr(msg::kChainBroken) << ' ' << facts.chain.broken->seq << " ("
                << context.tr(msg::kEventId) << ' ' << facts.chain.broken->event_id << ")\n";
  }
  if (facts.integrity != "ok") {
    context.out << "SQLite quick_check: " << facts.integrity << '\n';
  }
}

nlohmann::ordered_json facts_json(const BackupFacts& facts) {
  return {{"node", facts.node_id},
          {"events", facts.chain.intact_rows},
          {"head_seq", facts.chain.last_seq},
          {"epoch", facts.epoch},
          {"schema_version", facts.schema_version},
          {"bytes", facts.bytes},
          {"chain_intact", !facts.chain.broken},
          {"integrity", facts.integrity}};
}

// A copy that failed its checks: 7 for a broken chain, 1 for a damaged file.
int unsound(const Context& context, const BackupFacts& facts) {
  if (context.global.json) {
    context.out << facts_json(facts).dump(2) << '\n';
  } else {
    print_facts(context, facts);
  }
  return facts.chain.broken ? kExitTampered : kExitFailure;
}

// A failure before any copy: bad input (2) but for SQLite failing mid-way (1).
int failed(const Context& context, const Status& status) {
  (void)context.report(status);
  switch (status.code()) {
    case v1::STORE_FAILURE:
      return kExitFailure;
    case v1::PERMISSION_DENIED:
      return kExitRefused;
    default:
      return kExitUsage;
  }
}

int run_backup(Context& context, const BackupInput& input) {
  if (input.database.empty() && input.data_dir.empty()) {
    return context.usage_error(context.tr(msg::kNeedDatabase));
  }
  const std::string source = !input.database.empty()
                                 ? input.database
                                 : (std::filesystem::path(input.data_dir) / "alertbus.db").string();
  StatusOr<BackupFacts> facts = backup_database(source, input.out, input.force);
  if (!facts.ok()) {
    return failed(context, facts.status());
  }
  if (!facts->sound()) {
    both(context, msg::kBackupNotSaved, {source});
    return unsound(context, *facts);
  }
  if (context.global.json) {
    nlohmann::ordered_json json = facts_json(*facts);
    json["file"] = input.out;
    context.out << json.dump(2) << '\n';
    return kExitOk;
  }
  both(context, msg::kBackupSaved, {input.out});
  print_facts(context, *facts);
  both(context, msg::kBackupBesides, {});
  return kExitOk;
}

int run_restore(Context& context, const RestoreInput& input) {
  StatusOr<BackupFacts> facts = inspect_backup(input.from);
  if (!facts.ok()) {
    return failed(context, facts.status());
  }
  if (!facts->sound()) {
    both(context, msg::kRestoreRefused, {input.from});
    return unsound(context, *facts);
  }
  StatusOr<RestoreReport> report = restore_database(input.from, *facts, input.data_dir);
  if (!report.ok()) {
    return failed(context, report.status());
  }
  if (context.global.json) {
    nlohmann::ordered_json json = facts_json(*facts);
    json["moved_aside"] = report->moved_aside;
    json["head_marker_written"] = report->marker_written;
    context.out << json.dump(2) << '\n';
    return kExitOk;
  }
  both(context, msg::kRestoreChecked, {input.from});
  print_facts(context, *facts);
  if (report->moved_aside.empty()) {
    both(context, msg::kRestoreNothingAside, {});
  } else {
    both(context, msg::kRestoreMovedAside, {report->moved_aside});
  }
  const std::string epoch = std::to_string(facts->epoch);
  const std::string head = std::to_string(facts->chain.last_seq);
  both(context, report->marker_written ? msg::kRestoreMarkerWritten : msg::kRestoreMarkerKept,
       {epoch, head});
  both(context, msg::kRestoreNextStart, {});
  return kExitOk;
}

}  // namespace

void add_admin_file_commands(CLI::App& admin, Language lang, std::vector<Command>& commands) {
  auto backup_input = std::make_shared<BackupInput>();
  CLI::App* backup = admin.add_subcommand("backup", tr(msg::kCmdAdminBackup, lang));
  CLI::Option* database =
      backup->add_option("--db", backup_input->database, tr(msg::kOptDatabase, lang));
  backup->add_option("--data-dir", backup_input->data_dir, tr(msg::kOptDataDir, lang))
      ->excludes(database);
  backup->add_option("--out", backup_input->out, tr(msg::kOptBackupOut, lang))->required();
  backup->add_flag("--force", backup_input->force, tr(msg::kOptForce, lang));
  commands.push_back(
      {backup, [backup_input](Context& context) { return run_backup(context, *backup_input); }});

  auto restore_input = std::make_shared<RestoreInput>();
  CLI::App* restore = admin.add_subcommand("restore", tr(msg::kCmdAdminRestore, lang));
  restore->add_option("--from", restore_input->from, tr(msg::kOptRestoreFrom, lang))->required();
  restore->add_option("--data-dir", restore_input->data_dir, tr(msg::kOptRestoreDataDir, lang))
      ->required();
  commands.push_back({restore, [restore_input](Context& context) {
                        return run_restore(context, *restore_input);
                      }});
}

}  // namespace alertbus::alertctl
