#include "alertbus/protocol/registry.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <fstream>
#include <sstream>
#include <toml++/toml.h>

#include "alertbus/protocol/areas.hpp"
#include "alertbus/protocol/reference.hpp"

namespace alertbus::protocol {
namespace {

Status registry_error(std::string_view source, const std::string& en, const std::string& vi) {
  return Status::error(v1::INVALID_VALUE, "registry " + std::string(source) + ": " + en,
                       "danh bạ khóa " + std::string(source) + ": " + vi);
}

bool is_name(std::string_view text) {
  return !text.empty() && text.size() <= 64 && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

std::optional<std::uint32_t> parse_code(std::string_view text) {
  std::uint32_t value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || text.size() > 9 || error != std::errc() || end != text.data() + text.size()) {
    return std::nullopt;
  }
  return value;
}

// A reader for one table entry that keeps the first error, naming the entry.
class EntryReader {
 public:
  EntryReader(const toml::table& table, std::string_view source, std::string where)
      : table_(table), source_(source), where_(std::move(where)) {}

  const Status& status() const { return status_; }

  void fail(const std::string& en, const std::string& vi) {
    if (status_.ok()) {
      status_ = registry_error(source_, where_ + ": " + en, where_ + ": " + vi);
    }
  }

  std::string string(const char* key, bool required) {
    const toml::node* node = table_.get(key);
    if (node == nullptr) {
      if (required) {
        fail(std::string(key) + " is required", std::string(key) + " là bắt buộc");
      }
      return {};
    }
    if (!node->is_string()) {
      fail(std::string(key) + " must be a string", std::string(key) + " phải là chuỗi");
      return {};
    }
    return **node->as_string();
  }

  std::vector<std::string> strings(const char* key) {
    std::vector<std::string> values;
    const toml::node* node = table_.get(key);
    if (node == nullptr) {
      return values;
    }
    const toml::array* array = node->as_array();
    if (array == nullptr || (!array->empty() && !array->is_homogeneous(toml::node_type::string))) {
      fail(std::string(key) + " must be a list of strings",
           std::string(key) + " phải là danh sách chuỗi");
      return values;
    }
    for (const toml::node& item : *array) {
      values.push_back(**item.as_string());
    }
    return values;
  }

  std::vector<v1::AlertKind> kinds(const char* key) {
    std::vector<v1::AlertKind> kinds;
    for (const std::string& name : strings(key)) {
      v1::AlertKind kind = v1::ALERT_KIND_UNSPECIFIED;
      if (!v1::AlertKind_Parse(name, &kind) || kind == v1::ALERT_KIND_UNSPECIFIED) {
        fail(std::string(key) + ": unknown kind '" + name + "'",
             std::string(key) + ": loại cảnh báo không tồn tại '" + name + "'");
        continue;
      }
      kinds.push_back(kind);
    }
    return kinds;
  }

  std::optional<Key32> key(const char* name) {
    const std::string text = string(name, false);
    if (text.empty()) {
      return std::nullopt;
    }
    auto key = parse_z85_key(text, name);
    if (!key.ok()) {
      fail(key.status().message(), key.status().message_vi());
      return std::nullopt;
    }
    return key.value();
  }

  std::optional<std::int64_t> time(const char* key) {
    const toml::node* node = table_.get(key);
    if (node == nullptr) {
      return std::nullopt;
    }
    const toml::date_time* moment = node->as_date_time() ? &**node->as_date_time() : nullptr;
    if (moment == nullptr || !moment->offset) {
      fail(std::string(key) + " must be a date-time with its offset, e.g. 2026-11-29T08:00:00Z",
           std::string(key) + " phải là ngày giờ kèm múi giờ, ví dụ 2026-11-29T08:00:00Z");
      return std::nullopt;
    }
    using namespace std::chrono;
    const sys_days day = year_month_day(year(moment->date.year), month(moment->date.month),
                                        std::chrono::day(moment->date.day));
    const auto seconds_of_day =
        hours(moment->time.hour) + minutes(moment->time.minute) + seconds(moment->time.second);
    const auto utc = day.time_since_epoch() + seconds_of_day - minutes(moment->offset->minutes);
    return duration_cast<milliseconds>(utc).count() + moment->time.nanosecond / 1000000;
  }

