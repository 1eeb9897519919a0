// Federation: N real alertbusd processes on ipc:// sockets, in a full mesh (each lists the
// others as peers) or any topology given by a `linked(i, j)` function, plus the checks every
// federation test makes: every node holds the same events, each once, per origin in origin
// order.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

#include "broker/temp_dir.hpp"
#include "broker_process.hpp"
#include "wire_client.hpp"

namespace alertbus::testing {

struct NodeSpec {
  std::string id;
  std::string prefix;
};

inline std::vector<NodeSpec> three_provinces() {
  return {{"bac-giang", "BG"}, {"hai-duong", "HD"}, {"quang-ninh", "QN"}};
}

class Federation {
 public:
  using Topology = std::function<bool(std::size_t, std::size_t)>;

  // `linked(i, j)`: node i lists node j as a peer (default: all). `extra_args` go to every
  // broker (e.g. --relay).
  using NodeArgs = std::function<std::vector<std::string>(const NodeSpec&)>;

  // `node_args(node)`: more arguments for that node's broker (e.g. its key file).
  explicit Federation(
      std::vector<NodeSpec> nodes,
      const Topology& linked = [](std::size_t, std::size_t) { return true; },
      const std::vector<std::string>& extra_args = {}, const NodeArgs& node_args = {})
      : nodes_(std::move(nodes)) {
    dirs_.reserve(nodes_.size());
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      dirs_.push_back(std::make_unique<TempDir>());
    }
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      BrokerProcess::Options options;
      options.node_id = nodes_[i].id;
      options.reference_prefix = nodes_[i].prefix;
      options.directory = dirs_[i]->path();
      options.extra_args = extra_args;
      if (node_args) {
        for (std::string& arg : node_args(nodes_[i])) {
          options.extra_args.push_back(std::move(arg));
        }
      }
      for (std::size_t j = 0; j < nodes_.size(); ++j) {
        if (j != i && linked(i, j)) {
          options.extra_args.push_back("--peer");
          options.extra_args.push_back(nodes_[j].id + "=" + endpoint_of(j));
        }
      }
      brokers_.push_back(std::make_unique<BrokerProcess>(options));
    }
  }

  std::size_t size() const { return nodes_.size(); }

  const NodeSpec& node(std::size_t i) const { return nodes_[i]; }

  BrokerProcess& broker(std::size_t i) { return *brokers_[i]; }

  std::string endpoint_of(std::size_t i) const {
    return "ipc://" + (dirs_[i]->path() / "broker.sock").string();
  }

  const std::filesystem::path& directory(std::size_t i) const { return dirs_[i]->path(); }

 private:
  std::vector<NodeSpec> nodes_;
  std::vector<std::unique_ptr<TempDir>> dirs_;
  std::vector<std::unique_ptr<BrokerProcess>> brokers_;
};

// Every event a node holds, in local seq order (paged queries).
inline std::vector<v1::StoredEvent> all_events(zmq::context_t& context,
                                               const std::string& endpoint) {
  WireClient client(context, endpoint);
  std::vector<v1::StoredEvent> events;
  v1::Query query;
  query.mutable_filter();
  query.set_page_size(1000);
  for (;;) {
    const v1::Frame result = client.query(query);
    REQUIRE(result.has_query_result());
    for (const v1::StoredEvent& event : result.query_result().events()) {
      events.push_back(event);
    }
    if (result.query_result().next_page_token().empty()) {
      return events;
    }
    query.set_page_token(result.query_result().next_page_token());
  }
}

inline v1::Event event_of(const v1::StoredEvent& stored) {
  v1::Event event;
  REQUIRE(event.ParseFromString(stored.event()));
  return event;
}

// A broker's own notice (a RECEIPT or an OVERDUE notice), as opposed to a client's event.
inline bool is_notice(const v1::StoredEvent& event) {
  return event.type() == v1::RECEIPT || event.type() == v1::OVERDUE;
}

