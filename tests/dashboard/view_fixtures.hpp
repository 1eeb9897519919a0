// Fixtures for the dashboard view tests: the three provinces' directory (names), officers of
// their units, stored events and the cases the casework computes from them, the shipped
// province table.
//
// Threading: plain functions building values.
#pragma once

#include <string>
#include <vector>

#include <google/protobuf/util/time_util.h>

#include "alertbus/v1/casework.pb.h"
#include "alertbus/v1/event.pb.h"
#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/areas.hpp"
#include "alertbus/protocol/casework.hpp"
#include "alertctl/directory_names.hpp"
#include "dashboard/view/viewer.hpp"
#include "support/sample_events.hpp"

namespace alertbus::testing {

inline v1::Directory sample_directory() {
  v1::Directory directory;
  const auto node = [&](const char* id, const char* name) {
    v1::Directory::Node* added = directory.add_nodes();
    added->set_id(id);
    added->set_name(name);
  };
  const auto unit = [&](const char* id, const char* name, const char* at, v1::AlertKind kind) {
    v1::Directory::Unit* added = directory.add_units();
    added->set_id(id);
    added->set_name(name);
    added->set_node(at);
    added->add_kinds(kind);
  };
  node("bac-giang", "Bắc Giang");
  node("hai-duong", "Hải Dương");
  node("quang-ninh", "Quảng Ninh");
  unit("bac-giang/cnty", "Chi cục Chăn nuôi và Thú y Bắc Giang", "bac-giang", v1::ANIMAL_DISEASE);
  unit("hai-duong/cnty", "Chi cục Chăn nuôi và Thú y Hải Dương", "hai-duong", v1::ANIMAL_DISEASE);
  unit("quang-ninh/cnty", "Chi cục Chăn nuôi và Thú y Quảng Ninh", "quang-ninh",
       v1::ANIMAL_DISEASE);
  unit("quang-ninh/qlcl", "Chi cục Quản lý chất lượng Nông lâm sản và Thủy sản Quảng Ninh",
       "quang-ninh", v1::UNSAFE_FOOD);
  unit("bac-giang/qlcl", "Chi cục Quản lý chất lượng Nông lâm sản và Thủy sản Bắc Giang",
       "bac-giang", v1::UNSAFE_FOOD);
  return directory;
}

inline alertctl::Names sample_names() {
  return alertctl::Names(sample_directory());
}

inline dashboard::Viewer officer(const std::string& unit, v1::AlertKind kind, bool can_issue) {
  dashboard::Viewer viewer;
  viewer.user = "an.nguyen";
  viewer.officer_name = "Nguyễn Văn An";
  viewer.unit_id = unit;
  viewer.node_id = protocol::node_of_unit(unit);
  viewer.kinds = {kind};
  viewer.can_issue = can_issue;
  return viewer;
}

// The event as a node stored it: `path` the nodes before this one.
inline v1::StoredEvent stored(const v1::Event& event, const std::string& reference,
                              std::uint64_t seq, std::vector<std::string> path = {}) {
  v1::StoredEvent entry;
  entry.set_seq(seq);
  entry.set_event_id(event.event_id());
  entry.set_reference(reference);
  entry.mutable_origin()->set_node(protocol::node_of_unit(event.sender_unit()));
  entry.set_kind(event.kind());
  entry.set_type(event.type());
  event.SerializeToString(entry.mutable_event());
  *entry.mutable_received_at() = event.sent_at();
  for (std::string& node : path) {
    entry.add_path(std::move(node));
  }
  if (!entry.path().empty()) {
    entry.set_via(entry.path(entry.path_size() - 1));
  }
  return entry;
}

// The case the casework computes from `events` (the alert first), with the three nodes.
inline v1::AlertCase case_of(const std::vector<v1::Event>& events, const std::string& reference) {
  std::vector<protocol::CaseEvent> entries;
  for (const v1::Event& event : events) {
    protocol::CaseEvent entry;
    entry.event = event;
    entry.reference = reference;
    entry.origin_node = protocol::node_of_unit(event.sender_unit());
    entries.push_back(std::move(entry));
  }
  protocol::CaseContext context;
  context.nodes = {"bac-giang", "hai-duong", "quang-ninh"};
  context.now_ms = now_unix_ms();
  return protocol::compute_case(entries, context);
}

inline protocol::AreaTable province_table() {
  return protocol::AreaTable::load(ALERTBUS_SOURCE_DIR "/deploy/areas/provinces.csv").value();
}

}  // namespace alertbus::testing
