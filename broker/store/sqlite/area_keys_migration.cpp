#include "store/sqlite/area_keys_migration.hpp"

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "alertbus/v1/event.pb.h"

#include "store/event_facts.hpp"

namespace alertbus::broker {
namespace {

using sqlite::Statement;
using sqlite::StatementReset;

// Adds each space-delimited key of `keys` to `*union_of` (" a b "), once.
void add_keys(const std::string& keys, std::string* union_of) {
  std::size_t start = 0;
  while ((start = keys.find_first_not_of(' ', start)) != std::string::npos) {
    const std::size_t end = keys.find(' ', start);
    const std::string key = " " + keys.substr(start, end - start) + " ";
    if (union_of->find(key) == std::string::npos) {
      *union_of += key.substr(1);
    }
    start = end;
  }
}

}  // namespace

Status rekey_log_area_codes(sqlite::Database& db) {
  auto select = Statement::prepare(
      db,
      "SELECT seq, event_id, event, area_codes FROM log WHERE seq > ?1 ORDER BY seq LIMIT 1024");
  auto earlier =
      Statement::prepare(db, "SELECT area_codes FROM log WHERE event_id = ?1 AND seq < ?2");
  auto update = Statement::prepare(db, "UPDATE log SET area_codes = ?1 WHERE seq = ?2");
  for (const auto* prepared : {&select, &earlier, &update}) {
    if (!prepared->ok()) {
      return prepared->status();
    }
  }
  std::uint64_t after = 0;
  std::vector<std::pair<std::uint64_t, std::string>> chunk;
  std::map<std::string, std::string> in_chunk;  // event id -> its new keys, this chunk.
  do {
    chunk.clear();
    in_chunk.clear();
    {
      StatementReset reset(*select);
      select->bind(1, after);
      int rc = SQLITE_ROW;
      while ((rc = select->step()) == SQLITE_ROW) {
        const std::uint64_t seq = select->column_uint64(0);
        const std::string event_id = select->column_text(1);
        std::string keys = select->column_text(3);  // Kept if the bytes do not parse.
        v1::Event event;
        if (event.ParseFromString(select->column_blob(2))) {
          if (event.areas_size() > 0) {
            keys = area_codes_of(event.areas());
          } else {
            std::vector<std::string> alerts{event.follow_up().alert_event_id()};
            for (const v1::ReceiptEntry& receipt : event.follow_up().receipts()) {
              alerts.push_back(receipt.alert_event_id());
            }
            keys = " ";
            for (const std::string& alert : alerts) {
              if (alert.empty()) {
                continue;
              }
              if (const auto found = in_chunk.find(alert); found != in_chunk.end()) {
                add_keys(found->second, &keys);
                continue;
              }
              StatementReset reset_earlier(*earlier);
              earlier->bind_text(1, alert);
              earlier->bind(2, seq);
              if (earlier->step() == SQLITE_ROW) {
                add_keys(earlier->column_text(0), &keys);
              }
            }
          }
        }
        in_chunk[event_id] = keys;
        chunk.emplace_back(seq, std::move(keys));
        after = seq;
      }
      if (rc != SQLITE_DONE) {
        return db.failure("cannot read the log to rewrite its area codes");
      }
    }
    for (const auto& [seq, keys] : chunk) {
      StatementReset reset(*update);
      update->bind_text(1, keys);
      update->bind(2, seq);
      if (update->step() != SQLITE_DONE) {
        return db.failure("cannot rewrite the area codes of a log row");
      }
    }
  } while (!chunk.empty());
  return {};
}

}  // namespace alertbus::broker
