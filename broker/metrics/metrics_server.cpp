#include "metrics/metrics_server.hpp"

#include <httplib.h>
#include <spdlog/spdlog.h>

#include "alertbus/v1/common.pb.h"
#include "alertbus/v1/errors.pb.h"

#include "alertbus/protocol/clock.hpp"
#include "metrics/exposition.hpp"

namespace alertbus::broker {

MetricsServer::MetricsServer(const BrokerMetrics& metrics, PageContext context)
    : metrics_(metrics),
      context_(std::move(context)),
      server_(std::make_unique<httplib::Server>()) {}

MetricsServer::~MetricsServer() {
  server_->stop();
  if (thread_.joinable()) {
    thread_.join();
  }
}

StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::start(const HttpAddress& address,
                                                              const BrokerMetrics& metrics,
                                                              PageContext context) {
  // protobuf builds a .proto file's descriptors lazily, the first time anything asks, behind
  // a once-flag in libprotobuf, which is not built for ThreadSanitizer: a page's first look at
  // the enums' names on a listener thread, and the loop's first Status::to_string, would meet
  // there unseen (a race reported when a failing commit was the loop's first). Built here, on
  // the starting thread before the listener's threads exist, they are only read afterwards.
  (void)v1::AlertKind_descriptor();
  (void)v1::ErrorCode_descriptor();
  std::unique_ptr<MetricsServer> self(new MetricsServer(metrics, std::move(context)));
  httplib::Server& server = *self->server_;
  server.new_task_queue = [] { return new httplib::ThreadPool(kThreads); };
  // SO_REUSEADDR only (not httplib's SO_REUSEPORT): a second broker on the same port fails.
  server.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  server.set_read_timeout(std::chrono::seconds(5));
  server.set_write_timeout(std::chrono::seconds(5));
  server.set_keep_alive_timeout(5);
  server.set_payload_max_length(1024);
  server.set_pre_routing_handler([](const httplib::Request& request, httplib::Response& response) {
    if (request.method == "GET" || request.method == "HEAD") {
      return httplib::Server::HandlerResponse::Unhandled;
    }
    response.status = 405;
    response.set_header("Allow", "GET, HEAD");
    response.set_content("chỉ nhận GET và HEAD (only GET and HEAD)\n", "text/plain; charset=utf-8");
    return httplib::Server::HandlerResponse::Handled;
  });
  MetricsServer* const server_self = self.get();
  server.Get("/healthz", [](const httplib::Request&, httplib::Response& response) {
    response.set_content("ok\n", "text/plain; charset=utf-8");
  });
  server.Get("/readyz", [server_self](const httplib::Request&, httplib::Response& response) {
    const Readiness readiness =
        judge_readiness(server_self->metrics_, server_self->metrics_.loop.read(),
                        protocol::now_unix_ms(), server_self->context_);
    response.status = readiness.ready ? 200 : 503;
    response.set_content(readiness.body, "text/plain; charset=utf-8");
  });
  server.Get("/metrics", [server_self](const httplib::Request&, httplib::Response& response) {
    response.set_content(render_metrics(server_self->metrics_, server_self->metrics_.loop.read(),
                                        server_self->context_),
                         kExpositionContentType);
  });
  int port = address.port;
  if (port == 0) {
    port = server.bind_to_any_port(address.host);
  } else if (!server.bind_to_port(address.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    const std::string where = address.host + ":" + std::to_string(address.port);
    return Status::error(v1::INTERNAL, "cannot listen for metrics on " + where,
                         "không mở được cổng chỉ số (metrics) trên " + where, "metrics.listen");
  }
  const bool ipv6 = address.host.find(':') != std::string::npos;
  self->bound_ = (ipv6 ? "[" + address.host + "]" : address.host) + ":" + std::to_string(port);
  self->thread_ = std::thread([&server] { server.listen_after_bind(); });
  // Until it runs, stop() would not reach it (and the destructor would wait for ever).
  for (int waited = 0; !server.is_running() && waited < 5000; ++waited) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  spdlog::info("metrics: /healthz /readyz /metrics on http://{}", self->bound_);
  return self;
}

}  // namespace alertbus::broker
