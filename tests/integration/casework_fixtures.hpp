// What the casework integration tests share (casework_test.cpp, case_stream_test.cpp): one
// broker with two peers that never answer (so every case has three receivers), case queries
// over a WireClient, and follow-ups from a given unit.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "broker/temp_dir.hpp"
#include "federation.hpp"
#include "support/sample_events.hpp"

namespace alertbus::testing {

inline constexpr std::int64_t kHour = 3600LL * 1000;

inline void set_unix_ms(std::int64_t ms, google::protobuf::Timestamp* time) {
  time->set_seconds(ms / 1000);
  time->set_nanos(static_cast<int>(ms % 1000) * 1000000);
}

inline std::string areas_file() {
  return (std::filesystem::path(ALERTBUS_SOURCE_DIR) / "deploy" / "areas" / "provinces.csv")
      .string();
}

// Sends `frame` with a new request id and returns the broker's reply to it.
inline v1::Frame ask(WireClient& client, v1::Frame frame) {
  frame.set_request_id(client.next_request_id());
  client.send(frame);
  std::optional<v1::Frame> reply = client.receive_reply(frame.request_id());
  REQUIRE(reply);
  return *reply;
}

inline v1::Frame case_query(WireClient& client, const v1::CaseQuery& query) {
  v1::Frame frame;
  *frame.mutable_case_query() = query;
  return ask(client, frame);
}

inline v1::AlertCase one_case(WireClient& client, const std::string& event_id) {
  v1::CaseQuery query;
  query.set_event_id(event_id);
  const v1::Frame reply = case_query(client, query);
  INFO(reply.ShortDebugString());
  REQUIRE(reply.has_case_list());
  REQUIRE(reply.case_list().cases_size() == 1);
  return reply.case_list().cases(0);
}

inline std::vector<std::string> found_ids(WireClient& client, const v1::CaseQuery& query) {
  const v1::Frame reply = case_query(client, query);
  INFO(reply.ShortDebugString());
  REQUIRE(reply.has_case_list());
  std::vector<std::string> ids;
  for (const v1::AlertCase& alert_case : reply.case_list().cases()) {
    ids.push_back(alert_case.event_id());
  }
  return ids;
}

inline v1::Event follow_up_from(const v1::Event& alert, v1::EventType type,
                                const std::string& unit) {
  v1::Event event = sample_follow_up(alert, type);
  event.set_sender_unit(unit);
  return event;
}

inline const v1::ReceiverCase* receiver(const v1::AlertCase& alert_case, const std::string& node) {
  for (const v1::ReceiverCase& entry : alert_case.receivers()) {
    if (entry.node() == node) {
      return &entry;
    }
  }
  return nullptr;
}

struct SingleBroker {
  TempDir dir;
  BrokerProcess broker;
  zmq::context_t context;
  WireClient client;

  SingleBroker()
      : broker(BrokerProcess::Options{
            "bac-giang",
            "BG",
            dir.path(),
            {"--areas-file", areas_file(), "--peer", "hai-duong=ipc:///nonexistent/hd.sock",
             "--peer", "quang-ninh=ipc:///nonexistent/qn.sock"},
            ""}),
        client(context, broker.endpoint()) {}

  std::string post(const v1::Event& event) {
    const v1::Frame reply = client.publish(event);
    INFO(reply.ShortDebugString());
    REQUIRE(reply.has_publish_ack());
    return reply.publish_ack().reference();
  }

  v1::Error refused(const v1::Event& event) {
    const v1::Frame reply = client.publish(event);
    REQUIRE(reply.has_error());
    return reply.error();
  }
};

}  // namespace alertbus::testing
