// MetricsServer: alertbusd's plain-HTTP listener for /healthz, /readyz and /metrics
// ([metrics] listen, --metrics-listen; docs/OPERATIONS.md, "Health and metrics"), on
// cpp-httplib (Debian's libcpp-httplib-dev, as the dashboard uses).
//
// It never touches the loop's objects: it renders from BrokerMetrics' atomics and the
// loop's last published snapshot (loop_snapshot.hpp), and stats the database files. A
// scrape costs the loop nothing; a slow client holds one of the listener's kThreads.
// Only GET and HEAD are answered (405 otherwise); other paths get 404.
//
// Threading: start() and the destructor on the main thread; requests on the listener's own
// threads.
#pragma once

#include <memory>
#include <string>
#include <thread>

#include "alertbus/protocol/status.hpp"
#include "config/config.hpp"
#include "metrics/broker_metrics.hpp"
#include "metrics/metrics_page.hpp"

namespace httplib {
class Server;
}

namespace alertbus::broker {

class MetricsServer {
 public:
  static constexpr int kThreads = 2;

  // Binds `address` (port 0: any free port) and starts serving. `metrics` must outlive the
  // server.
  static StatusOr<std::unique_ptr<MetricsServer>> start(const HttpAddress& address,
                                                        const BrokerMetrics& metrics,
                                                        PageContext context);
  ~MetricsServer();
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // "HOST:PORT" as bound (the port chosen when 0 was asked for); IPv6 hosts in brackets.
  const std::string& bound() const { return bound_; }

 private:
  MetricsServer(const BrokerMetrics& metrics, PageContext context);

  const BrokerMetrics& metrics_;
  const PageContext context_;
  std::unique_ptr<httplib::Server> server_;
  std::string bound_;
  std::thread thread_;
};

}  // namespace alertbus::broker