// Waits until the node holds `count` events published by clients (brokers' notices are not
// counted), or `timeout` passes; returns how many it holds.
inline std::uint64_t wait_for_count(zmq::context_t& context, const std::string& endpoint,
                                    std::uint64_t count,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    std::uint64_t held = 0;
    for (const v1::StoredEvent& event : all_events(context, endpoint)) {
      held += is_notice(event) ? 0U : 1U;
    }
    if (held >= count || std::chrono::steady_clock::now() > deadline) {
      return held;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// A node as the checks see it: its id and an endpoint the test reaches it on.
struct NodeEndpoint {
  std::string id;
  std::string endpoint;
};

// For each alert a node holds, the nodes whose RECEIPT for it the node holds.
inline std::map<std::string, std::set<std::string>> receipts_by_alert(
    const std::vector<v1::StoredEvent>& events) {
  std::map<std::string, std::set<std::string>> receipts;
  for (const v1::StoredEvent& event : events) {
    if (event.type() == v1::ALERT) {
      receipts[event.event_id()];
    }
  }
  for (const v1::StoredEvent& event : events) {
    if (event.type() == v1::RECEIPT) {
      // A receipt covers its entries' alerts (or, from an older broker, its alert alone).
      const v1::FollowUp follow_up = event_of(event).follow_up();
      if (follow_up.receipts().empty()) {
        receipts[follow_up.alert_event_id()].insert(event.origin().node());
      }
      for (const v1::ReceiptEntry& entry : follow_up.receipts()) {
        receipts[entry.alert_event_id()].insert(event.origin().node());
      }
    }
  }
  return receipts;
}

// Waits until the node holds, for every alert it holds, a receipt from every node of the
// federation but the alert's origin (`nodes`, default the three provinces), or `timeout`.
inline bool wait_for_receipts(zmq::context_t& context, const std::string& endpoint,
                              const std::set<std::string>& nodes = {"bac-giang", "hai-duong",
                                                                    "quang-ninh"},
                              std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    const std::vector<v1::StoredEvent> events = all_events(context, endpoint);
    const auto receipts = receipts_by_alert(events);
    bool complete = true;
    for (const v1::StoredEvent& event : events) {
      if (event.type() != v1::ALERT) {
        continue;
      }
      std::set<std::string> expected = nodes;
      expected.erase(event.origin().node());
      const auto found = receipts.find(event.event_id());
      complete = complete && found != receipts.end() && found->second == expected;
    }
    if (complete) {
      return true;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return false;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

// The same events everywhere, each once, in origin order per origin. `one_hop`: every event
// came straight from its origin (a full mesh without relay). The clients' events are
// exactly `expected_ids`; besides them every node holds, for every alert, one RECEIPT from
// each node but the alert's origin (waiting up to 30 s for receipts still on their way), and
// the same receipts as every other node.
inline void check_converged(const std::vector<NodeEndpoint>& nodes, zmq::context_t& context,
                            const std::set<std::string>& expected_ids, bool one_hop = true) {
  std::set<std::string> all_nodes;
  for (const NodeEndpoint& node : nodes) {
    all_nodes.insert(node.id);
  }
  std::optional<std::set<std::string>> first_notices;
  for (const NodeEndpoint& node : nodes) {
    INFO("node " << node.id);
    std::vector<v1::StoredEvent> events;
    std::map<std::string, std::set<std::string>> receipts;
    std::map<std::string, std::string> origin_of;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (;;) {
      events = all_events(context, node.endpoint);
      receipts = receipts_by_alert(events);
      bool complete = true;
      for (const v1::StoredEvent& event : events) {
        if (event.type() == v1::ALERT) {
          std::set<std::string> expected = all_nodes;
          expected.erase(event.origin().node());
          complete = complete && receipts[event.event_id()] == expected;
        }
      }
      if (complete || std::chrono::steady_clock::now() > deadline) {
        break;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    std::set<std::string> ids;
    std::set<std::string> notices;
    std::map<std::pair<std::string, std::uint64_t>, std::uint64_t> last_origin_seq;
    for (const v1::StoredEvent& event : events) {
      (is_notice(event) ? notices : ids).insert(event.event_id());
      std::uint64_t& last = last_origin_seq[{event.origin().node(), event.origin().epoch()}];
      CHECK(event.origin().seq() > last);  // Per origin, in origin order.
      last = event.origin().seq();
      // Events published here have no via and no path; the others' path starts at their
      // origin and ends with via. Without relay, an event comes straight from its origin,
      // or (this node's own, recovered after a restore) from its origin through one peer.
      if (event.via().empty()) {
        CHECK(event.origin().node() == node.id);
        CHECK(event.path_size() == 0);
      } else {
        REQUIRE(event.path_size() >= 1);
        CHECK(event.path(0) == event.origin().node());
        CHECK(event.path(event.path_size() - 1) == event.via());
        if (one_hop) {
          CHECK(event.path_size() == (event.origin().node() == node.id ? 2 : 1));
        }
      }
      if (event.type() == v1::ALERT) {
        std::set<std::string> expected = all_nodes;
        expected.erase(event.origin().node());
        INFO("receipts of " << event.event_id());
        CHECK(receipts[event.event_id()] == expected);
      }
    }
    CHECK(events.size() == ids.size() + notices.size());  // Nothing stored twice.
    CHECK(ids == expected_ids);                           // Nothing lost, nothing extra.
    if (first_notices) {
      CHECK(notices == *first_notices);  // The same receipts everywhere.
    } else {
      first_notices = notices;
    }
  }
}

inline void check_converged(Federation& federation, zmq::context_t& context,
                            const std::set<std::string>& expected_ids, bool one_hop = true) {
  std::vector<NodeEndpoint> nodes;
  for (std::size_t i = 0; i < federation.size(); ++i) {
    nodes.push_back({federation.node(i).id, federation.endpoint_of(i)});
  }
  check_converged(nodes, context, expected_ids, one_hop);
}

}  // namespace alertbus::testing
