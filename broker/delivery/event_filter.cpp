#include "delivery/event_filter.hpp"

#include <algorithm>

#include "alertbus/protocol/utf8.hpp"

namespace alertbus::broker {
namespace {

constexpr int kMaxEntries = 64;

Status invalid(const std::string& what_en, const std::string& what_vi, const std::string& field) {
  return Status::error(v1::INVALID_SUBSCRIPTION, "invalid filter: " + what_en,
                       "bộ lọc không hợp lệ: " + what_vi, "filter." + field);
}

}  // namespace

StatusOr<EventFilter> EventFilter::from_proto(const v1::Filter& filter,
                                              const protocol::AreaTable* areas) {
  if (filter.kinds_size() > kMaxEntries || filter.types_size() > kMaxEntries ||
      filter.origin_nodes_size() > kMaxEntries || filter.area_codes_size() > kMaxEntries) {
    return invalid("more than 64 entries in a list", "danh sách có hơn 64 phần tử", "");
  }
  EventFilter compiled;
  for (const int kind : filter.kinds()) {
    if (!v1::AlertKind_IsValid(kind) || kind == v1::ALERT_KIND_UNSPECIFIED) {
      return invalid("unknown alert kind " + std::to_string(kind),
                     "loại cảnh báo không xác định " + std::to_string(kind), "kinds");
    }
    compiled.kinds_.push_back(kind);
  }
  for (const int type : filter.types()) {
    if (!v1::EventType_IsValid(type) || type == v1::EVENT_TYPE_UNSPECIFIED) {
      return invalid("unknown event type " + std::to_string(type),
                     "loại sự kiện không xác định " + std::to_string(type), "types");
    }
    compiled.types_.push_back(type);
  }
  for (const std::string& node : filter.origin_nodes()) {
    if (node.empty() || node.size() > 64) {
      return invalid("empty or overlong origin node", "mã nút nguồn rỗng hoặc quá dài",
                     "origin_nodes");
    }
    compiled.origin_nodes_.push_back(node);
  }
  for (const std::string& key : filter.area_codes()) {
    if (!protocol::is_area_key(key)) {
      const std::string shown = protocol::utf8_prefix(key, 24);
      return invalid("area '" + shown +
                         "' is not a scheme and a code of 2-10 digits, e.g. VN-2025:24 or"
                         " VN-2004:30",
                     "địa bàn '" + shown +
                         "' phải gồm hệ mã và mã 2-10 chữ số, ví dụ VN-2025:24 hoặc VN-2004:30",
                     "area_codes");
    }
    for (const std::string& covered :
         areas != nullptr ? areas->keys_covering(key) : std::vector<std::string>{key}) {
      compiled.area_needles_.push_back(" " + covered + " ");
    }
  }
  if (!v1::Severity_IsValid(filter.min_severity())) {
    return invalid("unknown severity", "mức độ nghiêm trọng không xác định", "min_severity");
  }
  compiled.min_severity_ = filter.min_severity();
  return compiled;
}

bool EventFilter::matches(const LogRow& row) const {
  const v1::StoredEvent& stored = row.stored;
  if (!kinds_.empty() && std::find(kinds_.begin(), kinds_.end(), stored.kind()) == kinds_.end()) {
    return false;
  }
  if (!types_.empty() && std::find(types_.begin(), types_.end(), stored.type()) == types_.end()) {
    return false;
  }
  if (!origin_nodes_.empty() && std::find(origin_nodes_.begin(), origin_nodes_.end(),
                                          stored.origin().node()) == origin_nodes_.end()) {
    return false;
  }
  if (min_severity_ > 0 && static_cast<int>(row.severity) < min_severity_) {
    return false;
  }
  if (!area_needles_.empty() &&
      std::none_of(area_needles_.begin(), area_needles_.end(), [&](const std::string& needle) {
        return row.area_codes.find(needle) != std::string::npos;
      })) {
    return false;
  }
  return true;
}

}  // namespace alertbus::broker
