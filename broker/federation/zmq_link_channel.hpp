// ZmqLinkChannel: the LinkChannel of a federation link in the broker, a ZeroMQ DEALER
// connected to the peer's client endpoint, with CurveZMQ when the node has keys (security
// mode "curve"). The socket is a DealerSession (alertbus/protocol/dealer_session.hpp), set up
// as the client library sets up its own but for ZMQ_IMMEDIATE (zmq_link_channel.cpp says why).
//
// Threading: the loop thread (it owns the socket).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <zmq.hpp>

#include "alertbus/protocol/dealer_session.hpp"
#include "alertbus/protocol/keys.hpp"
#include "federation/link_channel.hpp"

namespace alertbus::broker {

class ZmqLinkChannel final : public LinkChannel {
 public:
  // `peer_id`: the peer's node id (its CurveZMQ key is the registry's entry of that id).
  // `own_keys`: this node's keys in security mode "curve"; null: a plain connection.
  ZmqLinkChannel(zmq::context_t& context, std::string peer_id, std::string endpoint,
                 std::shared_ptr<const protocol::KeyFile> own_keys);

  // With own keys, the peer's server key is read from `registry` at each open, so a
  // reloaded registry applies.
  Status open(const protocol::Registry* registry) override;

  void close() override { session_.disconnect(); }

  bool send(const v1::Frame& frame) override;
  std::optional<StatusOr<v1::Frame>> receive() override;

  void* poll_handle() override { return session_.socket_handle(); }

 private:
  std::string peer_id_;
  std::shared_ptr<const protocol::KeyFile> own_keys_;
  protocol::DealerSession session_;
};

}  // namespace alertbus::broker
