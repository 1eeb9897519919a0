#include "service_watch.hpp"

#include <algorithm>
#include <cstdlib>
#include <httplib.h>
#include <memory>
#include <spdlog/spdlog.h>
#include <utility>

#include "alertbus/systemd/notify.hpp"

namespace alertbus::dashboard {

namespace {

// Before READY=1: how often the listener is asked until it answers.
constexpr std::chrono::milliseconds kReadyPoll{100};

std::string probe_host(const std::string& host) {
  if (host == "0.0.0.0" || host.empty()) {
    return "127.0.0.1";
  }
  if (host == "::" || host == "[::]") {
    return "::1";
  }
  return host;
}

}  // namespace

ServiceWatch::ServiceWatch(std::string host, int port, bool tls)
    : host_(probe_host(host)), port_(port), tls_(tls), watchdog_(systemd::watchdog_interval()) {}

ServiceWatch::~ServiceWatch() {
  stop();
}

void ServiceWatch::start() {
  const char* socket = std::getenv("NOTIFY_SOCKET");
  if (socket == nullptr || *socket == '\0' || thread_.joinable()) {
    return;
  }
  thread_ = std::thread([this] { run(); });
}

void ServiceWatch::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) {
    thread_.join();
  }
}

bool ServiceWatch::probe(std::chrono::milliseconds timeout) const {
  std::unique_ptr<httplib::ClientImpl> client;
  if (tls_) {
    auto secure = std::make_unique<httplib::SSLClient>(host_, port_);
    // Its own listener, reached by address: the certificate names the public host.
    secure->enable_server_certificate_verification(false);
    client = std::move(secure);
  } else {
    client = std::make_unique<httplib::ClientImpl>(host_, port_);
  }
  client->set_connection_timeout(timeout);
  client->set_read_timeout(timeout);
  client->set_write_timeout(timeout);
  client->set_keep_alive(false);
  const httplib::Result result = client->Get("/api/me");
  return result && (result->status == 401 || result->status == 503 || result->status == 200);
}

void ServiceWatch::run() {
  const std::chrono::milliseconds period =
      watchdog_ ? std::max(std::chrono::milliseconds(50),
                           std::chrono::duration_cast<std::chrono::milliseconds>(*watchdog_ / 3))
                : kReadyPoll;
  const std::chrono::milliseconds timeout =
      std::clamp(period, std::chrono::milliseconds(200), std::chrono::milliseconds(5000));
  bool ready = false;
  while (true) {
    const bool answered = probe(timeout);
    {
      // No notification once stop() began: STOPPING=1 is the last word.
      std::lock_guard lock(mutex_);
      if (stopping_) {
        return;
      }
      if (answered && !ready) {
        ready = true;
        systemd::notify("READY=1");
      } else if (answered && watchdog_) {
        systemd::notify("WATCHDOG=1");
      }
    }
    if (!answered && ready) {
      spdlog::warn(
          "dashboard: trang không trả lời kiểm tra của chính nó ({}:{}) (the listener did not "
          "answer its own check)",
          host_, port_);
    }
    if (ready && !watchdog_) {
      return;  // Nothing more to tell systemd until STOPPING=1.
    }
    if (!wait(ready ? period : kReadyPoll)) {
      return;
    }
  }
}

bool ServiceWatch::wait(std::chrono::milliseconds period) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, period, [this] { return stopping_; });
}

}  // namespace alertbus::dashboard
