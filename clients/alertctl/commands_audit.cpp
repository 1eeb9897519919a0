// alertctl audit verify: recompute a node's log hash chain from its database file
// (log_audit.hpp) and print "intact" with the head of the chain, or the first broken row;
// then recompute its case projection from the log and name every case that differs
// (projection_audit.hpp). alertctl audit checkpoints: the copies of other nodes' events
// against their signed checkpoints. Needs no broker: it reads the files, so it runs on the
// node's machine.
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "alertctl/commands.hpp"
#include "alertctl/log_audit.hpp"
#include "alertctl/printable.hpp"
#include "alertctl/projection_audit.hpp"
#include "alertctl/projection_report.hpp"

namespace alertbus::alertctl {
namespace {

struct AuditInput {
  std::string database;
  std::string data_dir;
  std::string registry;
};

// "12 rows, last seq 12, head hash 3f…"
std::string chain_summary(const ChainReport& report, const Context& context) {
  std::ostringstream text;
  text << report.intact_rows << ' ' << context.tr(msg::kChainRows) << ", "
       << context.tr(msg::kChainLastSeq) << ' ' << report.last_seq << ", "
       << context.tr(msg::kChainHeadHash) << ' ' << protocol::log_hash_hex(report.head);
  return text.str();
}

std::string problem_text(const ChainBreak& broken, const Context& context) {
  std::ostringstream text;
  switch (broken.problem) {
    case ChainBreak::Problem::kHashMismatch:
      text << context.tr(msg::kChainHashMismatch);
      break;
    case ChainBreak::Problem::kMissingHash:
      text << context.tr(msg::kChainMissingHash);
      break;
    case ChainBreak::Problem::kMalformedHash:
      text << context.tr(msg::kChainMalformedHash) << ' ' << broken.stored_hash.size() / 2 << ' '
           << context.tr(msg::kChainBytes);
      break;
    case ChainBreak::Problem::kSeqGap:
      if (broken.seq < broken.expected_seq) {
        text << context.tr(msg::kChainOutOfOrder) << ' ' << broken.expected_seq;
      } else if (broken.seq == broken.expected_seq + 1) {
        text << context.tr(msg::kChainRowMissing) << ' ' << broken.expected_seq;
      } else {
        text << context.tr(msg::kChainRowsMissing) << ' ' << broken.expected_seq << ' '
             << context.tr(msg::kChainTo) << ' ' << broken.seq - 1;
      }
      break;
  }
  return text.str();
}

const char* problem_name(ChainBreak::Problem problem) {
  switch (problem) {
    case ChainBreak::Problem::kHashMismatch:
      return "hash_mismatch";
    case ChainBreak::Problem::kMissingHash:
      return "missing_hash";
    case ChainBreak::Problem::kMalformedHash:
      return "malformed_hash";
    case ChainBreak::Problem::kSeqGap:
      return "seq_gap";
  }
  return "unknown";
}

nlohmann::ordered_json chain_json(const ChainReport& report, const Context& context) {
  nlohmann::ordered_json json{{"intact", !report.broken},
                              {"rows", report.intact_rows},
                              {"last_seq", report.last_seq},
                              {"head_hash", protocol::log_hash_hex(report.head)}};
  if (report.broken) {
    const ChainBreak& broken = *report.broken;
    nlohmann::ordered_json detail{{"seq", broken.seq},
                                  {"expected_seq", broken.expected_seq},
                                  {"event_id", broken.event_id},
                                  {"reference", broken.reference},
                                  {"problem", problem_name(broken.problem)},
                                  {"message", problem_text(broken, context)}};
    if (!broken.stored_hash.empty()) {
      detail["stored_hash"] = broken.stored_hash;
    }
    if (!broken.computed_hash.empty()) {
      detail["computed_hash"] = broken.computed_hash;
    }
    json["broken"] = std::move(detail);
  }
  return json;
}

void print_text(const ChainReport& report, const Context& context) {
  if (!report.broken) {
    context.out << context.tr(msg::kChainIntact) << ": " << chain_summary(report, context) << '\n';
    return;
  }
  const ChainBreak& broken = *report.broken;
  context.out << context.tr(msg::kChainBroken) << ' ' << broken.seq << ": "
              << problem_text(broken, context) << '\n'
              << "  " << context.tr(msg::kEventId) << ": " << broken.event_id << '\n'
              << "  " << context.tr(msg::kReference) << ": " << broken.reference << '\n';
  if (!broken.stored_hash.empty()) {
    context.out << "  " << context.tr(msg::kChainStoredHash) << ' ' << broken.stored_hash << '\n';
  }
  if (!broken.computed_hash.empty()) {
    context.out << "  " << context.tr(msg::kChainComputedHash) << ' ' << broken.computed_hash
                << '\n';
  }
  if (report.intact_rows == 0) {
    context.out << context.tr(msg::kChainNothingIntact) << '\n';
  } else {
    context.out << context.tr(msg::kChainIntactBefore) << ": " << chain_summary(report, context)
                << '\n';
  }
}

// The projection beside the log: <data_dir>/alertbus-projection.db, or beside --db's file.
std::string projection_path_for(const std::string& database) {
  return (std::filesystem::path(database).parent_path() / "alertbus-projection.db").string();
}

int run_verify(Context& context, const AuditInput& input) {
  if (input.database.empty() && input.data_dir.empty()) {
    return context.usage_error(context.tr(msg::kNeedDatabase));
  }
  const std::string path = !input.database.empty()
                               ? input.database
                               : (std::filesystem::path(input.data_dir) / "alertbus.db").string();
  StatusOr<ChainReport> report = verify_log_chain(path);
  if (!report.ok()) {
    // A missing or foreign file is bad input (2); SQLite failing mid-read is a failure (1).
    (void)context.report(report.status());
    return report.status().code() == v1::STORE_FAILURE ? kExitFailure : kExitUsage;
  }
  // The projection is checked whatever the chain says: it is what the broker serves.
  StatusOr<ProjectionReport> projection = verify_projection(path, projection_path_for(path));
  if (context.global.json) {
    nlohmann::ordered_json json = chain_json(*report, context);
    if (projection.ok()) {
      json["projection"] = projection_json(*projection, !report->broken, context);
    }
    // Rows altered in the files may hold bytes that are not UTF-8: replaced, not thrown on.
    context.out << json.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                << '\n';
  } else {
    print_text(*report, context);
    if (projection.ok()) {
      print_projection_text(*projection, !report->broken, context);
    }
  }
  if (report->broken) {
    return kExitTampered;
  }
  if (!projection.ok()) {
    (void)context.report(projection.status());
    return projection.status().code() == v1::STORE_FAILURE ? kExitFailure : kExitUsage;
  }
  return projection->differs() ? kExitCasesDiffer : kExitOk;
}

// Each id held by more than one event, with the events' references and origins (the
// first keeps the id in casework), and what to do.
void print_shared_ids(const std::vector<SharedId>& shared, Context& context) {
  for (const SharedId& id : shared) {
    context.out << context.tr(msg::kSharedId) << ' ' << printable(id.event_id) << ' '
                << context.tr(msg::kSharedIdHeldBy) << ' ' << id.holders.size() << ' '
                << context.tr(msg::kSharedIdEvents) << ':';
    const char* separator = " ";
    for (const SharedId::Holder& holder : id.holders) {
      context.out << separator << printable(holder.reference) << " ("
                  << printable(holder.origin_node) << ", #" << holder.seq << ')';
      separator = ", ";
    }
    context.out << '\n';
  }
  if (!shared.empty()) {
    context.out << context.tr(msg::kSharedIdAdvice) << '\n';
  }
}

int run_checkpoints(Context& context, const AuditInput& input) {
  if (input.database.empty() && input.data_dir.empty()) {
    return context.usage_error(context.tr(msg::kNeedDatabase));
  }
  const std::string path = !input.database.empty()
                               ? input.database
                               : (std::filesystem::path(input.data_dir) / "alertbus.db").string();
  auto checks = check_peer_checkpoints(path, input.registry);
  if (!checks.ok()) {
    (void)context.report(checks.status());
    return checks.status().code() == v1::STORE_FAILURE ? kExitFailure : kExitUsage;
  }
  auto shared = find_shared_ids(path);
  if (!shared.ok()) {
    (void)context.report(shared.status());
    return shared.status().code() == v1::STORE_FAILURE ? kExitFailure : kExitUsage;
  }
  bool tampered = false;
  bool incomplete = false;
  nlohmann::ordered_json json = nlohmann::ordered_json::array();
  for (const CheckpointCheck& check : checks.value()) {
    const bool complete = check.held == check.count;
    const bool mismatch = complete ? !check.digest_matches : check.held > check.count;
    tampered = tampered || mismatch || check.signature_ok == false;
    incomplete = incomplete || (!complete && !mismatch);
    if (context.global.json) {
      nlohmann::ordered_json entry{{"node", check.node},
                                   {"epoch", check.epoch},
                                   {"seq", check.seq},
                                   {"count", check.count},
                                   {"held", check.held},
                                   {"signed_at_ms", check.signed_at_ms},
                                   {"matches", complete && check.digest_matches}};
      if (check.signature_ok) {
        entry["signature_ok"] = *check.signature_ok;
      }
      json.push_back(std::move(entry));
      continue;
    }
    context.out << check.node << ", " << context.tr(msg::kCheckpointEpoch) << ' ' << check.epoch
                << ", " << context.tr(msg::kCheckpointUpTo) << " #" << check.seq << ": "
                << (mismatch   ? context.tr(msg::kCheckpointMismatch)
                    : complete ? context.tr(msg::kCheckpointMatch)
                               : context.tr(msg::kCheckpointIncomplete))
                << " (" << check.count << ' ' << context.tr(msg::kCheckpointEvents) << ", "
                << check.held << ' ' << context.tr(msg::kCheckpointHeld) << "); "
                << (!check.signature_ok   ? context.tr(msg::kCheckpointSignatureUnchecked)
                    : *check.signature_ok ? context.tr(msg::kCheckpointSignatureOk)
                                          : context.tr(msg::kCheckpointSignatureBad))
                << '\n';
  }
  if (context.global.json) {
    nlohmann::ordered_json ids = nlohmann::ordered_json::array();
    for (const SharedId& id : shared.value()) {
      nlohmann::ordered_json holders = nlohmann::ordered_json::array();
      for (const SharedId::Holder& holder : id.holders) {
        holders.push_back(
            {{"seq", holder.seq}, {"reference", holder.reference}, {"origin", holder.origin_node}});
      }
      ids.push_back({{"event_id", id.event_id}, {"events", std::move(holders)}});
    }
    nlohmann::ordered_json out{{"checkpoints", std::move(json)}, {"shared_ids", std::move(ids)}};
    context.out << out.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace)
                << '\n';
  } else {
    if (checks.value().empty()) {
      context.out << context.tr(msg::kCheckpointNone) << '\n';
    }
    print_shared_ids(shared.value(), context);
  }
  // Incomplete is not tampering, but not "all is well" either: events the origin signed are
  // missing here (still on their way, or refused, e.g. under an id stored with other content).
  // An id held by two events was reused: both are kept, and someone must say which is whose.
  return tampered                  ? kExitTampered
         : !shared.value().empty() ? kExitIdConflict
         : incomplete              ? kExitIncomplete
                                   : kExitOk;
}

}  // namespace

