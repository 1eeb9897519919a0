#include "config/config.hpp"

#include <algorithm>
#include <cctype>
#include <toml++/toml.h>

#include "alertbus/toml/toml_file.hpp"

namespace alertbus::broker {
namespace {

Status config_error(const std::string& en, const std::string& vi) {
  return Status::error(v1::INVALID_VALUE, "configuration: " + en, "cấu hình: " + vi);
}

bool is_node_id(const std::string& id) {
  return !id.empty() && id.size() <= 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

template <typename T>
Status read_number(const toml::table& table, const char* section, const char* key, T* out,
                   std::int64_t min, std::int64_t max) {
  const toml::node_view node = table[section][key];
  if (!node) {
    return {};
  }
  // TOML integers only (found by fuzz_config: toml++ converts 81e91 with undefined behaviour).
  const std::optional<std::int64_t> value = toml_file::exact_integer(node);
  const std::string name = std::string(section) + "." + key;
  if (!value || *value < min || *value > max) {
    return config_error(
        name + " must be an integer in " + std::to_string(min) + ".." + std::to_string(max),
        name + " phải là số nguyên trong khoảng " + std::to_string(min) + ".." +
            std::to_string(max));
  }
  *out = static_cast<T>(*value);
  return {};
}

Status read_string(const toml::table& table, const char* section, const char* key,
                   std::string* out) {
  const toml::node_view node = table[section][key];
  if (!node) {
    return {};
  }
  const std::optional<std::string> value = node.value<std::string>();
  if (!value) {
    const std::string name = std::string(section) + "." + key;
    return config_error(name + " must be a string", name + " phải là chuỗi");
  }
  *out = *value;
  return {};
}

// [deadlines.<kind>] acknowledge_hours, acknowledge_severe_hours, follow_up_hours.
Status read_deadlines(const toml::table& table, protocol::Deadlines* deadlines) {
  const toml::node_view section = table["deadlines"];
  if (!section) {
    return {};
  }
  const toml::table* kinds = section.as_table();
  if (kinds == nullptr) {
    return config_error("[deadlines] must be a table", "[deadlines] phải là bảng");
  }
  for (const auto& [key, node] : *kinds) {
    const std::string kind_key(key.str());
    std::string upper = kind_key;
    std::transform(upper.begin(), upper.end(), upper.begin(), [](char c) {
      return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    });
    v1::AlertKind kind = v1::ALERT_KIND_UNSPECIFIED;
    const toml::table* rules = node.as_table();
    if (!v1::AlertKind_Parse(upper, &kind) || kind == v1::ALERT_KIND_UNSPECIFIED ||
        rules == nullptr) {
      return config_error("[deadlines." + kind_key +
                              "] must name a kind: animal_disease, crop_pest, forest_fire, "
                              "unsafe_food or external",
                          "[deadlines." + kind_key +
                              "] phải là một loại cảnh báo: animal_disease, crop_pest, "
                              "forest_fire, unsafe_food hoặc external");
    }
    protocol::Deadlines::Rule& rule = deadlines->rules[static_cast<std::size_t>(kind)];
    for (const auto& [field, value] : *rules) {
      const std::string name = "deadlines." + kind_key + "." + std::string(field.str());
      std::int64_t* target = field == "acknowledge_hours"          ? &rule.acknowledge_ms
                             : field == "acknowledge_severe_hours" ? &rule.acknowledge_severe_ms
                             : field == "follow_up_hours"          ? &rule.follow_up_ms
                                                                   : nullptr;
      if (target == nullptr) {
        return config_error(name +
                                " is not a setting (acknowledge_hours, "
                                "acknowledge_severe_hours, follow_up_hours)",
                            name +
                                " không phải là thiết lập hợp lệ (acknowledge_hours, "
                                "acknowledge_severe_hours, follow_up_hours)");
      }
      const std::optional<std::int64_t> hours = value.value_exact<std::int64_t>();
      if (!hours || *hours < 0 || *hours > 24 * 365) {
        return config_error(name + " must be a whole number of hours in 0..8760 (0: none)",
                            name + " phải là số giờ nguyên trong khoảng 0..8760 (0: không có)");
      }
      *target = *hours * 3600 * 1000;
    }
  }
  return {};
}

}  // namespace

StatusOr<BrokerConfig> load_config_file(const std::string& path) {
  StatusOr<toml::table> parsed = toml_file::parse(path);
  if (!parsed.ok()) {
    return config_error(parsed.status().message(), parsed.status().message_vi());
  }
  const toml::table& table = parsed.value();
  BrokerConfig config;
  Status status;
  const auto check = [&status](Status next) {
    if (status.ok()) {
      status = std::move(next);
    }
  };
  check(read_string(table, "node", "id", &config.node_id));
  check(read_string(table, "node", "name", &config.node_name));
  check(read_string(table, "node", "reference_prefix", &config.reference_prefix));
  check(read_string(table, "node", "province_code", &config.province_code));
  check(read_string(table, "broker", "data_dir", &config.data_dir));
  check(read_string(table, "broker", "endpoint_file", &config.endpoint_file));
  if (const toml::array* listen = table["broker"]["listen"].as_array()) {
    for (const toml::node& item : *listen) {
      const std::optional<std::string> endpoint = item.value<std::string>();
      if (!endpoint) {
        check(config_error("broker.listen must be a list of strings",
                           "broker.listen phải là danh sách chuỗi"));
        break;
      }
      config.listen.push_back(*endpoint);
    }
  } else if (table["broker"]["listen"]) {
    check(config_error("broker.listen must be a list of strings",
                       "broker.listen phải là danh sách chuỗi"));
  }
  check(read_number(table, "limits", "max_event_bytes", &config.max_event_bytes, 1024,
                    16 * 1024 * 1024));
  check(read_number(table, "limits", "max_in_flight", &config.max_in_flight, 1, 100000));
  check(read_number(table, "limits", "max_subscriptions", &config.max_subscriptions, 1, 10000));
  check(read_number(table, "limits", "max_batch_events", &config.max_batch_events, 1, 100000));
  check(read_number(table, "limits", "recent_events", &config.recent_events, 16, 1000000));
  check(read_number(table, "limits", "max_connections", &config.max_connections, 1, 100000));
  check(read_number(table, "limits", "handshake_timeout_ms", &config.handshake_timeout_ms, 100,
                    600000));
  check(read_number(table, "limits", "max_pending_handshakes", &config.max_pending_handshakes, 1,
                    100000));
  check(read_number(table, "limits", "publish_events_per_second", &config.publish_events_per_second,
                    0, 1000000));
  check(read_number(table, "limits", "publish_bytes_per_second", &config.publish_bytes_per_second,
                    0, std::size_t{1} << 34));
  check(read_number(table, "limits", "delivery_budget_bytes", &config.delivery_budget_bytes,
                    64 * 1024, std::size_t{1} << 30));
  check(read_number(table, "limits", "max_pending_handshakes_per_address",
                    &config.max_pending_handshakes_per_address, 1, 100000));
  check(read_string(table, "security", "mode", &config.security_mode));
  check(read_string(table, "security", "registry", &config.registry_path));
  check(read_string(table, "security", "key_file", &config.key_file));
  check(read_number(table, "security", "verify_threads", &config.verify_threads, -1, 64));
  check(read_number(table, "heartbeat", "interval_ms", &config.heartbeat_interval_ms, 100, 60000));
  check(read_number(table, "heartbeat", "misses", &config.heartbeat_misses, 1, 100));
  check(read_string(table, "log", "level", &config.log_level));
  check(read_string(table, "metrics", "listen", &config.metrics_listen));
  check(read_string(table, "metrics", "endpoint_file", &config.metrics_endpoint_file));
  check(read_string(table, "log", "format", &config.log_format));
  check(read_number(table, "federation", "link_credit", &config.link_credit, 1, 10000));
  check(read_number(table, "federation", "max_hops", &config.max_hops, 1, 64));
  check(read_number(table, "federation", "checkpoint_interval_ms", &config.checkpoint_interval_ms,
                    100, 86400000));
  check(read_number(table, "federation", "recovery_window_ms", &config.recovery_window_ms, 100,
                    86400000));
  if (const toml::node_view relay = table["federation"]["relay"]) {
    if (const std::optional<bool> value = relay.value<bool>()) {
      config.relay = *value;
    } else {
      check(config_error("federation.relay must be true or false",
                         "federation.relay phải là true hoặc false"));
    }
  }
  if (const toml::node_view enabled = table["casework"]["enabled"]) {
    if (const std::optional<bool> value = enabled.value<bool>()) {
      config.casework = *value;
    } else {
      check(config_error("casework.enabled must be true or false",
                         "casework.enabled phải là true hoặc false"));
    }
  }
  check(read_string(table, "casework", "areas_file", &config.areas_file));
  if (const toml::array* nodes = table["casework"]["nodes"].as_array()) {
    for (const toml::node& item : *nodes) {
      const std::optional<std::string> node = item.value<std::string>();
      if (!node || !is_node_id(*node)) {
        check(config_error("casework.nodes must be a list of node ids",
                           "casework.nodes phải là danh sách mã nút"));
        break;
      }
      config.case_nodes.push_back(*node);
    }
  } else if (table["casework"]["nodes"]) {
    check(config_error("casework.nodes must be a list of node ids",
                       "casework.nodes phải là danh sách mã nút"));
  }
  check(read_deadlines(table, &config.deadlines));
  check(read_number(table, "casework", "overdue_check_interval_ms",
                    &config.overdue_check_interval_ms, 100, 86400000));
  check(read_string(table, "casework", "escalate_to", &config.escalate_to));
  check(read_number(table, "casework", "receipt_interval_ms", &config.receipt_interval_ms, 10,
                    600000));
  if (const toml::array* peers = table["peers"].as_array()) {
    for (const toml::node& item : *peers) {
      const toml::table* peer = item.as_table();
      if (peer == nullptr) {
        check(config_error("[[peers]] entries must be tables", "mục [[peers]] phải là bảng"));
        break;
      }
      PeerConfig entry;
      entry.id = (*peer)["id"].value_or(std::string());
      entry.name = (*peer)["name"].value_or(std::string());
      entry.endpoint = (*peer)["endpoint"].value_or(std::string());
      entry.province_code = (*peer)["province_code"].value_or(std::string());
      config.peers.push_back(std::move(entry));
    }
  } else if (table["peers"]) {
    check(config_error("peers must be written as [[peers]] tables",
                       "peers phải được viết dạng bảng [[peers]]"));
  }
  if (!status.ok()) {
    return status;
  }
  return config;
}

StatusOr<PeerConfig> parse_peer_flag(const std::string& text) {
  const std::size_t first = text.find('=');
  if (first == std::string::npos || first == 0) {
    return config_error("--peer '" + text + "' must read id=endpoint",
                        "--peer '" + text + "' phải có dạng mã=địa-chỉ");
  }
  PeerConfig peer;
  peer.id = text.substr(0, first);
  std::string rest = text.substr(first + 1);
  // An endpoint holds no '=', so a second one starts the display name.
  const std::size_t second = rest.find('=');
  if (second != std::string::npos) {
    peer.name = rest.substr(second + 1);
    rest.resize(second);
  }
  peer.endpoint = rest;
  return peer;
}

StatusOr<HttpAddress> parse_http_address(const std::string& text) {
  const std::size_t colon = text.rfind(':');
  HttpAddress address;
  bool ok = colon != std::string::npos && colon > 0 && colon + 1 < text.size() &&
            colon + 6 >= text.size();
  if (ok) {
    address.host = text.substr(0, colon);
    if (address.host.front() == '[' && address.host.back() == ']') {
      address.host = address.host.substr(1, address.host.size() - 2);
    }
    const std::string port = text.substr(colon + 1);
    ok = !address.host.empty() &&
         std::all_of(port.begin(), port.end(), [](char c) { return c >= '0' && c <= '9'; });
    if (ok) {
      address.port = std::stoi(port);
      ok = address.port <= 65535;
    }
  }
  if (!ok) {
    return config_error("metrics.listen '" + text + "' must read HOST:PORT (port 0-65535)",
                        "metrics.listen '" + text + "' phải có dạng MÁY:CỔNG (cổng 0-65535)");
  }
  return address;
}

Status check_config(const BrokerConfig& config) {
  if (!is_node_id(config.node_id)) {
    return config_error(
        "node.id '" + config.node_id + "' must be 1-64 lowercase letters, digits or '-'",
        "node.id '" + config.node_id + "' phải gồm 1-64 chữ thường không dấu, chữ số hoặc '-'");
  }
  if (config.reference_prefix.empty() || config.reference_prefix.size() > 8) {
    return config_error("node.reference_prefix must be 1-8 characters",
                        "node.reference_prefix phải dài 1-8 ký tự");
  }
  if (config.listen.empty()) {
    return config_error("broker.listen needs at least one endpoint",
                        "broker.listen cần ít nhất một địa chỉ");
  }
  if (config.data_dir.empty()) {
    return config_error("broker.data_dir is required", "thiếu broker.data_dir");
  }
  for (std::size_t i = 0; i < config.peers.size(); ++i) {
    const PeerConfig& peer = config.peers[i];
    const std::string name = "peers[" + std::to_string(i) + "]";
    if (!is_node_id(peer.id) || peer.id == config.node_id) {
      return config_error(
          name + ".id '" + peer.id +
              "' must be another node's id: 1-64 lowercase letters, digits or '-'",
          name + ".id '" + peer.id +
              "' phải là mã của một nút khác: 1-64 chữ thường không dấu, chữ số hoặc '-'");
    }
    if (peer.endpoint.rfind("tcp://", 0) != 0 && peer.endpoint.rfind("ipc://", 0) != 0) {
      return config_error(name + ".endpoint must be a tcp:// or ipc:// address",
                          name + ".endpoint phải là địa chỉ tcp:// hoặc ipc://");
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (config.peers[j].id == peer.id) {
        return config_error("peer '" + peer.id + "' is listed twice",
                            "nút ngang hàng '" + peer.id + "' được khai báo hai lần");
      }
    }
  }
  if (config.security_mode != "curve" && config.security_mode != "plain") {
    return config_error("security.mode must be \"curve\" or \"plain\"",
                        "security.mode phải là \"curve\" hoặc \"plain\"");
  }
  if (config.security_mode == "curve" &&
      (config.registry_path.empty() || config.key_file.empty())) {
    return config_error("security.mode \"curve\" needs security.registry and security.key_file",
                        "security.mode \"curve\" cần security.registry và security.key_file");
  }
  if (!config.metrics_listen.empty()) {
    if (auto address = parse_http_address(config.metrics_listen); !address.ok()) {
      return address.status();
    }
  }
  static const char* const kLevels[] = {"trace", "debug",    "info", "warn",
                                        "error", "critical", "off"};
  if (std::find(std::begin(kLevels), std::end(kLevels), config.log_level) == std::end(kLevels)) {
    return config_error("log.level must be one of trace, debug, info, warn, error, off",
                        "log.level phải là một trong trace, debug, info, warn, error, off");
  }
  if (config.log_format != "text" && config.log_format != "json") {
    return config_error("log.format must be \"text\" or \"json\"",
                        "log.format phải là \"text\" hoặc \"json\"");
  }
  return {};
}

}  // namespace alertbus::broker
