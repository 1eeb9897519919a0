#include "casework/case_query.hpp"

#include <algorithm>
#include <charconv>
#include <set>

#include "alertbus/protocol/utf8.hpp"
#include "casework/snippet.hpp"
#include "store/event_facts.hpp"

namespace alertbus::broker {
namespace {

constexpr std::uint32_t kDefaultPageSize = 100;
constexpr std::uint32_t kMaxPageSize = 1000;
constexpr std::size_t kMaxScannedCases = 100000;
constexpr std::size_t kChunkCases = 256;
constexpr std::size_t kMaxTextChars = 200;
constexpr std::string_view kTokenPrefix = "c1.";
constexpr std::string_view kRankedTokenPrefix = "r1.";  // A ranked search pages by position.

Status bad_token() {
  return Status::from_code(v1::INVALID_PAGE_TOKEN, "page_token");
}

// "c1.<sent ms>.<event id>" -> the filter's cursor; "r1.<rows skipped>" -> a ranked
// search's offset.
Status parse_token(const std::string& token, CaseFilter* filter) {
  if (filter->ranked()) {
    const char* begin = token.data() + kRankedTokenPrefix.size();
    const char* end = token.data() + token.size();
    if (token.rfind(kRankedTokenPrefix, 0) != 0 || begin == end) {
      return bad_token();
    }
    const auto [last, error] = std::from_chars(begin, end, filter->offset);
    return error == std::errc() && last == end ? Status() : bad_token();
  }
  if (token.rfind(kTokenPrefix, 0) != 0) {
    return bad_token();
  }
  const std::size_t dot = token.find('.', kTokenPrefix.size());
  if (dot == std::string::npos || dot + 1 == token.size()) {
    return bad_token();
  }
  const char* begin = token.data() + kTokenPrefix.size();
  const char* end = token.data() + dot;
  const auto [last, error] = std::from_chars(begin, end, filter->cursor_sent_ms);
  if (error != std::errc() || last != end || begin == end) {
    return bad_token();
  }
  filter->has_cursor = true;
  filter->cursor_event_id = token.substr(dot + 1);
  return {};
}

Status out_of_range(const std::string& field, const std::string& en, const std::string& vi) {
  return Status::error(v1::VALUE_OUT_OF_RANGE, en, vi, field);
}

bool wanted_state_of(const v1::CaseQuery& query, v1::AlertState state) {
  if (query.states().empty()) {
    return true;
  }
  return std::find(query.states().begin(), query.states().end(), state) != query.states().end();
}

// Checks the request and turns what the cases table can filter on into a CaseFilter.
Status make_filter_of(const v1::CaseQuery& query, const CaseQueryContext& context,
                      CaseFilter* filter) {
  if (query.page_size() > kMaxPageSize) {
    return out_of_range("page_size", "page_size must be at most 1000", "page_size tối đa là 1000");
  }
  // Lists as long as a Query's filter allows, each entry of the shape it must have: the
  // request is refused as a whole, never handed to SQLite to fail there.
  constexpr int kMaxEntries = 64;
  for (const auto& [field, size] : {std::pair<const char*, int>{"kinds", query.kinds_size()},
                                    {"states", query.states_size()},
                                    {"origin_nodes", query.origin_nodes_size()},
                                    {"area_codes", query.area_codes_size()}}) {
    if (size > kMaxEntries) {
      return out_of_range(
          field, std::string(field) + " has " + std::to_string(size) + " entries; at most 64",
          std::string(field) + " có " + std::to_string(size) + " phần tử; tối đa 64");
    }
  }
  for (const std::string& key : query.area_codes()) {
    if (!protocol::is_area_key(key)) {
      const std::string shown = protocol::utf8_prefix(key, 24);
      return Status::error(
          v1::INVALID_VALUE,
          "area '" + shown +
              "' is not a scheme and a code of 2-10 digits, e.g. VN-2025:24 or VN-2004:30",
          "địa bàn '" + shown +
              "' phải gồm hệ mã và mã 2-10 chữ số, ví dụ VN-2025:24 hoặc VN-2004:30",
          "area_codes");
    }
  }
  for (const auto& [field, text] :
       {std::pair<const char*, const std::string*>{"event_id", &query.event_id()},
        {"reference", &query.reference()},
        {"sender_unit", &query.sender_unit()}}) {
    if (text->size() > 128) {
      return Status::error(v1::TOO_LONG, std::string(field) + " is longer than 128 bytes",
                           std::string(field) + " dài quá 128 byte", field);
    }
  }
  for (const std::string& node : query.origin_nodes()) {
    if (node.empty() || node.size() > 64) {
      return Status::error(v1::INVALID_VALUE, "an origin node is empty or longer than 64 bytes",
                           "mã nút nguồn rỗng hoặc dài quá 64 byte", "origin_nodes");
    }
  }
  for (const int kind : query.kinds()) {
    if (kind <= v1::ALERT_KIND_UNSPECIFIED || !v1::AlertKind_IsValid(kind)) {
      return Status::error(v1::UNKNOWN_ENUM_VALUE, "unknown alert kind " + std::to_string(kind),
                           "loại cảnh báo không xác định " + std::to_string(kind), "kinds");
    }
    filter->kinds.push_back(kind);
  }
  for (const int state : query.states()) {
    if (state <= v1::ALERT_STATE_UNSPECIFIED || !v1::AlertState_IsValid(state)) {
      return Status::error(v1::UNKNOWN_ENUM_VALUE, "unknown alert state " + std::to_string(state),
                           "trạng thái cảnh báo không xác định " + std::to_string(state), "states");
    }
  }
  if (!v1::Severity_IsValid(query.min_severity())) {
    return Status::error(v1::UNKNOWN_ENUM_VALUE, "unknown severity",
                         "mức nghiêm trọng không xác định", "min_severity");
  }
  filter->min_severity = query.min_severity();
  filter->event_id = query.event_id();
  filter->reference = query.reference();
  filter->origin_nodes.assign(query.origin_nodes().begin(), query.origin_nodes().end());
  for (const std::string& key : query.area_codes()) {
    if (context.areas) {
      for (std::string& covered : context.areas->keys_covering(key)) {
        filter->area_codes.push_back(std::move(covered));
      }
    } else {
      filter->area_codes.push_back(key);
    }
  }
  if (query.has_sent_from()) {
    filter->has_sent_from = true;
    filter->sent_from_ms = to_unix_ms(query.sent_from());
  }
  if (query.has_sent_until()) {
    filter->has_sent_until = true;
    filter->sent_until_ms = to_unix_ms(query.sent_until());
  }
  filter->sender_unit = query.sender_unit();
  if (!query.text().empty()) {
    if (protocol::utf8_length(query.text()) > kMaxTextChars) {
      return Status::error(v1::TOO_LONG, "the search text is longer than 200 characters",
                           "nội dung tìm kiếm dài quá 200 ký tự", "text");
    }
    filter->search = parse_search(query.text());
    if (filter->search.empty()) {
      return Status::error(v1::INVALID_VALUE, "the search text has no word to look for",
                           "nội dung tìm kiếm không có từ nào để tìm", "text");
    }
  }
  if (!query.page_token().empty()) {
    return parse_token(query.page_token(), filter);
  }
  return {};
}

}  // namespace

Status case_filter_for(const v1::CaseQuery& query, const CaseQueryContext& context,
                       CaseFilter* filter) {
  return make_filter_of(query, context, filter);
}

bool case_state_wanted(const v1::CaseQuery& query, v1::AlertState state) {
  return wanted_state_of(query, state);
}

StatusOr<v1::CaseList> run_case_query(const ProjectionDb& projection, const v1::CaseQuery& query,
                                      const CaseQueryContext& context) {
  CaseFilter filter;
  if (Status status = make_filter_of(query, context, &filter); !status.ok()) {
    return status;
  }
  protocol::CaseContext completion;
  completion.nodes = context.nodes;
  completion.deadlines = context.deadlines;
  completion.now_ms = query.has_as_of() ? to_unix_ms(query.as_of()) : context.now_ms;
  const bool single = !query.event_id().empty() || !query.reference().empty();
  const std::uint32_t page_size =
      single ? 1 : (query.page_size() == 0 ? kDefaultPageSize : query.page_size());

  v1::CaseList result;
  std::vector<CaseRow> rows;
  std::size_t scanned = 0;
  bool at_end = false;
  const bool ranked = filter.ranked();
  std::size_t position = filter.offset;  // Ranked: rows of the order consumed so far.
  while (static_cast<std::uint32_t>(result.cases_size()) < page_size && !at_end &&
         scanned < kMaxScannedCases) {
    // A ranked read computes the whole match and its order again at each OFFSET: read what
    // the rest of the page needs in one, not a chunk at a time (a page of 1,000 in one read
    // instead of four).
    filter.limit =
        ranked ? std::max<std::size_t>(kChunkCases,
                                       page_size - static_cast<std::uint32_t>(result.cases_size()))
               : kChunkCases;
    filter.offset = position;
    if (Status status = projection.read_cases(filter, &rows); !status.ok()) {
      return status;
    }
    at_end = rows.size() < filter.limit;
    for (CaseRow& row : rows) {
      ++scanned;
      ++position;
      filter.has_cursor = !ranked;
      filter.cursor_sent_ms = row.sent_at_ms;
      filter.cursor_event_id = row.event_id;
      protocol::complete_case(&row.body, completion);
      if (!wanted_state_of(query, row.body.state()) ||
          (query.overdue_only() && !row.body.overdue())) {
        continue;
      }
      if (ranked) {
        for (v1::TextSpan& span : make_snippet(row.matched_text, filter.search.words)) {
          *row.body.add_snippet() = std::move(span);
        }
      }
      *result.add_cases() = std::move(row.body);
      if (static_cast<std::uint32_t>(result.cases_size()) == page_size) {
        break;
      }
    }
  }
  if (single) {
    if (result.cases().empty()) {
      return Status::from_code(v1::NOT_FOUND);
    }
    return result;
  }
  if (!at_end || static_cast<std::uint32_t>(result.cases_size()) == page_size) {
    // There may be more; a final empty page is possible and harmless.
    result.set_next_page_token(ranked ? std::string(kRankedTokenPrefix) + std::to_string(position)
                                      : std::string(kTokenPrefix) +
                                            std::to_string(filter.cursor_sent_ms) + "." +
                                            filter.cursor_event_id);
  }
  return result;
}

}  // namespace alertbus::broker
