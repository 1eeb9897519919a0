#include "soak/soak_watchers.hpp"

#include <memory>
#include <string>

#include "alertbus/client/subscriber.hpp"

namespace alertbus::bench::soak {

Watchers::Watchers(Network& network, Ledger& ledger) : network_(network), ledger_(ledger) {}

Watchers::~Watchers() {
  stop();
}

void Watchers::start() {
  for (std::size_t node = 0; node < network_.size(); ++node) {
    threads_.emplace_back([this, node] { run(node); });
  }
}

void Watchers::stop() {
  stopping_ = true;
  for (std::thread& thread : threads_) {
    thread.join();
  }
  threads_.clear();
}

void Watchers::run(std::size_t node) {
  client::SubscriberOptions options;
  options.endpoint = network_.endpoint(node);
  options.durable_name = "soak-watcher";
  options.start = client::StartPosition::from_beginning();
  options.credit = 1000;
  options.heartbeat_interval = std::chrono::milliseconds(1000);
  options.credentials = network_.credentials(network_.node_id(node) + "/operator", node);
  std::unique_ptr<client::Subscriber> subscriber;
  std::uint64_t counted = 0;  // The current Subscriber's reconnections already added.
  while (!stopping_) {
    if (!subscriber) {
      StatusOr<std::unique_ptr<client::Subscriber>> made = client::Subscriber::connect(options);
      if (!made.ok()) {
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        continue;
      }
      subscriber = std::move(made.value());
      counted = 0;
    }
    StatusOr<std::optional<v1::StoredEvent>> next =
        subscriber->next(std::chrono::milliseconds(200));
    reconnects_ += subscriber->reconnects() - counted;
    counted = subscriber->reconnects();
    if (!next.ok()) {
      subscriber.reset();
      ++remade_;
      continue;
    }
    if (!next.value()) {
      continue;
    }
    const v1::StoredEvent& stored = *next.value();
    ledger_.seen(node, stored.event_id(), Clock::now());
    if (stored.type() == v1::ALERT) {
      const std::vector<std::string>& ids = network_.node_ids();
      for (std::size_t origin = 0; origin < ids.size(); ++origin) {
        if (ids[origin] == stored.origin().node()) {
          ledger_.alert_held(node, origin, stored.event_id(), stored.kind());
        }
      }
    }
  }
  if (subscriber) {
    subscriber->close();
  }
}

}  // namespace alertbus::bench::soak
