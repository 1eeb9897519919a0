// Federation: N real alertbusd processes in a full mesh on ipc:// sockets, each listing the
// others as peers, plus the checks every federation test makes: every node holds the same
// events, each once, and per origin in origin order.
#pragma once

#include <chrono>
#include <map>
#include <memory>
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
  explicit Federation(std::vector<NodeSpec> nodes) : nodes_(std::move(nodes)) {
    dirs_.reserve(nodes_.size());
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      dirs_.push_back(std::make_unique<TempDir>());
    }
    for (std::size_t i = 0; i < nodes_.size(); ++i) {
      BrokerProcess::Options options;
      options.node_id = nodes_[i].id;
      options.reference_prefix = nodes_[i].prefix;
      options.directory = dirs_[i]->path();
      for (std::size_t j = 0; j < nodes_.size(); ++j) {
        if (j != i) {
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

// Waits until the node holds `count` events (or `timeout` passes); returns what it holds.
inline std::uint64_t wait_for_count(zmq::context_t& context, const std::string& endpoint,
                                    std::uint64_t count,
                                    std::chrono::milliseconds timeout = std::chrono::seconds(30)) {
  WireClient client(context, endpoint);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  std::uint64_t held = 0;
  for (;;) {
    held = client.status().event_count();
    if (held >= count || std::chrono::steady_clock::now() > deadline) {
      return held;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// The same events everywhere, each once, in origin order per origin.
inline void check_converged(Federation& federation, zmq::context_t& context,
                            const std::set<std::string>& expected_ids) {
  for (std::size_t i = 0; i < federation.size(); ++i) {
    INFO("node " << federation.node(i).id);
    const std::vector<v1::StoredEvent> events = all_events(context, federation.endpoint_of(i));
    std::set<std::string> ids;
    std::map<std::pair<std::string, std::uint64_t>, std::uint64_t> last_origin_seq;
    for (const v1::StoredEvent& event : events) {
      ids.insert(event.event_id());
      std::uint64_t& last = last_origin_seq[{event.origin().node(), event.origin().epoch()}];
      CHECK(event.origin().seq() > last);  // Per origin, in origin order.
      last = event.origin().seq();
      // Local events have no via; the others came straight from their origin.
      CHECK(
          event.via() ==
          (event.origin().node() == federation.node(i).id ? std::string() : event.origin().node()));
    }
    CHECK(events.size() == ids.size());  // Nothing stored twice.
    CHECK(ids == expected_ids);          // Nothing lost, nothing extra.
  }
}

}  // namespace alertbus::testing