void add_audit_commands(CLI::App& parent, Language lang, std::vector<Command>& commands) {
  CLI::App* audit = parent.add_subcommand("audit", tr(msg::kCmdAudit, lang));
  auto input = std::make_shared<AuditInput>();
  CLI::App* verify = audit->add_subcommand("verify", tr(msg::kCmdAuditVerify, lang));
  CLI::Option* database = verify->add_option("--db", input->database, tr(msg::kOptDatabase, lang));
  verify->add_option("--data-dir", input->data_dir, tr(msg::kOptDataDir, lang))->excludes(database);
  CLI::App* checkpoints = audit->add_subcommand("checkpoints", tr(msg::kCmdAuditCheckpoints, lang));
  CLI::Option* checkpoint_db =
      checkpoints->add_option("--db", input->database, tr(msg::kOptDatabase, lang));
  checkpoints->add_option("--data-dir", input->data_dir, tr(msg::kOptDataDir, lang))
      ->excludes(checkpoint_db);
  checkpoints->add_option("--registry", input->registry, tr(msg::kOptRegistry, lang));
  // verify before audit: run() runs the first parsed command, and audit is parsed too.
  commands.push_back({verify, [input](Context& context) { return run_verify(context, *input); }});
  commands.push_back(
      {checkpoints, [input](Context& context) { return run_checkpoints(context, *input); }});
  commands.push_back({audit, [](Context& context) {
                        return context.usage_error(context.tr(msg::kNeedAuditCommand));
                      }});
}

}  // namespace alertbus::alertctl
