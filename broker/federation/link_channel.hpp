// LinkChannel: how a PeerLink reaches its peer. The broker's channel is a ZeroMQ DEALER
// (ZmqLinkChannel); unit tests hand the link frames and read what it sends through a channel
// of their own, so that the link's logic runs without sockets.
//
// A channel is opened at each connection attempt and closed when the link drops; an open
// channel is a new connection (a new ZeroMQ socket).
//
// Threading: the thread of the link that owns it (the loop thread).
#pragma once

#include <optional>

#include "alertbus/v1/frame.pb.h"

#include "alertbus/protocol/registry.hpp"
#include "alertbus/protocol/status.hpp"

namespace alertbus::broker {

class LinkChannel {
 public:
  virtual ~LinkChannel() = default;

  // Connects to the peer. `registry`: the one in force (null without one), where a CurveZMQ
  // channel finds the peer's server key. A non-OK status says why it cannot connect (the
  // message is logged and shown in the link's status); the channel then stays closed.
  virtual Status open(const protocol::Registry* registry) = 0;

  // Drops the connection; frames not yet sent are lost. Idempotent.
  virtual void close() = 0;

  // Queues one frame for the peer without blocking; false when it cannot be sent now.
  virtual bool send(const v1::Frame& frame) = 0;

  // The next frame from the peer, if one is waiting; a non-OK status when reading failed
  // or the frame cannot be decoded (the link drops the connection).
  virtual std::optional<StatusOr<v1::Frame>> receive() = 0;

  // What the loop polls for input (a ZeroMQ socket handle); null when there is nothing to
  // poll (closed, or a channel without a socket).
  virtual void* poll_handle() = 0;
};

}  // namespace alertbus::broker
