// alertbusd: one province node's broker. See docs/OPERATIONS.md.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sqlite3.h>

#include "alertbus/logging/log_format.hpp"
#include "alertbus/protocol/clock.hpp"
#include "alertbus/protocol/codec.hpp"
#include "alertbus/systemd/notify.hpp"
#include "config/config.hpp"
#include "metrics/metrics_server.hpp"
#include "node/node.hpp"

namespace {

// Written by the signal handler, polled by the loop: a self-pipe.
int g_stop_pipe[2] = {-1, -1};
int g_reload_pipe[2] = {-1, -1};  // SIGHUP: read the registry again.

void on_stop_signal(int /*signal*/) {
  const char byte = 1;
  (void)!write(g_stop_pipe[1], &byte, 1);
}

void on_reload_signal(int /*signal*/) {
  const char byte = 1;
  (void)!write(g_reload_pipe[1], &byte, 1);
}

bool write_endpoint_file(const std::string& path, const std::vector<std::string>& endpoints) {
  const std::string temporary = path + ".tmp";
  {
    std::ofstream out(temporary, std::ios::trunc);
    for (const std::string& endpoint : endpoints) {
      out << endpoint << '\n';
    }
    if (!out) {
      return false;
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);  // Readers see all of it or nothing.
  return !error;
}

}  // namespace

int main(int argc, char** argv) {
  // Before SQLite starts: no allocation statistics. They take one process-wide mutex on every
  // allocation, which the writer, the projector and the loop's reader would share (about 6%
  // of the projector's CPU per event, measured); nothing here reads them.
  sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  // Every file and directory the node creates is its own: the database and its WAL, the head
  // marker, the projection, the endpoint file, ipc sockets (node/data_dir.hpp).
  umask(0077);
  using alertbus::broker::BrokerConfig;
  CLI::App app{
      "alertbusd: máy chủ trao đổi cảnh báo liên tỉnh của một tỉnh (inter-province alert "
      "broker of one province node)"};
  std::string config_path;
  BrokerConfig flags;
  std::vector<std::string> listen;
  std::vector<std::string> peers;
  bool relay = false;
  bool no_casework = false;
  int max_hops = 0;
  app.add_option("-c,--config", config_path, "Tệp cấu hình TOML (TOML configuration file)");
  app.add_option("--node-id", flags.node_id, "Mã nút, ví dụ bac-giang (node id)");
  app.add_option("--node-name", flags.node_name, "Tên nút (node display name)");
  app.add_option("--reference-prefix", flags.reference_prefix,
                 "Tiền tố số hiệu, ví dụ BG (reference prefix)");
  app.add_option("--listen", listen, "Địa chỉ lắng nghe ZeroMQ, lặp lại được (endpoint to bind)");
  app.add_option("--data-dir", flags.data_dir, "Thư mục dữ liệu (data directory)");
  app.add_option("--endpoint-file", flags.endpoint_file,
                 "Ghi các địa chỉ đã mở vào tệp này (write bound endpoints here)");
  app.add_option("--log-level", flags.log_level, "trace|debug|info|warn|error");
  app.add_option("--metrics-listen", flags.metrics_listen,
                 "Cổng HTTP cho /healthz, /readyz, /metrics, dạng MÁY:CỔNG, cổng 0 = tự chọn"
                 " (metrics listener HOST:PORT; off when unset)");
  app.add_option(
      "--metrics-endpoint-file", flags.metrics_endpoint_file,
      "Ghi địa chỉ cổng chỉ số đã mở vào tệp này (write the bound metrics address here)");
  app.add_option("--log-format", flags.log_format,
                 "text (cho người đọc) | json (mỗi dòng một đối tượng JSON; one JSON object per"
                 " line)");
  app.add_option("--peer", peers,
                 "Nút ngang hàng id=địa-chỉ[=tên], lặp lại được; thay cho [[peers]] trong tệp"
                 " (federation peer, repeatable; replaces the file's [[peers]])");
  app.add_flag("--relay", relay,
               "Chuyển tiếp: nhận mọi sự kiện của nút ngang hàng, không chỉ sự kiện phát sinh ở đó"
               " (relay mode)");
  app.add_option(
      "--security-mode", flags.security_mode,
      "curve (mã hóa và xác thực CurveZMQ) | plain (chỉ để phát triển; development only)");
  app.add_option("--registry", flags.registry_path,
                 "Danh bạ chủ thể và khóa ký tin cậy, đọc lại khi nhận SIGHUP (registry file)");
  app.add_option("--key-file", flags.key_file, "Tệp khóa của nút này (this node's key file)");
  app.add_option("--max-connections", flags.max_connections,
                 "Số kết nối đã xác thực tối đa cùng lúc (most authenticated connections at once)")
      ->check(CLI::Range(1, 100000));
  app.add_option("--publish-events-per-second", flags.publish_events_per_second,
                 "Số sự kiện một chủ thể được gửi mỗi giây, 0 = không giới hạn"
                 " (publish rate per principal)")
      ->check(CLI::Range(0, 1000000));
  app.add_option("--publish-bytes-per-second", flags.publish_bytes_per_second,
                 "Số byte một chủ thể được gửi mỗi giây, 0 = không giới hạn"
                 " (publish bytes per second per principal)");
  app.add_option("--delivery-budget-bytes", flags.delivery_budget_bytes,
                 "Số byte tối đa đã gửi mà một kết nối chưa xác nhận (unacknowledged delivery"
                 " bytes per connection)")
      ->check(CLI::Range(std::size_t{64 * 1024}, std::size_t{1} << 30));
  app.add_option("--handshake-timeout-ms", flags.handshake_timeout_ms,
                 "Thời gian tối đa cho một lần bắt tay, ms (handshake timeout)")
      ->check(CLI::Range(100, 600000));
  app.add_option("--max-pending-handshakes", flags.max_pending_handshakes,
                 "Số kết nối đang bắt tay tối đa (most connections in their handshake)")
      ->check(CLI::Range(1, 100000));
  app.add_option("--max-pending-handshakes-per-address", flags.max_pending_handshakes_per_address,
                 "Số kết nối đang bắt tay tối đa từ một địa chỉ"
                 " (most connections in their handshake from one address)")
      ->check(CLI::Range(1, 100000));
  app.add_option("--verify-threads", flags.verify_threads,
                 "Số luồng kiểm chữ ký phụ trợ, -1 = tự chọn (signature verification helpers)")
      ->check(CLI::Range(-1, 64));
  app.add_option("--checkpoint-interval-ms", flags.checkpoint_interval_ms,
                 "Chu kỳ xin điểm kiểm tra có chữ ký của nút ngang hàng, ms (checkpoint interval)")
      ->check(CLI::Range(100, 86400000));
  app.add_option("--areas-file", flags.areas_file,
                 "Bảng tỉnh theo hai danh mục 2004 và 2025 (province table of both schemes)");
  app.add_option("--overdue-check-interval-ms", flags.overdue_check_interval_ms,
                 "Chu kỳ kiểm tra cảnh báo quá hạn, ms (overdue check interval)")
      ->check(CLI::Range(100, 86400000));
  app.add_option("--escalate-to", flags.escalate_to,
                 "Đơn vị nhận thông báo quá hạn, ví dụ bac-giang/van-phong (escalation unit)");
  app.add_option("--clock-offset-ms", flags.clock_offset_ms,
                 "Chỉ để diễn tập và kiểm thử: xét thời hạn như thể đồng hồ nhanh hơn chừng ấy ms"
                 " (drills and tests only: judge deadlines with the clock this far ahead)");
  app.add_option("--projection-delay-ms", flags.projection_delay_ms,
                 "Chỉ để kiểm thử: bộ chiếu vụ việc chờ chừng ấy ms trước mỗi lượt"
                 " (tests only: keep the case projector behind the log)")
      ->check(CLI::Range(0, 10000));
  app.add_option("--receipt-interval-ms", flags.receipt_interval_ms,
                 "Gom biên nhận trong chừng ấy ms rồi phát một biên nhận cho cả nhóm"
                 " (receipt interval)")
      ->check(CLI::Range(10, 600000));
  app.add_flag("--no-casework", no_casework,
               "Không theo dõi vụ việc: không có hồ sơ, truy vấn hay thông báo quá hạn"
               " (casework off)");
  app.add_option("--heartbeat-interval-ms", flags.heartbeat_interval_ms,
                 "Chu kỳ nhịp tim, ms; kết nối im lặng quá số lần lỡ nhịp bị coi là mất"
                 " (heartbeat interval)")
      ->check(CLI::Range(100, 60000));
  app.add_option("--max-hops", max_hops, "Số chặng tối đa khi chuyển tiếp (most hops, 1-64)")
      ->check(CLI::Range(1, 64));
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    return app.exit(error) == 0 ? 0 : 2;
  }

