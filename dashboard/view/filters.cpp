// FILTERS to a case query (filters.hpp).
#include "dashboard/view/filters.hpp"

#include <algorithm>
#include <charconv>

#include <google/protobuf/util/time_util.h>

#include "alertbus/protocol/utf8.hpp"
#include "alertbus/protocol/vietnam_time.hpp"
#include "alertbus/protocol/vocabulary.hpp"

namespace alertbus::dashboard {
namespace {

using protocol::Vocabulary;

constexpr std::size_t kMaxText = 200;
constexpr std::int64_t kDayMs = 24 * 60 * 60 * 1000;

FieldError bad(const std::string& field, const std::string& value, const std::string& vi_hint,
               const std::string& en_hint) {
  return FieldError{field, "Giá trị «" + value + "» của " + field + " không hợp lệ: " + vi_hint,
                    "Invalid " + field + " \"" + value + "\": " + en_hint, "invalid_value", ""};
}

std::string keys(Vocabulary vocabulary) {
  std::string list;
  for (const protocol::Term& term : protocol::terms(vocabulary)) {
    list += (list.empty() ? "" : ", ") + std::string(term.key);
  }
  return list;
}

// Midnight in Vietnam at the start of "YYYY-MM-DD", Unix ms.
std::optional<std::int64_t> day_start(const std::string& text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  protocol::CivilTime day;
  unsigned month = 0;
  unsigned date = 0;
  const char* begin = text.data();
  if (std::from_chars(begin, begin + 4, day.year).ptr != begin + 4 ||
      std::from_chars(begin + 5, begin + 7, month).ptr != begin + 7 ||
      std::from_chars(begin + 8, begin + 10, date).ptr != begin + 10) {
    return std::nullopt;
  }
  day.month = month;
  day.day = date;
  if (!protocol::is_valid(day)) {
    return std::nullopt;
  }
  return protocol::vietnam_midnight_ms(day.year, day.month, day.day);
}

// "24" -> "VN-2025:24"; "VN-2004:30" as it is.
std::string area_key_of(const std::string& province) {
  return province.find(':') == std::string::npos ? protocol::area_key("VN-2025", province)
                                                 : province;
}

}  // namespace

Checked<v1::CaseQuery> case_query(const std::multimap<std::string, std::string>& params,
                                  const protocol::AreaTable* areas) {
  Checked<v1::CaseQuery> result;
  v1::CaseQuery query;
  query.set_page_size(kDefaultPageSize);
  auto& errors = result.errors;
  for (const auto& [name, value] : params) {
    if (value.empty()) {
      continue;  // A form's empty field: no filter.
    }
    if (name == "kind") {
      const std::optional<int> kind = protocol::value_for_key(Vocabulary::kKind, value);
      if (kind) {
        query.add_kinds(static_cast<v1::AlertKind>(*kind));
      } else {
        errors.push_back(bad(name, value, "dùng một trong " + keys(Vocabulary::kKind),
                             "use one of " + keys(Vocabulary::kKind)));
      }
    } else if (name == "severity") {
      const std::optional<int> severity = protocol::value_for_key(Vocabulary::kSeverity, value);
      if (severity && *severity >= v1::MINOR) {
        query.set_min_severity(static_cast<v1::Severity>(*severity));
      } else {
        errors.push_back(bad(name, value, "dùng minor, moderate, severe hoặc extreme",
                             "use minor, moderate, severe or extreme"));
      }
    } else if (name == "province") {
      const std::string key = area_key_of(value);
      const std::size_t colon = key.find(':');
      if (!protocol::is_area_key(key) ||
          (areas != nullptr &&
           areas->find(key.substr(0, colon), key.substr(colon + 1)) == nullptr)) {
        errors.push_back(bad(name, value, "mã tỉnh như 24 hoặc VN-2025:24",
                             "a province code such as 24 or VN-2025:24"));
      } else {
        query.add_area_codes(key);
      }
    } else if (name == "origin") {
      query.add_origin_nodes(value);
    } else if (name == "state") {
      const std::optional<int> state = protocol::value_for_key(Vocabulary::kAlertState, value);
      if (state) {
        query.add_states(static_cast<v1::AlertState>(*state));
      } else {
        errors.push_back(bad(name, value, "dùng một trong " + keys(Vocabulary::kAlertState),
                             "use one of " + keys(Vocabulary::kAlertState)));
      }
    } else if (name == "from" || name == "until") {
      const std::optional<std::int64_t> start = day_start(value);
      if (!start) {
        errors.push_back(bad(name, value, "ngày dạng YYYY-MM-DD", "a day as YYYY-MM-DD"));
        continue;
      }
      // until names the last day shown: the query's bound is the next midnight.
      *(name == "from" ? query.mutable_sent_from() : query.mutable_sent_until()) =
          google::protobuf::util::TimeUtil::MillisecondsToTimestamp(
              name == "from" ? *start : *start + kDayMs);
    } else if (name == "overdue") {
      if (value == "1" || value == "0") {
        query.set_overdue_only(value == "1");
      } else {
        errors.push_back(bad(name, value, "dùng 1 hoặc 0", "use 1 or 0"));
      }
    } else if (name == "q") {
      if (protocol::utf8_length(value) > kMaxText) {
        errors.push_back(FieldError{name, "Nội dung tìm kiếm dài quá 200 ký tự",
                                    "The search text is longer than 200 characters", "too_long",
                                    ""});
      } else {
        query.set_text(value);
      }
    } else if (name == "page") {
      query.set_page_token(value);
    } else if (name == "size") {
      std::uint32_t size = 0;
      const auto [end, failure] = std::from_chars(value.data(), value.data() + value.size(), size);
      if (failure != std::errc() || end != value.data() + value.size() || size < 1 ||
          size > kMaxPageSize) {
        errors.push_back(bad(name, value, "một số từ 1 đến 200", "a number from 1 to 200"));
      } else {
        query.set_page_size(size);
      }
    }
  }
  if (query.has_sent_from() && query.has_sent_until() &&
      google::protobuf::util::TimeUtil::TimestampToMilliseconds(query.sent_until()) <=
          google::protobuf::util::TimeUtil::TimestampToMilliseconds(query.sent_from())) {
    errors.push_back(FieldError{"until", "Ngày kết thúc trước ngày bắt đầu", "until is before from",
                                "invalid_value", ""});
  }
  if (errors.empty()) {
    result.value = std::move(query);
  }
  return result;
}

std::optional<v1::CaseQuery> waiting_query(const v1::CaseQuery& view,
                                           const std::vector<v1::AlertKind>& unit_kinds,
                                           const std::vector<std::string>& other_nodes,
                                           std::uint32_t scan) {
  if (unit_kinds.empty() || !view.page_token().empty()) {
    return std::nullopt;
  }
  v1::CaseQuery open = view;
  open.clear_kinds();
  for (const v1::AlertKind kind : unit_kinds) {
    if (view.kinds().empty() ||
        std::find(view.kinds().begin(), view.kinds().end(), kind) != view.kinds().end()) {
      open.add_kinds(kind);
    }
  }
  if (open.kinds().empty()) {
    return std::nullopt;
  }
  if (!other_nodes.empty()) {
    open.clear_origin_nodes();
    for (const std::string& node : other_nodes) {
      if (view.origin_nodes().empty() ||
          std::find(view.origin_nodes().begin(), view.origin_nodes().end(), node) !=
              view.origin_nodes().end()) {
        open.add_origin_nodes(node);
      }
    }
    if (open.origin_nodes().empty()) {
      return std::nullopt;
    }
  }
  open.clear_page_token();
  open.clear_states();
  open.add_states(v1::ALERT_ACTIVE);
  open.add_states(v1::ALERT_STABLE);
  open.set_page_size(scan);
  return open;
}

}  // namespace alertbus::dashboard
