#include "case_projection.hpp"

#include <cctype>

#include "alertbus/protocol/casework.hpp"
#include "alertbus/protocol/text_fold.hpp"
#include "event_facts.hpp"

namespace alertbus::broker {
namespace {

// The text a case is found by: reference, title, description, area names, follow-ups' text.
std::string search_text(const std::vector<protocol::CaseEvent>& events) {
  std::string text;
  for (const protocol::CaseEvent& entry : events) {
    const v1::Event& event = entry.event;
    for (const std::string* part :
         {&entry.reference, &event.title(), &event.description(), &event.follow_up().text()}) {
      if (!part->empty()) {
        text += *part;
        text += '\n';
      }
    }
    for (const v1::Area& area : event.areas()) {
      text += area.name();
      text += '\n';
    }
  }
  return protocol::fold_for_search(text);
}

}  // namespace

StatusOr<CaseProjection> CaseProjection::prepare(Database& db) {
  CaseProjection projection;
  projection.db_ = &db;

  struct Entry {
    Statement* statement;
    const char* sql;
  };

  const Entry entries[] = {
      {&projection.select_events_,
       "SELECT event, reference, origin_node FROM log WHERE event_id = ?1 AND type = 1"
       " UNION ALL SELECT event, reference, origin_node FROM log WHERE alert_event_id = ?1"},
      {&projection.upsert_case_,
       "INSERT INTO cases (event_id, reference, kind, origin_node, sender_unit, severity, state,"
       " sent_at_ms, area_codes, alert_missing, body) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8,"
       " ?9, ?10, ?11) ON CONFLICT (event_id) DO UPDATE SET reference = excluded.reference,"
       " kind = excluded.kind, origin_node = excluded.origin_node,"
       " sender_unit = excluded.sender_unit, severity = excluded.severity,"
       " state = excluded.state, sent_at_ms = excluded.sent_at_ms,"
       " area_codes = excluded.area_codes, alert_missing = excluded.alert_missing,"
       " body = excluded.body RETURNING id"},
      {&projection.delete_text_, "DELETE FROM case_text WHERE rowid = ?1"},
      {&projection.insert_text_, "INSERT INTO case_text (rowid, text) VALUES (?1, ?2)"},
      {&projection.find_case_, "SELECT body FROM cases WHERE event_id = ?1 AND alert_missing = 0"},
  };
  for (const Entry& entry : entries) {
    auto prepared = Statement::prepare(db, entry.sql);
    if (!prepared.ok()) {
      return prepared.status();
    }
    *entry.statement = std::move(prepared).value();
  }
  return projection;
}

Status CaseProjection::refresh(const std::string& case_id) {
  std::vector<protocol::CaseEvent> events;
  protocol::CaseContext context;
  {
    StatementReset reset(select_events_);
    select_events_.bind_text(1, case_id);
    int rc = SQLITE_ROW;
    while ((rc = select_events_.step()) == SQLITE_ROW) {
      protocol::CaseEvent entry;
      if (!entry.event.ParseFromString(select_events_.column_blob(0))) {
        return Status::error(v1::INTERNAL, "a stored event of case " + case_id + " does not parse",
                             "một sự kiện đã lưu của vụ việc " + case_id + " không đọc được");
      }
      entry.reference = select_events_.column_text(1);
      entry.origin_node = select_events_.column_text(2);
      events.push_back(std::move(entry));
    }
    if (rc != SQLITE_DONE) {
      return db_->failure("cannot read the events of a case");
    }
  }
  if (events.empty()) {
    return {};
  }
  // Stored free of nodes and deadlines: the query sets them from the configuration in force.
  context.deadlines.rules = {};
  const v1::AlertCase alert_case = protocol::compute_case(events, context);
  // Bound without copies (SQLITE_STATIC): these must outlive the steps.
  const std::string body = alert_case.SerializeAsString();
  const std::string codes = area_codes_of(alert_case.areas());
  const std::string text = search_text(events);
  std::int64_t id = 0;
  {
    StatementReset reset(upsert_case_);
    upsert_case_.bind_text(1, case_id);
    upsert_case_.bind_text(2, alert_case.reference());
    upsert_case_.bind(3, static_cast<int>(alert_case.kind()));
    upsert_case_.bind_text(4, alert_case.origin_node());
    upsert_case_.bind_text(5, alert_case.sender_unit());
    upsert_case_.bind(6, static_cast<int>(alert_case.severity()));
    upsert_case_.bind(7, static_cast<int>(alert_case.state()));
    upsert_case_.bind(8, to_unix_ms(alert_case.sent_at()));
    upsert_case_.bind_text(9, codes);
    upsert_case_.bind(10, alert_case.alert_missing() ? 1 : 0);
    upsert_case_.bind_blob(11, body);
    if (upsert_case_.step() != SQLITE_ROW) {
      return db_->failure("cannot store a case");
    }
    id = upsert_case_.column_int64(0);
    if (upsert_case_.step() != SQLITE_DONE) {
      return db_->failure("cannot store a case");
    }
  }
  {
    StatementReset reset(delete_text_);
    delete_text_.bind(1, id);
    if (delete_text_.step() != SQLITE_DONE) {
      return db_->failure("cannot update the search index");
    }
  }
  StatementReset reset(insert_text_);
  insert_text_.bind(1, id);
  insert_text_.bind_text(2, text);
  if (insert_text_.step() != SQLITE_DONE) {
    return db_->failure("cannot update the search index");
  }
  return {};
}

StatusOr<std::optional<v1::AlertCase>> CaseProjection::find(const std::string& event_id) {
  StatementReset reset(find_case_);
  find_case_.bind_text(1, event_id);
  const int rc = find_case_.step();
  if (rc == SQLITE_DONE) {
    return std::optional<v1::AlertCase>();
  }
  v1::AlertCase alert_case;
  if (rc != SQLITE_ROW || !alert_case.ParseFromString(find_case_.column_blob(0))) {
    return db_->failure("cannot read the case of " + event_id);
  }
  return std::optional<v1::AlertCase>(std::move(alert_case));
}

Status CaseProjection::rebuild() {
  if (Status status = db_->exec("DELETE FROM case_text; DELETE FROM cases;"); !status.ok()) {
    return status;
  }
  auto ids = Statement::prepare(
      *db_,
      "SELECT event_id FROM log WHERE type = 1 UNION SELECT alert_event_id FROM log"
      " WHERE alert_event_id != ''");
  if (!ids.ok()) {
    return ids.status();
  }
  int rc = SQLITE_ROW;
  while ((rc = ids->step()) == SQLITE_ROW) {
    if (Status status = refresh(ids->column_text(0)); !status.ok()) {
      return status;
    }
  }
  if (rc != SQLITE_DONE) {
    return db_->failure("cannot list the cases");
  }
  return {};
}

Status CaseProjection::read(const CaseFilter& filter, std::vector<CaseRow>* rows) const {
  rows->clear();
  std::string sql = "SELECT sent_at_ms, event_id, body FROM cases WHERE alert_missing = 0";
  std::vector<std::string> texts;  // Bound in order, as ?1, ?2, ...
  std::vector<std::int64_t> numbers;

  struct Bind {
    bool text;
    std::size_t index;
  };

  std::vector<Bind> binds;
  auto text_param = [&](const std::string& value) {
    texts.push_back(value);
    binds.push_back(Bind{true, texts.size() - 1});
    return "?" + std::to_string(binds.size());
  };
  auto number_param = [&](std::int64_t value) {
    numbers.push_back(value);
    binds.push_back(Bind{false, numbers.size() - 1});
    return "?" + std::to_string(binds.size());
  };
  auto any_of = [&](const std::string& column, const auto& values, auto&& param) {
    sql += " AND " + column + " IN (";
    for (std::size_t i = 0; i < values.size(); ++i) {
      sql += (i == 0 ? "" : ", ") + param(values[i]);
    }
    sql += ")";
  };
  if (!filter.event_id.empty()) {
    sql += " AND event_id = " + text_param(filter.event_id);
  }
  if (!filter.reference.empty()) {
    sql += " AND reference = " + text_param(filter.reference);
  }
  if (!filter.kinds.empty()) {
    any_of("kind", filter.kinds, [&](int kind) { return number_param(kind); });
  }
  if (!filter.stored_states.empty()) {
    any_of("state", filter.stored_states, [&](int state) { return number_param(state); });
  }
  if (!filter.origin_nodes.empty()) {
    any_of("origin_node", filter.origin_nodes, text_param);
  }
  if (!filter.area_codes.empty()) {
    sql += " AND (";
    for (std::size_t i = 0; i < filter.area_codes.size(); ++i) {
      sql += (i == 0 ? "" : " OR ") + std::string("instr(area_codes, ") +
             text_param(" " + filter.area_codes[i] + " ") + ") > 0";
    }
    sql += ")";
  }
  if (filter.min_severity > 0) {
    sql += " AND severity >= " + number_param(filter.min_severity);
  }
  if (filter.has_sent_from) {
    sql += " AND sent_at_ms >= " + number_param(filter.sent_from_ms);
  }
  if (filter.has_sent_until) {
    sql += " AND sent_at_ms < " + number_param(filter.sent_until_ms);
  }
  if (!filter.sender_unit.empty()) {
    sql += " AND sender_unit = " + text_param(filter.sender_unit);
  }
  if (!filter.match.empty()) {
    sql += " AND id IN (SELECT rowid FROM case_text WHERE case_text MATCH " +
           text_param(filter.match) + ")";
  }
  if (filter.has_cursor) {
    const std::string sent = number_param(filter.cursor_sent_ms);
    sql += " AND (sent_at_ms < " + sent + " OR (sent_at_ms = " + sent + " AND event_id > " +
           text_param(filter.cursor_event_id) + "))";
  }
  sql += " ORDER BY sent_at_ms DESC, event_id ASC LIMIT " +
         number_param(static_cast<std::int64_t>(filter.limit));

  auto statement = Statement::prepare(*db_, sql);
  if (!statement.ok()) {
    return statement.status();
  }
  for (std::size_t i = 0; i < binds.size(); ++i) {
    const int index = static_cast<int>(i + 1);
    if (binds[i].text) {
      statement->bind_text(index, texts[binds[i].index]);
    } else {
      statement->bind(index, numbers[binds[i].index]);
    }
  }
  int rc = SQLITE_ROW;
  while ((rc = statement->step()) == SQLITE_ROW) {
    CaseRow row;
    row.sent_at_ms = statement->column_int64(0);
    row.event_id = statement->column_text(1);
    if (!row.body.ParseFromString(statement->column_blob(2))) {
      return Status::error(v1::INTERNAL, "stored case " + row.event_id + " does not parse",
                           "vụ việc đã lưu " + row.event_id + " không đọc được");
    }
    rows->push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) {
    return db_->failure("cannot read cases");
  }
  return {};
}

std::string CaseProjection::build_match(std::string_view text) {
  const std::string folded = protocol::fold_for_search(text);
  std::string match;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) {
      match += (match.empty() ? "\"" : " \"") + word + "\"*";
      word.clear();
    }
  };
  for (const char c : folded) {
    const auto byte = static_cast<unsigned char>(c);
    // Letters and digits (and any non-ASCII byte, which the tokenizer judges) form words;
    // everything else, quotes included, separates them.
    if (std::isalnum(byte) != 0 || byte >= 0x80) {
      word += c;
    } else {
      flush();
    }
  }
  flush();
  return match;
}

}  // namespace alertbus::broker
