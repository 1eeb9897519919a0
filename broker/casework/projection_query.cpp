// ProjectionDb's read side: the cases a filter selects, in the order a query or a change
// stream wants them (projection_db.hpp).
#include "casework/projection_db.hpp"

namespace alertbus::broker {
namespace {

// The SQL of one read, with its parameters bound in order (?1, ?2, ...).
class SqlBuilder {
 public:
  std::string text_param(const std::string& value) {
    texts_.push_back(value);
    binds_.push_back(Bind{true, texts_.size() - 1});
    return "?" + std::to_string(binds_.size());
  }

  std::string number_param(std::int64_t value) {
    numbers_.push_back(value);
    binds_.push_back(Bind{false, numbers_.size() - 1});
    return "?" + std::to_string(binds_.size());
  }

  void bind_all(Statement& statement) const {
    for (std::size_t i = 0; i < binds_.size(); ++i) {
      const int index = static_cast<int>(i + 1);
      if (binds_[i].text) {
        statement.bind_text(index, texts_[binds_[i].index]);
      } else {
        statement.bind(index, numbers_[binds_[i].index]);
      }
    }
  }

 private:
  struct Bind {
    bool text;
    std::size_t index;
  };

  std::vector<std::string> texts_;
  std::vector<std::int64_t> numbers_;
  std::vector<Bind> binds_;
};

// " AND ..." for every column filter of `filter` (the cases table's columns, unqualified).
std::string where_of(const CaseFilter& filter, SqlBuilder& sql) {
  std::string where;
  auto any_of = [&](const std::string& column, const auto& values, auto&& param) {
    where += " AND " + column + " IN (";
    for (std::size_t i = 0; i < values.size(); ++i) {
      where += (i == 0 ? "" : ", ") + param(values[i]);
    }
    where += ")";
  };
  auto text = [&sql](const std::string& value) { return sql.text_param(value); };
  auto number = [&sql](std::int64_t value) { return sql.number_param(value); };
  if (!filter.event_id.empty()) {
    where += " AND event_id = " + text(filter.event_id);
  }
  if (!filter.reference.empty()) {
    where += " AND reference = " + text(filter.reference);
  }
  if (!filter.kinds.empty()) {
    any_of("kind", filter.kinds, number);
  }
  if (!filter.stored_states.empty()) {
    any_of("state", filter.stored_states, number);
  }
  if (!filter.origin_nodes.empty()) {
    any_of("origin_node", filter.origin_nodes, text);
  }
  if (!filter.area_codes.empty()) {
    where += " AND (";
    for (std::size_t i = 0; i < filter.area_codes.size(); ++i) {
      where += (i == 0 ? "" : " OR ") + std::string("instr(area_codes, ") +
               text(" " + filter.area_codes[i] + " ") + ") > 0";
    }
    where += ")";
  }
  if (filter.min_severity > 0) {
    where += " AND severity >= " + number(filter.min_severity);
  }
  if (filter.has_sent_from) {
    where += " AND sent_at_ms >= " + number(filter.sent_from_ms);
  }
  if (filter.has_sent_until) {
    where += " AND sent_at_ms < " + number(filter.sent_until_ms);
  }
  if (!filter.sender_unit.empty()) {
    where += " AND sender_unit = " + text(filter.sender_unit);
  }
  if (!filter.search.empty()) {
    // Every term somewhere in the case: the cases of each term's matching events, intersected.
    where += " AND event_id IN (";
    for (std::size_t i = 0; i < filter.search.required.size(); ++i) {
      where += (i == 0 ? "" : " INTERSECT ") +
               std::string("SELECT case_id FROM case_text WHERE case_text MATCH ") +
               text("text : " + filter.search.required[i]);
    }
    where += ")";
  }
  if (filter.by_change) {
    const std::string seq = number(static_cast<std::int64_t>(filter.after_change));
    if (filter.after_change_event_id.empty()) {
      where += " AND changed_seq > " + seq;
    } else {
      where += " AND (changed_seq > " + seq + " OR (changed_seq = " + seq + " AND event_id > " +
               text(filter.after_change_event_id) + "))";
    }
  }
  if (filter.has_cursor) {
    const std::string sent = number(filter.cursor_sent_ms);
    where += " AND (sent_at_ms < " + sent + " OR (sent_at_ms = " + sent + " AND event_id > " +
             text(filter.cursor_event_id) + "))";
  }
  return where;
}

}  // namespace

Status ProjectionDb::read_cases(const CaseFilter& filter, std::vector<CaseRow>* rows) const {
  rows->clear();
  SqlBuilder builder;
  const bool ranked = filter.ranked();
  std::string sql;
  if (ranked) {
    // Best match first. Each case's score sums the bm25 ranks (negative: lower is better) of
    // its events that hold any of the words, folded; with words typed with diacritics, the
    // cases holding them as typed come first, their ranks there added. The best event's text,
    // as written, makes the snippet.
    const bool exact = !filter.search.any_exact.empty();
    sql =
        "WITH hits AS MATERIALIZED (SELECT case_id, rowid AS best_row, MIN(rank) AS best,"
        " SUM(rank) AS score FROM case_text WHERE case_text MATCH " +
        builder.text_param(filter.search.any_folded) + " GROUP BY case_id)";
    if (exact) {
      sql +=
          ", exact_hits AS MATERIALIZED (SELECT case_id, SUM(rank) AS score FROM case_text"
          " WHERE case_text MATCH " +
          builder.text_param(filter.search.any_exact) + " GROUP BY case_id)";
    }
    sql +=
        " SELECT sent_at_ms, event_id, body, changed_seq,"
        " (SELECT exact FROM case_text WHERE rowid = hits.best_row)"
        " FROM cases JOIN hits ON hits.case_id = cases.event_id";
    if (exact) {
      sql += " LEFT JOIN exact_hits ON exact_hits.case_id = cases.event_id";
    }
    sql += " WHERE alert_missing = 0" + where_of(filter, builder);
    sql += exact ? " ORDER BY (exact_hits.case_id IS NULL) ASC,"
                   " hits.score + COALESCE(exact_hits.score, 0) ASC,"
                 : " ORDER BY hits.score ASC,";
    sql += " sent_at_ms DESC, event_id ASC LIMIT " +
           builder.number_param(static_cast<std::int64_t>(filter.limit)) + " OFFSET " +
           builder.number_param(static_cast<std::int64_t>(filter.offset));
  } else {
    sql = "SELECT sent_at_ms, event_id, body, changed_seq FROM cases WHERE alert_missing = 0" +
          where_of(filter, builder);
    sql += filter.by_change ? " ORDER BY changed_seq ASC, event_id ASC LIMIT "
                            : " ORDER BY sent_at_ms DESC, event_id ASC LIMIT ";
    sql += builder.number_param(static_cast<std::int64_t>(filter.limit));
  }

  auto statement = Statement::prepare(db_, sql);
  if (!statement.ok()) {
    return statement.status();
  }
  builder.bind_all(*statement);
  int rc = SQLITE_ROW;
  while ((rc = statement->step()) == SQLITE_ROW) {
    CaseRow row;
    row.sent_at_ms = statement->column_int64(0);
    row.event_id = statement->column_text(1);
    row.changed_seq = statement->column_uint64(3);
    if (ranked) {
      row.matched_text = statement->column_text(4);
    }
    if (!row.body.ParseFromString(statement->column_blob(2))) {
      return Status::error(v1::INTERNAL, "stored case " + row.event_id + " does not parse",
                           "vụ việc đã lưu " + row.event_id + " không đọc được");
    }
    rows->push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) {
    return db_.failure("cannot read cases");
  }
  return {};
}

}  // namespace alertbus::broker
