#include "query/query_handler.hpp"

#include <charconv>

#include "alertbus/protocol/event_id.hpp"
#include "delivery/event_filter.hpp"
#include "store/event_facts.hpp"

namespace alertbus::broker {
namespace {

constexpr std::size_t kMaxScannedRows = 200000;
constexpr std::uint32_t kDefaultPageSize = 100;
constexpr std::uint32_t kMaxPageSize = 1000;
constexpr std::size_t kChunkRows = 1024;
constexpr std::string_view kTokenPrefix = "p1.";
// The most events a case query returns (a case has its alert, a few follow-ups per province
// and a receipt per node; beyond this many, page the log with a filter).
constexpr std::size_t kMaxCaseEvents = 1000;

StatusOr<std::uint64_t> parse_token(const std::string& token) {
  std::uint64_t seq = 0;
  if (token.rfind(kTokenPrefix, 0) != 0) {
    return Status::from_code(v1::INVALID_PAGE_TOKEN, "page_token");
  }
  const char* begin = token.data() + kTokenPrefix.size();
  const char* end = token.data() + token.size();
  const auto [last, error] = std::from_chars(begin, end, seq);
  if (error != std::errc() || last != end || begin == end) {
    return Status::from_code(v1::INVALID_PAGE_TOKEN, "page_token");
  }
  return seq;
}

StatusOr<v1::QueryResult> single(StatusOr<std::optional<LogRow>> found) {
  if (!found.ok()) {
    return found.status();
  }
  if (!found.value()) {
    return Status::from_code(v1::NOT_FOUND);
  }
  v1::QueryResult result;
  *result.add_events() = std::move(found.value()->stored);
  return result;
}

// The events of the case of `alert` (an event id or an alert's reference), in seq order.
StatusOr<v1::QueryResult> case_events(Store& reader, const std::string& alert) {
  std::string alert_id = alert;
  if (!protocol::is_valid_event_id(alert)) {
    StatusOr<std::optional<LogRow>> found = reader.find_by_reference(alert);
    if (!found.ok()) {
      return found.status();
    }
    if (!found.value() || found.value()->stored.type() != v1::ALERT) {
      return Status::from_code(v1::NOT_FOUND);
    }
    alert_id = found.value()->stored.event_id();
  }
  std::vector<LogRow> rows;
  if (Status status = reader.read_case_events(alert_id, 0, &rows); !status.ok()) {
    return status;
  }
  if (rows.empty()) {
    return Status::from_code(v1::NOT_FOUND);
  }
  v1::QueryResult result;
  for (std::size_t i = 0; i < rows.size() && i < kMaxCaseEvents; ++i) {
    *result.add_events() = std::move(rows[i].stored);
  }
  return result;
}

}  // namespace

StatusOr<v1::QueryResult> run_query(Store& reader, const v1::Query& query,
                                    const protocol::AreaTable* areas) {
  switch (query.by_case()) {
    case v1::Query::kEventId:
      return single(reader.find_by_id(query.event_id()));
    case v1::Query::kReference:
      return single(reader.find_by_reference(query.reference()));
    case v1::Query::kCaseOf:
      return case_events(reader, query.case_of());
    case v1::Query::kFilter:
    case v1::Query::BY_NOT_SET:
      break;
  }
  auto filter = EventFilter::from_proto(query.filter(), areas);
  if (!filter.ok()) {
    return filter.status();
  }
  if (query.page_size() > kMaxPageSize) {
    return Status::error(v1::VALUE_OUT_OF_RANGE, "page_size must be at most 1000",
                         "page_size tối đa là 1000", "page_size");
  }
  const std::uint32_t page_size = query.page_size() == 0 ? kDefaultPageSize : query.page_size();
  std::uint64_t after = 0;
  if (!query.page_token().empty()) {
    auto parsed = parse_token(query.page_token());
    if (!parsed.ok()) {
      return parsed.status();
    }
    after = parsed.value();
  } else if (query.has_since()) {
    auto before = reader.seq_before_time(to_unix_ms(query.since()));
    if (!before.ok()) {
      return before.status();
    }
    after = before.value();
  }
  const bool bounded = query.has_until();
  const std::int64_t until_ms = bounded ? to_unix_ms(query.until()) : 0;

  v1::QueryResult result;
  std::vector<LogRow> rows;
  std::size_t scanned = 0;
  bool at_end = false;
  while (static_cast<std::uint32_t>(result.events_size()) < page_size && !at_end &&
         scanned < kMaxScannedRows) {
    if (Status status = reader.read_after(after, kChunkRows, &rows); !status.ok()) {
      return status;
    }
    at_end = rows.size() < kChunkRows;
    for (LogRow& row : rows) {
      if (bounded && to_unix_ms(row.stored.received_at()) >= until_ms) {
        at_end = true;
        break;
      }
      ++scanned;
      after = row.stored.seq();
      if (filter->matches(row)) {
        *result.add_events() = std::move(row.stored);
        if (static_cast<std::uint32_t>(result.events_size()) == page_size) {
          break;
        }
      }
    }
  }
  if (!at_end || static_cast<std::uint32_t>(result.events_size()) == page_size) {
    // There may be more; a final empty page is possible and harmless.
    result.set_next_page_token(std::string(kTokenPrefix) + std::to_string(after));
  }
  return result;
}

}  // namespace alertbus::broker
