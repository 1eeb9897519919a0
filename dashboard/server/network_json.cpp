// The Network object (network_json.hpp).
#include "network_json.hpp"

#include <google/protobuf/util/time_util.h>

namespace alertbus::dashboard {
namespace {

std::string iso(const google::protobuf::Timestamp& time) {
  return time.seconds() == 0 && time.nanos() == 0
             ? std::string()
             : google::protobuf::util::TimeUtil::ToString(time);
}

std::string iso_ms(std::int64_t unix_ms) {
  return google::protobuf::util::TimeUtil::ToString(
      google::protobuf::util::TimeUtil::MillisecondsToTimestamp(unix_ms));
}

}  // namespace

nlohmann::json network_json(const NetworkSnapshot& snapshot, const alertctl::Names& names,
                            alertctl::Language language) {
  nlohmann::json links = nlohmann::json::array();
  nlohmann::json down = nlohmann::json::array();
  nlohmann::json node = {{"id", ""}, {"name", ""}};
  if (snapshot.status) {
    const v1::StatusReply& status = *snapshot.status;
    node = {
        {"id", status.node_id()},
        {"name", status.node_name().empty() ? names.node(status.node_id()) : status.node_name()}};
    for (const v1::PeerLinkStatus& peer : status.peers()) {
      const std::string name =
          peer.peer_name().empty() ? names.node(peer.peer_id()) : peer.peer_name();
      links.push_back({{"peer", {{"id", peer.peer_id()}, {"name", name}}},
                       {"connected", peer.connected() && snapshot.broker_connected},
                       {"lag_events", peer.lag_events()},
                       {"lag_seconds", peer.lag_seconds()},
                       {"last_contact", iso(peer.last_contact())},
                       {"last_error", language == alertctl::Language::kVi ? peer.last_error_vi()
                                                                          : peer.last_error()}});
      if (!peer.connected() || !snapshot.broker_connected) {
        down.push_back(name);
      }
    }
  }
  return {{"broker",
           {{"connected", snapshot.broker_connected}, {"since", iso_ms(snapshot.since_unix_ms)}}},
          {"node", node},
          {"links", links},
          {"down", down}};
}

}  // namespace alertbus::dashboard
