// Reading alertbus-dashboard's TOML configuration (config.hpp).
#include "config.hpp"

#include <filesystem>
#include <optional>
#include <toml++/toml.h>
#include <utility>

#include "alertbus/logging/log_format.hpp"
#include "alertbus/toml/toml_file.hpp"

#ifndef ALERTBUS_DEFAULT_WEB_ROOT
#define ALERTBUS_DEFAULT_WEB_ROOT "/usr/local/share/alertbus/dashboard/web"
#endif

namespace alertbus::dashboard {
namespace {

Status config_error(const std::string& key, const std::string& en, const std::string& vi) {
  return Status::error(v1::INVALID_VALUE, key + ": " + en, key + ": " + vi, key);
}

// A path from the file, taken from the file's folder when relative; empty stays empty.
std::string resolve(const std::filesystem::path& folder, const std::string& value) {
  if (value.empty() || std::filesystem::path(value).is_absolute()) {
    return value;
  }
  return (folder / value).lexically_normal().string();
}

class Reader {
 public:
  explicit Reader(const toml::table& table) : table_(table) {}

  void text(const char* section, const char* key, std::string* target) {
    const toml::node_view<const toml::node> node = table_[section][key];
    if (!node) {
      return;
    }
    if (const std::optional<std::string> value = node.value<std::string>()) {
      *target = *value;
    } else {
      fail(config_error(std::string(section) + "." + key, "must be a string", "phải là một chuỗi"));
    }
  }

  void number(const char* section, const char* key, int low, int high, int* target) {
    const toml::node_view<const toml::node> node = table_[section][key];
    if (!node) {
      return;
    }
    const std::optional<std::int64_t> value = toml_file::exact_integer(node);
    if (!value || *value < low || *value > high) {
      const std::string range = std::to_string(low) + ".." + std::to_string(high);
      fail(config_error(std::string(section) + "." + key, "must be a whole number in " + range,
                        "phải là số nguyên trong khoảng " + range));
      return;
    }
    *target = static_cast<int>(*value);
  }

  void fail(Status status) {
    if (status_.ok()) {
      status_ = std::move(status);
    }
  }

  Status status() const { return status_; }

 private:
  const toml::table& table_;
  Status status_;
};

Status read_units(const toml::table& table, DashboardConfig* config) {
  const toml::array* units = table["unit"].as_array();
  if (units == nullptr || units->empty()) {
    return config_error("unit", "at least one [[unit]] (id, key_file) is required",
                        "cần ít nhất một mục [[unit]] (id, key_file)");
  }
  for (const toml::node& item : *units) {
    const toml::table* unit = item.as_table();
    UnitConfig parsed;
    if (unit != nullptr) {
      parsed.id = (*unit)["id"].value_or(std::string());
      parsed.key_file = (*unit)["key_file"].value_or(std::string());
    }
    if (parsed.id.find('/') == std::string::npos || parsed.key_file.empty()) {
      return config_error("unit", "each [[unit]] needs id (\"node/unit\") and key_file",
                          "mỗi mục [[unit]] cần id (\"nút/đơn-vị\") và key_file");
    }
    for (const UnitConfig& earlier : config->units) {
      if (earlier.id == parsed.id) {
        return config_error("unit", "unit " + parsed.id + " is listed twice",
                            "đơn vị " + parsed.id + " được khai hai lần");
      }
    }
    config->units.push_back(std::move(parsed));
  }
  return {};
}

}  // namespace

StatusOr<DashboardConfig> load_config(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    return Status::error(v1::NOT_FOUND, "configuration file not found: " + path,
                         "không tìm thấy tệp cấu hình: " + path);
  }
  StatusOr<toml::table> parsed = toml_file::parse(path);
  if (!parsed.ok()) {
    return parsed.status();
  }
  const toml::table& table = parsed.value();
  DashboardConfig config;
  Reader read(table);
  std::string listen = config.listen_host + ":" + std::to_string(config.listen_port);
  read.text("dashboard", "listen", &listen);
  read.text("dashboard", "web_root", &config.web_root);
  read.text("dashboard", "state_dir", &config.state_dir);
  read.text("dashboard", "accounts", &config.accounts_file);
  read.text("dashboard", "areas_file", &config.areas_file);
  read.text("dashboard", "tls_cert", &config.tls_cert);
  read.text("dashboard", "tls_key", &config.tls_key);
  read.number("dashboard", "max_connections", 8, 65536, &config.max_connections);
  read.number("dashboard", "session_idle_hours", 1, 24 * 30, &config.session_idle_hours);
  read.text("broker", "endpoint", &config.broker_endpoint);
  read.text("broker", "server_key", &config.server_key);
  read.number("broker", "request_timeout_ms", 100, 600000, &config.request_timeout_ms);
  read.text("log", "format", &config.log_format);
  if (!logging::parse_log_format(config.log_format)) {
    read.fail(config_error("log.format", "must be \"text\" or \"json\"",
                           "phải là \"text\" hoặc \"json\""));
  }
  read.fail(read_units(table, &config));
  if (!read.status().ok()) {
    return read.status();
  }
  const std::size_t colon = listen.rfind(':');
  int port = -1;
  if (colon != std::string::npos) {
    try {
      port = std::stoi(listen.substr(colon + 1));
    } catch (const std::exception&) {
      port = -1;
    }
  }
  if (colon == std::string::npos || colon == 0 || port < 0 || port > 65535) {
    return config_error("dashboard.listen",
                        "must be HOST:PORT, e.g. 127.0.0.1:8401 (port 0: any free port)",
                        "phải có dạng HOST:PORT, ví dụ 127.0.0.1:8401 (cổng 0: cổng trống bất kỳ)");
  }
  config.listen_host = listen.substr(0, colon);
  config.listen_port = port;
  for (const auto& [key, value] : {std::pair{"dashboard.state_dir", &config.state_dir},
                                   std::pair{"dashboard.accounts", &config.accounts_file},
                                   std::pair{"broker.endpoint", &config.broker_endpoint}}) {
    if (value->empty()) {
      return config_error(key, "is required", "là bắt buộc");
    }
  }
  if (config.tls_cert.empty() != config.tls_key.empty()) {
    return config_error("dashboard.tls_cert", "tls_cert and tls_key go together",
                        "tls_cert và tls_key phải đi cùng nhau");
  }
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  for (std::string* value : {&config.web_root, &config.state_dir, &config.accounts_file,
                             &config.areas_file, &config.tls_cert, &config.tls_key}) {
    *value = resolve(folder, *value);
  }
  for (UnitConfig& unit : config.units) {
    unit.key_file = resolve(folder, unit.key_file);
  }
  if (config.web_root.empty()) {
    config.web_root = installed_web_root();
  }
  return config;
}

std::string DashboardConfig::node_id() const {
  return units.empty() ? std::string() : units.front().id.substr(0, units.front().id.find('/'));
}

std::string installed_web_root() {
  return ALERTBUS_DEFAULT_WEB_ROOT;
}

}  // namespace alertbus::dashboard