  BrokerConfig config;
  if (!config_path.empty()) {
    auto loaded = alertbus::broker::load_config_file(config_path);
    if (!loaded.ok()) {
      std::fprintf(stderr, "alertbusd: %s\nalertbusd: %s\n", loaded.status().message_vi().c_str(),
                   loaded.status().message().c_str());
      return 2;
    }
    config = std::move(loaded).value();
  }
  // Flags override the file.
  if (!flags.node_id.empty())
    config.node_id = flags.node_id;
  if (!flags.node_name.empty())
    config.node_name = flags.node_name;
  if (!flags.reference_prefix.empty())
    config.reference_prefix = flags.reference_prefix;
  if (!flags.data_dir.empty())
    config.data_dir = flags.data_dir;
  if (!flags.endpoint_file.empty())
    config.endpoint_file = flags.endpoint_file;
  if (!listen.empty())
    config.listen = listen;
  if (app.count("--log-level") > 0)
    config.log_level = flags.log_level;
  if (!flags.metrics_listen.empty())
    config.metrics_listen = flags.metrics_listen;
  if (!flags.metrics_endpoint_file.empty())
    config.metrics_endpoint_file = flags.metrics_endpoint_file;
  if (app.count("--log-format") > 0)
    config.log_format = flags.log_format;
  if (relay)
    config.relay = true;
  if (app.count("--security-mode") > 0)
    config.security_mode = flags.security_mode;
  if (!flags.registry_path.empty())
    config.registry_path = flags.registry_path;
  if (!flags.key_file.empty())
    config.key_file = flags.key_file;
  if (!flags.areas_file.empty())
    config.areas_file = flags.areas_file;
  if (app.count("--overdue-check-interval-ms") > 0)
    config.overdue_check_interval_ms = flags.overdue_check_interval_ms;
  if (!flags.escalate_to.empty())
    config.escalate_to = flags.escalate_to;
  if (app.count("--clock-offset-ms") > 0)
    config.clock_offset_ms = flags.clock_offset_ms;
  if (app.count("--checkpoint-interval-ms") > 0)
    config.checkpoint_interval_ms = flags.checkpoint_interval_ms;
  if (app.count("--max-connections") > 0)
    config.max_connections = flags.max_connections;
  if (app.count("--publish-events-per-second") > 0)
    config.publish_events_per_second = flags.publish_events_per_second;
  if (app.count("--publish-bytes-per-second") > 0)
    config.publish_bytes_per_second = flags.publish_bytes_per_second;
  if (app.count("--delivery-budget-bytes") > 0)
    config.delivery_budget_bytes = flags.delivery_budget_bytes;
  if (app.count("--handshake-timeout-ms") > 0)
    config.handshake_timeout_ms = flags.handshake_timeout_ms;
  if (app.count("--max-pending-handshakes") > 0)
    config.max_pending_handshakes = flags.max_pending_handshakes;
  if (app.count("--max-pending-handshakes-per-address") > 0)
    config.max_pending_handshakes_per_address = flags.max_pending_handshakes_per_address;
  if (app.count("--verify-threads") > 0)
    config.verify_threads = flags.verify_threads;
  if (max_hops > 0)
    config.max_hops = max_hops;
  if (no_casework)
    config.casework = false;
  if (app.count("--receipt-interval-ms") > 0)
    config.receipt_interval_ms = flags.receipt_interval_ms;
  if (app.count("--projection-delay-ms") > 0)
    config.projection_delay_ms = flags.projection_delay_ms;
  if (app.count("--heartbeat-interval-ms") > 0)
    config.heartbeat_interval_ms = flags.heartbeat_interval_ms;
  if (!peers.empty()) {
    config.peers.clear();
    for (const std::string& text : peers) {
      auto peer = alertbus::broker::parse_peer_flag(text);
      if (!peer.ok()) {
        std::fprintf(stderr, "alertbusd: %s\nalertbusd: %s\n", peer.status().message_vi().c_str(),
                     peer.status().message().c_str());
        return 2;
      }
      config.peers.push_back(std::move(peer).value());
    }
  }
  if (config.node_name.empty())
    config.node_name = config.node_id;
  if (auto status = alertbus::broker::check_config(config); !status.ok()) {
    std::fprintf(stderr, "alertbusd: %s\nalertbusd: %s\n", status.message_vi().c_str(),
                 status.message().c_str());
    return 2;
  }

