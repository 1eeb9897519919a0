#include "soak/soak_load.hpp"

#include <algorithm>
#include <deque>
#include <memory>
#include <optional>
#include <random>
#include <stdexcept>
#include <unordered_map>

#include "alertbus/client/publisher.hpp"
#include "soak/soak_events.hpp"

namespace alertbus::bench::soak {
namespace {

struct InFlight {
  Clock::time_point submitted;
  v1::EventType type = v1::ALERT;
};

// One unit of a node: its Publisher, what it has in flight, the event waiting to be submitted
// again and its own acknowledged alerts not yet closed.
struct Unit {
  std::unique_ptr<client::Publisher> publisher;
  std::string sender;
  std::unordered_map<std::string, InFlight> in_flight;
  std::optional<v1::Event> again;
  std::deque<std::string> open_alerts;
};

std::string refusal_name(const Status& status) {
  const std::string text = status.to_string();
  return text.substr(0, text.find(':'));
}

}  // namespace

Load::Load(Network& network, Ledger& ledger, double rate_per_s, std::uint64_t seed)
    : network_(network), ledger_(ledger), rate_per_s_(rate_per_s), seed_(seed) {}

Load::~Load() {
  stopping_ = true;
  for (std::thread& thread : threads_) {
    if (thread.joinable()) {
      thread.join();
    }
  }
}

void Load::start() {
  for (std::size_t node = 0; node < network_.size(); ++node) {
    threads_.emplace_back([this, node] { run(node, seed_ * 1000003 + node); });
  }
}

void Load::stop(std::chrono::seconds flush) {
  flush_ = flush;
  stopping_ = true;
  for (std::thread& thread : threads_) {
    thread.join();
  }
  threads_.clear();
}

LoadCounts Load::counts() const {
  std::lock_guard lock(mutex_);
  return counts_;
}

std::string Load::failure() const {
  std::lock_guard lock(mutex_);
  return failure_;
}

void Load::run(std::size_t node, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  std::vector<Unit> units_here(units().size());
  const std::string& node_id = network_.node_id(node);
  try {
    for (std::size_t u = 0; u < units_here.size(); ++u) {
      client::PublisherOptions options;
      options.endpoint = network_.endpoint(node);
      options.heartbeat_interval = std::chrono::milliseconds(1000);
      units_here[u].sender = node_id + "/" + units()[u];
      options.credentials = network_.credentials(units_here[u].sender, node);
      StatusOr<std::unique_ptr<client::Publisher>> publisher = client::Publisher::connect(options);
      if (!publisher.ok()) {
        throw std::runtime_error(publisher.status().to_string());
      }
      units_here[u].publisher = std::move(publisher.value());
    }
  } catch (const std::exception& error) {
    std::lock_guard lock(mutex_);
    failure_ = node_id + ": " + error.what();
    return;
  }

  const auto take = [&](Unit& unit, const std::vector<client::PublishResult>& results) {
    std::lock_guard lock(mutex_);
    for (const client::PublishResult& result : results) {
      const auto found = unit.in_flight.find(result.event_id);
      if (found == unit.in_flight.end()) {
        continue;
      }
      const InFlight sent = found->second;
      unit.in_flight.erase(found);
      if (!result.status.ok()) {
        const std::string name = refusal_name(result.status);
        if (++counts_.refused[name] == 1) {
          counts_.first_refusal[name] =
              v1::EventType_Name(sent.type) + ": " + result.status.to_string();
        }
        continue;
      }
      ++counts_.acknowledged;
      if (result.ack.duplicate()) {
        ++counts_.duplicate_acks;
      }
      if (sent.type == v1::ALERT) {
        ++counts_.alerts;
        unit.open_alerts.push_back(result.event_id);
      } else {
        ++counts_.follow_ups_by_type[sent.type];
      }
      ledger_.acknowledged(result.event_id,
                           AckedEvent{node, sent.submitted, sent.type == v1::ALERT});
    }
  };
  const auto poll_all = [&](std::chrono::milliseconds timeout) {
    for (Unit& unit : units_here) {
      StatusOr<std::vector<client::PublishResult>> results = unit.publisher->poll(timeout);
      if (results.ok()) {
        take(unit, results.value());
      }
    }
  };

  const double per_node = rate_per_s_ / static_cast<double>(network_.size());
  const auto interval = std::chrono::duration_cast<Clock::duration>(
      std::chrono::duration<double>(1.0 / std::max(per_node, 0.01)));
  std::uniform_int_distribution<int> percent(0, 99);
  std::size_t tick = 0;
  std::size_t alerts_made = 0;
  Clock::time_point next = Clock::now();
  while (!stopping_) {
    const std::size_t u = tick++ % units_here.size();
    Unit& unit = units_here[u];
    const v1::AlertKind kind = unit_kind(u);
    v1::Event event;
    if (unit.again) {
      event = *unit.again;
      unit.again.reset();
    } else {
      const int roll = percent(random);
      std::optional<FollowUpTarget> target;
      if (roll >= 50 && roll < 88) {
        target = ledger_.foreign_alert(node, kind, random);
      }
      if (target) {
        event = make_follow_up(target->alert_event_id, kind, unit.sender,
                               roll < 75 ? v1::ACKNOWLEDGE : v1::ADDITIONAL_INFO);
      } else if (roll >= 88 && !unit.open_alerts.empty()) {
        event = make_follow_up(unit.open_alerts.front(), kind, unit.sender, v1::CLOSE);
        unit.open_alerts.pop_front();  // Closed once, acknowledged or refused.
      } else {
        event = make_alert(node_id, network_.areas(node), u, alerts_made++);
      }
    }
    const Clock::time_point submitted = Clock::now();
    const StatusOr<std::string> id = unit.publisher->submit(event, std::chrono::milliseconds(500));
    {
      std::lock_guard lock(mutex_);
      if (id.ok()) {
        ++counts_.submitted;
      } else if (id.status().code() == client::kUnavailable) {
        ++counts_.window_full;
      } else if (const std::string name = refusal_name(id.status()); ++counts_.refused[name] == 1) {
        counts_.first_refusal[name] =
            v1::EventType_Name(event.type()) + ": " + id.status().to_string();
      }
    }
    if (id.ok()) {
      unit.in_flight.emplace(id.value(), InFlight{submitted, event.type()});
    } else if (id.status().code() == client::kUnavailable) {
      unit.again = event;  // The same event id, next time round.
    }
    poll_all(std::chrono::milliseconds(0));
    // A node that was down does not make up for lost time in a burst.
    next = std::max(next + interval, Clock::now() - std::chrono::seconds(1));
    std::this_thread::sleep_until(next);
  }
  for (Unit& unit : units_here) {
    (void)unit.publisher->flush(flush_);
  }
  poll_all(std::chrono::milliseconds(0));
  std::lock_guard lock(mutex_);
  for (Unit& unit : units_here) {
    counts_.unacknowledged += unit.in_flight.size() + (unit.again ? 1 : 0);
    counts_.reconnects += unit.publisher->reconnects();
  }
}

}  // namespace alertbus::bench::soak
