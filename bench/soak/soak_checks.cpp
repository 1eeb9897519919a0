#include "soak/soak_checks.hpp"

#include <map>
#include <stdexcept>
#include <thread>

#include "alertbus/sqlite/sqlite_handle.hpp"
#include "child_process.hpp"

namespace alertbus::bench::soak {
namespace {

constexpr std::size_t kNamed = 5;  // Event ids or cases named per failure.

sqlite::Database open_read_only(const std::filesystem::path& path) {
  StatusOr<sqlite::Database> db =
      sqlite::Database::open(path.string(), sqlite::Database::Mode::kReadOnly);
  if (!db.ok()) {
    throw std::runtime_error("cannot open " + path.string() + ": " + db.status().to_string());
  }
  db->set_busy_timeout(std::chrono::seconds(10));
  return std::move(db.value());
}

sqlite::Statement prepare(const sqlite::Database& db, const std::string& sql) {
  StatusOr<sqlite::Statement> statement = sqlite::Statement::prepare(db, sql);
  if (!statement.ok()) {
    throw std::runtime_error(sql + ": " + statement.status().to_string());
  }
  return std::move(statement.value());
}

std::int64_t single_int(const sqlite::Database& db, const std::string& sql) {
  sqlite::Statement statement = prepare(db, sql);
  return statement.step() == SQLITE_ROW ? statement.column_int64(0) : 0;
}

// Copies of each event id in the node's log.
std::unordered_map<std::string, std::uint32_t> log_copies(const NodeFiles& node) {
  const sqlite::Database db = open_read_only(node.database);
  sqlite::Statement rows = prepare(db, "SELECT event_id FROM log");
  std::unordered_map<std::string, std::uint32_t> copies;
  while (rows.step() == SQLITE_ROW) {
    ++copies[rows.column_text(0)];
  }
  return copies;
}

struct Settled {
  std::int64_t rows = 0;
  bool caught_up = false;  // The projection is at the log's head.
};

Settled settled(const NodeFiles& node) {
  const sqlite::Database log = open_read_only(node.database);
  const sqlite::Database projection = open_read_only(node.projection);
  Settled state;
  state.rows = single_int(log, "SELECT COUNT(*) FROM log");
  state.caught_up = single_int(projection, "SELECT projected_seq FROM projection_state") >=
                    single_int(log, "SELECT COALESCE(MAX(seq), 0) FROM log");
  return state;
}

// Each case as one comparable line, by alert event id: its columns and body, and the nodes
// whose receipts it holds. Not the projector's bookkeeping (last_follow_up, last_event_id,
// last_sent_ms: the last event it applied, which depends on the order events arrived in: a
// receipt that comes before its alert leaves a placeholder there), nor changed_seq (a local
// seq).
std::map<std::string, std::string> cases_of(const NodeFiles& node) {
  std::map<std::string, std::string> cases;
  const sqlite::Database db = open_read_only(node.projection);
  sqlite::Statement rows =
      prepare(db,
              "SELECT event_id, reference, kind, origin_node, sender_unit, severity, state, "
              "alert_missing, hex(body) FROM cases");
  while (rows.step() == SQLITE_ROW) {
    std::string line;
    for (int column = 1; column <= 8; ++column) {
      line += (column > 1 ? "|" : "") + rows.column_text(column);
    }
    cases[rows.column_text(0)] = line;
  }
  sqlite::Statement receipts =
      prepare(db,
              "SELECT case_id, group_concat(node) FROM "
              "(SELECT case_id, node FROM case_receipts ORDER BY case_id, node) GROUP BY case_id");
  while (receipts.step() == SQLITE_ROW) {
    cases[receipts.column_text(0)] += " receipts=" + receipts.column_text(1);
  }
  return cases;
}

}  // namespace

double wait_quiet(const std::vector<NodeFiles>& nodes,
                  const std::unordered_map<std::string, AckedEvent>& acked,
                  std::chrono::seconds bound) {
  const Clock::time_point start = Clock::now();
  std::vector<std::int64_t> last_rows;
  int quiet_polls = 0;
  while (Clock::now() - start < bound) {
    bool quiet = true;
    std::vector<std::int64_t> rows;
    for (const NodeFiles& node : nodes) {
      const Settled state = settled(node);
      rows.push_back(state.rows);
      quiet = quiet && state.caught_up && state.rows == rows.front();
    }
    if (quiet && rows == last_rows) {
      for (const NodeFiles& node : nodes) {
        const std::unordered_map<std::string, std::uint32_t> copies = log_copies(node);
        for (const auto& [event_id, event] : acked) {
          if (copies.count(event_id) == 0) {
            quiet = false;
            break;
          }
        }
      }
    } else {
      quiet = false;
    }
    quiet_polls = quiet ? quiet_polls + 1 : 0;
    if (quiet_polls >= 2) {
      return seconds_between(start, Clock::now());
    }
    last_rows = rows;
    std::this_thread::sleep_for(std::chrono::seconds(2));
  }
  return -1;
}

void check_events(const std::vector<NodeFiles>& nodes,
                  const std::unordered_map<std::string, AckedEvent>& acked, Report& report,
                  std::vector<std::string>& failures) {
  for (const NodeFiles& node : nodes) {
    const std::unordered_map<std::string, std::uint32_t> copies = log_copies(node);
    std::size_t missing = 0;
    std::size_t doubled = 0;
    std::string named;
    for (const auto& [event_id, event] : acked) {
      const auto found = copies.find(event_id);
      const std::uint32_t count = found == copies.end() ? 0 : found->second;
      if (count != 1) {
        (count == 0 ? missing : doubled) += 1;
        if (missing + doubled <= kNamed) {
          named += " " + event_id + "×" + std::to_string(count);
        }
      }
    }
    std::size_t rows_doubled = 0;
    for (const auto& [event_id, count] : copies) {
      rows_doubled += count > 1 ? 1 : 0;
    }
    report.figure("events at " + node.id, std::to_string(copies.size()) + " ids in the log, " +
                                              std::to_string(acked.size() - missing - doubled) +
                                              "/" + std::to_string(acked.size()) +
                                              " acknowledged ids exactly once");
    if (missing > 0 || doubled > 0 || rows_doubled > 0) {
      failures.push_back(node.id + ": thiếu " + std::to_string(missing) + ", trùng " +
                         std::to_string(doubled + rows_doubled) + " sự kiện (" +
                         std::to_string(missing) + " acknowledged events missing, " +
                         std::to_string(doubled + rows_doubled) + " stored twice):" + named);
    }
  }
}

void check_cases(const std::vector<NodeFiles>& nodes, Report& report,
                 std::vector<std::string>& failures) {
  std::vector<std::map<std::string, std::string>> all;
  for (const NodeFiles& node : nodes) {
    all.push_back(cases_of(node));
  }
  bool same = true;
  for (std::size_t i = 1; i < nodes.size(); ++i) {
    std::size_t differ = 0;
    std::string named;
    for (const auto& [event_id, line] : all[0]) {
      const auto other = all[i].find(event_id);
      if (other == all[i].end() || other->second != line) {
        if (++differ <= kNamed) {
          named += "\n    " + event_id + "\n      " + nodes[0].id + ": " + line + "\n      " +
                   nodes[i].id + ": " +
                   (other == all[i].end() ? "(không có; none)" : other->second);
        }
      }
    }
    for (const auto& [event_id, line] : all[i]) {
      if (all[0].count(event_id) == 0 && ++differ <= kNamed) {
        named += "\n    " + event_id + " chỉ có ở (only at) " + nodes[i].id;
      }
    }
    if (differ > 0) {
      same = false;
      failures.push_back(std::to_string(differ) + " vụ việc khác nhau giữa " + nodes[0].id +
                         " và " + nodes[i].id + " (cases differ):" + named);
    }
  }
  report.figure("cases per node", std::to_string(all[0].size()) +
                                      (same ? ", the same at every node" : ", NOT the same"));
}

void check_chains(const std::string& alertctl, const std::vector<NodeFiles>& nodes,
                  const std::filesystem::path& work, Report& report,
                  std::vector<std::string>& failures) {
  for (const NodeFiles& node : nodes) {
    const std::filesystem::path log = work / ("audit-" + node.id + ".log");
    try {
      run_program({alertctl, "audit", "verify", "--db", node.database.string()}, log);
      report.figure("audit verify " + node.id, "chain intact, projection = replay");
    } catch (const std::exception&) {
      failures.push_back(node.id + ": alertctl audit verify thất bại (failed); xem (see) " +
                         log.string());
    }
  }
}

}  // namespace alertbus::bench::soak