  spdlog::set_default_logger(
      alertbus::logging::make_stderr_logger("alertbusd", config.node_id,
                                            alertbus::logging::parse_log_format(config.log_format)
                                                .value_or(alertbus::logging::LogFormat::kText)));
  spdlog::set_level(spdlog::level::from_str(config.log_level));
  alertbus::protocol::silence_protobuf_logging();

  if (pipe2(g_stop_pipe, O_CLOEXEC | O_NONBLOCK) != 0 ||
      pipe2(g_reload_pipe, O_CLOEXEC | O_NONBLOCK) != 0) {
    spdlog::critical("cannot create the signal pipe");
    return 1;
  }

  struct sigaction action {};

  action.sa_handler = on_stop_signal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);
  action.sa_handler = on_reload_signal;
  sigaction(SIGHUP, &action, nullptr);
  signal(SIGPIPE, SIG_IGN);
  // Over a file size limit (RLIMIT_FSIZE), a write fails with EFBIG: the commit fails, its
  // publishers get STORE_FAILURE and /readyz says 503, instead of the process dying.
  signal(SIGXFSZ, SIG_IGN);

  const std::int64_t started_ms = alertbus::protocol::now_unix_ms();
  zmq::context_t context(1);
  auto node = alertbus::broker::Node::open(config, context);
  if (!node.ok()) {
    spdlog::critical("cannot start: {}", node.status().to_string());
    return 1;
  }
  for (const std::string& bound : node.value()->bound_endpoints()) {
    spdlog::info("listening on {}", bound);
  }
  // The metrics listener reads what the node counts; it stops before the node. Its address
  // is written before the endpoint file, which tells scripts the node is up.
  std::unique_ptr<alertbus::broker::MetricsServer> metrics;
  if (!config.metrics_listen.empty()) {
    alertbus::broker::PageContext page;
    page.database_path = (std::filesystem::path(config.data_dir) / "alertbus.db").string();
    page.started_ms = started_ms;
    page.stale_after_ms = std::max(10000, 2 * config.heartbeat_interval_ms);
    auto started = alertbus::broker::MetricsServer::start(
        alertbus::broker::parse_http_address(config.metrics_listen).value(),
        node.value()->metrics(), std::move(page));
    if (!started.ok()) {
      spdlog::critical("cannot start: {}", started.status().to_string());
      return 1;
    }
    metrics = std::move(started).value();
    if (!config.metrics_endpoint_file.empty() &&
        !write_endpoint_file(config.metrics_endpoint_file, {metrics->bound()})) {
      spdlog::critical("cannot write endpoint file {}", config.metrics_endpoint_file);
      return 1;
    }
  }
  if (!config.endpoint_file.empty() &&
      !write_endpoint_file(config.endpoint_file, node.value()->bound_endpoints())) {
    spdlog::critical("cannot write endpoint file {}", config.endpoint_file);
    return 1;
  }
  // Under systemd (Type=notify, deploy/systemd): the node serves from here on.
  alertbus::systemd::notify("READY=1");
  const auto status = node.value()->loop().run(g_stop_pipe[0], g_reload_pipe[0]);
  alertbus::systemd::notify("STOPPING=1");
  metrics.reset();
  node.value().reset();
  if (!status.ok()) {
    spdlog::critical("stopped on error: {}", status.to_string());
    return 1;
  }
  return 0;
}
