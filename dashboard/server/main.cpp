// alertbus-dashboard: the officers' web screen for one province node (docs/DASHBOARD.md).
//   alertbus-dashboard serve --config FILE [--url-file FILE]
//   alertbus-dashboard account add|disable|enable|password|list --accounts FILE ...
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <signal.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>
#include <thread>
#include <unistd.h>

#include "alertbus/logging/log_format.hpp"
#include "alertbus/systemd/notify.hpp"
#include "config.hpp"
#include "dashboard_app.hpp"
#include "service_watch.hpp"
#include "state/account_command.hpp"

namespace {

using alertbus::dashboard::DashboardApp;

// `log_format`: --log-format, empty when not given ([log] format of the file then).
int serve(const std::string& config_path, const std::string& url_file,
          const std::string& log_format) {
  // SIGINT and SIGTERM are taken by one thread (sigwait), never by the workers.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  alertbus::StatusOr<alertbus::dashboard::DashboardConfig> config =
      alertbus::dashboard::load_config(config_path);
  if (!config.ok()) {
    std::cerr << "alertbus-dashboard: " << config.status().message_vi() << "\n  ("
              << config.status().message() << ")\n";
    return 2;
  }
  spdlog::set_default_logger(alertbus::logging::make_stderr_logger(
      "alertbus-dashboard", config->node_id(),
      alertbus::logging::parse_log_format(log_format.empty() ? config->log_format : log_format)
          .value_or(alertbus::logging::LogFormat::kText)));
  alertbus::StatusOr<std::unique_ptr<DashboardApp>> app =
      DashboardApp::create(std::move(config).value());
  if (!app.ok()) {
    std::cerr << "alertbus-dashboard: " << app.status().message_vi() << "\n  ("
              << app.status().message() << ")\n";
    return 1;
  }
  if (const alertbus::Status started = app.value()->start(); !started.ok()) {
    std::cerr << "alertbus-dashboard: " << started.message_vi() << "\n  (" << started.message()
              << ")\n";
    return 1;
  }
  const auto& c = app.value()->config();
  const std::string url = std::string(c.tls() ? "https" : "http") + "://" + c.listen_host + ":" +
                          std::to_string(app.value()->port()) + "/";
  if (!url_file.empty()) {
    std::ofstream(url_file) << url << '\n';
  }
  std::thread stopper([&app, stop_signals] {
    int received = 0;
    sigwait(&stop_signals, &received);
    spdlog::info("dashboard: stopping (signal {})", received);
    app.value()->stop();
  });
  stopper.detach();
  // Under systemd (Type=notify, deploy/systemd): READY=1 once the listener answers, then
  // WATCHDOG=1 while it does (service_watch.hpp).
  alertbus::dashboard::ServiceWatch watch(c.listen_host, app.value()->port(), c.tls());
  watch.start();
  app.value()->serve();
  watch.stop();
  alertbus::systemd::notify("STOPPING=1");
  app.value()->stop();
  // Every state the dashboard keeps is committed as it goes (SQLite, synchronous=FULL); what
  // may still be in flight is an officer's event the broker has not acknowledged yet: give
  // the publishers a moment, then leave without waiting on connections to a broker that may
  // be gone (closing them could wait for ever).
  app.value()->flush(std::chrono::seconds(2));
  spdlog::info("dashboard: stopped");
  spdlog::shutdown();
  std::_Exit(0);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("alertbus-dashboard: bảng điều khiển cảnh báo cho cán bộ (the officers' dashboard)");
  app.require_subcommand(1);
  std::string config_path;
  std::string url_file;
  CLI::App* serve_command =
      app.add_subcommand("serve", "Chạy máy chủ bảng điều khiển (run the dashboard server)");
  serve_command->add_option("-c,--config", config_path, "Tệp cấu hình (configuration file)")
      ->required();
  serve_command->add_option("--url-file", url_file,
                            "Ghi địa chỉ trang vào tệp này (write the page's URL here)");
  std::string log_format;
  serve_command
      ->add_option("--log-format", log_format,
                   "text (cho người đọc) | json (mỗi dòng một đối tượng JSON; one JSON object per"
                   " line); mặc định: [log] format của tệp cấu hình, text (default: the file's"
                   " [log] format, text)")
      ->check(CLI::IsMember({"text", "json"}));
  alertbus::dashboard::AccountCommandContext accounts{std::cin, std::cout, std::cerr};
  accounts.terminal_fd = STDIN_FILENO;
  alertbus::dashboard::add_account_commands(app, accounts);
  CLI11_PARSE(app, argc, argv);
  if (serve_command->parsed()) {
    return serve(config_path, url_file, log_format);
  }
  return accounts.exit_code;
}