  // Keys outside `allowed` are refused: a typo ("revoke_at") must not pass silently.
  void only(std::initializer_list<std::string_view> allowed) {
    for (const auto& [key, value] : table_) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
        fail("unknown key '" + std::string(key.str()) + "'",
             "khóa không được hỗ trợ '" + std::string(key.str()) + "'");
      }
    }
  }

 private:
  const toml::table& table_;
  std::string_view source_;
  std::string where_;
  Status status_;
};

}  // namespace

std::optional<std::string> principal_node(std::string_view id) {
  const std::size_t slash = id.find('/');
  if (slash == std::string_view::npos || !is_name(id.substr(0, slash)) ||
      !is_name(id.substr(slash + 1))) {
    return std::nullopt;
  }
  return std::string(id.substr(0, slash));
}

std::string_view role_name(Role role) {
  switch (role) {
    case Role::kUnit:
      return "unit";
    case Role::kDashboard:
      return "dashboard";
    case Role::kOperator:
      return "operator";
    case Role::kNode:
      return "node";
  }
  return "unknown";
}

bool Principal::issues(v1::AlertKind kind) const {
  return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

bool Principal::reads(v1::AlertKind kind) const {
  return read_kinds.empty() ||
         std::find(read_kinds.begin(), read_kinds.end(), kind) != read_kinds.end();
}

std::optional<std::int64_t> Registry::next_revocation_after(std::int64_t unix_ms) const {
  std::optional<std::int64_t> next;
  for (const Principal& principal : principals_) {
    if (principal.revoked_at_ms && *principal.revoked_at_ms > unix_ms &&
        (!next || *principal.revoked_at_ms < *next)) {
      next = principal.revoked_at_ms;
    }
  }
  return next;
}

bool NodeArea::issues_reference(std::string_view reference) const {
  return reference_prefix.empty() || issued_by(reference, reference_prefix);
}

bool NodeArea::contains(std::string_view scheme, std::string_view area_code) const {
  const std::string key = area_key(scheme, area_code);
  if (std::any_of(province_codes.begin(), province_codes.end(), [&](const std::string& entry) {
        return entry == key || entry == area_code;  // A bare entry: either scheme.
      })) {
    return true;
  }
  if (area_code.size() != 5) {
    return false;
  }
  const std::optional<std::uint32_t> code = parse_code(area_code);
  return code && std::any_of(commune_ranges.begin(), commune_ranges.end(), [&](const auto& range) {
           return (range.scheme.empty() || range.scheme == scheme) && *code >= range.first &&
                  *code <= range.last;
         });
}

StatusOr<std::shared_ptr<const Registry>> Registry::parse(std::string_view text,
                                                          std::string_view source_name) {
  toml::table table;
  try {
    table = toml::parse(text, source_name);
  } catch (const toml::parse_error& error) {
    const auto& begin = error.source().begin;
    const std::string where = std::to_string(begin.line) + ":" + std::to_string(begin.column);
    return registry_error(source_name, where + ": " + std::string(error.description()),
                          where + ": lỗi cú pháp TOML: " + std::string(error.description()));
  }
  for (const auto& [key, value] : table) {
    if (key.str() != "nodes" && key.str() != "principals") {
      return registry_error(source_name, "unknown section '" + std::string(key.str()) + "'",
                            "mục không được hỗ trợ '" + std::string(key.str()) + "'");
    }
  }
  auto registry = std::make_shared<Registry>();
  const auto add = [&](Principal principal, std::string_view where) -> Status {
    if (!registry->by_id_.emplace(principal.id, registry->principals_.size()).second) {
      return registry_error(source_name,
                            std::string(where) + ": id '" + principal.id + "' appears twice",
                            std::string(where) + ": mã '" + principal.id + "' xuất hiện hai lần");
    }
    if (principal.curve_public) {
      const std::string raw(principal.curve_public->begin(), principal.curve_public->end());
      if (!registry->by_curve_key_.emplace(raw, registry->principals_.size()).second) {
        return registry_error(source_name,
                              std::string(where) + ": curve_public_key of '" + principal.id +
                                  "' is already another principal's",
                              std::string(where) + ": curve_public_key của '" + principal.id +
                                  "' đã thuộc về chủ thể khác");
      }
    }
    registry->principals_.push_back(std::move(principal));
    return {};
  };

  const toml::node* nodes = table.get("nodes");
  if (nodes != nullptr && !nodes->is_array_of_tables()) {
    return registry_error(source_name, "[[nodes]] must be an array of tables",
                          "[[nodes]] phải là mảng các bảng");
  }
  if (nodes != nullptr) {
    std::size_t index = 0;
    for (const toml::node& item : *nodes->as_array()) {
      const std::string where = "nodes[" + std::to_string(index++) + "]";
      EntryReader reader(*item.as_table(), source_name, where);
      reader.only({"id", "name", "reference_prefix", "province_codes", "commune_ranges",
                   "curve_public_key", "signing_public_key", "revoked_at"});
      NodeArea area;
      area.id = reader.string("id", true);
      area.name = reader.string("name", false);
      area.reference_prefix = reader.string("reference_prefix", false);
      if (!area.reference_prefix.empty() &&
          (area.reference_prefix.size() > 8 ||
           !std::all_of(area.reference_prefix.begin(), area.reference_prefix.end(),
                        [](char c) { return c >= 'A' && c <= 'Z'; }))) {
        reader.fail(
            "reference_prefix '" + area.reference_prefix + "' must be 1 to 8 capital letters",
            "reference_prefix '" + area.reference_prefix + "' phải gồm 1 đến 8 chữ in hoa");
      }
      area.province_codes = reader.strings("province_codes");
      for (const std::string& code : area.province_codes) {
        if (code.find(':') != std::string::npos && !is_area_key(code)) {
          reader.fail("province code '" + code + "' is not \"VN-2004:NN\" or \"VN-2025:NN\"",
                      "mã tỉnh '" + code + "' không có dạng \"VN-2004:NN\" hay \"VN-2025:NN\"");
        }
      }
      for (const std::string& written : reader.strings("commune_ranges")) {
        // "VN-2004:07201-07780", or without a scheme (either scheme).
        const std::size_t colon = written.find(':');
        const std::string scheme = colon == std::string::npos ? "" : written.substr(0, colon);
        const std::string range = colon == std::string::npos ? written : written.substr(colon + 1);
        const std::size_t dash = range.find('-');
        const auto first = parse_code(range.substr(0, dash));
        const auto last = dash == std::string::npos ? first : parse_code(range.substr(dash + 1));
        if (!first || !last || *first > *last ||
            (!scheme.empty() && !is_area_key(scheme + ":" + range.substr(0, dash)))) {
          reader.fail("commune range '" + written + "' is not \"[scheme:]from-to\"",
                      "khoảng mã xã '" + written + "' không có dạng \"[hệ mã:]từ-đến\"");
          continue;
        }
        area.commune_ranges.push_back({scheme, *first, *last});
      }
      Principal principal;
      principal.id = area.id;
      principal.node = area.id;
      principal.role = Role::kNode;
      principal.curve_public = reader.key("curve_public_key");
      principal.signing_public = reader.key("signing_public_key");
      principal.revoked_at_ms = reader.time("revoked_at");
      if (reader.status().ok() && !is_name(area.id)) {
        reader.fail("id '" + area.id + "' must be lowercase letters, digits and '-'",
                    "mã '" + area.id + "' chỉ gồm chữ thường, chữ số và '-'");
      }
      if (!reader.status().ok()) {
        return reader.status();
      }
      if (Status status = add(std::move(principal), where); !status.ok()) {
        return status;
      }
      registry->nodes_.push_back(std::move(area));
    }
  }

  const toml::node* principals = table.get("principals");
  if (principals != nullptr && !principals->is_array_of_tables()) {
    return registry_error(source_name, "[[principals]] must be an array of tables",
                          "[[principals]] phải là mảng các bảng");
  }
  if (principals != nullptr) {
    std::size_t index = 0;
    for (const toml::node& item : *principals->as_array()) {
      const std::string where = "principals[" + std::to_string(index++) + "]";
      EntryReader reader(*item.as_table(), source_name, where);
      reader.only({"id", "role", "kinds", "acts_for", "read_kinds", "curve_public_key",
                   "signing_public_key", "revoked_at", "name"});
      Principal principal;
      principal.id = reader.string("id", true);
      const std::string role = reader.string("role", true);
      principal.kinds = reader.kinds("kinds");
      principal.acts_for = reader.string("acts_for", false);
      principal.name = reader.string("name", false);
      principal.read_kinds = reader.kinds("read_kinds");
      principal.curve_public = reader.key("curve_public_key");
      principal.signing_public = reader.key("signing_public_key");
      principal.revoked_at_ms = reader.time("revoked_at");
      if (!reader.status().ok()) {
        return reader.status();
      }
      const std::optional<std::string> node = principal_node(principal.id);
      if (!node) {
        reader.fail("id '" + principal.id + "' must read \"<node>/<name>\"",
                    "mã '" + principal.id + "' phải có dạng \"<nút>/<tên>\"");
      } else if (registry->node(*node) == nullptr) {
        reader.fail("id '" + principal.id + "': node '" + *node + "' is not in [[nodes]]",
                    "mã '" + principal.id + "': nút '" + *node + "' không có trong [[nodes]]");
      } else {
        principal.node = *node;
      }
      if (role == "unit") {
        principal.role = Role::kUnit;
        if (principal.kinds.empty()) {
          reader.fail("a unit needs kinds", "đơn vị cần có kinds (các loại cảnh báo)");
        }
      } else if (role == "dashboard") {
        principal.role = Role::kDashboard;
      } else if (role == "operator") {
        principal.role = Role::kOperator;
      } else {
        reader.fail("role '" + role + "' is not unit, dashboard or operator",
                    "vai trò '" + role + "' không phải unit, dashboard hay operator");
      }
      if (principal.role != Role::kUnit && !principal.kinds.empty()) {
        reader.fail("only a unit has kinds", "chỉ đơn vị mới có kinds");
      }
      if ((principal.role == Role::kDashboard) == principal.acts_for.empty()) {
        reader.fail("acts_for is for a dashboard, which needs one",
                    "acts_for dành cho bảng điều khiển (dashboard), và bảng điều khiển cần có");
      }
      if (!reader.status().ok()) {
        return reader.status();
      }
      if (Status status = add(std::move(principal), where); !status.ok()) {
        return status;
      }
    }
  }
  // A dashboard acts for a unit of its own node.
  for (const Principal& principal : registry->principals_) {
    if (principal.role != Role::kDashboard) {
      continue;
    }
    const Principal* unit = registry->find(principal.acts_for);
    if (unit == nullptr || unit->role != Role::kUnit || unit->node != principal.node) {
      return registry_error(source_name,
                            "dashboard '" + principal.id + "' acts for '" + principal.acts_for +
                                "', which is not a unit of its node",
                            "bảng điều khiển '" + principal.id + "' đại diện cho '" +
                                principal.acts_for + "', không phải đơn vị thuộc cùng nút");
    }
  }
  return std::shared_ptr<const Registry>(std::move(registry));
}

StatusOr<std::shared_ptr<const Registry>> Registry::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return registry_error(path, "cannot be read", "không đọc được tệp");
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse(text.str(), path);
}

const Principal* Registry::find(std::string_view id) const {
  const auto found = by_id_.find(std::string(id));
  return found == by_id_.end() ? nullptr : &principals_[found->second];
}

const Principal* Registry::find_by_curve_key(const Key32& key) const {
  const auto found = by_curve_key_.find(std::string(key.begin(), key.end()));
  return found == by_curve_key_.end() ? nullptr : &principals_[found->second];
}

const NodeArea* Registry::node(std::string_view id) const {
  const auto found = std::find_if(nodes_.begin(), nodes_.end(),
                                  [&](const NodeArea& area) { return area.id == id; });
  return found == nodes_.end() ? nullptr : &*found;
}

}  // namespace alertbus::protocol
