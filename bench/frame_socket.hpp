// FrameSocket: a bare DEALER connected to alertbusd, sending pre-serialized frames and
// parsing replies into a caller's Frame (reused, so its memory is too). WireClient keeps
// pending lists and copies every frame, which a benchmark client cannot afford; this keeps
// the client's share of the two cores small.
//
// With CurveZMQ keys it connects as that principal (curve_serverkey/publickey/secretkey on
// the DEALER), the way a client of a broker in --security-mode curve does.
//
// Threading: one thread at a time (a socket may move to another thread before use).
#pragma once

#include <chrono>
#include <optional>
#include <string>

#include <zmq.hpp>

#include "alertbus/v1/frame.pb.h"

#include "wire_client.hpp"

namespace alertbus::bench {

class FrameSocket {
 public:
  // A reply slower than this means the broker is stuck: the run stops rather than hangs.
  static constexpr std::chrono::milliseconds kReplyTimeout{60000};

  // Plain (NULL mechanism) without `curve`.
  FrameSocket(zmq::context_t& context, const std::string& endpoint,
              const std::optional<testing::CurveClientKeys>& curve = std::nullopt);

  void send_bytes(const std::string& bytes);
  void send(const v1::Frame& frame);

  // Waits for the next frame; throws std::runtime_error after kReplyTimeout or when the
  // bytes do not parse.
  void receive(v1::Frame* frame);
  // False when nothing arrived within `timeout` (0: only what is already waiting).
  bool receive_for(v1::Frame* frame, std::chrono::milliseconds timeout);

 private:
  zmq::socket_t socket_;
  zmq::message_t message_;
  std::string buffer_;
};

}  // namespace alertbus::bench
